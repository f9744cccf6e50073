import { describe, expect, it } from 'vitest';
import { hashString } from './hash32.js';
import { tokenBuffer, tokenHashesOf, tokenStream } from './tokens.js';

describe('tokenStream', () => {
  it('makes words of spaced scripts and single characters of Hangul, Han and Kana', () => {
    const expected = ['sk', '텔', '레', '콤', '은', 'ai', '3', '4', '배', 'café', '東', '京', 'タ', 'ワ', 'ー', '𠀋'];
    expect(tokenHashesOf('sk텔레콤은 ai, 3~4배! café 東京タワー 𠀋')).toEqual(expected.map((t) => hashString(t)));
  });

  it('weighs letters and digits only', () => {
    const out = tokenBuffer(2);
    expect(tokenStream('a-b  한국 !!', out)).toBe(4);
    expect(out.length).toBe(4);
  });
});
