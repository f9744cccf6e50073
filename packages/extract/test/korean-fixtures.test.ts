import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractedDocumentSchema } from '@winnow/types';
import { decodeHtml } from '../src/decode.js';
import { extract } from '../src/extract.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

function load(name: string, url: string, contentType?: string) {
  const decoded = decodeHtml(readFileSync(join(fixtures, name)), contentType);
  const doc = extract(decoded.text, { url });
  expect(extractedDocumentSchema.parse(doc)).toEqual(doc);
  return { decoded, doc };
}

describe('EUC-KR news article with <br> paragraphs and a bottom byline', () => {
  const { decoded, doc } = load('euc-kr-news.html', 'https://www.hanbit.example.com/news/articleView.html?idxno=20417');

  it('decodes EUC-KR from the meta declaration', () => {
    expect(decoded).toMatchObject({ charset: 'euc-kr', source: 'meta' });
  });

  it('has the title without the site name and the site name apart', () => {
    expect(doc.title).toBe('지역 도서관, 밤 10시까지 문 연다…직장인 이용 늘어');
    expect(doc.siteName).toBe('한빛일보');
  });

  it('starts and ends with the article body', () => {
    expect(doc.text.startsWith('시립 도서관 다섯 곳이 이달부터 평일 운영 시간을 밤 10시까지 늘린다.')).toBe(true);
    expect(doc.text.endsWith('"시민 의견을 계속 듣겠다"고 덧붙였다.')).toBe(true);
  });

  it('keeps <br><br> paragraphs apart', () => {
    expect(doc.paragraphs).toHaveLength(5);
    expect(doc.text.split('\n\n')).toEqual(doc.paragraphs);
    expect(doc.paragraphs[1]).toMatch(/^시는 지난해 가을부터/);
  });

  it('drops menus, share bar, ad box, related and popular lists, copyright and footer', () => {
    for (const chrome of ['로그인', '공유하기', '광고', '관련기사', '많이 본 뉴스', '무단 전재', '재배포', 'Copyright', '대표전화', '시내버스 노선']) {
      expect(doc.text).not.toContain(chrome);
    }
  });

  it('reads the bottom byline and the 입력/수정 stamps', () => {
    expect(doc.byline).toBe('홍길동 기자');
    expect(doc.text).not.toContain('hong@hanbit.example.com');
    expect(doc.publishedAt).toBe('2017-07-04T17:32:00+09:00');
    expect(doc.modifiedAt).toBe('2017-07-04T18:05:00+09:00');
  });

  it('detects Korean and resolves the relative canonical link', () => {
    expect(doc.lang).toBe('ko');
    expect(doc.canonicalUrl).toBe('https://www.hanbit.example.com/news/articleView.html?idxno=20417');
    expect(doc.quality.hangulSyllables).toBeGreaterThan(250);
  });
});

describe('Tistory repost with ad units', () => {
  const { doc } = load('tistory-repost.html', 'https://devcat.tistory.com/128');

  it('has the post title without the blog name', () => {
    expect(doc.title).toBe('소형 언어 모델로 사내 문서 검색 만들기');
    expect(doc.siteName).toBe('개발하는 고양이');
  });

  it('starts with the post and ends with its last paragraph', () => {
    expect(doc.text.startsWith('회사 위키에 쌓인 문서가 만 건을 넘으면서')).toBe(true);
    expect(doc.text.endsWith('다음 글에서는 문단을 자르는 기준을 정리해 보겠다.')).toBe(true);
  });

  it('keeps the quoted article, the heading and the list as separate paragraphs', () => {
    expect(doc.paragraphs).toContain('업계 관계자는 "검색 품질은 문서를 어떻게 나누고 정리하느냐에 더 크게 좌우된다"고 설명했다.');
    expect(doc.paragraphs).toContain('직접 해 본 방법');
    expect(doc.markdown).toContain('## 직접 해 본 방법');
    expect(doc.markdown).toContain('- 색인: 문단 임베딩과 제목 키워드를 함께 저장');
    expect(doc.markdown).toContain('> 중소기업들이');
  });

  it('drops ad markers, AdSense units, post buttons, category list, comments and sidebar', () => {
    for (const chrome of ['728x90', '반응형', '공감', '공유하기', '구독하기', '카테고리의 다른 글', '댓글', '좋은 글 감사합니다', '최근 글', 'Designed by']) {
      expect(doc.text).not.toContain(chrome);
    }
  });

  it('names its cited source with the link', () => {
    expect(doc.citedSources).toEqual([{ text: '출처: 가상경제신문', url: 'https://news.example.co.kr/article/55501' }]);
  });

  it('has byline, date and language', () => {
    expect(doc.byline).toBe('고양이집사');
    expect(doc.publishedAt).toBe('2023-03-15T21:40:12+09:00');
    expect(doc.lang).toBe('ko');
  });
});

