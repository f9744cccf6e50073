import { drop, ok, retry, type Bus, type Handler, type Subscription } from '@winnow/bus';
import type { Logger } from '@winnow/logging';
import type { Service } from '@winnow/runtime';
import type { JobProgress, TtlCache } from '@winnow/crawl-state';
import type { CrawlerConfig } from './config.js';
import { isAllowedContentType } from './content-types.js';
import { fetchPage, type FetchPageDeps } from './fetch-page.js';
import type { Resolver } from './guarded-lookup.js';
import { HostGate, type Clock } from './host-gate.js';
import { HttpClient } from './http-client.js';
import { crawlerMetrics } from './metrics.js';
import { Interrupted, processRequest, type ProcessDeps } from './process-request.js';
import { RobotsGate } from './robots-gate.js';
import { ConditionalRequests } from './conditional-requests.js';

export interface CrawlerDeps {
  bus: Bus;
  progress: JobProgress;
  /** robots.txt bodies, HTTP validators and per-job markers. */
  cache: TtlCache;
  logger: Logger;
  config: CrawlerConfig;
  /** DNS resolution; defaults to the system resolver. Tests map fixture host names to 127.0.0.1. */
  resolver?: Resolver;
  /** Which resolved addresses count as private (default: loopback, RFC 1918, link-local, ULA, ...). */
  isPrivateAddress?: (address: string) => boolean;
  /** Time for per-host politeness (delays, Crawl-delay, Retry-After); defaults to the system clock. */
  clock?: Clock;
}

const CRAWLER_GROUP = 'crawler';
/** After stop() begins, in-flight fetches get this long before they are cut and left for redelivery. */
const STOP_GRACE_MS = 3000;

/** crawl.requests of one host handled at once (CRAWL_HOST_INFLIGHT and its default). */
function hostInflight(config: CrawlerConfig): number {
  return config.CRAWL_HOST_INFLIGHT ?? config.CRAWL_HOST_CONNECTIONS * (config.CRAWL_DELAY_MS === 0 ? 16 : 1);
}

/** crawl.requests -> polite, guarded fetch -> pages.fetched (+ crawl.requests for new links). */
export function createCrawlerService(deps: CrawlerDeps): Service {
  const { config } = deps;
  const log = deps.logger.child({ component: 'crawler' });
  const http = new HttpClient({
    userAgent: config.CRAWL_USER_AGENT,
    connectTimeoutMs: config.CRAWL_CONNECT_TIMEOUT_MS,
    headersTimeoutMs: config.CRAWL_HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: config.CRAWL_BODY_TIMEOUT_MS,
    totalTimeoutMs: config.CRAWL_TOTAL_TIMEOUT_MS,
    connections: config.CRAWL_HOST_CONNECTIONS,
    allowPrivate: config.CRAWL_ALLOW_PRIVATE_NETWORKS,
    ...(deps.resolver ? { resolver: deps.resolver } : {}),
    ...(deps.isPrivateAddress ? { isPrivate: deps.isPrivateAddress } : {}),
  });
  const gate = new HostGate({ connections: config.CRAWL_HOST_CONNECTIONS, ...(deps.clock ? { clock: deps.clock } : {}) });
  const robots = new RobotsGate({
    http,
    gate,
    cache: deps.cache,
    userAgent: config.CRAWL_USER_AGENT,
    ttlSeconds: config.CRAWL_ROBOTS_TTL_SECONDS,
    minDelayMs: config.CRAWL_DELAY_MS,
    maxCrawlDelayMs: config.CRAWL_MAX_CRAWL_DELAY_MS,
  });
  const conditionalRequests = new ConditionalRequests(deps.cache, config.CRAWL_VALIDATORS_TTL_SECONDS);
  const stopping = new AbortController();
  const fetchDeps: FetchPageDeps = {
    http,
    gate,
    robots,
    maxRedirects: config.CRAWL_MAX_REDIRECTS,
    maxRetries: config.CRAWL_MAX_RETRIES,
    maxRetryAfterMs: config.CRAWL_MAX_RETRY_AFTER_MS,
    maxBodyBytes: config.CRAWL_MAX_BODY_BYTES,
    accept: isAllowedContentType,
  };
  const processDeps: ProcessDeps = {
    config,
    progress: deps.progress,
    cache: deps.cache,
    log,
    robots,
    conditionalRequests,
    fetch: (url, kind, jobId) =>
      fetchPage(fetchDeps, url, {
        signal: stopping.signal,
        ...(kind === 'page'
          ? { conditional: (u: string) => conditionalRequests.conditionalHeaders(u, jobId) }
          : { accept: () => true }),
        // A job cancelled while this request waited for its host's turn fetches nothing more.
        ...(jobId !== undefined && { stillWanted: async () => !(await deps.progress.cancelled(jobId)) }),
      }),
  };

  const handler: Handler<'crawl.requests'> = async (msg) => {
    const req = msg.value;
    if (!req) return drop('tombstone');
    const timer = crawlerMetrics.duration.startTimer();
    try {
      const emit = await processRequest(processDeps, req, stopping.signal);
      const page = emit.find((e) => e.topic === 'pages.fetched')?.value as { outcome: string; reason: string | null };
      crawlerMetrics.requests.inc({ outcome: page.outcome, reason: page.reason ?? '' });
      const discovered = emit.filter((e) => e.topic === 'crawl.requests').length;
      crawlerMetrics.discovered.inc(discovered);
      timer();
      log.debug({ jobId: req.jobId, url: req.url, outcome: page.outcome, reason: page.reason, discovered }, 'crawl request handled');
      return ok(emit);
    } catch (err) {
      if (err instanceof Interrupted) return retry('shutting down');
      throw err;
    }
  };

  let subscription: Subscription | null = null;
  let stopped: Promise<void> | null = null;

  return {
    async start() {
      subscription = await deps.bus.subscribe({
        // The bus scopes the group by TOPIC_PREFIX, as it does the topics.
        group: CRAWLER_GROUP,
        topic: 'crawl.requests',
        handler,
        concurrency: config.CRAWL_CONCURRENCY,
        keyConcurrency: hostInflight(config),
      });
      log.info({ concurrency: config.CRAWL_CONCURRENCY, allowPrivate: config.CRAWL_ALLOW_PRIVATE_NETWORKS }, 'crawler started');
    },
    async ready() {
      return subscription !== null && stopped === null && (await deps.bus.ready());
    },
    stop() {
      stopped ??= (async () => {
        const grace = setTimeout(() => {
          stopping.abort();
          gate.stop();
        }, STOP_GRACE_MS);
        try {
          await subscription?.stop();
        } finally {
          clearTimeout(grace);
          stopping.abort();
          gate.stop();
          await http.close();
          log.info('crawler stopped');
        }
      })();
      return stopped;
    },
  };
}
