import { describe, expect, it } from 'vitest';
import { overlap, shingledText, shingleSequence } from './shingles.js';

/** A token stream: `n` tokens drawn from `vocabulary` values by a fixed linear congruential generator. */
function stream(n: number, vocabulary: number, seed: number): Int32Array {
  const out = new Int32Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = 1 + (x % vocabulary);
  }
  return out;
}

const shingled = (tokens: Int32Array) => {
  const sequence = shingleSequence(tokens);
  return { sequence, ...shingledText(sequence) };
};

/** Coverage by definition: a token is covered when some shared shingle spans it. */
function naiveCoverage(sequence: Uint32Array, other: Uint32Array): number {
  const k = sequence.length === 1 ? 1 : 5;
  const tokens = sequence.length === 1 ? 1 : sequence.length + k - 1;
  const covered = new Uint8Array(tokens);
  const shared = new Set(other);
  sequence.forEach((s, i) => {
    if (shared.has(s)) covered.fill(1, i, sequence.length === 1 ? 1 : i + k);
  });
  return covered.reduce((n, c) => n + c, 0) / tokens;
}

describe('overlap', () => {
  it('counts shared shingles and each side’s covered tokens as their definitions say', () => {
    const base = stream(400, 50, 7);
    const edited = base.slice();
    for (let i = 20; i < edited.length; i += 37) edited[i] = 9999; // scattered word changes
    const inside = new Int32Array([...stream(60, 50, 3), ...base.subarray(100, 250), ...stream(30, 50, 5)]);
    const pairs: Array<[Int32Array, Int32Array]> = [
      [base, edited],
      [inside, base],
      [base, stream(300, 50, 11)],
      [new Int32Array([1, 2, 3]), new Int32Array([1, 2, 3, 4, 5, 6])],
    ];
    for (const [x, y] of pairs) {
      const a = shingled(x);
      const b = shingled(y);
      const o = overlap(a, b);
      expect(o.shared).toBe(a.set.filter((s) => b.set.includes(s)).length);
      expect(o.coverageA).toBeCloseTo(naiveCoverage(a.sequence, b.set), 12);
      expect(o.coverageB).toBeCloseTo(naiveCoverage(b.sequence, a.set), 12);
    }
  });

  it('finds nothing shared between unrelated texts and all of a text in itself', () => {
    const a = shingled(stream(200, 1000, 1));
    expect(overlap(a, shingled(stream(200, 1000, 2)))).toEqual({ shared: 0, coverageA: 0, coverageB: 0 });
    expect(overlap(a, a)).toEqual({ shared: a.set.length, coverageA: 1, coverageB: 1 });
  });
});

describe('shingledText', () => {
  it('gives the sorted distinct set and each position’s rank in it', () => {
    // Repeated phrases, so that some shingles occur more than once; then an empty and a one-token text.
    const tokens = new Int32Array([...stream(300, 40, 9), ...stream(300, 40, 9).subarray(0, 120), ...stream(50, 7, 4)]);
    for (const t of [tokens, new Int32Array(0), new Int32Array([42])]) {
      const sequence = shingleSequence(t);
      const { set, ranks } = shingledText(sequence);
      expect([...set]).toEqual([...new Set(sequence)].sort((x, y) => x - y));
      expect(Array.from(ranks, (r) => set[r])).toEqual([...sequence]);
    }
  });
});
