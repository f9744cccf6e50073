import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createKafkaBus } from '@winnow/bus';
import { RedisJobProgress } from '@winnow/crawl-state';
import { createLogger } from '@winnow/logging';
import { createPgClient, createReadModel } from '@winnow/read-model';
import { duplicateDoc, uniqueDoc } from '@winnow/read-model/testing';
import { createTestTopics, freshDatabase, getInfra } from '@winnow/testing';
import { createApiService } from '../src/service.js';
import { eventually } from './harness.js';

const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/**
 * kill -9 between a batch's write and its offset commit: the batch is in PostgreSQL, Kafka still holds its
 * messages as unread. A new instance must redeliver them and end with every document stored exactly once
 * and the job done once: nothing lost, and the replayed writes change nothing.
 */
describe('the read-model consumer killed between a batch write and its commit', () => {
  it('loses nothing and stores every document once after the restart', { timeout: 180_000 }, async () => {
    const infra = await getInfra();
    const topics = await createTestTopics('api-kill');
    const db = await freshDatabase('api_kill');
    cleanups.push(() => db.drop());
    const redis = new Redis(infra.redisUrl);
    cleanups.push(() => redis.disconnect());
    const sql = createPgClient(db.url);
    cleanups.push(() => sql.close());
    const readModel = createReadModel(sql);
    await readModel.migrate();

    const jobId = 'job-kill-mid-batch';
    await readModel.createJob(jobId, { seeds: ['https://kill.example/0'], maxDepth: 1, maxPages: 200, scope: 'host', include: [], exclude: [] });
    const progress = new RedisJobProgress({ redis, keyPrefix: topics.prefix });
    const docs = Array.from({ length: 120 }, (_, i) => uniqueDoc({ url: `https://kill.example/${i}`, text: `story ${i}`, jobId }));
    for (const d of docs) await progress.discover(jobId, d.url, 200);
    // A third of them later prove to be copies of the first: tombstone on docs.unique, verdict on docs.duplicates.
    const copies = docs.slice(80).map((d) => duplicateDoc({ url: d.url, text: d.text, jobId }, docs[0]!));
    const producer = createKafkaBus({ brokers: topics.brokers, clientId: 'dedup-stand-in', topicPrefix: topics.prefix, source: 'deduplicator' });
    cleanups.push(() => producer.stop());
    await producer.publish(docs.map((d) => ({ topic: 'docs.unique' as const, key: d.docId, value: d })));
    await producer.publish(copies.map((d) => ({ topic: 'docs.unique' as const, key: d.docId, value: null })));
    await producer.publish(copies.map((d) => ({ topic: 'docs.duplicates' as const, key: d.docId, value: d })));

    const child = spawn(process.execPath, [fileURLToPath(new URL('./support/killed-after-write.mjs', import.meta.url))], {
      env: { ...process.env, BROKERS: topics.brokers.join(','), PREFIX: topics.prefix, DATABASE_URL: db.url, REDIS_URL: infra.redisUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, s) => resolve(s)));
    expect(signal).toBe('SIGKILL');
    const written = (JSON.parse(out.trim()) as { written: number }).written;
    expect(written).toBeGreaterThan(0);
    // The killed batch is durable although its offsets were never committed.
    const before = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM documents');
    expect(before.rows[0]!.n).toBeGreaterThan(0);

    const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', name: 'api-kill-test' });
    const bus = createKafkaBus({ brokers: topics.brokers, clientId: 'api-restarted', topicPrefix: topics.prefix, source: 'api', logger });
    const service = createApiService({ readModel, bus, progress, logger });
    await service.start();
    cleanups.push(async () => {
      await service.stop();
      await bus.stop();
    });

    // The dead member's session must expire before its partitions are reassigned: up to Kafka's 30 s.
    await eventually(async () => {
      const job = await readModel.getJob(jobId);
      const counts = await readModel.countsForJob(jobId);
      expect({ status: job?.status, counts }).toEqual({ status: 'done', counts: { unique: 80, duplicate: 40 } });
    }, 150_000);
    const rows = await sql.query<{ id: string; verdict: string; duplicate_of: string | null }>('SELECT id, verdict, duplicate_of FROM documents');
    expect(rows.rows).toHaveLength(120);
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    for (const d of docs.slice(0, 80)) expect(byId.get(d.docId)?.verdict).toBe('unique');
    for (const d of copies) expect(byId.get(d.docId)).toMatchObject({ verdict: 'duplicate', duplicate_of: docs[0]!.docId });
    const urls = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM job_urls WHERE job_id = $1', [jobId]);
    expect(urls.rows[0]!.n).toBe(120);
  });
});
