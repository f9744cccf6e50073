import { describe, expect, it } from 'vitest';
import { readJsonLd } from './json-ld.js';

describe('readJsonLd', () => {
  it('reads a NewsArticle inside @graph, preferring it over WebPage', () => {
    const ld = readJsonLd([
      JSON.stringify({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'WebPage', name: 'Page name' },
          { '@type': ['NewsArticle'], headline: '제목', author: ['홍길동 기자', { '@type': 'Person', name: '김철수' }], datePublished: '2024-03-11 06:00:00', publisher: { name: '한빛일보' } },
        ],
      }),
    ]);
    expect(ld).toMatchObject({ headline: '제목', authors: ['홍길동 기자', '김철수'], datePublished: '2024-03-11 06:00:00', publisher: '한빛일보' });
  });

  it('tolerates trailing commas, raw line breaks and comment wrappers', () => {
    const raw = '<!--\n{ "@type": "Article", "headline": "Two\nlines", "author": { "name": "Jane" }, }\n-->';
    expect(readJsonLd([raw])).toMatchObject({ headline: 'Two lines', authors: ['Jane'] });
    expect(readJsonLd(['{ not json'])).toBeNull();
  });
});
