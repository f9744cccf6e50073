import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCrawler, type Harness } from './support/crawler-harness.js';
import { bytes, html, page, redirect, startFixtureServer, text, type FixtureServer } from './support/fixture-server.js';

// "안녕하세요, 한국어 뉴스입니다" in EUC-KR.
const EUC_KR_HELLO = Buffer.from('bec8b3e7c7cfbcbcbfe42c20c7d1b1b9beee20b4babdbac0d4b4cfb4d9', 'hex');
const KOREAN = '안녕하세요, 한국어 뉴스입니다';

describe('crawler against a loopback site', () => {
  let site: FixtureServer;
  let crawler: Harness;
  let base: string;

  beforeAll(async () => {
    site = await startFixtureServer({
      '/robots.txt': text('User-agent: *\nDisallow: /private\n'),
      '/': html(page('Home', ['/a', '/private/secret', '/missing', '/report.pdf', '/euc-kr', '/euc-kr-meta', '/old'])),
      '/a': html(page('A', ['/'])),
      '/private/secret': html(page('Secret')),
      '/report.pdf': bytes(Buffer.from('%PDF-1.4 fake'), { 'content-type': 'application/pdf' }),
      '/euc-kr': bytes(Buffer.concat([Buffer.from('<html><body><p>'), EUC_KR_HELLO, Buffer.from('</p></body></html>')]), {
        'content-type': 'text/html; charset=EUC-KR',
      }),
      '/euc-kr-meta': bytes(
        Buffer.concat([Buffer.from('<html><head><meta charset="euc-kr"></head><body><p>'), EUC_KR_HELLO, Buffer.from('</p></body></html>')]),
        { 'content-type': 'text/html' },
      ),
      '/old': redirect('/new'),
      '/new': html(page('New home of old')),
    });
    base = site.origin();
    crawler = await startCrawler();
  });

  afterAll(async () => {
    await crawler.stop();
    await site.close();
  });

  it('fetches, skips and fails each URL with a typed reason, leaving none unfinished', async () => {
    const result = await crawler.crawl([`${base}/`]);
    const byPath = (p: string) => result.page(`${base}${p}`);

    expect(byPath('/')).toMatchObject({ outcome: 'fetched', status: 200, reason: null });
    expect(byPath('/a')).toMatchObject({ outcome: 'fetched' });
    expect(byPath('/private/secret')).toMatchObject({ outcome: 'skipped', reason: 'robots_disallowed', body: null });
    expect(byPath('/missing')).toMatchObject({ outcome: 'failed', reason: 'http_404', status: 404 });
    expect(byPath('/report.pdf')).toMatchObject({ outcome: 'skipped', reason: 'content_type_not_allowed', body: null });
    expect(site.hits('/private/secret')).toBe(0);
    expect(site.hits('/robots.txt')).toBe(1);

    expect(result.counts).toMatchObject({ discovered: 8, fetched: 5, failed: 1, skipped: 2 });
    expect(result.counts.reasons).toEqual({ robots_disallowed: 1, http_404: 1, content_type_not_allowed: 1 });
    expect(result.pages).toHaveLength(8);
  });

  it('decodes EUC-KR pages from the Content-Type header and from <meta>', async () => {
    const result = await crawler.crawl([`${base}/euc-kr`, `${base}/euc-kr-meta`], { maxDepth: 0 });
    expect(result.page(`${base}/euc-kr`)).toMatchObject({ charset: 'euc-kr', charsetSource: 'header' });
    expect(result.page(`${base}/euc-kr-meta`)).toMatchObject({ charset: 'euc-kr', charsetSource: 'meta' });
    expect(result.page(`${base}/euc-kr`)?.body).toContain(KOREAN);
    expect(result.page(`${base}/euc-kr-meta`)?.body).toContain(KOREAN);
  });

  it('reports the final URL of a redirect, keyed by its docId', async () => {
    const result = await crawler.crawl([`${base}/old`], { maxDepth: 0 });
    const old = result.page(`${base}/old`);
    const direct = await crawler.crawl([`${base}/new`], { maxDepth: 0 });
    expect(old).toMatchObject({ outcome: 'fetched', requestUrl: `${base}/old`, url: `${base}/new` });
    expect(old?.docId).toBe(direct.page(`${base}/new`)?.docId);
    expect(old?.body).toContain('New home of old');
  });
});

