import { randomUUID } from 'node:crypto';
import { brotliCompressSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { getInfra } from '@winnow/testing';
import { syntheticText } from '@winnow/dedup/testing';
import { doc, runIndexContract } from '@winnow/dedup/testing';
import { createMemoryIndex } from '@winnow/dedup';
import type { DocExtracted } from '@winnow/types';
import { createRedisJudgedDocStore } from '../src/redis-judged-doc-store.js';
import { checkIndexFormat, createRedisIndex, dropNamespace, INDEX_FORMAT } from '../src/redis-index-store.js';

const url = (await getInfra()).redisUrl;

runIndexContract('redis', async () => {
  const namespace = `test-${randomUUID()}`;
  const clients: Redis[] = [];
  return {
    open() {
      const redis = new Redis(url, { maxRetriesPerRequest: 1 });
      clients.push(redis);
      return createRedisIndex({ redis, namespace, shardBits: 8 });
    },
    async close() {
      const admin = new Redis(url);
      await dropNamespace(admin, namespace);
      await admin.quit();
      await Promise.all(clients.map((c) => c.quit()));
    },
  };
});

describe('redis key layout', () => {
  it('keeps every key of an index under winnow:dedup:<namespace>:', async () => {
    const namespace = `layout-${randomUUID()}`;
    const redis = new Redis(url);
    try {
      const index = createRedisIndex({ redis, namespace });
      await index.judge(doc('layout-a', syntheticText(5)));
      await index.judge(doc('layout-b', syntheticText(5), { day: 3 }));
      // Bucket keys end in binary, so keys are read as bytes.
      const keys = (await redis.keysBuffer(`*${namespace}*`)).map((k) => k.toString('latin1'));
      expect(keys.length).toBeGreaterThan(3);
      expect(keys.every((k) => k.startsWith(`winnow:dedup:${namespace}:`))).toBe(true);
      expect(await dropNamespace(redis, namespace)).toBe(keys.length);
    } finally {
      await redis.quit();
    }
  });
});

describe('redis index, a document alone', () => {
  it('commits a new document that shares no bucket in its claim, with the state a full judgement stores', async () => {
    const namespace = `alone-${randomUUID()}`;
    const redis = new Redis(url);
    try {
      const index = createRedisIndex({ redis, namespace });
      const lone = doc('alone-a', syntheticText(11), { day: 1 });
      const d = await index.judge(lone);
      const memory = await createMemoryIndex().judge(lone);
      expect(d.state).toEqual(memory.state);
      expect(d).toMatchObject({ redelivered: false, match: null, changed: [] });
      expect(await index.get(lone.docId)).toEqual(d.state);
      // A copy arriving next finds it, and a redelivery gets its stored state.
      expect((await index.judge(doc('alone-b', syntheticText(11), { day: 5 }))).state).toMatchObject({ verdict: 'duplicate', canonicalId: lone.docId });
      expect((await index.judge(lone)).redelivered).toBe(true);
    } finally {
      await dropNamespace(redis, namespace);
      await redis.quit();
    }
  });
});

describe('redis index format', () => {
  it('refuses a namespace holding an index of another format, naming it, before judging anything', async () => {
    const namespace = `format-${randomUUID()}`;
    const redis = new Redis(url);
    try {
      await redis.set(`winnow:dedup:${namespace}:format`, '1.1');
      const index = createRedisIndex({ redis, namespace });
      await expect(index.judge(doc('format-a', syntheticText(7)))).rejects.toMatchObject({
        code: 'WINNOW_ERR_DEDUP_INDEX_FORMAT',
        message: expect.stringContaining(namespace),
      });
      expect(await redis.exists(`winnow:dedup:${namespace}:seq`)).toBe(0);
      await expect(checkIndexFormat(redis, namespace)).rejects.toThrow(/winnow dedup rebuild/);
      // A fresh namespace takes this version's format.
      const fresh = `format-${randomUUID()}`;
      await checkIndexFormat(redis, fresh);
      expect(await redis.get(`winnow:dedup:${fresh}:format`)).toBe(INDEX_FORMAT);
      await dropNamespace(redis, fresh);
    } finally {
      await dropNamespace(redis, namespace);
      await redis.quit();
    }
  });
});

describe('redis doc store', () => {
  it('returns what was put, compressed in Redis, until it expires', async () => {
    const namespace = `docs-${randomUUID()}`;
    const redis = new Redis(url);
    try {
      const store = createRedisJudgedDocStore({ redis, namespace, ttlSeconds: 60 });
      const d = { docId: 'f'.repeat(32), text: syntheticText(9, 400), title: '제목' } as unknown as DocExtracted;
      await store.put(d);
      expect(await store.get(d.docId)).toEqual({ doc: d, traceparent: null });
      expect(await store.get('e'.repeat(32))).toBeNull();
      const key = `winnow:dedup:${namespace}:doc:${d.docId}`;
      expect((await redis.getBuffer(key))!.length).toBeLessThan(JSON.stringify(d).length / 2);
      expect(await redis.ttl(key)).toBeGreaterThan(50);
    } finally {
      await dropNamespace(redis, namespace);
      await redis.quit();
    }
  });

  it("keeps each document's own traceparent, and reads documents stored before traces were kept", async () => {
    const namespace = `docs-${randomUUID()}`;
    const redis = new Redis(url);
    try {
      const store = createRedisJudgedDocStore({ redis, namespace, ttlSeconds: 60 });
      const d = { docId: 'a'.repeat(32), text: syntheticText(3, 50) } as unknown as DocExtracted;
      const traceparent = `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`;
      await store.put(d, traceparent);
      expect(await store.get(d.docId)).toEqual({ doc: d, traceparent });
      // The layout of earlier versions: the bare document, compressed.
      const old = { docId: 'b'.repeat(32), text: 'older' } as unknown as DocExtracted;
      await redis.set(`winnow:dedup:${namespace}:doc:${old.docId}`, brotliCompressSync(Buffer.from(JSON.stringify(old))));
      expect(await store.get(old.docId)).toEqual({ doc: old, traceparent: null });
    } finally {
      await dropNamespace(redis, namespace);
      await redis.quit();
    }
  });
});
