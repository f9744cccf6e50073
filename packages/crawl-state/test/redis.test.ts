import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInfra } from '@winnow/testing';
import { jobProgressContract, ttlCacheContract } from '../testing/contract-suite.js';
import { RedisJobProgress } from '../src/redis-job-progress.js';
import { RedisTtlCache } from '../src/redis-ttl-cache.js';

const url = (await getInfra()).redisUrl;
const keyPrefix = `test-${randomUUID()}:`;
const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });

beforeAll(async () => {
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(
      `Redis is unreachable at ${url}, the URL getInfra() gave (${(err as Error).message}).`,
    );
  }
});

afterAll(async () => {
  if (redis.status !== 'ready') return;
  const keys = await redis.keys(`winnow:${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

jobProgressContract('redis', () => new RedisJobProgress({ redis, keyPrefix }));
ttlCacheContract('redis', () => new RedisTtlCache({ redis, keyPrefix }));

describe('redis key layout', () => {
  it('keeps a job under winnow:<prefix>job:<id>: with a 30-day expiry', async () => {
    const progress = new RedisJobProgress({ redis, keyPrefix });
    await progress.discover('layout', 'https://a.test/', 5);
    await progress.discover('layout', 'https://a.test/child', 5, 'https://a.test/');
    await progress.finish('layout', 'https://a.test/', 'failed', 'http_404');
    const keys = (await redis.keys(`winnow:${keyPrefix}job:layout:*`)).sort();
    expect(await redis.hgetall(`winnow:${keyPrefix}job:layout:from`)).toEqual({ 'https://a.test/child': 'https://a.test/' });
    expect(keys).toEqual(['counts', 'from', 'hosts', 'reasons', 'urls'].map((k) => `winnow:${keyPrefix}job:layout:${k}`));
    for (const key of keys) {
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(29 * 24 * 3600);
      expect(ttl).toBeLessThanOrEqual(30 * 24 * 3600);
    }
  });

  it('keeps a host note under the job, with the same expiry, and lets a later note replace it', async () => {
    const progress = new RedisJobProgress({ redis, keyPrefix, ttlSeconds: 600 });
    await progress.noteHost('notes', 'a.test', { robots: 'absent', delayMs: 500, lastFetchAt: '2026-01-01T00:00:00.000Z' });
    await progress.noteHost('notes', 'a.test', { robots: 'fetched', delayMs: 0, lastFetchAt: '2026-01-01T00:00:01.000Z' });
    const key = `winnow:${keyPrefix}job:notes:hosts`;
    expect(await redis.keys(`winnow:${keyPrefix}job:notes:*`)).toEqual([key]);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
    expect(await progress.hosts('notes')).toEqual([
      expect.objectContaining({ host: 'a.test', robots: 'fetched', delayMs: 0, lastFetchAt: '2026-01-01T00:00:01.000Z' }),
    ]);
  });

  it('shares state between two clients, as two crawler instances would', async () => {
    const other = new Redis(url);
    try {
      const a = new RedisJobProgress({ redis, keyPrefix });
      const b = new RedisJobProgress({ redis: other, keyPrefix });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).discover('shared', `https://a.test/${i}`, 7)),
      );
      expect(results.filter((r) => r === 'new')).toHaveLength(7);
      expect((await b.counts('shared')).discovered).toBe(7);
    } finally {
      await other.quit();
    }
  });
});
