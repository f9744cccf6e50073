import { isAllowedForStatus, parseRobots, type ParsedRobots } from '@winnow/robots';
import type { TtlCache } from '@winnow/crawl-state';
import type { HostGate } from './host-gate.js';
import type { HttpClient } from './http-client.js';

/** robots.txt is read through at most this many redirects (RFC 9309 section 2.3.1.2). */
const MAX_ROBOTS_REDIRECTS = 5;
/** A host whose robots.txt could not be read is retried sooner than a good answer expires. */
const UNREACHABLE_TTL_SECONDS = 600;
const MEMO_LIMIT = 2048;
/** RFC 9309 section 2.5: crawlers must parse at least 500 KiB; the rest is ignored. */
const ROBOTS_MAX_BYTES = 500 * 1024;

export interface HostRules {
  /** Why the host cannot be crawled at all, before robots rules apply (e.g. `private_network`). */
  blocked: string | null;
  allowed(url: string): boolean;
  /** Pause between requests to this host: the configured minimum or the capped Crawl-delay. */
  delayMs: number;
  /** robots.txt as read: `fetched`, `absent` (4xx: all allowed), `unavailable` (5xx/429: none allowed), or a failure reason. */
  state: string;
  sitemaps: readonly string[];
}

interface CachedRobots {
  status: number;
  body: string;
  /** Transport failure that made the answer "no response", e.g. private_network or dns_error. */
  failure: string | null;
  expiresAt: number;
}

export interface RobotsGateOptions {
  http: HttpClient;
  gate: HostGate;
  cache: TtlCache;
  userAgent: string;
  ttlSeconds: number;
  minDelayMs: number;
  maxCrawlDelayMs: number;
}

/**
 * robots.txt per origin: fetched once (concurrent callers share the fetch), kept in the TtlCache for
 * at most the configured TTL, and parsed once per process. 4xx allows everything; 5xx, 429 and no
 * answer disallow everything (RFC 9309).
 */
export class RobotsGate {
  private readonly memo = new Map<string, { cached: CachedRobots; rules: HostRules }>();
  private readonly pending = new Map<string, Promise<HostRules>>();

  constructor(private readonly o: RobotsGateOptions) {}

  async rulesFor(url: string): Promise<HostRules> {
    const origin = new URL(url).origin;
    const memo = this.memo.get(origin);
    if (memo && memo.cached.expiresAt > Date.now()) return memo.rules;
    let pending = this.pending.get(origin);
    if (!pending) {
      pending = this.load(origin).finally(() => this.pending.delete(origin));
      this.pending.set(origin, pending);
    }
    return pending;
  }

  private async load(origin: string): Promise<HostRules> {
    const key = `robots:${origin}`;
    let cached = parseCached(await this.o.cache.get(key));
    let fresh = false;
    if (!cached || cached.expiresAt <= Date.now()) {
      cached = await this.fetch(origin);
      fresh = true;
      const ttl = isAllowedForStatus(cached.status) ? this.o.ttlSeconds : Math.min(this.o.ttlSeconds, UNREACHABLE_TTL_SECONDS);
      cached.expiresAt = Date.now() + ttl * 1000;
      await this.o.cache.set(key, JSON.stringify(cached), ttl);
    }
    const rules = this.toRules(cached);
    // The robots.txt request itself counts: the first page waits the host's Crawl-delay after it.
    if (fresh) this.o.gate.backoff(new URL(origin).host, rules.delayMs);
    if (this.memo.size >= MEMO_LIMIT) this.memo.delete(this.memo.keys().next().value!);
    this.memo.set(origin, { cached, rules });
    return rules;
  }

  private async fetch(origin: string): Promise<CachedRobots> {
    let url = `${origin}/robots.txt`;
    for (let hop = 0; hop <= MAX_ROBOTS_REDIRECTS; hop++) {
      const host = new URL(url).host;
      const res = await this.o.gate.run(host, this.o.minDelayMs, () =>
        this.o.http.get(url, { maxBytes: ROBOTS_MAX_BYTES, truncate: true }),
      );
      if (res.kind === 'failure') return { status: 0, body: '', failure: res.reason, expiresAt: 0 };
      if (res.location && res.status >= 300 && res.status < 400) {
        url = res.location;
        continue;
      }
      return { status: res.status, body: res.body ? res.body.toString('utf8') : '', failure: null, expiresAt: 0 };
    }
    // Still redirecting after five hops: RFC 9309 treats robots.txt as unavailable.
    return { status: 404, body: '', failure: null, expiresAt: 0 };
  }

  private toRules(cached: CachedRobots): HostRules {
    const minDelayMs = this.o.minDelayMs;
    // No answer at all: the page fetch would meet the same failure, so report that rather than robots.
    if (cached.failure) return { blocked: cached.failure, allowed: () => false, delayMs: minDelayMs, sitemaps: [], state: cached.failure };
    if (!isAllowedForStatus(cached.status)) {
      return { blocked: null, allowed: () => false, delayMs: minDelayMs, sitemaps: [], state: 'unavailable' };
    }
    if (cached.status < 200 || cached.status >= 300) {
      return { blocked: null, allowed: () => true, delayMs: minDelayMs, sitemaps: [], state: 'absent' };
    }
    const parsed: ParsedRobots = parseRobots(cached.body);
    const ua = this.o.userAgent;
    const crawlDelaySeconds = parsed.crawlDelay(ua);
    const delayMs =
      crawlDelaySeconds === null
        ? minDelayMs
        : Math.max(minDelayMs, Math.min(crawlDelaySeconds * 1000, this.o.maxCrawlDelayMs));
    return { blocked: null, allowed: (url) => parsed.isAllowed(ua, url), delayMs, sitemaps: parsed.sitemaps, state: 'fetched' };
  }
}

function parseCached(raw: string | null): CachedRobots | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<CachedRobots>;
    if (typeof v.status !== 'number' || typeof v.body !== 'string' || typeof v.expiresAt !== 'number') return null;
    return { status: v.status, body: v.body, failure: v.failure ?? null, expiresAt: v.expiresAt };
  } catch {
    return null;
  }
}
