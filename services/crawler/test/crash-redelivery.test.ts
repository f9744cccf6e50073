import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCrawler, type Harness, type HarnessOptions } from './support/crawler-harness.js';
import { html, page, startFixtureServer, text, type FixtureServer } from './support/fixture-server.js';

type Wrap = NonNullable<HarnessOptions['wrapHandler']>;

/**
 * The first time a request for `path` is handled, the handler runs to the end (links offered to the
 * seen-set, the page marked fetched, validators stored), then the process "dies": the outcome is
 * thrown away and the bus hands the same message to the handler again, as a restarted consumer
 * would after reading from the last committed offset. With `after-publish`, the emits reach the bus
 * first, as when the process dies between publishing and committing.
 */
function crashOnce(path: string, mode: 'before-publish' | 'after-publish' = 'before-publish') {
  let crashed = false;
  const handled = new Map<string, number>();
  const waiters: { path: string; times: number; resolve: () => void }[] = [];
  const wake = () => {
    for (const w of waiters.splice(0)) {
      if ((handled.get(w.path) ?? 0) >= w.times) w.resolve();
      else waiters.push(w);
    }
  };
  const wrap: Wrap = (handler, bus) => async (msg) => {
    const at = msg.value ? new URL(msg.value.url).pathname : '';
    try {
      const outcome = await handler(msg);
      if (crashed || at !== path) return outcome;
      crashed = true;
      if (mode === 'after-publish' && outcome.kind === 'ok') await bus.publish(outcome.emit);
      throw new Error(`simulated crash after handling ${path}`);
    } finally {
      handled.set(at, (handled.get(at) ?? 0) + 1);
      wake();
    }
  };
  /** Resolves once requests for `p` have been handled `times` times. */
  const handledTimes = (p: string, times: number) =>
    new Promise<void>((resolve) => {
      waiters.push({ path: p, times, resolve });
      wake();
    });
  return { wrap, handledTimes };
}

describe('a crash between discovery and publishing', () => {
  let site: FixtureServer;
  let base: string;
  let crawler: Harness | null = null;
  const hosts = { 'crash.test': '127.0.0.1' };

  beforeAll(async () => {
    const routes: Parameters<typeof startFixtureServer>[0] = {
      // An ETag makes the crawler store validators before the crash; the redelivery must not get a 304.
      '/': (req, res) => {
        if (req.headers['if-none-match'] === '"home"') return res.writeHead(304, { etag: '"home"' }).end();
        res.writeHead(200, { 'content-type': 'text/html', etag: '"home"' }).end(page('Home', ['/a', '/b']));
      },
      '/a': html(page('A', ['/a1', '/b'])),
      '/b': html(page('B')),
      '/a1': html(page('A1')),
      '/from-sitemap': html(page('Listed only in the sitemap')),
    };
    site = await startFixtureServer(routes);
    base = `http://crash.test:${site.port}`;
    routes['/robots.txt'] = text('User-agent: *\nAllow: /\n');
    routes['/sitemap.xml'] = (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${base}/from-sitemap</loc></url></urlset>`);
  });

  afterEach(async () => {
    await crawler?.stop();
    crawler = null;
  });

  afterAll(async () => {
    await site.close();
  });

  const paths = (urls: string[]) => urls.map((u) => new URL(u).pathname).sort();

  it('republishes the links of a redelivered seed, its sitemap entries included, and the job finishes', async () => {
    crawler = await startCrawler({ hosts, wrapHandler: crashOnce('/').wrap });
    const result = await crawler.crawl([`${base}/`], { maxDepth: 2 });

    const children = result.requests.filter((r) => r.discoveredFrom !== null);
    expect(paths(children.map((r) => r.url))).toEqual(['/a', '/a1', '/b', '/from-sitemap']);
    expect(paths(result.pages.map((p) => p.requestUrl))).toEqual(['/', '/a', '/a1', '/b', '/from-sitemap']);
    // The redelivered seed is fetched in full again, not answered from the validators it stored itself.
    expect(result.page(`${base}/`)).toMatchObject({ outcome: 'fetched', status: 200 });
    expect(result.page(`${base}/`)?.body).toContain('Home');
    expect(result.counts).toEqual({ discovered: 5, fetched: 5, failed: 0, skipped: 0, extracted: 0, stored: 0, reasons: {} });
  });

  it('republishes the links of a redelivered page deeper in the job', async () => {
    crawler = await startCrawler({ hosts, env: { CRAWL_SITEMAPS: 'false' }, wrapHandler: crashOnce('/a').wrap });
    const result = await crawler.crawl([`${base}/`], { maxDepth: 2 });

    expect(paths(result.pages.map((p) => p.requestUrl))).toEqual(['/', '/a', '/a1', '/b']);
    // /b is linked from both / and /a: only its first discoverer may publish it.
    expect(result.requests.filter((r) => r.url === `${base}/b`)).toHaveLength(1);
    expect(result.counts).toEqual({ discovered: 4, fetched: 4, failed: 0, skipped: 0, extracted: 0, stored: 0, reasons: {} });
  });

  it('after a crash between publishing and committing, fetches twice but counts every URL once', async () => {
    const crash = crashOnce('/', 'after-publish');
    crawler = await startCrawler({ hosts, env: { CRAWL_SITEMAPS: 'false' }, wrapHandler: crash.wrap });
    const result = await crawler.crawl([`${base}/`], { maxDepth: 2 });
    // The redelivered seed publishes /a and /b a second time; wait until those copies were handled too.
    await Promise.all([crash.handledTimes('/a', 2), crash.handledTimes('/b', 2)]);

    expect(paths([...new Set(result.pages.map((p) => p.requestUrl))])).toEqual(['/', '/a', '/a1', '/b']);
    expect(await crawler.progress.counts(result.jobId)).toEqual({
      discovered: 4,
      fetched: 4,
      failed: 0,
      skipped: 0,
      extracted: 0,
      stored: 0,
      reasons: {},
    });
  });
});
