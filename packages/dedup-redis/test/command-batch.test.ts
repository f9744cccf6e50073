import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { getInfra } from '@winnow/testing';
import { commandBatch, MAX_BATCH } from '../src/command-batch.js';

const url = (await getInfra()).redisUrl;

describe('command batches', () => {
  it("answers each command with its own reply or error, in batches larger and smaller than one write", async () => {
    const redis = new Redis(url);
    const key = `winnow:test:batch:${randomUUID()}`;
    try {
      const send = commandBatch(redis);
      // Before the connection is ready (queued by the client), then once it is.
      for (const round of [1, 2]) {
        const calls = [
          send<number>((c) => c.incr(key)),
          send<unknown>((c) => c.hget(key, 'field')), // a string key: WRONGTYPE
          send<unknown>(() => {
            throw new Error('bad arguments');
          }),
          ...Array.from({ length: MAX_BATCH + 3 }, () => send<number>((c) => c.incr(key))),
        ];
        const settled = await Promise.allSettled(calls);
        expect(settled[0]).toMatchObject({ status: 'fulfilled', value: (round - 1) * (MAX_BATCH + 4) + 1 });
        expect(settled[1]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringContaining('WRONGTYPE') }) });
        expect(settled[2]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: 'bad arguments' }) });
        expect(settled.slice(3).map((s) => (s.status === 'fulfilled' ? s.value : s.reason))).toEqual(
          Array.from({ length: MAX_BATCH + 3 }, (_, i) => (round - 1) * (MAX_BATCH + 4) + 2 + i),
        );
      }
      expect(commandBatch(redis)).toBe(send);
    } finally {
      await redis.del(key);
      await redis.quit();
    }
  });
});
