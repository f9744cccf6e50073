import { describe, expect, it } from 'vitest';
import { countTokens } from './token-count.js';

describe('countTokens', () => {
  it('counts words and every punctuation mark in spaced scripts', () => {
    expect(countTokens('The council met, at last.')).toBe(7);
    expect(countTokens("don't stop")).toBe(4);
    expect(countTokens('Ça coûte 12,50 €')).toBe(6);
  });

  it('counts a Korean eojeol as one token, whatever particles it carries', () => {
    expect(countTokens('기업들이 AI 인재를 확보하기 위해 경쟁하고 있다.')).toBe(8);
  });

  it('counts every Han and kana character in scripts written without spaces', () => {
    expect(countTokens('東京都は火曜日')).toBe(7);
    expect(countTokens('人工智能')).toBe(4);
  });

  it('ignores whitespace of every kind and counts nothing in an empty text', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens(' \n\t\u00a0\u3000 ')).toBe(0);
    expect(countTokens('a\u3000b\nc')).toBe(3);
  });

  it('keeps an emoji or astral letter one token, never half a surrogate pair', () => {
    expect(countTokens('ok 👍')).toBe(2);
    expect(countTokens('𝐀𝐁 x')).toBe(2);
  });
});
