import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { getInfra } from '@winnow/testing';
import { runSiteBoilerplateContract } from '@winnow/dedup/testing';
import { siteLineKey } from '@winnow/dedup';
import { sitePage, syntheticText } from '@winnow/dedup/testing';
import { doc } from '@winnow/dedup/testing';
import { createRedisSiteBoilerplate } from '../src/redis-site-boilerplate.js';
import { createRedisIndex, dropNamespace } from '../src/redis-index-store.js';

const url = (await getInfra()).redisUrl;

// Twice: with a SiteBoilerplate of its own (a script per page), and as createRedisIndex records site
// lines by default, with each claim (the index then guesses the template and the claim corrects it).
for (const recordedWithClaim of [false, true]) runSiteBoilerplateContract(recordedWithClaim ? 'redis, recorded with the claim' : 'redis', async () => {
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
      createRedisIndex({
        redis: client(),
        namespace: `${namespace}-i${++indexes}`,
        shardBits: 8,
        ...(recordedWithClaim && siteBoilerplate ? {} : { siteBoilerplate: siteBoilerplate ?? null }),
      }),
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

  it("corrects an instance's guess of a site's template at the claim, so instances judge a page alike", async () => {
    const namespace = `sbguess-${randomUUID()}`;
    const a = new Redis(url);
    const b = new Redis(url);
    try {
      const first = createRedisIndex({ redis: a, namespace, shardBits: 8 });
      for (let i = 1; i <= 10; i++) await first.judge(doc(`g-${i}`, sitePage(syntheticText(900 + i, 60)), { site: 'gazette.example' }));
      // A second instance has never seen the site: its first guess (no template) is refused and
      // corrected, so the brief is hashed without the template, as on the first instance.
      const second = createRedisIndex({ redis: b, namespace, shardBits: 8 });
      const pier = doc('pier', sitePage('The harbour authority will close the north pier for repairs from Monday.'), { site: 'gazette.example' });
      const bakery = doc('bakery', sitePage('A local bakery won the national bread prize for its rye loaf this year.'), { site: 'gazette.example', day: 2 });
      expect((await second.judge(pier)).state.verdict).toBe('unique');
      const d = await first.judge(bakery);
      expect(d.state.verdict).toBe('unique');
      expect(d.match).toBeNull();
      // Redelivered to the other instance, the page is hashed as the first time and gets its verdict.
      const again = await first.judge(pier);
      expect(again.redelivered).toBe(true);
    } finally {
      await dropNamespace(a, namespace);
      await a.quit();
      await b.quit();
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
