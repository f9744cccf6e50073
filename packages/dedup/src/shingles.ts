import { fmix32 } from './hash32.js';

/** Shingle width: word 5-grams, or 5-grams of single characters for Hangul, Han and Kana. */
const SHINGLE_SIZE = 5;

/**
 * The set of shingle hashes (sorted, distinct) over a token-hash stream. A stream shorter than one
 * shingle yields a single shingle of all its tokens, so short texts still compare.
 */
export function shingleSet(tokenHashes: ArrayLike<number>, k = SHINGLE_SIZE): Uint32Array {
  return shingledText(shingleSequence(tokenHashes, k)).set;
}

const P = 0x01000193; // odd: multiplication by it is a bijection on 32 bits

/**
 * Shingle hashes in text order, one per start position: a polynomial hash of the window's token
 * hashes, rolled from one window to the next (constant work per position), then finalized.
 */
export function shingleSequence(tokenHashes: ArrayLike<number>, k = SHINGLE_SIZE): Uint32Array {
  const n = tokenHashes.length;
  if (n === 0) return new Uint32Array(0);
  const width = n < k ? n : k;
  const count = n - width + 1;
  const seq = new Uint32Array(count);
  let top = 1; // P^(width-1): the weight of the token leaving the window
  for (let j = 1; j < width; j++) top = Math.imul(top, P);
  let h = 0;
  for (let j = 0; j < width; j++) h = (Math.imul(h, P) + tokenHashes[j]!) | 0;
  seq[0] = fmix32(h ^ width);
  for (let i = 1; i < count; i++) {
    h = (Math.imul((h - Math.imul(tokenHashes[i - 1]!, top)) | 0, P) + tokenHashes[i + width - 1]!) | 0;
    seq[i] = fmix32(h ^ width);
  }
  return seq;
}

// Scratch for radixSort, reused across calls (sorting is synchronous) and grown as needed: values
// and their positions in the sequence, sorted back and forth between A and B.
let keysA = new Uint32Array(0);
let keysB = new Uint32Array(0);
let posA = new Uint32Array(0);
let posB = new Uint32Array(0);
const histograms = new Uint32Array(4 * 256);

/**
 * Sorts a sequence into keysB[0..n), each value's position in the sequence beside it in posB: LSD
 * radix sort, a byte per pass (twice as fast as TypedArray sort on shingle sets), the four byte
 * histograms counted in one read of the sequence.
 */
function radixSort(seq: Uint32Array): void {
  const n = seq.length;
  if (keysA.length < n) {
    keysA = new Uint32Array(n * 2);
    keysB = new Uint32Array(n * 2);
    posA = new Uint32Array(n * 2);
    posB = new Uint32Array(n * 2);
  }
  const h = histograms;
  h.fill(0);
  for (let i = 0; i < n; i++) {
    const v = seq[i]!;
    h[v & 255]!++;
    h[256 + ((v >>> 8) & 255)]!++;
    h[512 + ((v >>> 16) & 255)]!++;
    h[768 + (v >>> 24)]!++;
  }
  for (let base = 0; base < 1024; base += 256) {
    let sum = 0;
    for (let b = base; b < base + 256; b++) {
      const c = h[b]!;
      h[b] = sum;
      sum += c;
    }
  }
  for (let i = 0; i < n; i++) {
    const v = seq[i]!;
    const at = h[v & 255]!++;
    keysA[at] = v;
    posA[at] = i;
  }
  for (let shift = 8; shift < 32; shift += 8) {
    // A to B, B to A, A to B: the last pass (shift 24) leaves the result in B.
    const [ks, ps, kd, pd] = shift === 16 ? [keysB, posB, keysA, posA] : [keysA, posA, keysB, posB];
    const offset = (shift >>> 3) * 256;
    for (let i = 0; i < n; i++) {
      const v = ks[i]!;
      const at = h[offset + ((v >>> shift) & 255)]!++;
      kd[at] = v;
      pd[at] = ps[i]!;
    }
  }
}

// An open-addressing set reused across calls, cleared over the part used; 0 marks a free slot (the
// value 0 itself is counted apart).
let slots = new Uint32Array(0);

