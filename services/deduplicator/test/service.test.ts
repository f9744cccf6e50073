import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { getInfra } from '@winnow/testing';
import type { Emit, MemoryBus } from '@winnow/bus';
import { createMemoryBus } from '@winnow/bus';
import { EN_ARTICLE, EN_COMMENT, KO_ARTICLE, KO_COMMENT, repost, syntheticText } from '@winnow/dedup/testing';
import { createMemoryIndex } from '@winnow/dedup';
import { createRedisJudgedDocStore } from '@winnow/dedup-redis';
import { createRedisIndex, dropNamespace } from '@winnow/dedup-redis';
import { docDuplicateSchema } from '@winnow/types';
import { docUniqueSchema, VERSION_HEADER } from '@winnow/types';
import { createDeduplicatorService } from '../src/service.js';
import { delivered, extracted } from './fixtures.js';

const logger = pino({ level: 'silent' });
const redisUrl = (await getInfra()).redisUrl;

/** Final state per key of a compacted topic, as a consumer that applies every message sees it. */
function latest(emits: Emit[], topic: string): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const e of emits) if (e.topic === topic) m.set(e.key, e.value);
  return m;
}

function service() {
  return createDeduplicatorService({ bus: createMemoryBus(), index: createMemoryIndex(), logger, config: { concurrency: 4 } });
}

/** Each key's value at its highest version (header `${VERSION_HEADER}`). */
function highestVersion(records: ReturnType<MemoryBus['messages']>): Map<string, unknown> {
  const best = new Map<string, { version: number; value: unknown }>();
  for (const r of records) {
    const version = Number(r.headers[VERSION_HEADER]);
    if (!((best.get(r.key)?.version ?? -1) > version)) best.set(r.key, { version, value: r.value });
  }
  return new Map([...best].map(([key, b]) => [key, b.value]));
}

async function run(svc: ReturnType<typeof service>, ...docs: ReturnType<typeof extracted>[]): Promise<Emit[]> {
  const all: Emit[] = [];
  for (const d of docs) {
    const outcome = await svc.handle(delivered(d));
    if (outcome.kind !== 'ok') throw new Error(`unexpected outcome ${outcome.kind}`);
    all.push(...outcome.emit);
  }
  return all;
}

const original = extracted({ url: 'https://news.example/a/1', text: KO_ARTICLE, siteName: '한빛일보', publishedAt: '2025-03-01T09:00:00+09:00' });
const blog = extracted({
  url: 'https://blog.example/entry/7',
  text: repost(KO_ARTICLE, KO_COMMENT, '출처 1 : 한빛일보'),
  publishedAt: '2025-03-02T10:00:00+09:00',
});

