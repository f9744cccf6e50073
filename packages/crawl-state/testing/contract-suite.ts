import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JobProgress, TtlCache } from '../src/ports.js';

type Factory<T> = () => T | Promise<T>;

const newJob = (): string => `job-${randomUUID()}`;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour every JobProgress implementation must share (Redis and in-memory). */
export function jobProgressContract(name: string, create: Factory<JobProgress>): void {
  describe(`JobProgress contract: ${name}`, () => {
    it('reports a URL as new once, then as seen', async () => {
      const p = await create();
      const job = newJob();
      expect(await p.discover(job, 'https://a.test/', 10)).toBe('new');
      expect(await p.discover(job, 'https://a.test/', 10)).toBe('seen');
      expect((await p.counts(job)).discovered).toBe(1);
    });

    it('stops at maxPages but still recognises URLs it has seen', async () => {
      const p = await create();
      const job = newJob();
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await p.discover(job, `https://a.test/${i}`, 3));
      expect(results).toEqual(['new', 'new', 'new', 'limit', 'limit']);
      expect(await p.discover(job, 'https://a.test/0', 3)).toBe('seen');
      expect((await p.counts(job)).discovered).toBe(3);
    });

    it('never exceeds maxPages or admits a URL twice under concurrent discovery', async () => {
      const p = await create();
      const job = newJob();
      const urls = Array.from({ length: 60 }, (_, i) => `https://a.test/${i % 30}`);
      const results = await Promise.all(urls.map((u) => p.discover(job, u, 10)));
      expect(results.filter((r) => r === 'new')).toHaveLength(10);
      const admitted = urls.filter((_, i) => results[i] === 'new');
      expect(new Set(admitted).size).toBe(10);
      expect((await p.counts(job)).discovered).toBe(10);
    });

    it('answers new again to the discoverer that admitted a URL, and seen to everyone else', async () => {
      const p = await create();
      const job = newJob();
      const parent = 'https://a.test/parent';
      expect(await p.discover(job, 'https://a.test/child', 10, parent)).toBe('new');
      // A redelivered parent whose emits were lost must publish its child again.
      expect(await p.discover(job, 'https://a.test/child', 10, parent)).toBe('new');
      expect(await p.discover(job, 'https://a.test/child', 10, 'https://a.test/other')).toBe('seen');
      expect(await p.discover(job, 'https://a.test/child', 10)).toBe('seen');
      expect(await p.discover(job, 'https://a.test/child', 10, parent)).toBe('new');
      expect((await p.counts(job)).discovered).toBe(1);
    });

    it('gives no discoverer a claim on a URL admitted without one, such as a seed', async () => {
      const p = await create();
      const job = newJob();
      expect(await p.discover(job, 'https://a.test/', 10)).toBe('new');
      expect(await p.discover(job, 'https://a.test/', 10, 'https://a.test/')).toBe('seen');
      expect(await p.discover(job, 'https://a.test/', 10, '')).toBe('seen');
      expect((await p.counts(job)).discovered).toBe(1);
    });

    it('offers a page\'s links in one call, answering each as discover would, in order', async () => {
      const p = await create();
      const job = newJob();
      const parent = 'https://a.test/parent';
      expect(await p.discover(job, 'https://a.test/known', 3)).toBe('new');
      const links = ['https://a.test/1', 'https://a.test/known', 'https://a.test/1', 'https://a.test/2', 'https://a.test/3'];
      expect(await p.discoverAll(job, links, 3, parent)).toEqual(['new', 'seen', 'new', 'new', 'limit']);
      expect((await p.counts(job)).discovered).toBe(3);
      // The parent redelivered gets its own links again; anyone else sees them as seen.
      expect(await p.discoverAll(job, links, 3, parent)).toEqual(['new', 'seen', 'new', 'new', 'limit']);
      expect(await p.discoverAll(job, ['https://a.test/2', 'https://a.test/4'], 3)).toEqual(['seen', 'limit']);
      expect(await p.discover(job, 'https://a.test/2', 3, parent)).toBe('new');
      expect(await p.discoverAll(job, [], 3, parent)).toEqual([]);
      expect((await p.counts(job)).discovered).toBe(3);
      await p.cancel(job);
      expect(await p.discoverAll(job, ['https://a.test/5', 'https://a.test/1'], 10, parent)).toEqual(['cancelled', 'cancelled']);
    });

    it('keeps maxPages exact when a discoverer comes back after the limit is reached', async () => {
      const p = await create();
      const job = newJob();
      const parent = 'https://a.test/parent';
      const first = [];
      for (let i = 0; i < 5; i++) first.push(await p.discover(job, `https://a.test/${i}`, 3, parent));
      expect(first).toEqual(['new', 'new', 'new', 'limit', 'limit']);
      const again = [];
      for (let i = 0; i < 5; i++) again.push(await p.discover(job, `https://a.test/${i}`, 3, parent));
      // The parent owns the three it got in, and a refused URL never becomes its own.
      expect(again).toEqual(['new', 'new', 'new', 'limit', 'limit']);
      expect(await p.discover(job, 'https://a.test/3', 3, 'https://a.test/other')).toBe('limit');
      expect((await p.counts(job)).discovered).toBe(3);
    });

    it('admits each URL for one discoverer under concurrent discovery, and only that one gets it again', async () => {
      const p = await create();
      const job = newJob();
      const parents = ['https://a.test/p1', 'https://a.test/p2', 'https://a.test/p3'];
      const urls = Array.from({ length: 20 }, (_, i) => `https://a.test/${i}`);
      const offers = parents.flatMap((from) => urls.map((url) => ({ from, url })));
      const first = await Promise.all(offers.map((o) => p.discover(job, o.url, 12, o.from)));
      const owner = new Map<string, string>();
      offers.forEach((o, i) => {
        if (first[i] !== 'new') return;
        expect(owner.has(o.url)).toBe(false);
        owner.set(o.url, o.from);
      });
      expect(owner.size).toBe(12);
      // Every parent is redelivered at once: exactly the owners get 'new', nothing is admitted twice.
      const again = await Promise.all(offers.map((o) => p.discover(job, o.url, 12, o.from)));
      offers.forEach((o, i) => {
        const expected = owner.get(o.url) === o.from ? 'new' : owner.has(o.url) ? 'seen' : 'limit';
        expect(again[i]).toBe(expected);
      });
      expect((await p.counts(job)).discovered).toBe(12);
    });

    it('does not inflate counts when a redelivered discoverer goes over URLs already processed', async () => {
      const p = await create();
      const job = newJob();
      const parent = 'https://a.test/';
      for (const u of ['a', 'b']) await p.discover(job, `https://a.test/${u}`, 10, parent);
      await p.mark(job, 'https://a.test/a', 'fetched');
      await p.mark(job, 'https://a.test/a', 'extracted');
      await p.finish(job, 'https://a.test/b', 'failed', 'http_404');
      for (const u of ['a', 'b']) expect(await p.discover(job, `https://a.test/${u}`, 10, parent)).toBe('new');
      await p.mark(job, 'https://a.test/a', 'fetched');
      await p.mark(job, 'https://a.test/a', 'extracted');
      await p.finish(job, 'https://a.test/b', 'failed', 'http_404');
      expect(await p.counts(job)).toEqual({
        discovered: 2,
        fetched: 1,
        failed: 1,
        skipped: 0,
        extracted: 1,
        stored: 0,
        reasons: { http_404: 1 },
      });
    });

    it('counts each progress mark once per URL, however often it is redelivered', async () => {
      const p = await create();
      const job = newJob();
      await p.discover(job, 'https://a.test/x', 10);
      await p.discover(job, 'https://a.test/y', 10);
      await p.mark(job, 'https://a.test/x', 'fetched');
      await p.mark(job, 'https://a.test/x', 'fetched');
      await p.mark(job, 'https://a.test/y', 'fetched');
      await p.mark(job, 'https://a.test/x', 'extracted');
      await Promise.all([p.mark(job, 'https://a.test/y', 'extracted'), p.mark(job, 'https://a.test/y', 'extracted')]);
      const counts = await p.counts(job);
      expect(counts).toMatchObject({ discovered: 2, fetched: 2, extracted: 2, failed: 0, skipped: 0 });
    });

    it('records one final state per URL with the first reason, and counts reasons', async () => {
      const p = await create();
      const job = newJob();
      for (const u of ['a', 'b', 'c', 'd']) await p.discover(job, `https://a.test/${u}`, 10);
      await p.finish(job, 'https://a.test/a', 'skipped', 'robots_disallowed');
      await p.finish(job, 'https://a.test/a', 'failed', 'http_404');
      await p.finish(job, 'https://a.test/b', 'failed', 'http_404');
      await p.finish(job, 'https://a.test/c', 'failed', 'http_404');
      await p.mark(job, 'https://a.test/d', 'fetched');
      await p.finish(job, 'https://a.test/d', 'failed', 'extract_empty');
      const counts = await p.counts(job);
      expect(counts).toEqual({
        discovered: 4,
        fetched: 1,
        failed: 3,
        skipped: 1,
        extracted: 0,
        stored: 0,
        reasons: { robots_disallowed: 1, http_404: 2, extract_empty: 1 },
      });
    });

    it('keeps jobs apart and reports zero for a job it has never seen', async () => {
      const p = await create();
      const [one, two] = [newJob(), newJob()];
      expect(await p.discover(one, 'https://a.test/', 1)).toBe('new');
      expect(await p.discover(two, 'https://a.test/', 1)).toBe('new');
      expect(await p.discover(one, 'https://a.test/other', 1)).toBe('limit');
      expect(await p.counts(newJob())).toEqual({
        discovered: 0,
        fetched: 0,
        failed: 0,
        skipped: 0,
        extracted: 0,
        stored: 0,
        reasons: {},
      });
    });

    it('completes a job on the update that takes its last URL to a final state, once', async () => {
      const p = await create();
      const job = newJob();
      for (const u of ['a', 'b', 'c']) await p.discover(job, `https://a.test/${u}`, 10);
      expect(await p.finish(job, 'https://a.test/a', 'skipped', 'robots_disallowed')).toBe(false);
      expect(await p.store(job, 'https://a.test/b')).toBe(false);
      expect(await p.store(job, 'https://a.test/b')).toBe(false);
      expect(await p.finish(job, 'https://a.test/c', 'failed', 'http_404')).toBe(true);
      // A redelivery of the completing update may republish a lost event; nobody else completes it again.
      expect(await p.finish(job, 'https://a.test/c', 'failed', 'http_404')).toBe(true);
      expect(await p.store(job, 'https://a.test/a')).toBe(false);
      expect(await p.counts(job)).toMatchObject({ discovered: 3, failed: 1, skipped: 1, stored: 1 });
      expect((await p.counts(job)).reasons).toEqual({ robots_disallowed: 1, http_404: 1 });
    });

    it('does not complete a job while a URL that may still discover others is open', async () => {
      const p = await create();
      const job = newJob();
      const root = 'https://a.test/';
      await p.discover(job, root, 10);
      await p.mark(job, root, 'fetched');
      // The root's discoveries are recorded before its own final state, as the crawler does.
      await p.discover(job, 'https://a.test/x', 10, root);
      expect(await p.finish(job, 'https://a.test/x', 'failed', 'http_404')).toBe(false);
      expect(await p.store(job, root)).toBe(true);
    });

    it('completes exactly once when the last URLs finish concurrently', async () => {
      const p = await create();
      const job = newJob();
      const urls = Array.from({ length: 20 }, (_, i) => `https://a.test/${i}`);
      for (const u of urls) await p.discover(job, u, 100);
      const results = await Promise.all(urls.map((u, i) => (i % 2 ? p.store(job, u) : p.finish(job, u, 'skipped', 'x'))));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('admits nothing once cancelled, still records what is in flight, and completes when it settles', async () => {
      const p = await create();
      const job = newJob();
      expect(await p.discover(job, 'https://a.test/', 10)).toBe('new');
      expect(await p.discover(job, 'https://a.test/queued', 10)).toBe('new');
      expect(await p.cancelled(job)).toBe(false);
      await p.cancel(job);
      await p.cancel(job);
      expect(await p.cancelled(job)).toBe(true);
      expect(await p.discover(job, 'https://a.test/late', 10, 'https://a.test/')).toBe('cancelled');
      await p.mark(job, 'https://a.test/', 'fetched');
      expect(await p.store(job, 'https://a.test/')).toBe(false);
      expect(await p.finish(job, 'https://a.test/queued', 'skipped', 'job_cancelled')).toBe(true);
      expect(await p.counts(job)).toMatchObject({ discovered: 2, fetched: 1, skipped: 1, stored: 1, reasons: { job_cancelled: 1 } });
      const other = newJob();
      expect(await p.cancelled(other)).toBe(false);
      expect(await p.discover(other, 'https://a.test/', 10)).toBe('new');
    });

    it('counts each URL once per host and outcome, and keeps the last note per host', async () => {
      const p = await create();
      const job = newJob();
      const urls = ['https://a.test/1', 'https://a.test/2', 'https://a.test/3', 'https://b.test:8080/x', 'https://b.test:8080/y'];
      for (const u of urls) await p.discover(job, u, 100);
      for (let i = 0; i < 2; i++) {
        await p.mark(job, urls[0]!, 'fetched');
        await p.mark(job, urls[0]!, 'extracted');
        await p.finish(job, urls[1]!, 'failed', 'http_404');
        await p.finish(job, urls[2]!, 'failed', 'timeout');
        await p.finish(job, urls[3]!, 'skipped', 'robots_disallowed');
      }
      await p.store(job, urls[4]!);
      await p.noteHost(job, 'a.test', { robots: 'absent', delayMs: 500, lastFetchAt: '2026-01-01T00:00:00.000Z' });
      await p.noteHost(job, 'a.test', { robots: 'fetched', delayMs: 2000, lastFetchAt: '2026-01-01T00:00:05.000Z' });
      expect(await p.hosts(job)).toEqual([
        {
          host: 'a.test', fetched: 1, failed: { http_404: 1, timeout: 1 }, skipped: {},
          robots: 'fetched', delayMs: 2000, lastFetchAt: '2026-01-01T00:00:05.000Z',
        },
        { host: 'b.test:8080', fetched: 0, failed: {}, skipped: { robots_disallowed: 1 }, robots: null, delayMs: null, lastFetchAt: null },
      ]);
      expect(await p.hosts(newJob())).toEqual([]);
    });
  });
}

/** The behaviour every TtlCache implementation must share (Redis and in-memory). */
export function ttlCacheContract(name: string, create: Factory<TtlCache>): void {
  describe(`TtlCache contract: ${name}`, () => {
    it('returns null for a missing key and the value for a stored one', async () => {
      const c = await create();
      const key = `k-${randomUUID()}`;
      expect(await c.get(key)).toBeNull();
      await c.set(key, 'User-agent: *\nDisallow: /private', 60);
      expect(await c.get(key)).toBe('User-agent: *\nDisallow: /private');
    });

    it('overwrites, deletes, and keeps keys with URL characters apart', async () => {
      const c = await create();
      const a = `robots:https://a.test:8080/${randomUUID()}`;
      const b = `${a}?q=1&x=%20`;
      await c.set(a, 'one', 60);
      await c.set(b, 'two', 60);
      await c.set(a, 'three', 60);
      expect(await c.get(a)).toBe('three');
      expect(await c.get(b)).toBe('two');
      await c.delete(a);
      await c.delete(`never-set-${randomUUID()}`);
      expect(await c.get(a)).toBeNull();
      expect(await c.get(b)).toBe('two');
    });

    it('stores the empty string and non-ASCII text as given', async () => {
      const c = await create();
      const key = `k-${randomUUID()}`;
      await c.set(key, '', 60);
      expect(await c.get(key)).toBe('');
      await c.set(key, '한국어 본문 ✓', 60);
      expect(await c.get(key)).toBe('한국어 본문 ✓');
    });

    it('forgets an entry once its TTL has passed', async () => {
      const c = await create();
      const key = `k-${randomUUID()}`;
      await c.set(key, 'short', 1);
      await c.set(`${key}-long`, 'long', 60);
      await sleep(1200);
      expect(await c.get(key)).toBeNull();
      expect(await c.get(`${key}-long`)).toBe('long');
    });

    it('rejects a TTL that is not positive', async () => {
      const c = await create();
      await expect(c.set('k', 'v', 0)).rejects.toThrow(RangeError);
      await expect(c.set('k', 'v', -5)).rejects.toThrow(RangeError);
    });
  });
}
