import { describe, expect, it } from 'vitest';
import { hashString } from './hash32.js';
import { scanLines } from './normalize.js';
import { tokenBuffer } from './tokens.js';

const tokens = (lowered: string): number[] => {
  const out = tokenBuffer(2);
  scanLines(lowered, out);
  return Array.from(out.hashes.subarray(0, out.length), (h) => h >>> 0);
};

describe('tokens (scanLines)', () => {
  it('makes words of spaced scripts and single characters of Hangul, Han and Kana', () => {
    // ー is a dash variant: folded to '-', it separates.
    const expected = ['sk', '텔', '레', '콤', '은', 'ai', '3', '4', '배', 'café', '東', '京', 'タ', 'ワ', '𠀋'];
    expect(tokens('sk텔레콤은 ai, 3~4배! café 東京タワー 𠀋')).toEqual(expected.map((t) => hashString(t)));
  });

  it('weighs letters and digits only, line by line', () => {
    const out = tokenBuffer(2);
    const scan = scanLines('a-b  한국 !!\n\nxyz', out);
    expect(scan.weights).toEqual([4, 0, 3]);
    expect(scan.tokenEnds).toEqual([4, 4, 5]);
    expect(scan.folded).toBe('a-b 한국 !!\n\nxyz');
  });

  it('keeps a word whole across a zero-width character', () => {
    expect(tokens('co\u200bop')).toEqual([hashString('coop')]);
  });
});
