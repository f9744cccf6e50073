/**
 * Ports for the state Winnow keeps in Redis. Each has a Redis implementation and an in-memory twin
 * for embedded mode; both pass the same contract suite.
 */

/** Result of offering a URL to a job's seen-set. */
export type DiscoverResult = 'new' | 'seen' | 'limit';

export interface JobCounts {
  discovered: number;
  fetched: number;
  failed: number;
  skipped: number;
  extracted: number;
  /** Failed and skipped URLs per typed reason, e.g. `{ robots_disallowed: 1, http_404: 1 }`. */
  reasons: Record<string, number>;
}

/**
 * Per-job URL states. Every operation is idempotent per URL, so redelivered messages never count twice.
 * `failed` and `skipped` are final states; `fetched` and `extracted` are progress marks.
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
  mark(jobId: string, url: string, state: 'fetched' | 'extracted'): Promise<void>;
  /** Records a final failed or skipped state with its typed reason (first reason wins). */
  finish(jobId: string, url: string, state: 'failed' | 'skipped', reason: string): Promise<void>;
  counts(jobId: string): Promise<JobCounts>;
}

/** A string cache with per-entry expiry (robots.txt bodies, HTTP validators). */
export interface TtlCache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}
