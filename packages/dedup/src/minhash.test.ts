import { describe, expect, it } from 'vitest';
import { bandKeys, estimateJaccard, minhash, NUM_PERM } from './minhash.js';

const set = (from: number, to: number): Uint32Array => Uint32Array.from({ length: to - from }, (_, i) => Math.imul(from + i, 0x9e3779b1) >>> 0).sort();

describe('minhash', () => {
  it('estimates Jaccard within a few points', () => {
    // 600 shared of 1000 distinct: Jaccard 0.6.
    const a = set(0, 800);
    const b = set(200, 1000);
    expect(Math.abs(estimateJaccard(minhash(a), minhash(b)) - 0.6)).toBeLessThan(0.12);
    expect(estimateJaccard(minhash(a), minhash(a))).toBe(1);
  });

  it('gives equal sets equal band keys, and an empty set the all-ones signature', () => {
    expect(Array.from(bandKeys(minhash(set(0, 50))))).toEqual(Array.from(bandKeys(minhash(set(0, 50)))));
    expect(Array.from(minhash(new Uint32Array(0)))).toEqual(new Array(NUM_PERM).fill(0xffffffff));
  });
});
