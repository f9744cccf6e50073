import { describe, expect, it } from 'vitest';
import { norm, scoreSnippets, summarizeSnippets } from './snippet-metric.js';

describe('norm', () => {
  it("collapses Python's whitespace set, not JavaScript's", () => {
    expect(norm('\t a\u0085b\x1cc\u3000\u00a0d \n')).toBe('a b c d');
    expect(norm('a\ufeffb')).toBe('a\ufeffb');
  });
});

describe('scoreSnippets', () => {
  it('counts with-snippets found as tp and without-snippets found as fp', () => {
    const gold = { with: ['main text here', 'second part'], without: ['Home About', 'Share this'] };
    expect(scoreSnippets(gold, 'The main\ntext  here.\n\nHome About')).toEqual({ tp: 1, fn: 1, fp: 1, tn: 1 });
  });

  it('finds nothing in an empty output', () => {
    expect(scoreSnippets({ with: ['a'], without: [''] }, '')).toEqual({ tp: 0, fn: 1, fp: 0, tn: 1 });
  });
});

describe('summarizeSnippets', () => {
  it('sums counts over pages before taking ratios', () => {
    const s = summarizeSnippets([
      { tp: 3, fn: 1, fp: 0, tn: 4 },
      { tp: 1, fn: 1, fp: 2, tn: 0 },
    ]);
    expect(s.precision).toBeCloseTo(4 / 6);
    expect(s.recall).toBeCloseTo(4 / 6);
    expect(s.f1).toBeCloseTo(8 / 12);
    expect(s.accuracy).toBeCloseTo(8 / 12);
  });
});
