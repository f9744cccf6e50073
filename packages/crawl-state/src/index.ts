// Crawl state: job progress (counters, seen-sets) and a TTL cache (robots.txt, HTTP validators), each in memory and on Redis.
export type { DiscoverResult, HostNote, HostStatus, JobCounts, JobProgress, TtlCache } from './ports.js';
export { jobCompletedEvent } from './job-completion.js';
export { MemoryJobProgress } from './memory-job-progress.js';
export { MemoryTtlCache } from './memory-ttl-cache.js';
export { RedisJobProgress } from './redis-job-progress.js';
export { RedisTtlCache } from './redis-ttl-cache.js';
