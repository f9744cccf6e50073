import { randomUUID } from 'node:crypto';
import type { Index } from '../dedup-index.js';
import type { DocInput } from '../features.js';
import { createMemoryIndex } from '../memory-store.js';

/** Judges every document with `concurrency` in flight; returns documents per second. */
export async function docsPerSecond(index: Index, docs: DocInput[], concurrency: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < docs.length) await index.judge(docs[next++]!);
    }),
  );
  return docs.length / (Number(process.hrtime.bigint() - started) / 1e9);
}

// The Redis adapter depends on this package, so the bench loads it at run time (after `npm run
// build`) instead of declaring a circular dependency.
interface RedisClient {
  scan(cursor: string, ...args: Array<string | number>): Promise<[string, string[]]>;
  memory(sub: 'USAGE', key: string, samples: 'SAMPLES', n: number): Promise<number | null>;
  quit(): Promise<unknown>;
}
interface RedisModule {
  Redis: new (url: string) => RedisClient;
}
interface RedisStoreModule {
  createRedisIndex(opts: { redis: RedisClient; namespace: string; shardBits?: number }): Index;
  dropNamespace(redis: RedisClient, namespace: string): Promise<number>;
}

async function namespaceBytes(redis: RedisClient, namespace: string): Promise<{ bytes: number; keys: number }> {
  let cursor = '0';
  let bytes = 0;
  let keys = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `winnow:dedup:${namespace}:*`, 'COUNT', 1000);
    cursor = next;
    for (const k of batch) {
      bytes += (await redis.memory('USAGE', k, 'SAMPLES', 0)) ?? 0;
      keys++;
    }
  } while (cursor !== '0');
  return { bytes, keys };
}

export interface ThroughputResult {
  docs: number;
  memoryDocsPerSec: number;
  redisDocsPerSec: number;
  redisBytesPerDoc: number;
  redisKeys: number;
  shardBits: number;
}

/** Docs/s on one instance against real Redis and in memory, in the same run, plus Redis bytes per document. */
export async function measureThroughput(docs: DocInput[], redisUrl: string, concurrency = 32): Promise<ThroughputResult> {
  const ioredis = (await import('ioredis' as string)) as RedisModule;
  const store = (await import('@winnow/dedup-redis/redis-store' as string)) as RedisStoreModule;
  // Enough bucket hashes that each stays a compact listpack (about 80 entries per document).
  const shardBits = Math.max(6, Math.min(20, Math.ceil(Math.log2((docs.length * 80) / 100))));
  const redis = new ioredis.Redis(redisUrl);
  const namespace = `bench-${randomUUID()}`;
  try {
    await docsPerSecond(createMemoryIndex(), docs.slice(0, 200), concurrency); // warm up the JIT
    const memoryDocsPerSec = await docsPerSecond(createMemoryIndex(), docs, concurrency);
    const index = store.createRedisIndex({ redis, namespace, shardBits });
    const redisDocsPerSec = await docsPerSecond(index, docs, concurrency);
    const { bytes, keys } = await namespaceBytes(redis, namespace);
    return { docs: docs.length, memoryDocsPerSec, redisDocsPerSec, redisBytesPerDoc: bytes / docs.length, redisKeys: keys, shardBits };
  } finally {
    await store.dropNamespace(redis, namespace);
    await redis.quit();
  }
}
