import { randomUUID } from 'node:crypto';
import { createMemoryBus, type MemoryBus } from '@winnow/bus';
import { ok, type Bus, type Handler, type SubscribeOptions } from '@winnow/bus';
import type { TopicName } from '@winnow/types';
import { createLogger } from '@winnow/logging';
import type { Service } from '@winnow/runtime';
import { MemoryJobProgress } from '@winnow/crawl-state';
import { MemoryTtlCache } from '@winnow/crawl-state';
import type { JobCounts } from '@winnow/crawl-state';
import type { CrawlRequest } from '@winnow/types';
import type { PageFetched } from '@winnow/types';
import { hostOf } from '@winnow/url';
import { normalizeUrl } from '@winnow/url';
import { loadCrawlerConfig } from '../../src/config.js';
import type { Resolver } from '../../src/guarded-lookup.js';
import type { Clock } from '../../src/host-gate.js';
import { createCrawlerService } from '../../src/service.js';

interface JobOptions {
  maxDepth?: number;
  maxPages?: number;
  scope?: 'host' | 'domain' | 'any';
  include?: string[];
  exclude?: string[];
}

interface CrawlResult {
  jobId: string;
  pages: PageFetched[];
  counts: JobCounts;
  /** The page for a URL (request or final URL). */
  page(url: string): PageFetched | undefined;
  /** crawl.requests published for this job, seeds included. */
  requests: CrawlRequest[];
}

export interface Harness {
  crawl(seeds: string[], job?: JobOptions): Promise<CrawlResult>;
  progress: MemoryJobProgress;
  cache: MemoryTtlCache;
  bus: MemoryBus;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Fixture host name -> address, e.g. { 'site.test': '127.0.0.1' }. Unmapped names fail as DNS errors. */
  hosts?: Record<string, string>;
  isPrivateAddress?: (address: string) => boolean;
  /** Wraps the crawler's crawl.requests handler, e.g. to crash it the way a dying process would. */
  wrapHandler?: (handler: Handler<'crawl.requests'>, bus: MemoryBus) => Handler<'crawl.requests'>;
  /** The politeness clock (default: the system clock), e.g. virtualClock(). */
  clock?: Clock;
}

/** The crawler service over the in-process bus and in-memory ports, driven like the API drives it. */
export async function startCrawler(opts: HarnessOptions = {}): Promise<Harness> {
  const config = loadCrawlerConfig({
    CRAWL_DELAY_MS: '0',
    CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
    CRAWL_CONNECT_TIMEOUT_MS: '2000',
    CRAWL_HEADERS_TIMEOUT_MS: '2000',
    CRAWL_BODY_TIMEOUT_MS: '2000',
    CRAWL_TOTAL_TIMEOUT_MS: '4000',
    ...opts.env,
  });
  const bus = createMemoryBus({ partitions: 4 });
  const progress = new MemoryJobProgress();
  const cache = new MemoryTtlCache();
  const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', name: 'crawler-test' });
  const hosts = opts.hosts ?? {};
  const resolver: Resolver = async (hostname) => {
    const address = hosts[hostname];
    if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
  const wrap = opts.wrapHandler;
  const serviceBus: Bus = {
    publish: (messages) => bus.publish(messages),
    ready: () => bus.ready(),
    stop: () => bus.stop(),
    consumerLag: () => bus.consumerLag(),
    deadLetters: (topic, limit) => bus.deadLetters(topic, limit),
    replay: (letters) => bus.replay(letters),
    subscribe: <T extends TopicName>(o: SubscribeOptions<T>) =>
      bus.subscribe(
        wrap && o.topic === 'crawl.requests'
          ? { ...o, handler: wrap(o.handler as unknown as Handler<'crawl.requests'>, bus) as unknown as Handler<T> }
          : o,
      ),
  };
  const service: Service = createCrawlerService({
    bus: serviceBus,
    progress,
    cache,
    logger,
    config,
    resolver,
    ...(opts.isPrivateAddress ? { isPrivateAddress: opts.isPrivateAddress } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });

  const pages: PageFetched[] = [];
  const requests: CrawlRequest[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  await bus.subscribe({
    group: 'test-pages',
    topic: 'pages.fetched',
    handler: async (msg) => {
      if (msg.value) pages.push(msg.value);
      notify();
      return ok();
    },
  });
  await bus.subscribe({
    group: 'test-requests',
    topic: 'crawl.requests',
    handler: async (msg) => {
      if (msg.value) requests.push(msg.value);
      return ok();
    },
  });
  await service.start();

  return {
    progress,
    cache,
    bus,
    async crawl(seeds, job = {}) {
      const jobId = `job-${randomUUID()}`;
      const spec = {
        seeds,
        maxDepth: job.maxDepth ?? 3,
        maxPages: job.maxPages ?? 100,
        scope: job.scope ?? 'host',
        include: job.include ?? [],
        exclude: job.exclude ?? [],
      };
      const emits = [];
      for (const seed of seeds) {
        const url = normalizeUrl(seed);
        if ((await progress.discover(jobId, url, spec.maxPages)) !== 'new') continue;
        const value = { jobId, url, depth: 0, discoveredFrom: null, priority: 0, job: spec, requestedAt: new Date().toISOString() };
        emits.push({ topic: 'crawl.requests' as const, key: hostOf(url), value });
      }
      await bus.publish(emits);
      // Done as DESIGN defines it for the crawler's part: a pages.fetched for every discovered URL
      // (after a crash some URLs get more than one, so distinct URLs are counted).
      const mine = () => pages.filter((p) => p.jobId === jobId);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`job ${jobId} did not finish: ${JSON.stringify(mine().map((p) => p.requestUrl))}`)), 30_000);
        const check = () => {
          progress.counts(jobId).then((counts) => {
            if (new Set(mine().map((p) => p.requestUrl)).size >= counts.discovered) {
              clearTimeout(timer);
              waiters.delete(check);
              resolve();
            }
          }, reject);
        };
        waiters.add(check);
        check();
      });
      const result = mine();
      return {
        jobId,
        pages: result,
        counts: await progress.counts(jobId),
        page: (url) => result.find((p) => p.requestUrl === url || p.url === url),
        requests: requests.filter((r) => r.jobId === jobId),
      };
    },
    async stop() {
      await service.stop();
      await bus.stop();
    },
  };
}
