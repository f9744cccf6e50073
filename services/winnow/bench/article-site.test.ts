import { afterEach, describe, expect, it } from 'vitest';
import { startArticleSite, type ArticleSite } from './article-site.js';

/** Two small articles with text outside Latin-1 and the markup the site rewrites (links, paragraphs, <body>). */
const ARTICLES = [
  `<html><head><title>첫 기사</title></head><body class="a"><article><p>${'한국어 문장과 영어 words, “quoted” — enough to be prose. '.repeat(3)}</p><p>${'Another paragraph with a <a href="https://example.com/x">link</a> and 😀 emoji. '.repeat(3)}</p></article></body></html>`,
  `<html><body><p>${'Second article, plain ASCII, with more than eighty characters of prose in it. '.repeat(2)}</p></body></html>`,
];

let site: ArticleSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe('the bench loopback site', () => {
  for (const vary of [false, true]) {
    it(`serves page i as html(i), byte for byte${vary ? ' (varied pages)' : ''}`, async () => {
      site = await startArticleSite(ARTICLES, 6, 2, vary);
      for (let i = 0; i < 6; i++) {
        const res = await fetch(site.urls[i]!);
        expect(res.status).toBe(200);
        const served = Buffer.from(await res.arrayBuffer());
        expect(served.equals(Buffer.from(site.html(i)))).toBe(true);
        // The crawl's links sit right after <body>: the first to page 2i+1, where there is one.
        if (2 * i + 1 < 6) expect(site.html(i)).toMatch(new RegExp(`<body[^>]*><nav><a href="${site.urls[2 * i + 1]!}">`));
      }
      expect((await fetch(`${new URL(site.urls[0]!).origin}/a/6`)).status).toBe(404);
    });
  }
});
