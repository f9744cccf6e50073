import { combine, fmix32 } from './hash32.js';

/** Shingle width: word 5-grams, or 5-grams of single characters for Hangul, Han and Kana. */
export const SHINGLE_SIZE = 5;

/**
 * The set of shingle hashes (sorted, distinct) over a token-hash stream. A stream shorter than one
 * shingle yields a single shingle of all its tokens, so short texts still compare.
 */
export function shingleSet(tokenHashes: readonly number[], k = SHINGLE_SIZE): Uint32Array {
  const n = tokenHashes.length;
  if (n === 0) return new Uint32Array(0);
  const count = n < k ? 1 : n - k + 1;
  const width = n < k ? n : k;
  const raw = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let h = 0x9747b28c | 0;
    for (let j = 0; j < width; j++) h = combine(h, tokenHashes[i + j]!);
    raw[i] = fmix32(h ^ width);
  }
  raw.sort();
  let w = 0;
  for (let i = 0; i < raw.length; i++) {
    if (i === 0 || raw[i] !== raw[w - 1]) raw[w++] = raw[i]!;
  }
  return raw.slice(0, w);
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
