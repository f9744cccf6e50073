import { describe, expect, it } from 'vitest';
import { EN_ARTICLE, KO_ARTICLE, KO_COMMENT, repost, sitePage, syntheticText } from '../testing/contract-fixtures.js';
import { paragraphUnits } from './features.js';
import { paragraphsOf } from './normalize.js';

const plain = (units: ReturnType<typeof paragraphUnits>): unknown[] =>
  units.map((u) => ({ raw: u.raw, normalized: u.normalized, tokens: Array.from(u.tokens), hash: u.hash, weight: u.weight }));

describe('paragraphUnits', () => {
  // The text path folds and tokenizes in one scan; the paragraphs path tokenizes each folded line.
  it.each([
    ['an English article', EN_ARTICLE],
    ['a Korean repost', repost(KO_ARTICLE, KO_COMMENT, '출처 : 한빛일보')],
    ['a templated page', sitePage(syntheticText(3, 80))],
    ['punctuation variants', '“Quoted” — text… it’s ‘fine’ ・ ㆍ 東京タワー ｰ ー'],
    ['zero-width characters inside words', 'co\u200bop\u00adera\u2060tion and\ufeff zero\u200dwidth'],
    ['whitespace of every kind', ' a \t b\u3000c\u00a0\u00a0d \r\nline two\r\n\r\n  \t \nthree\u2028four'],
    ['characters outside the BMP', '𠀋𠀌 han ext 😀 emoji \ud800 lone \udc00 surrogates 𠀋\n𠀋'],
    ['boilerplate lines', '728x90\n반응형\n본문 첫 문단입니다.\n공유하기\nshare on facebook\n둘째 문단.'],
  ])('gives %s the same units as folding and tokenizing line by line', (_name, text) => {
    expect(plain(paragraphUnits(text))).toEqual(plain(paragraphUnits(paragraphsOf(text))));
  });
});
