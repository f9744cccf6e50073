import { randomUUID } from 'node:crypto';
import type { Index } from '../src/dedup-index.js';
import type { DocExtracted } from '@winnow/types';
import type { JudgedDocStore } from '../src/judged-doc-store.js';
import type { DocInput } from '../src/features.js';
import { createMemoryIndex } from '../src/memory-index-store.js';

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
  scanBuffer(cursor: string, ...args: Array<string | number>): Promise<[Buffer, Buffer[]]>;
  memory(sub: 'USAGE', key: Buffer, samples: 'SAMPLES', n: number): Promise<number | null>;
  quit(): Promise<unknown>;
  info(section: string): Promise<string>;
}

/** Microseconds Redis spent in scripts so far (EVAL and EVALSHA), from INFO commandstats. */
async function scriptMicros(redis: RedisClient): Promise<number> {
  const info = await redis.info('commandstats');
  let us = 0;
  for (const m of info.matchAll(/cmdstat_eval(?:sha)?:calls=\d+,usec=(\d+)/g)) us += Number(m[1]);
  return us;
}
interface RedisModule {
  Redis: new (url: string, options: { enableAutoPipelining: boolean }) => RedisClient;
}
interface RedisDocStoreModule {
  createRedisJudgedDocStore(opts: { redis: RedisClient; namespace: string; ttlSeconds: number }): JudgedDocStore;
}
interface RedisStoreModule {
  createRedisIndex(opts: { redis: RedisClient; namespace: string; shardBits?: number }): Index;
  dropNamespace(redis: RedisClient, namespace: string): Promise<number>;
}

async function namespaceBytes(redis: RedisClient, namespace: string, sub = ''): Promise<{ bytes: number; keys: number }> {
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

/** The document as the extractor would publish it: text, markdown and paragraphs carry the text three times. */
function asExtracted(d: DocInput): DocExtracted {
  const url = d.url ?? `https://bench.example/${d.docId}`;
  return {
    url,
    canonicalUrl: url,
    site: new URL(url).host,
    siteName: null,
    title: d.text.slice(0, 60),
    byline: null,
    bylines: [],
    publishedAt: null,
    modifiedAt: null,
    description: null,
    lang: 'en',
    text: d.text,
    markdown: d.text,
    paragraphs: d.text.split(/\n\s*\n/),
    links: [],
    citedSources: [],
    quality: { chars: d.text.length, words: 0, hangulSyllables: 0, linkDensity: 0, boilerplateRatio: 0, repetition: 0 },
    pii: { emails: 0, phones: 0 },
    docId: d.docId,
    jobId: 'bench',
    requestUrl: url,
    fetchedAt: new Date(0).toISOString(),
    charset: 'utf-8',
    charsetSource: 'header',
    contentHash: '0'.repeat(64),
  };
}

/** Passes over the documents on each path before measuring. */
const WARM_UP_PASSES = 10;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Docs/s on one instance against real Redis and in memory, in the same run (median of `runs`, each
 * in a fresh namespace after a warm-up), plus Redis bytes per document from MEMORY USAGE.
 */
export async function measureThroughput(docs: DocInput[], redisUrl: string, concurrency: number, runs = 5): Promise<ThroughputResult> {
  const ioredis = (await import('ioredis' as string)) as RedisModule;
  const store = (await import('@winnow/dedup-redis' as string)) as RedisStoreModule;
  // Enough bucket hashes that each stays a compact listpack (about 60 entries per document).
  const shardBits = Math.max(6, Math.min(20, Math.ceil(Math.log2((docs.length * 60) / 100))));
  // Configured as the deduplicator's own client: commands written as issued (no auto-pipelining, which
  // holds every script until the in-flight judgements' CPU work is done and leaves Redis idle meanwhile).
  const redis = new ioredis.Redis(redisUrl, { enableAutoPipelining: false });
  const namespaces: string[] = [];
  const fresh = (): Index => {
    const namespace = `bench-${randomUUID()}`;
    namespaces.push(namespace);
    return store.createRedisIndex({ redis, namespace, shardBits });
  };
  try {
    // Each path is warmed up until it runs at the pace of a long-running instance: over the first
    // five thousand judgements or so the JIT and the heap are still settling (docs/s climbs pass after
    // pass, e.g. 950, 1500, 1700, 1800, 1900, 2000, then about 2200), and an instance judges millions. The paths are measured one
    // after the other, not alternated, as an instance runs one index: the memory index retains every
    // document's shingle set, and collecting that heap (V8's GC threads take the second core, Redis's)
    // landed inside the Redis runs that followed it.
    const viaRedis: number[] = [];
    const perCpu: number[] = [];
    const serverMicros: number[] = [];
    for (let i = 0; i < WARM_UP_PASSES; i++) await docsPerSecond(fresh(), docs, concurrency);
    for (let i = 0; i < runs; i++) {
      const cpu = process.cpuUsage();
      const before = await scriptMicros(redis);
      viaRedis.push(await docsPerSecond(fresh(), docs, concurrency));
      serverMicros.push(((await scriptMicros(redis)) - before) / docs.length);
      const used = process.cpuUsage(cpu);
      perCpu.push(docs.length / ((used.user + used.system) / 1e6));
    }
    const memory: number[] = [];
    for (let i = 0; i < WARM_UP_PASSES; i++) await docsPerSecond(createMemoryIndex(), docs, concurrency);
    for (let i = 0; i < runs; i++) memory.push(await docsPerSecond(createMemoryIndex(), docs, concurrency));
    const { bytes, keys } = await namespaceBytes(redis, namespaces.at(-1)!);
    const docStore = (await import('@winnow/dedup-redis' as string)) as RedisDocStoreModule;
    const docsNamespace = `bench-docs-${randomUUID()}`;
    namespaces.push(docsNamespace);
    const stored = docStore.createRedisJudgedDocStore({ redis, namespace: docsNamespace, ttlSeconds: 3600 });
    for (const d of docs) await stored.put(asExtracted(d));
    const docBytes = await namespaceBytes(redis, docsNamespace, 'doc:');
    return {
      docs: docs.length,
      memoryDocsPerSec: median(memory),
      redisDocsPerSec: median(viaRedis),
      redisDocsPerCpuSec: median(perCpu),
      redisMicrosPerDoc: median(serverMicros),
      redisBytesPerDoc: bytes / docs.length,
      redisKeys: keys,
      docStoreBytesPerDoc: docBytes.bytes / docs.length,
      shardBits,
      warmUpPasses: WARM_UP_PASSES,
      runs,
    };
  } finally {
    for (const ns of namespaces) await store.dropNamespace(redis, ns);
    await redis.quit();
  }
}
