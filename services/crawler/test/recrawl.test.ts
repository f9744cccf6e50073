import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCrawler, type Harness } from './support/crawler-harness.js';
import { page, startFixtureServer, type FixtureServer } from './support/fixture-server.js';

describe('conditional re-crawl', () => {
  let site: FixtureServer;
  let crawler: Harness;
  let version = 1;

  beforeAll(async () => {
    const modified = 'Tue, 01 Oct 2024 10:00:00 GMT';
    site = await startFixtureServer({
      '/etag': (req, res) => {
        const etag = `"v${version}"`;
        if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
        res.writeHead(200, { 'content-type': 'text/html', etag }).end(page(`Version ${version}`));
      },
      '/dated': (req, res) => {
        if (req.headers['if-modified-since'] === modified) return res.writeHead(304).end();
        res.writeHead(200, { 'content-type': 'text/html', 'last-modified': modified }).end(page('Dated'));
      },
      '/plain': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page('No validators')),
      '/hub': (req, res) => {
        if (req.headers['if-none-match'] === '"hub"') return res.writeHead(304, { etag: '"hub"' }).end();
        res.writeHead(200, { 'content-type': 'text/html', etag: '"hub"' }).end(page('Hub', ['/plain']));
      },
      '/last-hub': (req, res) => {
        if (req.headers['if-none-match'] === '"last"') return res.writeHead(304, { etag: '"last"' }).end();
        res.writeHead(200, { 'content-type': 'text/html', etag: '"last"' }).end(page('Last hub', ['/leaf']));
      },
      '/leaf': (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page('Leaf')),
    });
    crawler = await startCrawler();
  });

  afterAll(async () => {
    await crawler.stop();
    await site.close();
  });

  it('sends the stored validators and reports a 304 as unchanged, without a body', async () => {
    const seeds = ['/etag', '/dated', '/plain'].map((p) => `${site.origin()}${p}`);
    const first = await crawler.crawl(seeds, { maxDepth: 0 });
    expect(first.pages.every((p) => p.outcome === 'fetched')).toBe(true);

    const second = await crawler.crawl(seeds, { maxDepth: 0 });
    expect(second.page(seeds[0]!)).toMatchObject({ outcome: 'unchanged', reason: 'not_modified', status: 304, body: null });
    expect(second.page(seeds[1]!)).toMatchObject({ outcome: 'unchanged', reason: 'not_modified' });
    expect(second.page(seeds[2]!)).toMatchObject({ outcome: 'fetched' });
    expect(second.counts).toMatchObject({ discovered: 3, fetched: 1, skipped: 2, reasons: { not_modified: 2 } });
    const etagRequests = site.requests.filter((r) => r.path === '/etag');
    expect(etagRequests[1]?.headers['if-none-match']).toBe('"v1"');

    version = 2;
    const third = await crawler.crawl([seeds[0]!], { maxDepth: 0 });
    expect(third.page(seeds[0]!)).toMatchObject({ outcome: 'fetched' });
    expect(third.page(seeds[0]!)?.body).toContain('Version 2');
  });

  it('still walks the links of an unchanged hub page in a new job', async () => {
    const hub = `${site.origin()}/hub`;
    const first = await crawler.crawl([hub], { maxDepth: 1 });
    expect(first.pages.map((p) => p.outcome).sort()).toEqual(['fetched', 'fetched']);
    const second = await crawler.crawl([hub], { maxDepth: 1 });
    expect(second.page(hub)).toMatchObject({ outcome: 'unchanged' });
    expect(second.page(`${site.origin()}/plain`)).toMatchObject({ outcome: 'fetched' });
  });

  it('keeps the links of a page fetched at the last depth, so a deeper job still walks past its 304', async () => {
    const hub = `${site.origin()}/last-hub`;
    const first = await crawler.crawl([hub], { maxDepth: 0 });
    expect(first.pages.map((p) => p.url)).toEqual([hub]);
    const second = await crawler.crawl([hub], { maxDepth: 1 });
    expect(second.page(hub)).toMatchObject({ outcome: 'unchanged' });
    expect(second.page(`${site.origin()}/leaf`)).toMatchObject({ outcome: 'fetched' });
  });
});
