import { fmix32 } from './hash32.js';

/** Shingle width: word 5-grams, or 5-grams of single characters for Hangul, Han and Kana. */
const SHINGLE_SIZE = 5;

/**
 * The set of shingle hashes (sorted, distinct) over a token-hash stream. A stream shorter than one
 * shingle yields a single shingle of all its tokens, so short texts still compare.
 */
export function shingleSet(tokenHashes: ArrayLike<number>, k = SHINGLE_SIZE): Uint32Array {
  return distinctSorted(shingleSequence(tokenHashes, k));
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

/** A sorted copy: LSD radix sort, a byte per pass (twice as fast as TypedArray sort on shingle sets). */
function sortedCopy(seq: Uint32Array): Uint32Array {
  const n = seq.length;
  let src = seq.slice();
  let dst = new Uint32Array(n);
  const count = new Uint32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(src[i]! >>> shift) & 255]!++;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      dst[count[(v >>> shift) & 255]!++] = v;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/** A sorted copy without repeats. */
export function distinctSorted(seq: Uint32Array): Uint32Array {
  const raw = sortedCopy(seq);
  let w = 0;
  for (let i = 0; i < raw.length; i++) {
    if (i === 0 || raw[i] !== raw[w - 1]) raw[w++] = raw[i]!;
  }
  return raw.slice(0, w);
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
 * Where each position's shingle sits in the sorted set. Kept instead of the sequence itself (which
 * is `set[ranks[i]]`): a comparison needs only the ranks, and at 16 bits they take half the bytes.
 */
export function ranksOf(sequence: Uint32Array, set: Uint32Array): ShingleRanks {
  const ranks = set.length <= 0x10000 ? new Uint16Array(sequence.length) : new Uint32Array(sequence.length);
  for (let i = 0; i < sequence.length; i++) {
    const x = sequence[i]!;
    let lo = 0;
    let hi = set.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (set[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = lo;
  }
  return ranks;
}

// Scratch marks reused across calls (comparisons are synchronous), cleared over the part used.
let marksA = new Uint8Array(0);
let marksB = new Uint8Array(0);

/** A text's shingles: the sorted distinct set, and each position's rank in it (ranksOf). */
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
