import { z } from 'zod';
import { baseEnv, envBool, loadConfig, required } from '@winnow/config';

const ms = (def: number) => z.coerce.number().int().min(0).default(def);

export const crawlerConfigSchema = z.object({
  ...baseEnv,
  /** User-Agent sent with every request (add a contact URL in production); its product token picks robots.txt groups. */
  CRAWL_USER_AGENT: z.string().trim().min(1).default('WinnowBot/0.1'),
  /** Lifts the refusal of loopback, private and link-local addresses (tests and loopback demos only). */
  CRAWL_ALLOW_PRIVATE_NETWORKS: envBool.default(false),
  /** Minimum pause between two requests to one host, in milliseconds. */
  CRAWL_DELAY_MS: ms(1000),
  /** Upper bound on a robots.txt Crawl-delay we honour, in milliseconds; longer delays are capped. */
  CRAWL_MAX_CRAWL_DELAY_MS: ms(30_000),
  /** Simultaneous connections (and requests) to one host. */
  CRAWL_HOST_CONNECTIONS: z.coerce.number().int().min(1).max(16).default(1),
  /**
   * crawl.requests of one host handled at once per instance: fetches still wait for CRAWL_HOST_CONNECTIONS
   * and CRAWL_DELAY_MS, while the others' bookkeeping and publishing overlap them. Default: CRAWL_HOST_CONNECTIONS,
   * 16 times that when CRAWL_DELAY_MS is 0 (a delay already leaves time for the bookkeeping).
   */
  CRAWL_HOST_INFLIGHT: z.coerce.number().int().min(1).max(64).optional(),
  /** crawl.requests handled at once per instance; different hosts proceed independently. */
  CRAWL_CONCURRENCY: z.coerce.number().int().min(1).max(4096).default(64),
  /** TCP (and TLS) connect timeout, in milliseconds. */
  CRAWL_CONNECT_TIMEOUT_MS: ms(10_000),
  /** Time allowed for the response headers to arrive, in milliseconds. */
  CRAWL_HEADERS_TIMEOUT_MS: ms(15_000),
  /** Longest silence allowed between two body chunks, in milliseconds. */
  CRAWL_BODY_TIMEOUT_MS: ms(15_000),
  /** Total time for one request, so a page that trickles forever still ends, in milliseconds. */
  CRAWL_TOTAL_TIMEOUT_MS: ms(30_000),
  /** Largest body accepted, counted after decompression (a gzip bomb is cut off here), in bytes. */
  CRAWL_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
  /** Redirects followed per URL before giving up with `too_many_redirects`. */
  CRAWL_MAX_REDIRECTS: z.coerce.number().int().min(0).max(20).default(5),
  /** Retries of a URL answered with 429 or 503 (after backing off) before it fails. */
  CRAWL_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** Longest Retry-After we wait for inside one request; longer ones fail the URL and pause the host. */
  CRAWL_MAX_RETRY_AFTER_MS: ms(120_000),
  /** How long a fetched robots.txt is cached, in seconds (at most 24 hours). */
  CRAWL_ROBOTS_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(86_400),
  /** How long ETag/Last-Modified validators are kept for conditional re-crawls, in seconds. */
  CRAWL_VALIDATORS_TTL_SECONDS: z.coerce.number().int().min(1).default(30 * 24 * 3600),
  /** Read robots.txt Sitemap: lines and /sitemap.xml for every host a job visits. */
  CRAWL_SITEMAPS: envBool.default(true),
  /** Sitemap documents (indexes included) read per job and host. */
  CRAWL_MAX_SITEMAPS_PER_HOST: z.coerce.number().int().min(0).default(50),
  /** Links taken from one page; the rest are ignored (endless calendars, link farms). */
  CRAWL_MAX_LINKS_PER_PAGE: z.coerce.number().int().min(0).default(2000),
});

export type CrawlerConfig = Readonly<z.infer<typeof crawlerConfigSchema>>;

/** Parses the crawler's environment; throws ConfigError naming the first invalid variable. */
export function loadCrawlerConfig(env: Record<string, string | undefined> = process.env): CrawlerConfig {
  return loadConfig(crawlerConfigSchema, env);
}


/** The crawler as its own process (distributed mode): Kafka and Redis are required. */
export const crawlerProcessConfigSchema = crawlerConfigSchema.extend({
  /** Kafka brokers; the crawler consumes crawl.requests and produces pages.fetched and crawl.requests. */
  KAFKA_BROKERS: baseEnv.KAFKA_BROKERS.pipe(required('Kafka bootstrap brokers, host:port[,host:port]')),
  /** Redis holding job progress, the robots.txt cache and HTTP validators. */
  REDIS_URL: baseEnv.REDIS_URL.pipe(required('a redis:// URL')),
});