describe('deduplicator service', () => {
  it('names the original when the repost arrives first, republishing the repost with its source and own text', async () => {
    const emits = await run(service(), blog, original);
    for (const e of emits) {
      if (e.value === null) continue;
      (e.topic === 'docs.unique' ? docUniqueSchema : docDuplicateSchema).parse(e.value);
    }
    const unique = latest(emits, 'docs.unique');
    expect(unique.get(original.docId)).toMatchObject({ verdict: 'unique', clusterId: original.docId, sources: [], novelText: null });
    const post = unique.get(blog.docId) as { sources: Array<{ id: string }>; novelText: string };
    expect(post.sources).toEqual([{ id: original.docId, relation: 'contains', containment: expect.any(Number) }]);
    expect(post.novelText).toContain('고향으로 돌아가려다');
    expect(post.novelText).not.toContain('행정안전부에 따르면');
    expect(latest(emits, 'docs.duplicates').size).toBe(0);
  });

  it('withdraws a copy that arrived first from docs.unique once its original arrives', async () => {
    const text = `${EN_ARTICLE}\n\n${EN_COMMENT}`;
    const copy = extracted({ url: 'https://copies.example/x', text, publishedAt: '2025-05-09T00:00:00Z' });
    const orig = extracted({ url: 'https://paper.example/x', text, publishedAt: '2025-05-01T00:00:00Z' });
    const emits = await run(service(), copy, orig);
    expect(latest(emits, 'docs.unique').get(copy.docId)).toBeNull();
    expect(latest(emits, 'docs.unique').get(orig.docId)).toMatchObject({ verdict: 'unique' });
    const dup = docDuplicateSchema.parse(latest(emits, 'docs.duplicates').get(copy.docId));
    expect(dup).toMatchObject({ relation: 'exact', canonicalId: orig.docId, clusterId: orig.docId, text });
    expect(dup.evidence).toEqual(expect.arrayContaining(['content_hash', 'earlier_published']));
  });

  it('publishes no docs.unique tombstone for a copy that was never unique, and one for a copy withdrawn later', async () => {
    const text = `${EN_ARTICLE}\n\n${EN_COMMENT}`;
    const orig = extracted({ url: 'https://paper.example/y', text, publishedAt: '2025-05-01T00:00:00Z' });
    const late = extracted({ url: 'https://copies.example/late', text, publishedAt: '2025-05-09T00:00:00Z' });
    const early = extracted({ url: 'https://copies.example/early', text, publishedAt: '2025-05-10T00:00:00Z' });
    const svc = service();
    // `early` is judged before its original (unique, then withdrawn); `late` only after it (a copy from the start).
    const emits = await run(svc, early, orig, late);
    const uniqueKeys = emits.filter((e) => e.topic === 'docs.unique').map((e) => [e.key, e.value === null ? 'tombstone' : 'unique']);
    expect(uniqueKeys).toEqual([
      [early.docId, 'unique'],
      [orig.docId, 'unique'],
      [early.docId, 'tombstone'],
    ]);
    expect(latest(emits, 'docs.duplicates').get(late.docId)).toMatchObject({ relation: 'exact', canonicalId: orig.docId, version: 1 });
    // Redelivered, it is still a copy in its first state: again no tombstone.
    expect((await run(svc, late)).map((e) => e.topic)).toEqual(['docs.duplicates']);
  });

  it('gives a redelivered document its stored verdict again', async () => {
    const svc = service();
    const first = await run(svc, original, blog);
    const again = await run(svc, blog);
    expect(latest(again, 'docs.unique').get(blog.docId)).toEqual(latest(first, 'docs.unique').get(blog.docId));
  });

  it('drops tombstones on docs.extracted', async () => {
    const outcome = await service().handle({ ...delivered(original), value: null });
    expect(outcome.kind).toBe('drop');
  });

  it('stays correct with two instances on one Redis sharing the consumer group', async () => {
    const namespace = `svc-${randomUUID()}`;
    const bus = createMemoryBus({ partitions: 4 });
    const clients = [new Redis(redisUrl), new Redis(redisUrl)];
    const services = clients.map((redis) =>
      createDeduplicatorService({
        bus,
        index: createRedisIndex({ redis, namespace, shardBits: 6 }),
        docs: createRedisJudgedDocStore({ redis, namespace, ttlSeconds: 600 }),
        logger,
        config: { concurrency: 8 },
      }),
    );
    try {
      await Promise.all(services.map((s) => s.start()));
      const docs = [];
      for (let k = 0; k < 6; k++) {
        const text = syntheticText(500 + k);
        // Copies first: each original arrives after its copies.
        for (let c = 1; c <= 2; c++) docs.push(extracted({ url: `https://copy${c}.example/${k}`, text, publishedAt: `2025-02-0${c + 1}T00:00:00Z` }));
        docs.push(extracted({ url: `https://orig.example/${k}`, text, publishedAt: '2025-02-01T00:00:00Z' }));
      }
      await bus.publish(docs.map((d) => ({ topic: 'docs.extracted', key: d.docId, value: d })));
      // A copy judged after another copy is a copy from the start: it has a docs.duplicates record only.
      const judged = () => new Set([...bus.messages('docs.unique'), ...bus.messages('docs.duplicates')].map((r) => r.key)).size;
      await vi.waitFor(() => expect(judged()).toBeGreaterThanOrEqual(docs.length), { timeout: 10_000, interval: 20 });
      await Promise.all(services.map((s) => s.stop()));
      // Two instances publish concurrently, so a document's records may arrive out of order: as every
      // consumer does (the contract), the highest version wins, not the last record to arrive.
      const unique = highestVersion(bus.messages('docs.unique'));
      const dups = highestVersion(bus.messages('docs.duplicates'));
      for (let k = 0; k < 6; k++) {
        const orig = docs[k * 3 + 2]!;
        expect(unique.get(orig.docId)).toMatchObject({ verdict: 'unique' });
        for (const copy of [docs[k * 3]!, docs[k * 3 + 1]!]) {
          expect(unique.get(copy.docId) ?? null).toBeNull();
          expect(dups.get(copy.docId)).toMatchObject({ canonicalId: orig.docId });
        }
      }
    } finally {
      await dropNamespace(clients[0]!, namespace);
      await Promise.all(clients.map((c) => c.quit()));
    }
  });
});
