import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { getInfra } from '@winnow/testing';
import { createMemoryBus } from '@winnow/bus';
import { syntheticText } from '@winnow/dedup/testing';
import { createRedisJudgedDocStore } from '@winnow/dedup-redis';
import { createRedisIndex, dropNamespace } from '@winnow/dedup-redis';
import { rebuildIndex } from '../src/rebuild.js';
import { extracted } from './fixtures.js';

const redisUrl = (await getInfra()).redisUrl;

describe('rebuildIndex', () => {
  it('replays docs.extracted into a fresh namespace without publishing', async () => {
    const bus = createMemoryBus();
    const redis = new Redis(redisUrl);
    const namespace = `rebuild-${randomUUID()}`;
    try {
      const docs = [0, 1, 2].map((k) => extracted({ url: `https://r${k}.example/a`, text: syntheticText(k < 2 ? 900 : 901), publishedAt: `2025-01-0${k + 1}T00:00:00Z` }));
      await bus.publish(docs.map((d) => ({ topic: 'docs.extracted', key: d.docId, value: d })));
      const index = createRedisIndex({ redis, namespace });
      const result = await rebuildIndex({
        bus,
        index,
        docs: createRedisJudgedDocStore({ redis, namespace, ttlSeconds: 60 }),
        logger: pino({ level: 'silent' }),
        namespace,
        publish: false,
        idleMs: 300,
        concurrency: 4,
      });
      expect(result).toEqual({ documents: 3, unique: 2, duplicate: 1 });
      expect(await index.get(docs[1]!.docId)).toMatchObject({ verdict: 'duplicate', canonicalId: docs[0]!.docId });
      expect(bus.messages('docs.unique')).toEqual([]);
    } finally {
      await dropNamespace(redis, namespace);
      await redis.quit();
    }
  });
});
