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

function has(sorted: Uint32Array, x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Share of a text's tokens covered by at least one of its shingles that the other text also has.
 * Tolerant of scattered edits (a changed word uncovers only itself), strict about different text.
 */
export function tokenCoverage(sequence: Uint32Array, other: Uint32Array, k = SHINGLE_SIZE): number {
  const count = sequence.length;
  if (count === 0) return 0;
  const tokens = count === 1 ? 1 : count + k - 1;
  let covered = 0;
  let reach = -1; // last token index covered so far
  for (let i = 0; i < count; i++) {
    if (!has(other, sequence[i]!)) continue;
    const end = count === 1 ? tokens - 1 : i + k - 1;
    covered += end - Math.max(reach, i - 1);
    reach = end;
  }
  return covered / tokens;
}
