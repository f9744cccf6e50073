/** Per-URL flags a job keeps, shared by the Redis and in-memory implementations. */
export const URL_FLAGS = {
  discovered: 1,
  fetched: 2,
  extracted: 4,
  final: 8,
} as const;

/** Job state outlives the crawl so the API can still report it; 30 days after the last write. */
export const JOB_TTL_SECONDS = 30 * 24 * 60 * 60;

export function emptyCounts(): { discovered: number; fetched: number; failed: number; skipped: number; extracted: number } {
  return { discovered: 0, fetched: 0, failed: 0, skipped: 0, extracted: 0 };
}
