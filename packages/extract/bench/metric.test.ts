import { describe, expect, it } from 'vitest';
import { scorePage, shingles, summarize, words } from './metric.js';

describe('words', () => {
  it('splits on anything but letters, digits and underscore, keeping case', () => {
    expect(words("Don't stop_me now, 2019! 한국어 텍스트")).toEqual(['Don', 't', 'stop_me', 'now', '2019', '한국어', '텍스트']);
  });
});

describe('shingles', () => {
  it('counts repeated 4-grams as a multiset', () => {
    const s = shingles('a b c d a b c d');
    expect(s.get('a b c d')).toBe(2);
    expect(s.size).toBe(4);
  });

  it('keeps a short text as one shingle', () => {
    expect([...shingles('only two')]).toEqual([['only two', 1]]);
  });
});

describe('scorePage', () => {
  it('scores an exact prediction 1/1', () => {
    expect(scorePage('one two three four five', 'one two three four five')).toEqual({ precision: 1, recall: 1, exact: true });
  });

  it('loses precision for extra words and recall for missing ones', () => {
    const truth = 'w1 w2 w3 w4 w5 w6 w7 w8';
    const extra = scorePage(truth, `${truth} x1 x2 x3 x4`);
    expect(extra.recall).toBe(1);
    expect(extra.precision).toBeCloseTo(5 / 9);
    const missing = scorePage(truth, 'w1 w2 w3 w4 w5');
    expect(missing.precision).toBe(1);
    expect(missing.recall).toBeCloseTo(2 / 5);
  });

  it('leaves an empty prediction out of precision and counts zero recall', () => {
    expect(scorePage('a b c d e', '')).toEqual({ precision: null, recall: 0, exact: false });
  });
});

describe('summarize', () => {
  it('averages per page, then takes F1 of the averages', () => {
    const s = summarize([
      { precision: 1, recall: 0.5, exact: false },
      { precision: null, recall: 0, exact: false },
      { precision: 0.5, recall: 1, exact: true },
    ]);
    expect(s.precision).toBeCloseTo(0.75);
    expect(s.recall).toBeCloseTo(0.5);
    expect(s.f1).toBeCloseTo((2 * 0.75 * 0.5) / 1.25);
    expect(s.accuracy).toBeCloseTo(1 / 3);
  });
});
