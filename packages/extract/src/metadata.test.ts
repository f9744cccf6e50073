import { describe, expect, it } from 'vitest';
import { koreanByline, stripSiteName } from './metadata.js';

describe('stripSiteName', () => {
  it('drops the known site name wherever it sits', () => {
    expect(stripSiteName('지역 도서관, 밤 10시까지 문 연다 - 한빛일보', '한빛일보').title).toBe('지역 도서관, 밤 10시까지 문 연다');
    expect(stripSiteName('Example News | Storm hits the coast overnight', 'Example News').title).toBe('Storm hits the coast overnight');
    expect(stripSiteName('소형 언어 모델로 사내 문서 검색 만들기 :: 개발하는 고양이', '개발하는 고양이').title).toBe('소형 언어 모델로 사내 문서 검색 만들기');
  });

  it('drops a short suffix when the site name is unknown, keeping inner separators', () => {
    expect(stripSiteName('Review: the new phone is fast - The Verge', null)).toEqual({ title: 'Review: the new phone is fast', site: 'The Verge' });
    expect(stripSiteName('주말 텃밭 일기: 방울토마토 첫 수확 : 네이버 블로그', null).title).toBe('주말 텃밭 일기: 방울토마토 첫 수확');
  });

  it('keeps the headline of `Title < Section < 기사본문 - Site`', () => {
    expect(stripSiteName('공공 도서관 운영 시간 확대 < 사회 < 기사본문 - 한빛신문', null).title).toBe('공공 도서관 운영 시간 확대');
  });

  it('leaves a title without separators alone', () => {
    expect(stripSiteName('Bridge reopens after repairs', 'Valley News').title).toBe('Bridge reopens after repairs');
  });
});

describe('koreanByline', () => {
  it('reads reporter lines', () => {
    expect(koreanByline('/홍길동기자 hong@example.com')).toBe('홍길동 기자');
    expect(koreanByline('[서울=한빛일보] 김철수 특파원 = 본문')).toBe('김철수 특파원');
    expect(koreanByline('기자회견이 열렸다')).toBeNull();
  });
});
