import type { Redis } from 'ioredis';
import type { DiscoverResult, HostNote, HostStatus, JobCounts, JobProgress } from './ports.js';
import { emptyCounts, hostCountField, hostNoteField, hostsFromFields, JOB_TTL_SECONDS, URL_FLAGS } from './job-progress-keys.js';

export interface RedisJobProgressOptions {
  redis: Redis;
  /** Inserted after `winnow:` in every key, e.g. a deployment's TOPIC_PREFIX or a test's unique id. */
  keyPrefix?: string;
  /** Expiry of a job's keys, refreshed on every write. Default 30 days. */
  ttlSeconds?: number;
}

// KEYS: urls hash (url -> flags), counts hash, reasons hash, from hash (url -> discoverer). Each script
// refreshes the TTL of what it wrote.
// DISCOVER_ALL ARGV: maxPages, ttl, discoverer ('' for none), url...; answers in order. The one who admitted a
// URL gets 'new' again; a cancelled job (field `cancelled` in the counts hash) admits nothing. One script per
// page's links (and per single discover), EXPIRE once at the end.
const DISCOVER_ALL = `
local results = {}
local cancelled = redis.call('HEXISTS', KEYS[2], 'cancelled') == 1
local discovered = tonumber(redis.call('HGET', KEYS[2], 'discovered') or '0')
local maxPages = tonumber(ARGV[1])
local admitted = 0
for i = 4, #ARGV do
  local url = ARGV[i]
  local result
  if cancelled then
    result = 'cancelled'
  else
    local flags = tonumber(redis.call('HGET', KEYS[1], url) or '0')
    if bit.band(flags, ${URL_FLAGS.discovered}) ~= 0 then
      if ARGV[3] ~= '' and redis.call('HGET', KEYS[3], url) == ARGV[3] then result = 'new' else result = 'seen' end
    elseif discovered >= maxPages then
      result = 'limit'
    else
      redis.call('HSET', KEYS[1], url, bit.bor(flags, ${URL_FLAGS.discovered}))
      if ARGV[3] ~= '' then redis.call('HSET', KEYS[3], url, ARGV[3]) end
      discovered = discovered + 1
      admitted = admitted + 1
      result = 'new'
    end
  end
  results[#results + 1] = result
end
if admitted > 0 then
  redis.call('HINCRBY', KEYS[2], 'discovered', admitted)
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  redis.call('EXPIRE', KEYS[2], ARGV[2])
  if ARGV[3] ~= '' then redis.call('EXPIRE', KEYS[3], ARGV[2]) end
end
return results
`;

// MARK KEYS: urls, counts, hosts. ARGV: url, flag bit, counter, ttl, per-host field ('' for none).
const MARK = `
local flags = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local b = tonumber(ARGV[2])
if bit.band(flags, b) ~= 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], bit.bor(flags, b))
redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
if ARGV[5] ~= '' then
  redis.call('HINCRBY', KEYS[3], ARGV[5], 1)
  redis.call('EXPIRE', KEYS[3], ARGV[4])
end
return 1
`;

// FINISH KEYS: urls, counts, reasons, hosts. ARGV: url, counter (failed|skipped|stored), reason ('' for none),
// ttl, per-host field ('' for none). Returns 1 when this URL's
// final state completed the job (and again on a repeat by that URL), else 0. `completed_by` in the counts
// hash names that URL, so the job completes once.
const FINISH = `
local function completedBy()
  return redis.call('HGET', KEYS[2], 'completed_by') == ARGV[1] and 1 or 0
end
local flags = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if bit.band(flags, ${URL_FLAGS.final}) ~= 0 then return completedBy() end
redis.call('HSET', KEYS[1], ARGV[1], bit.bor(flags, ${URL_FLAGS.final}))
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
if ARGV[3] ~= '' then
  redis.call('HINCRBY', KEYS[3], ARGV[3], 1)
  redis.call('EXPIRE', KEYS[3], ARGV[4])
end
if ARGV[5] ~= '' then
  redis.call('HINCRBY', KEYS[4], ARGV[5], 1)
  redis.call('EXPIRE', KEYS[4], ARGV[4])
end
local c = redis.call('HMGET', KEYS[2], 'discovered', 'failed', 'skipped', 'stored')
local discovered = tonumber(c[1] or '0')
local finals = tonumber(c[2] or '0') + tonumber(c[3] or '0') + tonumber(c[4] or '0')
if discovered > 0 and finals >= discovered and redis.call('HSETNX', KEYS[2], 'completed_by', ARGV[1]) == 1 then
  return 1
end
return 0
`;

