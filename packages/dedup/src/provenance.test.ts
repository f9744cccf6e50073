import { describe, expect, it } from 'vitest';
import { citationLinesOf, cites, crediblePublishedAt, urlKey, type Provenance } from './provenance.js';

const p = (over: Partial<Provenance>): Provenance => ({
  docId: 'x',
  url: null,
  canonicalUrl: null,
  site: null,
  siteName: null,
  title: null,
  publishedAt: null,
  citedUrls: [],
  citedTexts: [],
  ...over,
});

describe('cites', () => {
  const news = p({ url: 'https://www.sedaily.com/NewsView/1', site: 'www.sedaily.com', siteName: '서울경제', title: 'AI 인재 확보전 뜨겁다' });

  it('follows cited URLs, outlet names and titles', () => {
    expect(cites(p({ citedUrls: [urlKey('http://sedaily.com/NewsView/1/?utm_source=x')!] }), news)).toBe(true);
    expect(cites(p({ site: 'blog.example', citedTexts: ['서울경제'] }), news)).toBe(true);
    expect(cites(p({ site: 'blog.example', citedTexts: ['sedaily.com'] }), news)).toBe(true);
    expect(cites(p({ site: 'blog.example', citedTexts: ['ai 인재 확보전 뜨겁다 (링크)'] }), news)).toBe(true);
    expect(cites(p({ site: 'blog.example', citedTexts: ['tensorflow kr'] }), news)).toBe(false);
  });

  it('ignores a page naming its own outlet, and bare IP hosts as names', () => {
    expect(cites(p({ site: 'www.sedaily.com', siteName: '서울경제', citedTexts: ['서울경제'] }), news)).toBe(false);
    const local = p({ site: '127.0.0.1:8080', siteName: 'Daily Wire', title: 'Flood gate opens after eleven years' });
    expect(cites(p({ site: '127.0.0.1:8080', citedTexts: ['127.0.0.1'] }), local)).toBe(false);
    expect(cites(p({ site: '127.0.0.1:8080', citedTexts: ['daily wire'] }), local)).toBe(true);
  });
});

describe('citationLinesOf', () => {
  it('finds 출처 and via lines', () => {
    expect(citationLinesOf('728x90\n출처 1 : 서울경제\n본문\nvia The Verge\nSource: https://a.example/x')).toEqual(['서울경제', 'The Verge', 'https://a.example/x']);
    expect(citationLinesOf('본문\r\n출처 : 한빛일보\r\n끝')).toEqual(['한빛일보']);
  });
});

describe('crediblePublishedAt', () => {
  it('rejects dates after the fetch and before 1995', () => {
    expect(crediblePublishedAt('2024-01-01T00:00:00Z', '2024-06-01T00:00:00Z')).toBe(Date.UTC(2024, 0, 1));
    expect(crediblePublishedAt('2030-01-01T00:00:00Z', '2024-06-01T00:00:00Z')).toBeNull();
    expect(crediblePublishedAt('1970-01-01T00:00:00Z')).toBeNull();
  });
});