describe('crawler limits', () => {
  let site: FixtureServer;
  let crawler: Harness;
  let base: string;

  beforeAll(async () => {
    const hops: Record<string, ReturnType<typeof redirect>> = {};
    for (let i = 0; i < 8; i++) hops[`/hop${i}`] = redirect(`/hop${i + 1}`, 302);
    site = await startFixtureServer({
      ...hops,
      '/hop8': html(page('End of the chain')),
      '/loop-a': redirect('/loop-b'),
      '/loop-b': redirect('/loop-a'),
      '/big': html(`<html><body>${'x'.repeat(300_000)}</body></html>`),
      '/big-chunked': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        for (let i = 0; i < 40; i++) res.write('y'.repeat(10_000));
        res.end();
      },
      '/bomb': bytes(gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)), { 'content-type': 'text/html', 'content-encoding': 'gzip' }),
      '/gzip-ok': bytes(gzipSync(Buffer.from(page('Compressed fine'))), { 'content-type': 'text/html', 'content-encoding': 'gzip' }),
      '/never-ends': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body>');
        const timer = setInterval(() => res.write('.'), 100);
        res.on('close', () => clearInterval(timer));
      },
      '/stalls': () => {
        // Never answers.
      },
    });
    base = site.origin();
    crawler = await startCrawler({
      env: { CRAWL_MAX_BODY_BYTES: '131072', CRAWL_MAX_REDIRECTS: '5', CRAWL_TOTAL_TIMEOUT_MS: '1500', CRAWL_HEADERS_TIMEOUT_MS: '1000' },
    });
  });

  afterAll(async () => {
    await crawler.stop();
    await site.close();
  });

  it('stops redirect loops and chains that are too long', async () => {
    const result = await crawler.crawl([`${base}/loop-a`, `${base}/hop0`, `${base}/hop4`], { maxDepth: 0 });
    expect(result.page(`${base}/loop-a`)).toMatchObject({ outcome: 'failed', reason: 'redirect_loop' });
    expect(result.page(`${base}/hop0`)).toMatchObject({ outcome: 'failed', reason: 'too_many_redirects' });
    expect(result.page(`${base}/hop4`)).toMatchObject({ outcome: 'fetched', url: `${base}/hop8` });
  });

  it('cuts off large bodies and gzip bombs by their decompressed size', async () => {
    const result = await crawler.crawl([`${base}/big`, `${base}/big-chunked`, `${base}/bomb`, `${base}/gzip-ok`], { maxDepth: 0 });
    expect(result.page(`${base}/big`)).toMatchObject({ outcome: 'skipped', reason: 'too_large' });
    expect(result.page(`${base}/big-chunked`)).toMatchObject({ outcome: 'skipped', reason: 'too_large' });
    expect(result.page(`${base}/bomb`)).toMatchObject({ outcome: 'skipped', reason: 'too_large' });
    expect(result.page(`${base}/gzip-ok`)).toMatchObject({ outcome: 'fetched' });
    expect(result.page(`${base}/gzip-ok`)?.body).toContain('Compressed fine');
    expect(result.counts.reasons).toEqual({ too_large: 3 });
  });

  it('gives up on a page that never finishes and on a server that never answers', async () => {
    const result = await crawler.crawl([`${base}/never-ends`, `${base}/stalls`], { maxDepth: 0 });
    expect(result.page(`${base}/never-ends`)).toMatchObject({ outcome: 'failed', reason: 'timeout' });
    expect(result.page(`${base}/stalls`)).toMatchObject({ outcome: 'failed', reason: 'timeout' });
  });
});
