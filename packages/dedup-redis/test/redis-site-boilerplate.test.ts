import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { runSiteBoilerplateContract } from '@winnow/dedup/site-boilerplate-contract';
import { siteLineKey } from '@winnow/dedup/site-boilerplate';
import { createRedisSiteBoilerplate } from '../src/redis-site-boilerplate.js';
import { createRedisIndex, dropNamespace } from '../src/redis-store.js';

const url = process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';

runSiteBoilerplateContract('redis', async () => {
  const namespace = `sb-${randomUUID()}`;
  const clients: Redis[] = [];
  const client = (): Redis => {
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    clients.push(redis);
    return redis;
  };
  let indexes = 0;
  return {
    open: (options) => createRedisSiteBoilerplate({ ...options, redis: client(), namespace }),
    // Each index stores its documents in a namespace of its own; the site lines live where siteBoilerplate keeps them.
    openIndex: (siteBoilerplate) =>
      createRedisIndex({ redis: client(), namespace: `${namespace}-i${++indexes}`, shardBits: 8, siteBoilerplate: siteBoilerplate ?? null }),
    async close() {
      const admin = new Redis(url);
      await dropNamespace(admin, namespace);
      for (let i = 1; i <= indexes; i++) await dropNamespace(admin, `${namespace}-i${i}`);
      await admin.quit();
      await Promise.all(clients.map((c) => c.quit()));
    },
  };
});

describe('redis site boilerplate keys', () => {
  it('keeps a site under winnow:dedup:<namespace>:site:<site>:, bounded and expiring', async () => {
    const namespace = `sbkeys-${randomUUID()}`;
    const redis = new Redis(url);
    try {
      const sb = createRedisSiteBoilerplate({ redis, namespace, maxLines: 3, ttlSeconds: 3600 });
      const line = (label: string): string => siteLineKey(`line ${label} of a news page`)!;
      await sb.observe('news.example', 'd1', ['a', 'b', 'c', 'd', 'e'].map(line));
      await sb.observe('news.example', 'd2', [line('f')]);
      const keys = (await redis.keys(`*${namespace}*`)).sort();
      expect(keys).toEqual([`winnow:dedup:${namespace}:site:news.example:lines`, `winnow:dedup:${namespace}:site:news.example:pages`]);
      expect(await redis.hlen(keys[0]!)).toBe(3);
      for (const k of keys) expect(await redis.ttl(k)).toBeGreaterThan(3000);
    } finally {
      await dropNamespace(redis, namespace);
      await redis.quit();
    }
  });

  it('learns site lines by default in the index namespace', async () => {
    const namespace = `sbdefault-${randomUUID()}`;
    const redis = new Redis(url);
    try {
      const index = createRedisIndex({ redis, namespace, shardBits: 8 });
      await index.judge({ docId: 'f'.repeat(32), text: 'A line long enough to be tracked as a site line.', site: 'news.example' });
      expect(await redis.exists(`winnow:dedup:${namespace}:site:news.example:lines`)).toBe(1);
    } finally {
      await dropNamespace(redis, namespace);
      await redis.quit();
    }
  });
});
