/**
 * Ports for the state Winnow keeps in Redis. Each has a Redis implementation and an in-memory twin
 * for embedded mode; both pass the same contract suite.
 */

/** Result of offering a URL to a job's seen-set; 'cancelled' once the job was cancelled. */
export type DiscoverResult = 'new' | 'seen' | 'limit' | 'cancelled';

/** What the crawler last saw of one host for one job. */
export interface HostNote {
  /** robots.txt as read: `fetched`, `absent` (4xx: all allowed), `unavailable` (5xx/429: all disallowed), or a failure reason. */
  robots: string;
  /** Pause between requests to the host in force: the configured minimum or its capped Crawl-delay. */
  delayMs: number;
  /** When the crawler last fetched from the host (ISO 8601). */
  lastFetchAt: string;
}

/** One host of a job: its URLs' outcomes (per URL, counted once) and the crawler's last note. */
export interface HostStatus {
  host: string;
  fetched: number;
  /** Failed URLs per typed reason. */
  failed: Record<string, number>;
  /** Skipped URLs per typed reason. */
  skipped: Record<string, number>;
  robots: string | null;
  delayMs: number | null;
  lastFetchAt: string | null;
}

export interface JobCounts {
  discovered: number;
  fetched: number;
  failed: number;
  skipped: number;
  extracted: number;
  /** URLs whose document reached the read model (stored as unique or duplicate). */
  stored: number;
  /** Failed and skipped URLs per typed reason, e.g. `{ robots_disallowed: 1, http_404: 1 }`. */
  reasons: Record<string, number>;
}

/**
 * Per-job URL states. Every operation is idempotent per URL, so redelivered messages never count twice.
 * `failed`, `skipped` and `stored` are final states; `fetched` and `extracted` are progress marks.
 *
 * Completion is decided here, where the counts change: a job is complete when every URL it discovered is
 * in a final state. The call that records the last final state answers `true` (and so does a repeat of
 * that same call, so a redelivered message can publish a completion event its first delivery lost);
 * every other call answers `false`. A URL that discovers others must therefore reach its own final state
 * only after its discoveries are recorded.
 */
export interface JobProgress {
  /**
   * Atomically adds url to the job's seen-set unless it is there or the set holds maxPages URLs.
   * `discoveredFrom` names who offers the URL (the crawler passes the parent page's request URL). The
   * seen-set remembers the discoverer that admitted a URL and answers 'new' again to that same
   * discoverer, so a redelivered parent whose emits were lost in a crash publishes its children again;
   * anyone else, and any call without a discoverer, gets 'seen'. Counts never move on a repeat.
   */
  discover(jobId: string, url: string, maxPages: number, discoveredFrom?: string): Promise<DiscoverResult>;
  /**
   * `discover` for each of `urls`, in order, as one operation: the answers in the same order. A page's links
   * in one round trip (one script in Redis) rather than one per link; all of them are recorded, or (on an
   * error) none, so a caller that retries the whole call neither loses nor double-counts a URL.
   */
  discoverAll(jobId: string, urls: readonly string[], maxPages: number, discoveredFrom?: string): Promise<DiscoverResult[]>;
  mark(jobId: string, url: string, state: 'fetched' | 'extracted'): Promise<void>;
  /** Records a final failed or skipped state with its typed reason (first reason wins); true if it completed the job. */
  finish(jobId: string, url: string, state: 'failed' | 'skipped', reason: string): Promise<boolean>;
  /** Records that the URL's document reached the read model (a final state); true if it completed the job. */
  store(jobId: string, url: string): Promise<boolean>;
  counts(jobId: string): Promise<JobCounts>;
  /** Stops the job admitting URLs: every later discover answers 'cancelled'. Idempotent. */
  cancel(jobId: string): Promise<void>;
  cancelled(jobId: string): Promise<boolean>;
  /** Records the crawler's view of a host (last write wins). */
  noteHost(jobId: string, host: string, note: HostNote): Promise<void>;
  /** Per-host status, hosts sorted by name. `fetched`, `failed` and `skipped` are counted by mark and finish. */
  hosts(jobId: string): Promise<HostStatus[]>;
}

/** A string cache with per-entry expiry (robots.txt bodies, HTTP validators). */
export interface TtlCache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}
