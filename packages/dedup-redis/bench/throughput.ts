import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DocInput, Index } from '@winnow/dedup';
import { asExtracted, docsPerSecond, MEASURED_RUNS, median, memoryThroughputApart, WARM_UP_PASSES } from '@winnow/dedup/testing';
import { createRedisIndex, dropNamespace } from '../src/redis-index-store.js';
import { createRedisJudgedDocStore } from '../src/redis-judged-doc-store.js';

/** Microseconds Redis spent in scripts so far (EVAL and EVALSHA), from INFO commandstats. */
async function scriptMicros(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  let us = 0;
  for (const m of info.matchAll(/cmdstat_eval(?:sha)?:calls=\d+,usec=(\d+)/g)) us += Number(m[1]);
  return us;
}

async function namespaceBytes(redis: Redis, namespace: string, sub = ''): Promise<{ bytes: number; keys: number }> {
  let cursor = '0';
  let bytes = 0;
  let keys = 0;
  do {
    // Bucket keys end in binary: read as bytes, so that MEMORY USAGE finds them.
    const [next, batch] = await redis.scanBuffer(cursor, 'MATCH', `winnow:dedup:${namespace}:${sub}*`, 'COUNT', 1000);
    cursor = next.toString();
    for (const k of batch) {
      bytes += (await redis.memory('USAGE', k, 'SAMPLES', 0)) ?? 0;
      keys++;
    }
  } while (cursor !== '0');
  return { bytes, keys };
}

export interface ThroughputResult {
  docs: number;
  /** Median of the runs. */
  memoryDocsPerSec: number;
  /** Documents per CPU-second of this process on the memory path. */
  memoryDocsPerCpuSec: number;
  redisDocsPerSec: number;
  /** Documents per second of this process's CPU time on the Redis path (load-independent view). */
  redisDocsPerCpuSec: number;
  /** Redis server time in the dedup scripts per document (INFO commandstats; concurrent clients' scripts included). */
  redisMicrosPerDoc: number;
  redisBytesPerDoc: number;
  redisKeys: number;
  /** The deduplicator's store of judged documents (brotli JSON, for republishing), per document. */
  docStoreBytesPerDoc: number;
  shardBits: number;
  /** Passes over the documents on each path before the measured runs. */
  warmUpPasses: number;
  /** Measured runs per path (the median is reported). */
  runs: number;
}

/**
 * Docs/s on one instance against real Redis and in memory, in the same run (median of MEASURED_RUNS,
 * each in a fresh namespace after WARM_UP_PASSES), plus Redis bytes per document from MEMORY USAGE.
 * `concurrency` is the Redis path's; the memory index runs the bench corpus at IN_FLIGHT.
 */
export async function measureThroughput(docs: DocInput[], redisUrl: string, concurrency: number): Promise<ThroughputResult> {
  // Enough bucket hashes that each stays a compact listpack (about 60 entries per document).
  const shardBits = Math.max(6, Math.min(20, Math.ceil(Math.log2((docs.length * 60) / 100))));
  // Configured as the deduplicator's own client: commands written as issued (no auto-pipelining, which
  // holds every script until the in-flight judgements' CPU work is done and leaves Redis idle meanwhile).
  const redis = new Redis(redisUrl, { enableAutoPipelining: false });
  const namespaces: string[] = [];
  const fresh = (): Index => {
    const namespace = `bench-${randomUUID()}`;
    namespaces.push(namespace);
    return createRedisIndex({ redis, namespace, shardBits });
  };
  try {
    // Each path is warmed up until it runs at the pace of a long-running instance (WARM_UP_PASSES),
    // and each runs in a process of its own, as an instance runs one index: the Redis path here, the
    // memory index in a child (memoryThroughputApart). Alternated in one process, collecting the memory
    // index's heap (V8's GC threads take the second core, Redis's) landed inside the Redis runs; run
    // after them, the memory index was compiled against feedback the Redis path had left.
    const viaRedis: number[] = [];
    const perCpu: number[] = [];
    const serverMicros: number[] = [];
    for (let i = 0; i < WARM_UP_PASSES; i++) await docsPerSecond(fresh(), docs, concurrency);
    for (let i = 0; i < MEASURED_RUNS; i++) {
      const cpu = process.cpuUsage();
      const before = await scriptMicros(redis);
      viaRedis.push(await docsPerSecond(fresh(), docs, concurrency));
      serverMicros.push(((await scriptMicros(redis)) - before) / docs.length);
      const used = process.cpuUsage(cpu);
      perCpu.push(docs.length / ((used.user + used.system) / 1e6));
    }
    const memory = await memoryThroughputApart();
    const { bytes, keys } = await namespaceBytes(redis, namespaces.at(-1)!);
    const docsNamespace = `bench-docs-${randomUUID()}`;
    namespaces.push(docsNamespace);
    const stored = createRedisJudgedDocStore({ redis, namespace: docsNamespace, ttlSeconds: 3600 });
    for (const d of docs) await stored.put(asExtracted(d));
    const docBytes = await namespaceBytes(redis, docsNamespace, 'doc:');
    return {
      docs: docs.length,
      memoryDocsPerSec: memory.docsPerSec,
      memoryDocsPerCpuSec: memory.docsPerCpuSec,
      redisDocsPerSec: median(viaRedis),
      redisDocsPerCpuSec: median(perCpu),
      redisMicrosPerDoc: median(serverMicros),
      redisBytesPerDoc: bytes / docs.length,
      redisKeys: keys,
      docStoreBytesPerDoc: docBytes.bytes / docs.length,
      shardBits,
      warmUpPasses: WARM_UP_PASSES,
      runs: MEASURED_RUNS,
    };
  } finally {
    for (const ns of namespaces) await dropNamespace(redis, ns);
    await redis.quit();
  }
}
