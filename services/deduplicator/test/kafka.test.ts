import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ok, type Bus, type Subscription } from '@winnow/bus';
import { createKafkaBus } from '@winnow/bus';
import { EN_ARTICLE, EN_COMMENT, KO_ARTICLE, KO_COMMENT, repost, syntheticText } from '@winnow/dedup/testing';
import { createRedisJudgedDocStore } from '@winnow/dedup-redis';
import { createRedisIndex, dropNamespace } from '@winnow/dedup-redis';
import { createTestTopics, getInfra } from '@winnow/testing';
import { createDeduplicatorService, type DeduplicatorService } from '../src/service.js';
import { extracted } from './fixtures.js';

const logger = pino({ level: 'silent' });

/** Two deduplicator instances over real Kafka and one Redis, as in distributed mode. */
describe('deduplicator over Kafka, two instances', () => {
  const namespace = `kafka-${randomUUID()}`;
  const buses: Bus[] = [];
  const clients: Redis[] = [];
  const services: DeduplicatorService[] = [];
  let reader: Subscription;
  const latest = new Map<string, unknown>();

  beforeAll(async () => {
    const infra = await getInfra();
    const topics = await createTestTopics('deduplicator-kafka');
    const bus = (id: string) => {
      const b = createKafkaBus({ brokers: topics.brokers, clientId: id, topicPrefix: topics.prefix, source: 'deduplicator' });
      buses.push(b);
      return b;
    };
    for (const i of [1, 2]) {
      const redis = new Redis(infra.redisUrl, { enableAutoPipelining: true });
      clients.push(redis);
      services.push(
        createDeduplicatorService({
          bus: bus(`dedup-${i}`),
          index: createRedisIndex({ redis, namespace, shardBits: 8 }),
          docs: createRedisJudgedDocStore({ redis, namespace, ttlSeconds: 600 }),
          logger,
          config: { concurrency: 8 },
        }),
      );
    }
    const readerBus = bus('reader');
    const record = (topic: string) => async (msg: { key: string; value: unknown }) => {
      latest.set(`${topic}/${msg.key}`, msg.value);
      return ok();
    };
    reader = await readerBus.subscribe({ group: 'reader-unique', topic: 'docs.unique', handler: record('unique') });
    const dupReader = await readerBus.subscribe({ group: 'reader-duplicates', topic: 'docs.duplicates', handler: record('duplicates') });
    const stopReaders = reader.stop.bind(reader);
    reader = { stop: async () => void (await Promise.all([stopReaders(), dupReader.stop()])) };
    await Promise.all(services.map((s) => s.start()));
  }, 120_000);

  afterAll(async () => {
    await reader?.stop();
    await Promise.all(services.map((s) => s.stop()));
    await Promise.all(buses.map((b) => b.stop()));
    if (clients[0]) await dropNamespace(clients[0], namespace);
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('names originals crawled after their copies and reposts', async () => {
    const original = extracted({ url: 'https://news.example/ko/1', text: KO_ARTICLE, siteName: '한빛일보', publishedAt: '2025-03-01T00:00:00Z' });
    const blog = extracted({ url: 'https://blog.example/ko/1', text: repost(KO_ARTICLE, KO_COMMENT, '출처 : 한빛일보'), publishedAt: '2025-03-02T00:00:00Z' });
    const copy = extracted({ url: 'https://copies.example/en/1', text: `${EN_ARTICLE}\n\n${EN_COMMENT}`, publishedAt: '2025-03-05T00:00:00Z' });
    const paper = extracted({ url: 'https://paper.example/en/1', text: `${EN_ARTICLE}\n\n${EN_COMMENT}`, publishedAt: '2025-03-01T00:00:00Z' });
    const others = [0, 1, 2, 3].map((k) => extracted({ url: `https://misc.example/${k}`, text: syntheticText(3000 + k) }));
    const first = [blog, copy, ...others];
    await buses[0]!.publish(first.map((d) => ({ topic: 'docs.extracted', key: d.docId, value: d })));
    const judged = (ids: string[]) => ids.every((id) => latest.has(`unique/${id}`));
    await vi.waitFor(() => expect(judged(first.map((d) => d.docId))).toBe(true), { timeout: 60_000, interval: 100 });
    // The originals arrive after their copies have been published as unique.
    await buses[1]!.publish([original, paper].map((d) => ({ topic: 'docs.extracted', key: d.docId, value: d })));
    const done = () =>
      latest.has(`unique/${original.docId}`) &&
      latest.has(`duplicates/${copy.docId}`) &&
      (latest.get(`unique/${blog.docId}`) as { sources?: unknown[] } | null)?.sources?.length === 1;
    await vi.waitFor(() => expect(done()).toBe(true), { timeout: 60_000, interval: 100 });

    expect([...latest.keys()].length).toBeGreaterThan(0);
    expect(latest.get(`unique/${original.docId}`)).toMatchObject({ verdict: 'unique', clusterId: original.docId });
    expect(latest.get(`unique/${blog.docId}`)).toMatchObject({ verdict: 'unique', sources: [{ id: original.docId, relation: 'contains' }] });
    expect((latest.get(`unique/${blog.docId}`) as { novelText: string }).novelText).toContain('고향으로 돌아가려다');
    expect(latest.get(`unique/${copy.docId}`)).toBeNull();
    expect(latest.get(`duplicates/${copy.docId}`)).toMatchObject({ relation: 'exact', canonicalId: paper.docId });
    for (const o of others) expect(latest.get(`unique/${o.docId}`)).toMatchObject({ verdict: 'unique' });
  }, 150_000);
});
