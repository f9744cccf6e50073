import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createKafkaBus, createMemoryBus, ok, type Bus, type Subscription } from '@winnow/bus';
import { MemoryJobProgress, RedisJobProgress, type JobProgress } from '@winnow/crawl-state';
import { createLogger } from '@winnow/logging';
import { createTestTopics, getInfra } from '@winnow/testing';
import type { JobEvent } from '@winnow/types';
import { docIdFor } from '@winnow/url';
// The worker pool loads the compiled worker, so the service is tested as built.
import { createExtractorService } from '../dist/service.js';
import { fetchedPage } from './pages.js';

const logger = createLogger({ level: 'silent', name: 'test' });
const settings = { EXTRACT_WORKERS: 1, EXTRACT_TIMEOUT_MS: 10_000, EXTRACT_CONCURRENCY: 2, EXTRACT_MASK_PII: false };
const INVALID_DOCUMENT = 'WINNOW_ERR_EXTRACT_INVALID_DOCUMENT';

const body = `<html lang="en"><head><title>Ferry timetable changes</title></head><body><article><h1>Ferry timetable changes</h1>
<p>The island ferry will run every forty minutes from next month, the harbour office said on Tuesday after a long consultation.</p>
<p>Evening crossings move thirty minutes later so that commuters can catch the last train from the mainland station.</p>
</article></body></html>`;


/**
 * A page whose extracted document breaks the docs.extracted contract is dead-lettered (an extractor bug, not
 * a property of the page). No page makes one on purpose, so the handler is given a page value the contract
 * check of its document then refuses (an invalid fetchedAt); everything else is the real service and bus.
 */
async function expectDeadLetteredLastUrlCompletes(bus: Bus, progress: JobProgress): Promise<void> {
  const jobId = `job-${randomUUID()}`;
  const url = `https://ferry-${jobId.slice(4, 12)}.example/timetable`;
  expect(await progress.discover(jobId, url, 10)).toBe('new');
  const service = createExtractorService({ bus, progress, logger, config: settings });
  const subs: Subscription[] = [];
  const events: JobEvent[] = [];
  try {
    subs.push(
      await bus.subscribe({
        group: `extractor-${jobId}`,
        topic: 'pages.fetched',
        handler: (m) => service.handle({ ...m, value: { ...m.value!, fetchedAt: 'sometime on Tuesday' } }),
      }),
      await bus.subscribe({ group: `events-${jobId}`, topic: 'jobs.events', handler: async (m) => (m.value && events.push(m.value), ok()) }),
    );
    await bus.publish([{ topic: 'pages.fetched', key: docIdFor(url), value: fetchedPage(url, body, { jobId }) }]);
    await vi.waitFor(() => expect(events.filter((e) => e.jobId === jobId)).toHaveLength(1), { timeout: 30_000, interval: 25 });
    const [event] = events.filter((e) => e.jobId === jobId);
    expect(event).toMatchObject({ type: 'job.completed', counts: { discovered: 1, failed: 1, stored: 0 } });
    expect((await progress.counts(jobId)).reasons).toEqual({ extract_invalid: 1 });
    const letters = await vi.waitFor(async () => {
      const mine = (await bus.deadLetters('pages.fetched')).filter((l) => l.key === docIdFor(url));
      expect(mine).toHaveLength(1);
      return mine;
    }, { timeout: 30_000, interval: 50 });
    expect(letters[0]!.code).toBe(INVALID_DOCUMENT);
  } finally {
    await Promise.all(subs.map((s) => s.stop()));
    await service.stop();
  }
}

describe("a job whose last URL the extractor dead-letters still completes, with the URL failed and its reason", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('in embedded mode (in-process bus, in-memory job progress)', async () => {
    const bus = createMemoryBus();
    cleanups.push(() => bus.stop());
    await expectDeadLetteredLastUrlCompletes(bus, new MemoryJobProgress());
  });

  it('in distributed mode (Kafka, Redis job progress)', async () => {
    const infra = await getInfra();
    const topics = await createTestTopics('extractor-dlq');
    const redis = new Redis(infra.redisUrl);
    const bus = createKafkaBus({ brokers: topics.brokers, clientId: 'extractor-dlq', topicPrefix: topics.prefix, source: 'extractor' });
    cleanups.push(() => redis.quit(), () => bus.stop());
    await expectDeadLetteredLastUrlCompletes(bus, new RedisJobProgress({ redis, keyPrefix: `${topics.prefix}` }));
  }, 120_000);
});
