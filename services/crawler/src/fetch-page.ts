import type { HostGate } from './host-gate.js';
import type { HopResult, HttpClient } from './http-client.js';
import { retryAfterMs } from './retry-after.js';
import type { RobotsGate } from './robots-gate.js';

export type PageResult =
  | {
      outcome: 'fetched';
      finalUrl: string;
      status: number;
      headers: Record<string, string>;
      body: Buffer;
    }
  | { outcome: 'unchanged'; reason: 'not_modified'; finalUrl: string; status: number; headers: Record<string, string> }
  | {
      outcome: 'refused';
      /** Typed reason, e.g. `robots_disallowed`, `http_404`, `timeout`. */
      reason: string;
      finalUrl: string;
      status: number;
      headers: Record<string, string>;
    };

export interface FetchPageDeps {
  http: HttpClient;
  gate: HostGate;
  robots: RobotsGate;
  maxRedirects: number;
  maxRetries: number;
  maxRetryAfterMs: number;
  maxBodyBytes: number;
  accept: (contentType: string | null) => boolean;
}

export interface FetchPageOptions {
  /** Conditional headers (If-None-Match, If-Modified-Since) to send to a given hop URL. */
  conditional?: (url: string) => Promise<Record<string, string>>;
  /** Overrides the content-type check, e.g. sitemaps served as application/octet-stream. */
  accept?: (contentType: string | null) => boolean;
  signal?: AbortSignal;
  /** Asked when the host's turn comes, just before each request: false ends the fetch as `job_cancelled`. */
  stillWanted?: () => Promise<boolean>;
}

/**
 * Fetches one URL the polite and guarded way: every hop, redirects included, is checked against its
 * host's robots.txt, waits its turn in that host's queue, and passes the private-network guard inside
 * the HTTP client. 429 and 503 push the host back by Retry-After and are retried a few times.
 */
export async function fetchPage(deps: FetchPageDeps, url: string, opts: FetchPageOptions = {}): Promise<PageResult> {
  const visited = new Set<string>([stripHash(url)]);
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const refused = (reason: string, status = 0, headers: Record<string, string> = {}): PageResult => ({
      outcome: 'refused',
      reason,
      finalUrl: current,
      status,
      headers,
    });
    const rules = await deps.robots.rulesFor(current);
    if (rules.blocked) return refused(rules.blocked);
    if (!rules.allowed(current)) return refused('robots_disallowed');

    const host = new URL(current).host;
    const headers = opts.conditional ? await opts.conditional(current) : {};
    const accept = opts.accept ?? deps.accept;
    let res = await deps.gate.run(host, rules.delayMs, async () =>
      opts.stillWanted && !(await opts.stillWanted()) ? cancelled(current) : get(deps, current, headers, accept, opts.signal),
    );
    for (let attempt = 0; res.kind === 'response' && (res.status === 429 || res.status === 503); attempt++) {
      const wait = retryAfterMs(res.headers['retry-after']) ?? Math.max(rules.delayMs, 1000) * 2 ** attempt;
      // A Retry-After of hours must not park every other URL of the host for hours: cap the pause.
      deps.gate.backoff(host, Math.min(wait, deps.maxRetryAfterMs));
      if (attempt >= deps.maxRetries || wait > deps.maxRetryAfterMs) break;
      res = await deps.gate.run(host, rules.delayMs, () => get(deps, current, headers, accept, opts.signal));
    }

    if (res.kind === 'failure') return refused(res.reason, res.status, res.headers);
    const { status } = res;
    if (status >= 300 && status < 400 && status !== 304) {
      if (!res.location) return refused(`http_${status}`, status, res.headers);
      if (redirects >= deps.maxRedirects) return refused('too_many_redirects', status, res.headers);
      const next = stripHash(res.location);
      if (visited.has(next)) return refused('redirect_loop', status, res.headers);
      visited.add(next);
      current = next;
      continue;
    }
    if (status === 304) return { outcome: 'unchanged', reason: 'not_modified', finalUrl: current, status, headers: res.headers };
    if (status >= 200 && status < 300 && res.body) {
      return { outcome: 'fetched', finalUrl: current, status, headers: res.headers, body: res.body };
    }
    return refused(`http_${status}`, status, res.headers);
  }
}

function get(
  deps: FetchPageDeps,
  url: string,
  headers: Record<string, string>,
  accept: (contentType: string | null) => boolean,
  signal: AbortSignal | undefined,
) {
  return deps.http.get(url, {
    maxBytes: deps.maxBodyBytes,
    headers,
    accept,
    ...(signal ? { signal } : {}),
  });
}

function cancelled(url: string): HopResult {
  return { kind: 'failure', url, status: 0, headers: {}, reason: 'job_cancelled' };
}

function stripHash(url: string): string {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}
