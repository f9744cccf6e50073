/** Per-URL flags a job keeps, shared by the Redis and in-memory implementations. */
export const URL_FLAGS = {
  discovered: 1,
  fetched: 2,
  extracted: 4,
  final: 8,
} as const;

/** Job state outlives the crawl so the API can still report it; 30 days after the last write. */
export const JOB_TTL_SECONDS = 30 * 24 * 60 * 60;

export function emptyCounts(): { discovered: number; fetched: number; failed: number; skipped: number; extracted: number; stored: number } {
  return { discovered: 0, fetched: 0, failed: 0, skipped: 0, extracted: 0, stored: 0 };
}

/** A job is complete once every URL it discovered is in a final state. */
export function isComplete(c: { discovered: number; failed: number; skipped: number; stored: number }): boolean {
  return c.discovered > 0 && c.failed + c.skipped + c.stored >= c.discovered;
}
