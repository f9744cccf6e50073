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
  mark(jobId: string, url: string, state: 'fetched' | 'extracted'): Promise<void>;
  /** Records a final failed or skipped state with its typed reason (first reason wins); true if it completed the job. */
  finish(jobId: string, url: string, state: 'failed' | 'skipped', reason: string): Promise<boolean>;
  /** Records that the URL's document reached the read model (a final state); true if it completed the job. */
  store(jobId: string, url: string): Promise<boolean>;
  counts(jobId: string): Promise<JobCounts>;
}

/** A string cache with per-entry expiry (robots.txt bodies, HTTP validators). */
export interface TtlCache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}
