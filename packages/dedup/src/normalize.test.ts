import { describe, expect, it } from 'vitest';
import { isBoilerplateLine, normalizeLine, paragraphsOf } from './normalize.js';

describe('normalizeLine', () => {
  it('folds width, case, quotes, dashes and spacing', () => {
    expect(normalizeLine('  ＡＩ  “Quoted” — text…\t’s ')).toBe('ai "quoted" - text... \'s');
  });
});

describe('paragraphsOf', () => {
  it('drops platform ad markers and share lines but keeps content', () => {
    const text = '728x90\n반응형\n\n본문 첫 문단입니다.\n공유하기\n\n둘째 문단.\n\n300x250';
    expect(paragraphsOf(text).map((p) => p.normalized)).toEqual(['본문 첫 문단입니다.', '둘째 문단.']);
  });

  it('makes each line a paragraph, kept as written for display', () => {
    expect(paragraphsOf('Hello  World\nsecond line')).toEqual([
      { raw: 'Hello  World', normalized: 'hello world' },
      { raw: 'second line', normalized: 'second line' },
    ]);
  });
});

describe('isBoilerplateLine', () => {
  it('recognises copyright and share rows, not sentences that mention sharing', () => {
    expect(isBoilerplateLine('ⓒ 한빛일보, 무단전재 및 재배포 금지')).toBe(true);
    expect(isBoilerplateLine('share on facebook twitter')).toBe(true);
    expect(isBoilerplateLine('the company will share its results with investors next week.')).toBe(false);
  });
});
