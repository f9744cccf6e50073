import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCrawler, type Harness } from './support/crawler-harness.js';
import { bytes, html, page, startFixtureServer, text, type FixtureServer } from './support/fixture-server.js';

const xml = (body: string, type = 'application/xml') => bytes(Buffer.from(body), { 'content-type': type });
const urlset = (base: string, paths: string[]) =>
  `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths
    .map((p) => `<url><loc>${base}${p}</loc></url>`)
    .join('')}</urlset>`;

describe('sitemaps and feeds', () => {
  let site: FixtureServer;
  let crawler: Harness;
  let base: string;

  beforeAll(async () => {
    const pages = Object.fromEntries(
      ['/s1', '/s2', '/s3', '/n1', '/r1', '/r2', '/a1', '/a2', '/orphan'].map((p) => [p, html(page(`Page ${p}`))]),
    );
    // The route table is read per request, so routes that need the server's own port are added after start.
    const routes: Parameters<typeof startFixtureServer>[0] = { ...pages };
    site = await startFixtureServer(routes);
    base = `http://feeds.test:${site.port}`;
    Object.assign(routes, {
      '/robots.txt': text(`User-agent: *\nAllow: /\nSitemap: ${base}/sitemap-index.xml\n`),
      '/': html(page('Home')),
      '/sitemap-index.xml': xml(
        `<sitemapindex><sitemap><loc>${base}/sitemap-1.xml.gz</loc></sitemap><sitemap><loc>${base}/news-sitemap.xml</loc></sitemap></sitemapindex>`,
      ),
      '/sitemap-1.xml.gz': bytes(gzipSync(urlset(base, ['/s1', '/s2', '/s3'])), { 'content-type': 'application/octet-stream' }),
      '/news-sitemap.xml': xml(
        `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>${base}/n1</loc><news:news><news:title>N</news:title></news:news></url></urlset>`,
      ),
      '/sitemap.xml': xml(urlset(base, ['/orphan'])),
      '/rss.xml': xml(
        `<rss version="2.0"><channel><link>${base}/</link><item><link>${base}/r1</link></item><item><link>${base}/r2?utm_source=rss</link></item></channel></rss>`,
        'application/rss+xml',
      ),
      '/atom.xml': xml(
        `<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/a1"/></entry><entry><link rel="alternate" href="${base}/a2"/></entry></feed>`,
        'application/atom+xml',
      ),
    });
    crawler = await startCrawler({ hosts: { 'feeds.test': '127.0.0.1' } });
  });

  afterAll(async () => {
    await crawler.stop();
    await site.close();
  });

  it('finds pages through robots.txt Sitemap lines, sitemap indexes, gzipped and news sitemaps, and /sitemap.xml', async () => {
    const result = await crawler.crawl([`${base}/`], { maxDepth: 1 });
    const fetched = result.pages.filter((p) => p.outcome === 'fetched').map((p) => new URL(p.url).pathname).sort();
    expect(fetched).toEqual(['/', '/n1', '/orphan', '/s1', '/s2', '/s3']);
    expect(result.counts).toMatchObject({ discovered: 6, fetched: 6 });
  });

  it('expands RSS and Atom feed seeds into their entries', async () => {
    const result = await crawler.crawl([`${base}/rss.xml`, `${base}/atom.xml`], { maxDepth: 1 });
    expect(result.page(`${base}/rss.xml`)).toMatchObject({ outcome: 'skipped', reason: 'feed_expanded' });
    expect(result.page(`${base}/atom.xml`)).toMatchObject({ outcome: 'skipped', reason: 'feed_expanded' });
    for (const p of ['/r1', '/r2', '/a1', '/a2']) expect(result.page(`${base}${p}`)).toMatchObject({ outcome: 'fetched' });
  });

  it('expands a sitemap index given as a seed', async () => {
    const result = await crawler.crawl([`${base}/sitemap-index.xml`], { maxDepth: 1 });
    expect(result.page(`${base}/sitemap-index.xml`)).toMatchObject({ outcome: 'skipped', reason: 'sitemap_expanded' });
    for (const p of ['/s1', '/s2', '/s3', '/n1']) expect(result.page(`${base}${p}`)).toMatchObject({ outcome: 'fetched' });
  });
});
