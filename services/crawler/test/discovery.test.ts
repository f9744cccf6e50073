import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCrawler, type Harness } from './support/crawler-harness.js';
import { html, page, startFixtureServer, type FixtureServer } from './support/fixture-server.js';

describe('link discovery', () => {
  let site: FixtureServer;
  let other: FixtureServer;
  let crawler: Harness;
  let base: string;

  beforeAll(async () => {
    const calendar: Record<string, ReturnType<typeof html>> = {};
    for (let i = 0; i < 30; i++) calendar[`/cal/${i}`] = html(page(`Day ${i}`, [`/cal/${i + 1}`, `/cal/${i + 2}`]));
    other = await startFixtureServer({ '/': html(page('Other site')) });
    site = await startFixtureServer({
      '/': html(
        page('Home', [
          '/d1',
          '/article?utm_source=newsletter&utm_medium=email',
          '/article?fbclid=abc123',
          '/article#comments',
          '/article',
          `http://other.test:${other.port}/`,
          'mailto:editor@example.com',
        ], '<link rel="next" href="/page-2">'),
      ),
      '/d1': html(page('Depth 1', ['/d2'])),
      '/d2': html(page('Depth 2', ['/d3'])),
      '/d3': html(page('Depth 3')),
      '/article': html(page('The article', ['/'])),
      '/page-2': html(page('Page 2')),
      ...calendar,
    });
    base = `http://site.test:${site.port}`;
    crawler = await startCrawler({ hosts: { 'site.test': '127.0.0.1', 'other.test': '127.0.0.1' } });
  });

  afterAll(async () => {
    await crawler.stop();
    await site.close();
    await other.close();
  });

  it('follows links within the host and maxDepth, and fetches tracking-parameter variants once', async () => {
    const result = await crawler.crawl([`${base}/`], { maxDepth: 2 });
    const fetched = result.pages.map((p) => new URL(p.requestUrl).pathname).sort();
    expect(fetched).toEqual(['/', '/article', '/d1', '/d2', '/page-2']);
    expect(site.requests.filter((r) => r.path.startsWith('/article'))).toHaveLength(1);
    expect(site.hits('/d3')).toBe(0);
    expect(other.requests).toHaveLength(0);
    expect(result.counts).toMatchObject({ discovered: 5, fetched: 5, failed: 0, skipped: 0 });
    const d1 = result.requests.find((r) => r.url === `${base}/d1`);
    expect(d1).toMatchObject({ depth: 1, discoveredFrom: `${base}/` });
  });

  it('follows links to other hosts when the scope is any', async () => {
    const result = await crawler.crawl([`${base}/`], { maxDepth: 1, scope: 'any' });
    expect(result.page(`http://other.test:${other.port}/`)).toMatchObject({ outcome: 'fetched' });
  });

  it('stops at maxPages on endless calendar links, and every discovered URL still finishes', async () => {
    const result = await crawler.crawl([`${base}/cal/0`], { maxDepth: 100, maxPages: 7 });
    expect(result.counts.discovered).toBe(7);
    expect(result.pages).toHaveLength(7);
    expect(result.counts.fetched).toBe(7);
  });

  it('honours include and exclude patterns', async () => {
    const result = await crawler.crawl([`${base}/`], { maxDepth: 3, exclude: ['*/d2'], include: [`${base}/d*`] });
    const fetched = result.pages.map((p) => new URL(p.requestUrl).pathname).sort();
    expect(fetched).toEqual(['/', '/d1']);
  });
});
