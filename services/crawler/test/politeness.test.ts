import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCrawler, type Harness } from './support/crawler-harness.js';
import { html, page, redirect, startFixtureServer, text, type FixtureServer } from './support/fixture-server.js';
import { virtualClock } from './support/virtual-clock.js';

const gaps = (times: number[]): number[] => times.slice(1).map((t, i) => t - times[i]!);

describe('politeness', () => {
  let slow: FixtureServer;
  let fast: FixtureServer;
  let busy: FixtureServer;
  let crawler: Harness;
  let throttled = 0;
  // Request times below are the crawler's politeness time: the delays it asked for, not measured ones.
  const clock = virtualClock();

  beforeAll(async () => {
    const pages = (prefix: string) =>
      Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`/${prefix}${i}`, html(page(`${prefix} ${i}`))]));
    slow = await startFixtureServer({
      '/robots.txt': text('User-agent: *\nCrawl-delay: 1\n'),
      '/': html(page('Slow', ['/s0', '/s1', '/s2'])),
      ...pages('s'),
    }, undefined, () => clock.now());
    fast = await startFixtureServer({ '/': html(page('Fast', ['/f0', '/f1', '/f2', '/f3'])), ...pages('f') }, undefined, () => clock.now());
    busy = await startFixtureServer({
      '/throttled': (_req, res) => {
        throttled += 1;
        if (throttled === 1) return res.writeHead(429, { 'retry-after': '1' }).end();
        res.writeHead(200, { 'content-type': 'text/html' }).end(page('Finally'));
      },
      '/down': (_req, res) => res.writeHead(503, { 'retry-after': '0' }).end(),
      '/gone-for-long': (_req, res) => res.writeHead(429, { 'retry-after': '3600' }).end(),
    }, undefined, () => clock.now());
    crawler = await startCrawler({
      env: { CRAWL_DELAY_MS: '50', CRAWL_MAX_RETRY_AFTER_MS: '5000', CRAWL_MAX_RETRIES: '2' },
      hosts: { 'slow.test': '127.0.0.1', 'fast.test': '127.0.0.1', 'busy.test': '127.0.0.1' },
      clock,
    });
  });

  afterAll(async () => {
    await crawler.stop();
    await Promise.all([slow.close(), fast.close(), busy.close()]);
  });

  it('honours Crawl-delay on one host while a fast host beside it is not held up', async () => {
    const slowBase = `http://slow.test:${slow.port}`;
    const fastBase = `http://fast.test:${fast.port}`;
    const result = await crawler.crawl([`${slowBase}/`, `${fastBase}/`], { maxDepth: 1, scope: 'host' });
    expect(result.counts).toMatchObject({ discovered: 9, fetched: 9 });

    const slowPages = slow.requests.filter((r) => r.path !== '/robots.txt' && r.path !== '/sitemap.xml');
    for (const gap of gaps(slow.requests.map((r) => r.at))) expect(gap).toBeGreaterThanOrEqual(1000);
    // Every fast-host page was fetched before the slow host's last page: the slow host stalled nobody.
    const lastSlow = Math.max(...slowPages.map((r) => r.at));
    expect(fast.requests.filter((r) => /^\/f\d$/.test(r.path)).every((r) => r.at < lastSlow)).toBe(true);
  });

  it('backs off on 429 as Retry-After says and then fetches the page', async () => {
    const base = `http://busy.test:${busy.port}`;
    const result = await crawler.crawl([`${base}/throttled`, `${base}/down`, `${base}/gone-for-long`], { maxDepth: 0 });
    expect(result.page(`${base}/throttled`)).toMatchObject({ outcome: 'fetched' });
    const attempts = busy.requests.filter((r) => r.path === '/throttled').map((r) => r.at);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(1000);
    expect(result.page(`${base}/down`)).toMatchObject({ outcome: 'failed', reason: 'http_503' });
    expect(busy.hits('/down')).toBe(3);
    expect(result.page(`${base}/gone-for-long`)).toMatchObject({ outcome: 'failed', reason: 'http_429' });
    expect(busy.hits('/gone-for-long')).toBe(1);
  });
});

describe('robots.txt answers', () => {
  let servers: FixtureServer[] = [];
  let crawler: Harness;

  beforeAll(async () => {
    const site = (routes: Parameters<typeof startFixtureServer>[0]) =>
      startFixtureServer({ '/page': html(page('Page')), ...routes });
    const chain = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`/r${i}`, redirect(`/r${i + 1}`)]));
    servers = await Promise.all([
      site({ '/robots.txt': text('', 500) }),
      site({ '/robots.txt': text('', 429) }),
      site({ '/robots.txt': text('', 404) }),
      site({ '/robots.txt': text('', 403) }),
      site({ '/robots.txt': redirect('/real-robots.txt'), '/real-robots.txt': text('User-agent: *\nDisallow: /page\n') }),
      site({ '/robots.txt': redirect('/r0'), ...chain, '/r7': text('User-agent: *\nDisallow: /\n') }),
    ]);
    crawler = await startCrawler({ env: { CRAWL_DELAY_MS: '0' } });
  });

  afterAll(async () => {
    await crawler.stop();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('disallows everything on 5xx and 429, allows everything on other 4xx, and follows up to 5 redirects', async () => {
    const urls = servers.map((s) => `${s.origin()}/page`);
    const result = await crawler.crawl(urls, { maxDepth: 0 });
    expect(result.pages.map((p) => [urls.indexOf(p.requestUrl), p.outcome, p.reason]).sort()).toEqual([
      [0, 'skipped', 'robots_disallowed'],
      [1, 'skipped', 'robots_disallowed'],
      [2, 'fetched', null],
      [3, 'fetched', null],
      [4, 'skipped', 'robots_disallowed'],
      // Six redirects: robots.txt counts as unavailable, which allows everything.
      [5, 'fetched', null],
    ]);
    expect(servers[0]!.hits('/page')).toBe(0);
    expect(servers[1]!.hits('/page')).toBe(0);
    expect(servers[5]!.hits('/r6')).toBe(0);
  });
});
