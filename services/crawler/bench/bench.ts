import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { CheerioCrawler, Configuration, log as crawleeLog, LogLevel } from 'crawlee';
import { ok } from '@winnow/bus';
import { createKafkaBus } from '@winnow/bus';
import { ensureTopics } from '@winnow/infra/topics';
import { brokerList } from '@winnow/infra/topics';
import { createLogger } from '@winnow/logging';
import { RedisJobProgress } from '@winnow/crawl-state';
import { RedisTtlCache } from '@winnow/crawl-state';
import { hostOf } from '@winnow/url';
import { loadCrawlerConfig } from '../src/config.js';
import { createCrawlerService } from '../src/service.js';
import { startBenchSite, type BenchSite } from './bench-site.js';

/**
 * `npm run bench:crawl`: one loopback site of BENCH_PAGES pages over BENCH_HOSTS hosts, crawled by Winnow
 * (crawler service over real Kafka and Redis, one connection per host, no politeness delay) and by
 * Crawlee's CheerioCrawler with the same parallelism, in the same run. Prints pages/s and the ratio.
 */
const PAGES = Number(process.env.BENCH_PAGES ?? 1000);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 8);
const BROKERS = process.env.KAFKA_BROKERS?.trim();
const REDIS_URL = process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';

interface Run {
  name: string;
  pages: number;
  seconds: number;
}

async function crawlWithWinnow(site: BenchSite): Promise<Run> {
  const prefix = `bench-${randomUUID().slice(0, 8)}.`;
  const brokers = brokerList(BROKERS ?? '');
  await ensureTopics({ brokers, prefix });
  const redis = new Redis(REDIS_URL);
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'error', name: 'bench' });
  const bus = createKafkaBus({ brokers, topicPrefix: prefix, clientId: 'winnow-bench', source: 'bench', logger });
  const config = loadCrawlerConfig({
    CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
    CRAWL_DELAY_MS: '0',
    CRAWL_CONCURRENCY: String(Math.max(64, HOSTS * 2)),
    CRAWL_SITEMAPS: 'false',
    TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  });
  const progress = new RedisJobProgress({ redis, keyPrefix: prefix });
  const service = createCrawlerService({ bus, progress, cache: new RedisTtlCache({ redis, keyPrefix: prefix }), logger, config });

  const jobId = `bench-${randomUUID()}`;
  let pages = 0;
  let fetched = 0;
  let wake: () => void = () => undefined;
  const sub = await bus.subscribe({
    group: `${prefix}bench-sink`,
    topic: 'pages.fetched',
    concurrency: 64,
    handler: async (msg) => {
      if (msg.value?.jobId === jobId) {
        pages += 1;
        if (msg.value.outcome === 'fetched') fetched += 1;
        wake();
      }
      return ok();
    },
  });
  await service.start();

  const seed = site.urls[0]!;
  const job = { seeds: [seed], maxDepth: 100, maxPages: PAGES, scope: 'any' as const, include: [], exclude: [] };
  const started = process.hrtime.bigint();
  await progress.discover(jobId, seed, PAGES);
  const value = { jobId, url: seed, depth: 0, discoveredFrom: null, priority: 0, job, requestedAt: new Date().toISOString() };
  await bus.publish([{ topic: 'crawl.requests', key: hostOf(seed), value }]);
  // Done when every discovered URL has its pages.fetched: the crawler records links before publishing a page.
  while (pages < PAGES && pages < (await progress.counts(jobId)).discovered) {
    await new Promise<void>((resolve) => (wake = resolve));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  await sub.stop();
  await service.stop();
  await bus.stop();
  const keys = await redis.keys(`winnow:${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  return { name: 'winnow (Kafka)', pages: fetched, seconds };
}

async function crawlWithCrawlee(site: BenchSite): Promise<Run> {
  crawleeLog.setLevel(LogLevel.ERROR);
  let fetched = 0;
  const crawler = new CheerioCrawler(
    {
      // Fixed at the same parallelism as Winnow's one connection per host, so the autoscaler's ramp-up is no handicap.
      minConcurrency: HOSTS,
      maxConcurrency: HOSTS,
      maxRequestsPerCrawl: PAGES,
      maxRequestRetries: 0,
      async requestHandler({ enqueueLinks }) {
        fetched += 1;
        await enqueueLinks({ strategy: 'all' });
      },
    },
    new Configuration({ persistStorage: false, purgeOnStart: true }),
  );
  const started = process.hrtime.bigint();
  await crawler.run([site.urls[0]!]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { name: 'crawlee CheerioCrawler', pages: fetched, seconds };
}

async function main(): Promise<number> {
  if (!BROKERS) {
    process.stderr.write('bench:crawl needs Kafka: run `npm run infra:up` and export the KAFKA_BROKERS it prints.\n');
    return 1;
  }
  const site = await startBenchSite(PAGES, HOSTS);
  try {
    const runs: Run[] = [];
    for (const crawl of [crawlWithWinnow, crawlWithCrawlee]) {
      site.reset();
      const run = await crawl(site);
      runs.push(run);
      const rate = run.pages / run.seconds;
      console.log(`${run.name.padEnd(24)} ${run.pages} pages in ${run.seconds.toFixed(2)} s = ${rate.toFixed(1)} pages/s (server saw ${site.served()} page requests)`);
    }
    const [winnow, peer] = runs as [Run, Run];
    const ratio = winnow.pages / winnow.seconds / (peer.pages / peer.seconds);
    console.log(`site: ${PAGES} pages over ${HOSTS} loopback hosts; at most ${HOSTS} requests in flight for either crawler`);
    console.log(`ratio winnow/crawlee: ${ratio.toFixed(2)}x`);
    return 0;
  } finally {
    await site.close();
  }
}

process.exitCode = await main();