describe('Naver-blog-style page (SmartEditor se-main-container)', () => {
  const { doc } = load('naver-blog.html', 'https://blog.naver.com/greenhand/223100000001');

  it('has the title without the platform suffix', () => {
    expect(doc.title).toBe('주말 텃밭 일기: 방울토마토 첫 수확');
  });

  it('reads the editor paragraphs, not the caption or the blog chrome', () => {
    expect(doc.paragraphs).toHaveLength(4);
    expect(doc.text.startsWith('지난 4월에 심은 방울토마토를 드디어 처음 땄다.')).toBe(true);
    expect(doc.text.endsWith('매일 조금씩 들여다보는 일이 가장 중요하다는 점이다.')).toBe(true);
    for (const chrome of ['프롤로그', '이웃추가', '신고하기', '이 블로그 인기글', '첫 수확한 방울토마토']) {
      expect(doc.text).not.toContain(chrome);
    }
  });

  it('has author, date and language', () => {
    expect(doc.byline).toBe('초록손');
    expect(doc.publishedAt).toBe('2023-07-09T18:20:00+09:00');
    expect(doc.lang).toBe('ko');
  });
});

describe('JSON-LD NewsArticle', () => {
  const { doc } = load('jsonld-news.html', 'https://www.gasangtimes.example.kr/article/2024/03/11/river-budget?utm_source=x');

  it('takes headline, authors and dates from JSON-LD', () => {
    expect(doc.title).toBe('[단독] 하천 정비 사업 예산 절반 줄어');
    expect(doc.bylines).toEqual(['이서연 기자', '박준호 기자']);
    expect(doc.byline).toBe('이서연 기자');
    expect(doc.publishedAt).toBe('2024-03-11T06:00:00+09:00');
    expect(doc.modifiedAt).toBe('2024-03-11T09:45:00+09:00');
    expect(doc.siteName).toBe('가상타임스');
  });

  it('uses the canonical link', () => {
    expect(doc.canonicalUrl).toBe('https://www.gasangtimes.example.kr/article/2024/03/11/river-budget');
    expect(doc.site).toBe('www.gasangtimes.example.kr');
  });

  it('has the body without title, byline, ad label, copyright or most-read list', () => {
    expect(doc.text.startsWith('올해 하천 정비 예산이 지난해의 절반 수준으로')).toBe(true);
    expect(doc.text.endsWith('02-555-0100으로 받는다.')).toBe(true);
    expect(doc.paragraphs).toHaveLength(5);
    for (const chrome of ['ADVERTISEMENT', '무단 전재', '많이 본 기사', 'URL 복사', '이서연·박준호']) expect(doc.text).not.toContain(chrome);
    expect(doc.markdown).toContain('## 지자체 "우선순위 다시 정해야"');
    expect(doc.lang).toBe('ko');
  });

  it('counts and masks PII on request', () => {
    expect(doc.pii).toEqual({ emails: 1, phones: 1 });
    const masked = load('jsonld-news.html', 'https://www.gasangtimes.example.kr/a').decoded;
    const m = extract(masked.text, { url: 'https://www.gasangtimes.example.kr/a', maskPii: true });
    expect(m.text).toContain('제보 메일 [email] 또는 [phone]으로 받는다.');
    expect(m.pii).toEqual({ emails: 1, phones: 1 });
  });
});
