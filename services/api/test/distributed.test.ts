import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '@winnow/bus';
import { createKafkaBus } from '@winnow/bus';
import { createLogger } from '@winnow/logging';
import { RedisJobProgress } from '@winnow/crawl-state';
import { createPgClient } from '@winnow/read-model';
import type { SqlClient } from '@winnow/read-model';
import { createReadModel } from '@winnow/read-model';
import { duplicateDoc, uniqueDoc } from '@winnow/read-model/testing';
import { createTestTopics, freshDatabase, getInfra, type FreshDatabase } from '@winnow/testing';
import { createApiService, type ApiService } from '../src/service.js';
import { eventually } from './harness.js';

/** Two API instances as main.ts wires them: Kafka, Redis job progress, PostgreSQL, one consumer group. */
describe('distributed: two API instances over Kafka, Redis and PostgreSQL', () => {
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', name: 'api-distributed-test' });
  let db: FreshDatabase;
  let redis: Redis;
  let producer: Bus;
  let prefix: string;
  const instances: { service: ApiService; bus: Bus; sql: SqlClient }[] = [];

  beforeAll(async () => {
    const infra = await getInfra();
    const topics = await createTestTopics('api-distributed');
    prefix = topics.prefix;
    db = await freshDatabase('api_distributed');
    redis = new Redis(infra.redisUrl);
    producer = createKafkaBus({ brokers: topics.brokers, clientId: 'dedup-stand-in', topicPrefix: prefix, source: 'deduplicator' });
    for (let i = 0; i < 2; i++) {
      const sql = createPgClient(db.url);
      const bus = createKafkaBus({
        brokers: topics.brokers, clientId: `api-${i}`, topicPrefix: prefix, source: 'api',
        logger: logger.child({ component: 'bus', instance: i }),
      });
      const service = createApiService({
        readModel: createReadModel(sql),
        bus,
        progress: new RedisJobProgress({ redis, keyPrefix: prefix }),
        logger,
      });
      instances.push({ service, bus, sql });
    }
    // Both start at once: the migration lock lets exactly one of them create the schema.
    await Promise.all(instances.map((x) => x.service.start()));
  });

  afterAll(async () => {
    for (const x of instances) {
      await x.service.stop();
      await x.bus.stop();
      await x.sql.close();
    }
    await producer?.stop();
    redis?.disconnect();
    await db?.drop();
  });

  it('stores what the deduplicator publishes once, whichever instance reads it, and finishes the job', { timeout: 120_000 }, async () => {
    const [a, b] = instances.map((x) => x.service.app);
    const created = await a!.inject({ method: 'POST', url: '/v1/jobs', payload: { seeds: ['https://site.example/'], maxPages: 50 } });
    expect(created.statusCode).toBe(201);
    const job = created.json();

    const progress = new RedisJobProgress({ redis, keyPrefix: prefix });
    const urls = Array.from({ length: 12 }, (_, i) => `https://site.example/p${i}`);
    for (const u of urls) await progress.discover(job.id, u, 50);
    const docs = ['https://site.example/', ...urls].map((url, i) => uniqueDoc({ url, text: `page ${i} 인재를`, jobId: job.id }));
    const [first, ...rest] = docs;
    const copies = rest.slice(0, 4).map((d) => duplicateDoc({ url: d.url, text: d.text, jobId: job.id }, first!));
    await producer.publish(docs.map((d) => ({ topic: 'docs.unique' as const, key: d.docId, value: d })));
    await producer.publish(copies.map((d) => ({ topic: 'docs.unique' as const, key: d.docId, value: null })));
    await producer.publish(copies.map((d) => ({ topic: 'docs.duplicates' as const, key: d.docId, value: d })));

    // `done` means every URL has a stored document; a copy stored as unique first (docs.unique and
    // docs.duplicates are read by different groups, in no mutual order) is revised later, so wait for the
    // settled verdicts too.
    await eventually(async () => {
      const view = (await b!.inject({ method: 'GET', url: `/v1/jobs/${job.id}` })).json();
      expect(view.status).toBe('done');
      expect(view.counts).toMatchObject({ discovered: 13, unique: 9, duplicate: 4 });
      return view;
    }, 60_000);
    const found = (await a!.inject({ method: 'GET', url: `/v1/documents?jobId=${job.id}&q=${encodeURIComponent('인재')}&limit=100` })).json();
    expect(found.items).toHaveLength(13);
  });

  it('lists, cancels and reports hosts across instances through PostgreSQL and Redis', { timeout: 60_000 }, async () => {
    const [a, b] = instances.map((x) => x.service.app);
    const created = await a!.inject({ method: 'POST', url: '/v1/jobs', payload: { seeds: ['https://cancel.example/'], maxPages: 10 } });
    const job = created.json();
    const progress = new RedisJobProgress({ redis, keyPrefix: prefix });
    await progress.finish(job.id, 'https://cancel.example/', 'failed', 'http_500');
    await progress.noteHost(job.id, 'cancel.example', { robots: 'unavailable', delayMs: 1000, lastFetchAt: '2026-12-01T00:00:00.000Z' });
    await progress.discover(job.id, 'https://cancel.example/queued', 10, 'https://cancel.example/');

    const cancelled = await b!.inject({ method: 'POST', url: `/v1/jobs/${job.id}/cancel` });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', counts: { discovered: 2, failed: 1, reasons: { http_500: 1 } } });
    // A crawler instance reading Redis sees the cancel: the job admits nothing more.
    expect(await progress.cancelled(job.id)).toBe(true);
    expect(await progress.discover(job.id, 'https://cancel.example/late', 10, 'https://cancel.example/')).toBe('cancelled');
    expect((await a!.inject({ method: 'POST', url: `/v1/jobs/${job.id}/cancel` })).statusCode).toBe(200);

    const listed = (await a!.inject({ method: 'GET', url: '/v1/jobs?status=cancelled' })).json();
    expect(listed.items.map((j: { id: string }) => j.id)).toEqual([job.id]);
    const hosts = (await a!.inject({ method: 'GET', url: `/v1/jobs/${job.id}/hosts` })).json();
    expect(hosts.items).toEqual([
      { host: 'cancel.example', fetched: 0, failed: { http_500: 1 }, skipped: {}, robots: 'unavailable', delayMs: 1000, lastFetchAt: '2026-12-01T00:00:00.000Z' },
    ]);
    // The first job of this file is done: cancelling it is a conflict.
    const done = (await a!.inject({ method: 'GET', url: '/v1/jobs?status=done' })).json();
    expect(done.items).toHaveLength(1);
    const conflict = await b!.inject({ method: 'POST', url: `/v1/jobs/${done.items[0].id}/cancel` });
    expect(conflict.statusCode).toBe(409);
  });
});
