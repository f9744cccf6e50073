import { describe, expect, it } from 'vitest';
import { documentTokens, normalizeSearchText, parseSearchQuery, searchFields } from './search-text.js';

describe('CJK-aware search tokens', () => {
  it('lets a Korean word match inside a longer eojeol', () => {
    const doc = new Set(documentTokens(normalizeSearchText('AI 인재를 확보하라')));
    const q = parseSearchQuery('인재')!;
    expect(q.words).toEqual(['인재']);
    expect(q.tokens.every((t) => doc.has(t))).toBe(true);
  });

  it('folds case and full-width forms the same way for documents and queries', () => {
    expect(normalizeSearchText('ＡＩ  Talent\n')).toBe('ai talent');
    expect(parseSearchQuery('ＴＡＬＥＮＴ')!.words).toEqual(['talent']);
  });

  it('indexes single characters so one-character queries can use the index', () => {
    expect(documentTokens('인재')).toEqual(expect.arrayContaining(['인', '재', '인재']));
    expect(parseSearchQuery('재')!.tokens).toEqual(['재']);
  });

  it('never pairs characters across words or punctuation', () => {
    expect(documentTokens('a,b c')).not.toContain('ab');
    expect(documentTokens('a,b c')).not.toContain('bc');
  });

  it('returns null for a query with nothing searchable', () => {
    expect(parseSearchQuery(' !? ')).toBeNull();
  });

  it('gives an exact copy the fields of its original, and a copy under another title its own', () => {
    const text = 'AI 인재를 확보하라';
    const first = searchFields('Talent', text);
    expect(first.searchText).toBe('talent ai 인재를 확보하라');
    expect(first.tokens.split(' ')).toEqual(documentTokens(first.searchText));
    expect(searchFields('Talent', `${text}`)).toEqual(first);
    expect(searchFields('Hiring', text).searchText).toBe('hiring ai 인재를 확보하라');
    for (let i = 0; i < 300; i++) searchFields(null, `other document ${i}`);
    expect(searchFields('Talent', text)).toEqual(first);
    const long = `${'인재 '.repeat(40_000)}끝`;
    expect(searchFields(null, long).searchText.endsWith('인재 끝')).toBe(true);
    expect(searchFields('Long', long).searchText.startsWith('long 인재')).toBe(true);
  });
});