/** How many distinct values a sequence of well-mixed hashes holds, without sorting it. */
export function distinctCount(seq: Uint32Array): number {
  const n = seq.length;
  if (n < 2) return n;
  let size = 16;
  while (size < n * 2) size *= 2;
  if (slots.length < size) slots = new Uint32Array(size);
  else slots.fill(0, 0, size);
  const mask = size - 1;
  let count = 0;
  let zero = 0;
  for (let i = 0; i < n; i++) {
    const v = seq[i]!;
    if (v === 0) {
      zero = 1;
      continue;
    }
    let j = v & mask;
    while (slots[j] !== 0 && slots[j] !== v) j = (j + 1) & mask;
    if (slots[j] === 0) {
      slots[j] = v;
      count++;
    }
  }
  return count + zero;
}

/** Size of the intersection of two sorted distinct arrays. */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/**
 * Share of a text's tokens covered by at least one of its shingles that the other text also has
 * (`marks` flags the shared ones by their rank in the text's sorted set). Tolerant of scattered
 * edits (a changed word uncovers only itself), strict about different text.
 */
function coverage(ranks: ShingleRanks, marks: Uint8Array, k: number): number {
  const count = ranks.length;
  if (count === 0) return 0;
  const tokens = count === 1 ? 1 : count + k - 1;
  let covered = 0;
  let reach = -1; // last token index covered so far
  for (let i = 0; i < count; i++) {
    if (marks[ranks[i]!] !== 1) continue;
    const end = count === 1 ? tokens - 1 : i + k - 1;
    covered += end - Math.max(reach, i - 1);
    reach = end;
  }
  return covered / tokens;
}

/** Each text position's shingle as its rank in the sorted distinct set: 16 bits while the set allows. */
export type ShingleRanks = Uint16Array | Uint32Array;

/**
 * A sequence's sorted distinct set and where each position's shingle sits in it, from one sort of
 * the positions with their values. The ranks are kept instead of the sequence itself (which is
 * `set[ranks[i]]`): a comparison needs only the ranks, and at 16 bits they take half the bytes.
 */
export function shingledText(sequence: Uint32Array): ShingledText {
  const n = sequence.length;
  radixSort(sequence);
  let distinct = n === 0 ? 0 : 1;
  for (let i = 1; i < n; i++) if (keysB[i] !== keysB[i - 1]) distinct++;
  const set = new Uint32Array(distinct);
  const ranks = set.length <= 0x10000 ? new Uint16Array(n) : new Uint32Array(n);
  let r = -1;
  for (let i = 0; i < n; i++) {
    const v = keysB[i]!;
    if (r < 0 || v !== set[r]) set[++r] = v;
    ranks[posB[i]!] = r;
  }
  return { set, ranks };
}

// Scratch marks reused across calls (comparisons are synchronous), cleared over the part used.
let marksA = new Uint8Array(0);
let marksB = new Uint8Array(0);

/** A text's shingles: the sorted distinct set, and each position's rank in it (shingledText). */
export interface ShingledText {
  ranks: ShingleRanks;
  set: Uint32Array;
}

/**
 * The shared shingle count of two texts and the share of each one's tokens covered by shingles the
 * other also has, from one merge of the sorted sets.
 */
export function overlap(a: ShingledText, b: ShingledText, k = SHINGLE_SIZE): { shared: number; coverageA: number; coverageB: number } {
  const as = a.set;
  const bs = b.set;
  const na = as.length;
  const nb = bs.length;
  if (marksA.length < na) marksA = new Uint8Array(na * 2);
  if (marksB.length < nb) marksB = new Uint8Array(nb * 2);
  const ma = marksA;
  const mb = marksB;
  ma.fill(0, 0, na);
  mb.fill(0, 0, nb);
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < na && j < nb) {
    const x = as[i]!;
    const y = bs[j]!;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      ma[i++] = 1;
      mb[j++] = 1;
      shared++;
    }
  }
  if (shared === 0) return { shared, coverageA: 0, coverageB: 0 };
  return { shared, coverageA: coverage(a.ranks, ma, k), coverageB: coverage(b.ranks, mb, k) };
}
