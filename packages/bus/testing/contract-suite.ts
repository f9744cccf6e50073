import { DLQ_HEADERS } from '@winnow/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUS_ERRORS, ok, retry, type Bus, type Delivered, type Subscription } from '../src/bus.js';
import { partitionForKey } from '../src/murmur2.js';
import {
  crawlRequest,
  eventually,
  gate,
  keysOnPartitionOf,
  pageFetched,
  request,
  unique,
  type BusUnderTest,
  type CrawlRequest,
} from './contract-fixtures.js';
import { runBusEmitsSuite } from './contract-suite-emits.js';

/** The behaviour every Bus implementation must show; run it against each one. */
export function runBusContractSuite(name: string, makeBus: () => Promise<BusUnderTest>): void {
  describe(`bus contract: ${name}`, () => {
    let t: BusUnderTest;
    const subs: Subscription[] = [];
    const subscribe: Bus['subscribe'] = async (opts) => {
      const sub = await t.bus.subscribe(opts);
      subs.push(sub);
      return sub;
    };

    beforeEach(async () => {
      t = await makeBus();
    });
    afterEach(async () => {
      await Promise.all(subs.splice(0).map((s) => s.stop()));
      await t.cleanup();
    });

    it('delivers a keyed message to a subscriber, validated and on the key’s partition', async () => {
      const job = unique('job');
      const got: Delivered<'crawl.requests'>[] = [];
      await subscribe({ group: unique('g'), topic: 'crawl.requests', handler: async (m) => (got.push(m), ok()) });
      const { value } = request('news.example.com', job);
      // Defaults come from the schema on consume: a producer may leave them out.
      const { priority: _p, ...withoutDefault } = value!;
      await t.bus.publish([{ topic: 'crawl.requests', key: 'news.example.com', value: withoutDefault as CrawlRequest }]);
      const [msg] = await eventually(() => got.length === 1 && got, 'the message');
      expect(msg!.key).toBe('news.example.com');
      expect(msg!.topic).toBe('crawl.requests');
      expect(msg!.value).toEqual({ ...value, priority: 0 });
      expect(msg!.attempt).toBe(1);
      expect(msg!.partition).toBe(partitionForKey('news.example.com', t.partitions ?? 6));
    });

    it('carries a long page body exactly, whatever characters it holds, to subscribers and to other readers', async () => {
      const job = unique('job');
      const got: Delivered<'pages.fetched'>[] = [];
      await subscribe({ group: unique('g'), topic: 'pages.fetched', handler: async (m) => (got.push(m), ok()) });
      const pieces = ['<p class="lead">인재를 \\ "quoted"</p>\n', '\t😀 𝄞 Ünïcödé\r\n', '\u0000\u0001\u001f\u007f \u2028\u2029 '];
      let body = '';
      for (let i = 0; body.length < 300_000; i++) body += pieces[i % pieces.length];
      const page = pageFetched(crawlRequest(job, 'https://long.example/page'));
      page.value = { ...page.value!, outcome: 'fetched', reason: null, status: 200, contentType: 'text/html', body, charset: 'utf-8', charsetSource: 'header' };
      await t.bus.publish([page]);
      const [msg] = await eventually(() => got.length === 1 && got, 'the page');
      expect(msg!.value).toEqual(page.value);
      const read = await eventually(async () => (await t.messages('pages.fetched')).find((r) => r.key === page.key), 'the page on its topic');
      expect(read.value).toEqual(page.value);
    });

    it('hands every group the value as published: later changes by the producer or by another group reach no one', async () => {
      const got: Record<'a' | 'b', Delivered<'crawl.requests'>[]> = { a: [], b: [] };
      await subscribe({
        group: unique('a'),
        topic: 'crawl.requests',
        handler: async (m) => {
          got.a.push(structuredClone(m));
          m.value!.job.seeds.push('https://changed-by-a.example/');
          return ok();
        },
      });
      await subscribe({ group: unique('b'), topic: 'crawl.requests', handler: async (m) => (got.b.push(m), ok()) });
      const emitted = request('copy.example', unique('job'));
      const published = structuredClone(emitted.value);
      await t.bus.publish([emitted]);
      emitted.value!.url = 'https://changed-by-producer.example/';
      emitted.value!.job.seeds.push('https://changed-by-producer.example/');
      await eventually(() => got.a.length === 1 && got.b.length === 1, 'both deliveries');
      expect(got.a[0]!.value).toEqual(published);
      expect(got.b[0]!.value).toEqual(published);
    });

    it('puts CloudEvents binary-mode headers and a traceparent on every message', async () => {
      const got: Delivered<'crawl.requests'>[] = [];
      await subscribe({ group: unique('g'), topic: 'crawl.requests', handler: async (m) => (got.push(m), ok()) });
      await t.bus.publish([request('a.example', unique('job')), request('b.example', unique('job'))]);
      await eventually(() => got.length === 2, 'two messages');
      const stored = await eventually(async () => {
        const all = await t.messages('crawl.requests');
        return all.length === 2 && all;
      }, 'two stored messages');
      for (const headers of [...got.map((m) => m.headers), ...stored.map((r) => r.headers)]) {
        expect(headers.ce_specversion).toBe('1.0');
        expect(headers.ce_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(headers.ce_source).toMatch(/^winnow\/[\w.-]+$/);
        expect(headers.ce_type).toBe('winnow.crawl.requested.v1');
        expect(Number.isNaN(Date.parse(headers.ce_time ?? ''))).toBe(false);
        expect(headers['content-type']).toBe('application/json');
        expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);
      }
      expect(new Set(got.map((m) => m.headers.ce_id)).size).toBe(2);
    });

    it("carries the headers a topic's contract declares, tombstones included, and refuses others", async () => {
      const got: Delivered<'docs.unique'>[] = [];
      await subscribe({ group: unique('g'), topic: 'docs.unique', handler: async (m) => (got.push(m), ok()) });
      await t.bus.publish([{ topic: 'docs.unique', key: 'f'.repeat(32), value: null, headers: { winnow_version: '7' } }]);
      await eventually(() => got.length === 1, 'the tombstone');
      expect(got[0]!.headers).toMatchObject({ winnow_version: '7', ce_type: 'winnow.doc.unique.v1' });
      await expect(
        t.bus.publish([{ topic: 'docs.unique', key: 'e'.repeat(32), value: null, headers: { ce_type: 'forged' } }]),
      ).rejects.toMatchObject({ code: BUS_ERRORS.invalidMessage });
    });

    it('shares a group’s work between its subscribers while another group gets everything', async () => {
      const shared = unique('shared');
      const seenBy: Record<string, string[]> = { a: [], b: [], other: [] };
      const record = (who: string) => async (m: Delivered<'crawl.requests'>) => (seenBy[who]!.push(m.value!.url), ok());
      await subscribe({ group: shared, topic: 'crawl.requests', handler: record('a') });
      await subscribe({ group: shared, topic: 'crawl.requests', handler: record('b') });
      await subscribe({ group: unique('other'), topic: 'crawl.requests', handler: record('other') });
      const job = unique('job');
      const sent = Array.from({ length: 30 }, (_, i) => request(`host-${i}.example`, job));
      await t.bus.publish(sent);
      await eventually(() => seenBy.a!.length + seenBy.b!.length >= 30 && seenBy.other!.length >= 30, 'all deliveries');
      const urls = sent.map((e) => e.value!.url).sort();
      expect([...seenBy.a!, ...seenBy.b!].sort()).toEqual(urls);
      expect(seenBy.a!.length).toBeGreaterThan(0);
      expect(seenBy.b!.length).toBeGreaterThan(0);
      expect([...seenBy.other!].sort()).toEqual(urls);
    });

    it('hands a stopped subscriber’s partitions to the rest of its group', async () => {
      const group = unique('g');
      const seenBy: Record<string, string[]> = { a: [], b: [] };
      const record = (who: string) => async (m: Delivered<'crawl.requests'>) => (seenBy[who]!.push(m.value!.url), ok());
      const a = await subscribe({ group, topic: 'crawl.requests', handler: record('a') });
      await subscribe({ group, topic: 'crawl.requests', handler: record('b') });
      const job = unique('job');
      const first = Array.from({ length: 20 }, (_, i) => request(`first-${i}.example`, job));
      await t.bus.publish(first);
      await eventually(() => new Set([...seenBy.a!, ...seenBy.b!]).size === 20, 'the first batch');
      await a.stop();
      const second = Array.from({ length: 20 }, (_, i) => request(`second-${i}.example`, job));
      await t.bus.publish(second);
      const wanted = second.map((e) => e.value!.url);
      await eventually(() => wanted.every((url) => seenBy.b!.includes(url)), 'the second batch, all on b');
    });

    it('dead-letters an invalid message with error headers and keeps the partition flowing', async () => {
      const got: Delivered<'crawl.requests'>[] = [];
      const group = unique('g');
      await subscribe({ group, topic: 'crawl.requests', handler: async (m) => (got.push(m), ok()) });
      const bad = { jobId: 'x', url: 'not a url' } as unknown as CrawlRequest;
      await t.bus.publish([{ topic: 'crawl.requests', key: 'k.example', value: bad }, request('k.example', unique('job'))]);
      await eventually(() => got.length === 1, 'the valid message after the invalid one');
      const [dead] = await eventually(async () => {
        const dlq = await t.messages('crawl.requests.dlq');
        return dlq.length === 1 && dlq;
      }, 'the dead letter');
      expect(dead!.key).toBe('k.example');
      expect(dead!.value).toEqual(bad);
      expect(dead!.headers[DLQ_HEADERS.code]).toBe(BUS_ERRORS.invalidMessage);
      expect(dead!.headers[DLQ_HEADERS.message]).toContain('url');
      expect(dead!.headers[DLQ_HEADERS.stage]).toBe(group);
      expect(dead!.headers[DLQ_HEADERS.attempt]).toBe('1');
      expect(dead!.headers[DLQ_HEADERS.sourceTopic]).toMatch(/crawl\.requests$/);
      expect(dead!.headers[DLQ_HEADERS.sourcePartition]).toBe(String(got[0]!.partition));
      expect(BigInt(dead!.headers[DLQ_HEADERS.sourceOffset]!)).toBeLessThan(BigInt(got[0]!.offset));
      expect(dead!.headers.ce_type).toBe('winnow.crawl.requested.v1');
      // The dead letter keeps the original trace, so a replay continues it.
      // Read with eventually: a Kafka reader may hold the dead letter before it has fetched the original's partition.
      const original = await eventually(async () => {
        const all = await t.messages('crawl.requests');
        return all.find((r) => String(r.partition) === dead!.headers[DLQ_HEADERS.sourcePartition] && r.offset === dead!.headers[DLQ_HEADERS.sourceOffset]);
      }, 'the dead letter\'s original on crawl.requests');
      expect(dead!.headers.traceparent).toBe(original.headers.traceparent);
    });

    it('retries a message until the handler succeeds', async () => {
      const attempts: number[] = [];
      await subscribe({
        group: unique('g'),
        topic: 'crawl.requests',
        maxAttempts: 5,
        handler: async (m) => {
          attempts.push(m.attempt);
          if (m.attempt === 1) throw new Error('connection reset');
          return m.attempt < 3 ? retry('upstream busy') : ok();
        },
      });
      await t.bus.publish([request('retry.example', unique('job'))]);
      await eventually(() => attempts.length === 3, 'three attempts');
      expect(attempts).toEqual([1, 2, 3]);
      expect(await t.messages('crawl.requests.dlq')).toEqual([]);
    });

    it('dead-letters a message whose retries are exhausted', async () => {
      const attempts: number[] = [];
      await subscribe({
        group: unique('g'),
        topic: 'crawl.requests',
        maxAttempts: 3,
        handler: async (m) => (attempts.push(m.attempt), retry('still failing')),
      });
      await t.bus.publish([request('exhausted.example', unique('job'))]);
      const [dead] = await eventually(async () => {
        const dlq = await t.messages('crawl.requests.dlq');
        return dlq.length === 1 && dlq;
      }, 'the dead letter');
      expect(attempts).toEqual([1, 2, 3]);
      expect(dead!.key).toBe('exhausted.example');
      expect(dead!.headers[DLQ_HEADERS.code]).toBe(BUS_ERRORS.retriesExhausted);
      expect(dead!.headers[DLQ_HEADERS.message]).toBe('still failing');
      expect(dead!.headers[DLQ_HEADERS.attempt]).toBe('3');
    });

    it('lists dead letters with their reason and replays one with its original headers, traceparent included', async () => {
      const key = `${unique('replay')}.example`;
      let healed = false;
      const got: Delivered<'crawl.requests'>[] = [];
      await subscribe({
        group: unique('g'),
        topic: 'crawl.requests',
        maxAttempts: 2,
        handler: async (m) => (healed ? (got.push(m), ok()) : retry('backend away')),
      });
      await t.bus.publish([request(key, unique('job'))]);
      const [letter] = await eventually(async () => {
        const mine = (await t.bus.deadLetters('crawl.requests')).filter((l) => l.key === key);
        return mine.length === 1 && mine;
      }, 'the dead letter');
      expect(letter).toMatchObject({ topic: 'crawl.requests', code: BUS_ERRORS.retriesExhausted, message: 'backend away', attempt: 2 });
      expect(letter!.id).toBe(`${letter!.partition}-${letter!.offset}`);
      expect(Date.parse(letter!.time)).not.toBeNaN();
      expect(Object.keys(letter!.headers).some((h) => h.startsWith('winnow_error'))).toBe(false);
      // The test's topic reader may not have fetched the original's partition yet (seen on Kafka under load).
      const [original] = await eventually(async () => {
        const mine = (await t.messages('crawl.requests')).filter((r) => r.key === key);
        return mine.length === 1 && mine;
      }, 'the original message');

      healed = true;
      await t.bus.replay([letter!]);
      const [replayed] = await eventually(() => got.length === 1 && got, 'the replayed message');
      expect(replayed!.value).toEqual(original!.value);
      expect(replayed!.headers.traceparent).toBe(original!.headers.traceparent);
      expect(replayed!.headers.ce_id).toBe(original!.headers.ce_id);
    });

    it('dead-letters the input of a handler whose emits the bus refuses', async () => {
      await subscribe({
        group: unique('g'),
        topic: 'crawl.requests',
        handler: async (m) => ok([{ topic: 'crawl.requests', key: m.key, value: null }]),
      });
      await t.bus.publish([request('refused.example', unique('job'))]);
      const [dead] = await eventually(async () => {
        const dlq = await t.messages('crawl.requests.dlq');
        return dlq.length === 1 && dlq;
      }, 'the dead letter');
      expect(dead!.key).toBe('refused.example');
      expect(dead!.headers[DLQ_HEADERS.code]).toBe(BUS_ERRORS.tombstoneNotAllowed);
      const inputs = await eventually(async () => {
        const all = await t.messages('crawl.requests');
        return all.length > 0 && all;
      }, 'the input');
      expect(inputs.map((r) => r.value === null)).toEqual([false]);
    });

    it('carries tombstones on compacted topics and refuses them elsewhere', async () => {
      const got: Delivered<'docs.unique'>[] = [];
      await subscribe({ group: unique('g'), topic: 'docs.unique', handler: async (m) => (got.push(m), ok()) });
      const docId = 'ab'.repeat(16);
      await t.bus.publish([{ topic: 'docs.unique', key: docId, value: null }]);
      const [tomb] = await eventually(() => got.length === 1 && got, 'the tombstone');
      expect(tomb!.key).toBe(docId);
      expect(tomb!.value).toBeNull();
      expect(tomb!.headers.ce_type).toBe('winnow.doc.unique.v1');
      await expect(t.bus.publish([{ topic: 'crawl.requests', key: 'x.example', value: null }])).rejects.toMatchObject({
        code: BUS_ERRORS.tombstoneNotAllowed,
      });
    });

    it('acknowledges a message only after its emits are published; unacknowledged ones come back', async () => {
      const group = unique('g');
      const job = unique('job');
      const tried: string[] = [];
      const first = await subscribe({
        group,
        topic: 'crawl.requests',
        maxAttempts: 1000,
        handler: async (m) => {
          tried.push(m.key);
          return m.key === 'c.example' ? retry('not now') : ok([pageFetched(m.value!)]);
        },
      });
      await t.bus.publish([request('a.example', job), request('b.example', job)]);
      await t.bus.publish([request('c.example', job)]);
      await eventually(async () => (await t.messages('pages.fetched')).length === 2 && tried.includes('c.example'), 'emits');
      await first.stop();
      const outputs = await t.messages('pages.fetched');
      expect(outputs.map((r) => (r.value as { requestUrl: string }).requestUrl).sort()).toEqual([
        'https://a.example/',
        'https://b.example/',
      ]);

      const again: Delivered<'crawl.requests'>[] = [];
      await subscribe({ group, topic: 'crawl.requests', handler: async (m) => (again.push(m), ok()) });
      await eventually(() => again.length === 1, 'the unacknowledged message');
      expect(again[0]!.key).toBe('c.example');
      expect(again[0]!.attempt).toBe(1);
    });

    it('commits only below the oldest unfinished message: what a stop abandons comes back', async () => {
      const group = unique('g');
      const stuck = 'stuck.example';
      const fast = keysOnPartitionOf(stuck, t.partitions ?? 6, 2);
      const job = unique('job');
      const release = gate();
      const seen: string[] = [];
      const first = await subscribe({
        group,
        topic: 'crawl.requests',
        concurrency: 4,
        handler: async (m) => {
          seen.push(m.key);
          if (m.key === stuck) await release.wait;
          return ok();
        },
      });
      await t.bus.publish([request(stuck, job), ...fast.map((k) => request(k, job))]);
      await eventually(() => seen.length === 3, 'all three started');
      // The stuck handler outlives the stop deadline; finishing late must not acknowledge it.
      await first.stop();
      release.open();

      const again: string[] = [];
      await subscribe({ group, topic: 'crawl.requests', handler: async (m) => (again.push(m.key), ok()) });
      await eventually(() => again.includes(stuck), 'the abandoned message');
    });

    it('delivers a trickle far below a fetch size the subscriber asked for', async () => {
      const got: string[] = [];
      await subscribe({
        group: unique('g'),
        topic: 'crawl.requests',
        fetch: { minBytes: 4 * 2 ** 20, maxWaitMs: 100 },
        handler: async (m) => (got.push(m.key), ok()),
      });
      const job = unique('job');
      await t.bus.publish([request('a.example', job), request('b.example', job)]);
      await eventually(() => got.length === 2, 'both messages');
      await t.bus.publish([request('c.example', job)]);
      await eventually(() => got.length === 3, 'the third message');
      expect(got.sort()).toEqual(['a.example', 'b.example', 'c.example']);
    });

    it('keeps per-key order while a slow key does not block other keys of its partition', async () => {
      const slow = 'slow.example';
      const fast = keysOnPartitionOf(slow, t.partitions ?? 6, 3);
      const job = unique('job');
      const release = gate();
      const log: string[] = [];
      await subscribe({
        group: unique('g'),
        topic: 'crawl.requests',
        concurrency: 4,
        handler: async (m) => {
          const label = `${m.key}${new URL(m.value!.url).pathname}`;
          log.push(`start ${label}`);
          if (label === `${slow}/1`) await release.wait;
          log.push(`end ${label}`);
          return ok();
        },
      });
      await t.bus.publish([
        request(slow, job, '/1'),
        request(slow, job, '/2'),
        ...fast.flatMap((k) => [request(k, job, '/1'), request(k, job, '/2')]),
      ]);
      await eventually(() => fast.every((k) => log.includes(`end ${k}/2`)), 'the fast keys');
      expect(log).not.toContain(`start ${slow}/2`);
      release.open();
      await eventually(() => log.includes(`end ${slow}/2`), 'the slow key');
      for (const k of [slow, ...fast]) {
        expect(log.indexOf(`end ${k}/1`)).toBeLessThan(log.indexOf(`start ${k}/2`));
      }
    });
  });
  runBusEmitsSuite(name, makeBus);
}