// NOTE_HOST KEYS: hosts hash; ARGV: field, note, ttl. One script instead of MULTI/HSET/EXPIRE/EXEC: the
// crawler notes a host for every page it fetches.
const NOTE_HOST = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
`;

interface ScriptClient {
  winnowJobDiscoverAll(urls: string, counts: string, from: string, maxPages: number, ttl: number, discoverer: string, ...list: string[]): Promise<string[]>;
  winnowJobMark(urls: string, counts: string, hosts: string, url: string, bit: number, counter: string, ttl: number, hostField: string): Promise<number>;
  winnowJobFinish(
    urls: string,
    counts: string,
    reasons: string,
    hosts: string,
    url: string,
    counter: string,
    reason: string,
    ttl: number,
    hostField: string,
  ): Promise<number>;
  winnowJobNoteHost(hosts: string, field: string, note: string, ttl: number): Promise<null>;
}

/**
 * JobProgress in Redis, under `winnow:<prefix>job:<id>:{urls,counts,reasons,from,hosts}`. Each operation is one Lua
 * script, so parallel crawler instances never overshoot maxPages or count a URL twice.
 */
export class RedisJobProgress implements JobProgress {
  private readonly redis: Redis;
  private readonly scripts: ScriptClient;
  private readonly prefix: string;
  private readonly ttl: number;

  constructor(opts: RedisJobProgressOptions) {
    this.redis = opts.redis;
    this.prefix = `winnow:${opts.keyPrefix ?? ''}job:`;
    this.ttl = opts.ttlSeconds ?? JOB_TTL_SECONDS;
    // defineCommand caches the script by SHA and falls back to EVAL after a Redis restart.
    this.redis.defineCommand('winnowJobDiscoverAll', { numberOfKeys: 3, lua: DISCOVER_ALL });
    this.redis.defineCommand('winnowJobMark', { numberOfKeys: 3, lua: MARK });
    this.redis.defineCommand('winnowJobFinish', { numberOfKeys: 4, lua: FINISH });
    this.redis.defineCommand('winnowJobNoteHost', { numberOfKeys: 1, lua: NOTE_HOST });
    this.scripts = this.redis as unknown as ScriptClient;
  }

  async discover(jobId: string, url: string, maxPages: number, discoveredFrom?: string): Promise<DiscoverResult> {
    const [result] = await this.discoverAll(jobId, [url], maxPages, discoveredFrom);
    return result!;
  }

  async discoverAll(jobId: string, urls: readonly string[], maxPages: number, discoveredFrom?: string): Promise<DiscoverResult[]> {
    if (urls.length === 0) return [];
    const k = this.keys(jobId);
    const results = await this.scripts.winnowJobDiscoverAll(k.urls, k.counts, k.from, maxPages, this.ttl, discoveredFrom ?? '', ...urls);
    return results.map(checkDiscoverResult);
  }

  async mark(jobId: string, url: string, state: 'fetched' | 'extracted'): Promise<void> {
    const k = this.keys(jobId);
    const hostField = state === 'fetched' ? hostCountField(url, 'fetched') : '';
    await this.scripts.winnowJobMark(k.urls, k.counts, k.hosts, url, URL_FLAGS[state], state, this.ttl, hostField);
  }

  async finish(jobId: string, url: string, state: 'failed' | 'skipped', reason: string): Promise<boolean> {
    const k = this.keys(jobId);
    const hostField = hostCountField(url, state, reason);
    return (await this.scripts.winnowJobFinish(k.urls, k.counts, k.reasons, k.hosts, url, state, reason, this.ttl, hostField)) === 1;
  }

  async store(jobId: string, url: string): Promise<boolean> {
    const k = this.keys(jobId);
    return (await this.scripts.winnowJobFinish(k.urls, k.counts, k.reasons, k.hosts, url, 'stored', '', this.ttl, '')) === 1;
  }

  async cancel(jobId: string): Promise<void> {
    const k = this.keys(jobId);
    await this.redis.multi().hset(k.counts, 'cancelled', '1').expire(k.counts, this.ttl).exec();
  }

  async cancelled(jobId: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys(jobId).counts, 'cancelled')) === 1;
  }

  async noteHost(jobId: string, host: string, note: HostNote): Promise<void> {
    const k = this.keys(jobId);
    await this.scripts.winnowJobNoteHost(k.hosts, hostNoteField(host), JSON.stringify(note), this.ttl);
  }

  async hosts(jobId: string): Promise<HostStatus[]> {
    return hostsFromFields(await this.redis.hgetall(this.keys(jobId).hosts));
  }

  async counts(jobId: string): Promise<JobCounts> {
    const k = this.keys(jobId);
    const [counts, reasons] = await Promise.all([this.redis.hgetall(k.counts), this.redis.hgetall(k.reasons)]);
    const result: JobCounts = { ...emptyCounts(), reasons: {} };
    for (const name of Object.keys(emptyCounts()) as (keyof ReturnType<typeof emptyCounts>)[]) {
      result[name] = Number(counts[name] ?? 0);
    }
    for (const [reason, n] of Object.entries(reasons)) result.reasons[reason] = Number(n);
    return result;
  }

  private keys(jobId: string): { urls: string; counts: string; reasons: string; from: string; hosts: string } {
    const base = `${this.prefix}${jobId}:`;
    return { urls: `${base}urls`, counts: `${base}counts`, reasons: `${base}reasons`, from: `${base}from`, hosts: `${base}hosts` };
  }
}

function checkDiscoverResult(result: string): DiscoverResult {
  if (result !== 'new' && result !== 'seen' && result !== 'limit' && result !== 'cancelled') {
    throw new Error(`unexpected discover result from Redis: ${String(result)}`);
  }
  return result;
}
