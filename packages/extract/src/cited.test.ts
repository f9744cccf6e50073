import { describe, expect, it } from 'vitest';
import { findCitedSources } from './cited.js';
import type { Block } from './render.js';

const block = (text: string, links: Block['links'] = []): Block => ({
  kind: 'p',
  text,
  md: text,
  level: 0,
  ordinal: null,
  linkChars: 0,
  links,
  tableStart: false,
});

describe('findCitedSources', () => {
  it('finds 출처, Source: and via citations', () => {
    expect(
      findCitedSources([
        block('(출처=연합뉴스)'),
        block('사진 출처: 한빛일보'),
        block('Source: Reuters', [{ url: 'https://reuters.example/a', text: 'Reuters' }]),
        block('We first saw it via The Verge'),
      ]),
    ).toEqual([
      { text: '출처=연합뉴스', url: null },
      { text: '사진 출처: 한빛일보', url: null },
      { text: 'Source: Reuters', url: 'https://reuters.example/a' },
      { text: 'via The Verge', url: null },
    ]);
  });

  it('does not take 출처 used as a word in a sentence', () => {
    expect(findCitedSources([block('출처가 불분명한 정보가 퍼지고 있다.')])).toEqual([]);
  });
});
