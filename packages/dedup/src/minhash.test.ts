import { describe, expect, it } from 'vitest';
import { bandKeys, densified, EMPTY, EMPTY_SLOT, estimateJaccard as estimateSlots, minhash, NUM_PERM, signatureOf, slotsOf } from './minhash.js';

const estimateJaccard = (a: Uint32Array, b: Uint32Array): number => estimateSlots(slotsOf(a), slotsOf(b));

const set = (from: number, to: number): Uint32Array => Uint32Array.from({ length: to - from }, (_, i) => Math.imul(from + i, 0x9e3779b1) >>> 0).sort();

describe.each([
  ['minhash (128 permutations)', minhash],
  ['signatureOf (one permutation, densified)', signatureOf],
])('%s', (_name, sign) => {
  it('estimates Jaccard within a few points', () => {
    // 600 shared of 1000 distinct: Jaccard 0.6.
    expect(Math.abs(estimateJaccard(sign(set(0, 800)), sign(set(200, 1000))) - 0.6)).toBeLessThan(0.12);
    // Small sets leave most bins empty before densification: 30 shared of 50, Jaccard 0.6.
    expect(Math.abs(estimateJaccard(sign(set(0, 40)), sign(set(10, 50))) - 0.6)).toBeLessThan(0.2);
    expect(estimateJaccard(sign(set(0, 800)), sign(set(0, 800)))).toBe(1);
    expect(estimateJaccard(sign(set(0, 3)), sign(set(0, 3)))).toBe(1);
    expect(estimateJaccard(sign(set(0, 500)), sign(set(500, 1000)))).toBeLessThan(0.05);
  });

  it('gives equal sets equal band keys, and an empty set the all-ones signature', () => {
    expect(Array.from(bandKeys(sign(set(0, 50))))).toEqual(Array.from(bandKeys(sign(set(0, 50)))));
    expect(Array.from(sign(new Uint32Array(0)))).toEqual(new Array(NUM_PERM).fill(0xffffffff));
  });
});

describe('signatureOf', () => {
  it('leaves bins no shingle falls in EMPTY, and densification fills them from the others', () => {
    const sig = signatureOf(Uint32Array.of(42));
    expect(sig.filter((v) => v === EMPTY).length).toBe(NUM_PERM - 1);
    const dense = densified(sig);
    expect(new Set(dense).size).toBe(1);
    expect(dense[0]).not.toBe(EMPTY);
    // A slot EMPTY on one side only counts against the estimate; EMPTY on both sides is left out.
    expect(estimateJaccard(sig, signatureOf(Uint32Array.of(42, 7, 9)))).toBeCloseTo(1 / 3, 5);
  });

  it('keeps empty bins apart from slots whose low 16 bits are all ones', () => {
    const sig = signatureOf(Uint32Array.of(42));
    sig[sig.indexOf(EMPTY)] = 0x1ffff;
    const slots = slotsOf(sig);
    expect(slots.filter((v) => v === EMPTY_SLOT).length).toBe(NUM_PERM - 2);
    expect(slots).toContain(EMPTY_SLOT - 1);
  });

  it('averages to the true Jaccard over many pairs (no bias from densification)', () => {
    let sum = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const base = t * 10_000;
      // 60 shared of 100 distinct shingles: Jaccard 0.6, under the 128 bins.
      sum += estimateJaccard(signatureOf(set(base, base + 80)), signatureOf(set(base + 20, base + 100)));
    }
    expect(Math.abs(sum / trials - 0.6)).toBeLessThan(0.03);
  });
});
