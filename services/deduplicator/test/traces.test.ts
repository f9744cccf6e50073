import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKafkaBus, createMemoryBus, ok, type Bus, type Delivered } from '@winnow/bus';
import { loadConfig, otelConfigSchema } from '@winnow/config';
import { EN_ARTICLE, EN_COMMENT, KO_ARTICLE, KO_COMMENT, repost } from '@winnow/dedup/testing';
import { createRedisIndex, createRedisJudgedDocStore, dropNamespace } from '@winnow/dedup-redis';
import { startTelemetry, type Telemetry } from '@winnow/telemetry';
import { createTestTopics, getInfra } from '@winnow/testing';
import { createEmbeddedDeduplicator } from '../src/embedded.js';
import { createDeduplicatorService } from '../src/service.js';
import { extracted } from './fixtures.js';

const logger = pino({ level: 'silent' });
const traceIdOf = (traceparent: string | undefined): string | undefined => traceparent?.split('-')[1];

interface Seen {
  topic: string;
  key: string;
  value: unknown;
  traceparent: string | undefined;
}

/**
 * Documents whose verdicts a later document changes, each published alone and judged before the next: a copy
 * before its original, and a repost before the article it embeds. Both earlier ones are published again when
 * the later one arrives.
 */
function scenario() {
  const run = randomUUID().slice(0, 8);
  const text = `${EN_ARTICLE}\n\n${EN_COMMENT}`;
  const copy = extracted({ url: `https://copies-${run}.example/x`, text, publishedAt: '2025-05-09T00:00:00Z' });
  const orig = extracted({ url: `https://paper-${run}.example/x`, text, publishedAt: '2025-05-01T00:00:00Z' });
  const post = extracted({ url: `https://blog-${run}.example/7`, text: repost(KO_ARTICLE, KO_COMMENT, '출처 1 : 한빛일보'), publishedAt: '2025-03-02T10:00:00+09:00' });
  const article = extracted({ url: `https://news-${run}.example/1`, text: KO_ARTICLE, publishedAt: '2025-03-01T09:00:00+09:00' });
  return { copy, orig, post, article, order: [copy, orig, post, article] };
}

/** Publishes each document on docs.extracted and waits for its own verdict before the next; then checks traces. */
async function expectVerdictsInOwnTraces(bus: Bus, seen: Seen[]): Promise<void> {
  const s = scenario();
  const verdicts = (key: string) => seen.filter((r) => r.key === key && r.topic !== 'docs.extracted');
  for (const doc of s.order) {
    await bus.publish([{ topic: 'docs.extracted', key: doc.docId, value: doc }]);
    await vi.waitFor(() => expect(verdicts(doc.docId).length).toBeGreaterThan(0), { timeout: 30_000, interval: 25 });
  }
  // The earlier documents were published again: the copy as a duplicate, the repost with its source.
  await vi.waitFor(() => {
    expect(verdicts(s.copy.docId).some((r) => r.topic === 'docs.duplicates')).toBe(true);
    expect(verdicts(s.post.docId).some((r) => ((r.value as { sources?: unknown[] } | null)?.sources ?? []).length > 0)).toBe(true);
  }, { timeout: 30_000, interval: 25 });
  for (const doc of s.order) {
    const own = traceIdOf(seen.find((r) => r.topic === 'docs.extracted' && r.key === doc.docId)!.traceparent);
    expect(own).toMatch(/^[0-9a-f]{32}$/);
    for (const r of verdicts(doc.docId)) expect(traceIdOf(r.traceparent), `${r.topic} ${doc.url}`).toBe(own);
  }
  // Four documents, four traces: each republished record left the later document's trace.
  expect(new Set(seen.filter((r) => r.topic === 'docs.extracted').map((r) => traceIdOf(r.traceparent))).size).toBe(4);
}

async function record(bus: Bus, seen: Seen[]): Promise<void> {
  const keep = async (m: Delivered) => (seen.push({ topic: m.topic, key: m.key, value: m.value, traceparent: m.headers['traceparent'] }), ok());
  for (const topic of ['docs.extracted', 'docs.unique', 'docs.duplicates'] as const) {
    await bus.subscribe({ group: `reader-${topic}`, topic, handler: keep });
  }
}

describe("every verdict record of a document carries the document's own trace, republished ones too", () => {
  let telemetry: Telemetry;
  beforeAll(() => {
    // As each service's instrumentation.ts does: the SDK, its W3C propagator, no exporter.
    telemetry = startTelemetry('deduplicator-test', loadConfig(otelConfigSchema, {}));
  });
  afterAll(() => telemetry.shutdown());

  it('in embedded mode (in-process bus, in-memory index and document store)', async () => {
    const bus = createMemoryBus();
    const seen: Seen[] = [];
    await record(bus, seen);
    const dedup = await createEmbeddedDeduplicator({ bus, logger, dataDir: null });
    await dedup.start();
    try {
      await expectVerdictsInOwnTraces(bus, seen);
    } finally {
      await dedup.stop();
      await bus.stop();
    }
  });

  it('in distributed mode (Kafka, Redis index and document store)', async () => {
    const infra = await getInfra();
    const topics = await createTestTopics('dedup-traces');
    const namespace = `traces-${randomUUID()}`;
    const redis = new Redis(infra.redisUrl);
    const buses = ['dedup', 'test'].map((id) => createKafkaBus({ brokers: topics.brokers, clientId: id, topicPrefix: topics.prefix, source: id }));
    const [dedupBus, testBus] = buses as [Bus, Bus];
    const dedup = createDeduplicatorService({
      bus: dedupBus,
      index: createRedisIndex({ redis, namespace, shardBits: 6 }),
      docs: createRedisJudgedDocStore({ redis, namespace, ttlSeconds: 600 }),
      logger,
      config: { concurrency: 8 },
    });
    const seen: Seen[] = [];
    try {
      await record(testBus, seen);
      await dedup.start();
      await expectVerdictsInOwnTraces(testBus, seen);
    } finally {
      await dedup.stop();
      await Promise.all(buses.map((b) => b.stop()));
      await dropNamespace(redis, namespace);
      await redis.quit();
    }
  }, 120_000);
});
