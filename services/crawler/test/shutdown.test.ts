import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCrawler, type Harness } from './support/crawler-harness.js';
import { startFixtureServer, type FixtureServer } from './support/fixture-server.js';

describe('shutdown', () => {
  let site: FixtureServer;
  let crawler: Harness;

  beforeAll(async () => {
    site = await startFixtureServer({
      '/slow': () => {
        // Never answers: the fetch is still running when the service stops.
      },
    });
    crawler = await startCrawler({ env: { CRAWL_TOTAL_TIMEOUT_MS: '60000', CRAWL_HEADERS_TIMEOUT_MS: '60000' } });
  });

  afterAll(() => site.close());

  it('leaves an interrupted request unfinished, for redelivery, instead of failing it', async () => {
    const pending = crawler.crawl([`${site.origin()}/slow`], { maxDepth: 0 }).catch((err: Error) => err);
    // Bounded only by the test timeout before; the same bound here.
    await vi.waitFor(() => expect(site.hits('/slow')).toBeGreaterThan(0), { timeout: 60_000, interval: 20 });
    await crawler.stop();
    const jobs = crawler.progress.toJSON().jobs;
    const [counts] = Object.values(jobs).map((j) => j.counts);
    expect(counts).toMatchObject({ discovered: 1, fetched: 0, failed: 0, skipped: 0 });
    expect(crawler.bus.messages('pages.fetched')).toHaveLength(0);
    void pending;
  });
});
