import { Redis } from 'ioredis';
import { createKafkaBus } from '@winnow/bus';
import { createApiService } from '@winnow/api';
import { RedisJobProgress } from '@winnow/crawl-state';
import { createLogger } from '@winnow/logging';
import { createPgClient, createReadModel } from '@winnow/read-model';
import { uniqueDoc } from '@winnow/read-model/testing';
import { createTestTopics, deleteTestTopics, ensureTopics, freshDatabase, getInfra, uniquePrefix } from '@winnow/testing';

export interface ConsumerRun {
  concurrency: number;
  partitions: number;
  docs: number;
  /** From the first document stored to the last (the consumer group's join is left out). */
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every topic under a fresh prefix, docs.unique and docs.duplicates with `partitions` partitions. */
async function topicsWith(partitions: number, name: string): Promise<{ prefix: string; brokers: string[] }> {
  if (partitions === 6) return createTestTopics(name);
  const prefix = uniquePrefix(name);
  const brokers = (await getInfra()).kafkaBrokers.split(',');
  const compacted = { 'cleanup.policy': 'compact', 'retention.ms': -1, 'max.message.bytes': 16777216 };
  await ensureTopics({ brokers, prefix, topics: ['docs.unique', 'docs.duplicates'].map((n) => ({ name: n, partitions, config: compacted })) });
  await ensureTopics({ brokers, prefix });
  return { prefix, brokers };
}

/**
 * Distributed mode's read-model stage alone: `texts.length` documents already on docs.unique (`partitions`
 * partitions; 6 in infra/topics.json), read by one API instance over real Kafka into a fresh PostgreSQL
 * database at API_CONSUMER_CONCURRENCY = `concurrency`. Shows how its batches, and so its throughput, grow
 * with what it has in flight, and what the partition count has to do with it.
 */
export async function runConsumer(texts: string[], concurrency: number, redisUrl: string, partitions = 6): Promise<ConsumerRun> {
  const topics = await topicsWith(partitions, `bench-api-${concurrency}-${partitions}`);
  const db = await freshDatabase('bench_api');
  const redis = new Redis(redisUrl);
  const sql = createPgClient(db.url);
  const logger = createLogger({ level: 'error', name: 'bench-api' });
  const producer = createKafkaBus({ brokers: topics.brokers, clientId: 'bench-producer', topicPrefix: topics.prefix, source: 'deduplicator' });
  const bus = createKafkaBus({ brokers: topics.brokers, clientId: 'bench-api', topicPrefix: topics.prefix, source: 'api', logger });
  const service = createApiService({
    readModel: createReadModel(sql),
    bus,
    progress: new RedisJobProgress({ redis, keyPrefix: topics.prefix }),
    logger,
    consumerConcurrency: concurrency,
  });
  try {
    const docs = texts.map((text, i) => uniqueDoc({ url: `https://bench${i % 16}.example/a/${i}`, text, jobId: 'bench' }));
    for (let i = 0; i < docs.length; i += 200) {
      await producer.publish(docs.slice(i, i + 200).map((d) => ({ topic: 'docs.unique' as const, key: d.docId, value: d })));
    }
    await service.start();
    for (;;) {
      const { rows } = await sql.query<{ n: number; s: number | null }>(
        'SELECT count(*)::int AS n, extract(epoch FROM max(updated_at) - min(updated_at))::float8 AS s FROM documents',
      );
      if (rows[0]!.n >= docs.length) return { concurrency, partitions, docs: docs.length, seconds: rows[0]!.s ?? 0 };
      await sleep(250);
    }
  } finally {
    await service.stop();
    await bus.stop();
    await producer.stop();
    await sql.close();
    await deleteTestTopics(topics.prefix, topics.brokers, redis);
    redis.disconnect();
    await db.drop();
  }
}
