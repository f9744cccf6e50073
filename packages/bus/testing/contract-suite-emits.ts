import { catalog, DLQ_HEADERS } from '@winnow/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUS_ERRORS, dlq, ok, type Bus, type Delivered, type Subscription } from '../src/bus.js';
import { decodeValue } from '../src/decode-value.js';
import { annotateMessage } from '../src/tracing.js';
import type { BusRecord } from '../src/wire.js';
import { eventually, pageFetched, request, unique, type BusUnderTest, type CrawlRequest } from './contract-fixtures.js';
import { recordSpans, spanIdOf, traceIdOf } from './tracing.js';

/** Traces across topics, and what a handler's emits may carry beyond the record itself: their own trace, and a dead letter's company. */
export function runBusEmitsSuite(name: string, makeBus: () => Promise<BusUnderTest>): void {
  const recorder = recordSpans();
  describe(`bus contract, traces and emits: ${name}`, () => {
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
    const pagesOf = (job: string) =>
      eventually(async () => {
        const all = (await t.messages('pages.fetched')).filter((r) => (r.value as { jobId: string }).jobId === job);
        return all.length > 0 && all;
      }, 'the emitted pages');

    it('keeps one trace per document from topic to topic, starts a linked trace per discovered request, and spans each hop', async () => {
      const job = unique('job');
      const groups = { crawl: unique('crawl'), extract: unique('extract') };
      const seed = request('trace.example', job, '/');
      await subscribe({
        group: groups.crawl,
        topic: 'crawl.requests',
        handler: async (m) => {
          // The seed's page, plus one discovered link; the discovered request's own page is not emitted.
          if (m.value!.depth > 0) return ok();
          const child = { ...request('trace.example', job, '/child'), value: { ...m.value!, url: 'https://trace.example/child', depth: 1 } };
          return ok([pageFetched(m.value!), child]);
        },
      });
      const pages: Delivered<'pages.fetched'>[] = [];
      await subscribe({ group: groups.extract, topic: 'pages.fetched', handler: async (m) => (pages.push(m), ok()) });
      await t.bus.publish([seed]);
      await eventually(() => pages.length === 1, 'the page at the next stage');

      // Read the records back from the topics themselves.
      const requests = await eventually(async () => {
        const all = (await t.messages('crawl.requests')).filter((r) => (r.value as CrawlRequest).jobId === job);
        return all.length === 2 && all;
      }, 'both crawl requests');
      const [page] = await eventually(async () => {
        const all = (await t.messages('pages.fetched')).filter((r) => (r.value as { jobId: string }).jobId === job);
        return all.length === 1 && all;
      }, 'the page record');
      const seedRecord = requests.find((r) => (r.value as CrawlRequest).depth === 0)!;
      const childRecord = requests.find((r) => (r.value as CrawlRequest).depth === 1)!;
      const traceId = traceIdOf(seedRecord.headers.traceparent);
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(traceIdOf(page!.headers.traceparent)).toBe(traceId);
      expect(traceIdOf(childRecord.headers.traceparent)).not.toBe(traceId);

      const spans = await eventually(() => {
        const mine = recorder.spans().filter((s) => s.spanContext().traceId === traceId);
        return mine.filter((s) => s.name.startsWith('process ')).length === 2 && mine;
      }, 'the spans of the document');
      const byName = (prefix: string, topic: string) => spans.find((s) => s.name.startsWith(prefix) && s.name.endsWith(topic))!;
      // Each consumer span is the child of the producer span whose context its record carries.
      const chain: Array<[string, BusRecord]> = [['crawl.requests', seedRecord], ['pages.fetched', page!]];
      for (const [topic, record] of chain) {
        const send = byName('send ', topic);
        const processed = byName('process ', topic);
        expect(send.spanContext().spanId).toBe(spanIdOf(record.headers.traceparent));
        expect(processed.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
        expect(processed.attributes).toMatchObject({
          'messaging.system': 'kafka',
          'messaging.destination.name': record.topic,
          'messaging.destination.partition.id': String(record.partition),
          'messaging.kafka.offset': Number(record.offset),
          'messaging.kafka.message.key': record.key,
          'winnow.job.id': job,
        });
        expect(String(processed.attributes['messaging.consumer.group.name'])).toMatch(/(crawl|extract)-/);
      }
      // What a handler emits is published inside its consumer span.
      expect(byName('send ', 'pages.fetched').parentSpanContext?.spanId).toBe(byName('process ', 'crawl.requests').spanContext().spanId);
      // The discovered request: a new trace, linked to the page that discovered it.
      const childSend = recorder.spans().find((s) => s.spanContext().spanId === spanIdOf(childRecord.headers.traceparent))!;
      expect(childSend.parentSpanContext).toBeUndefined();
      expect(childSend.links.map((l) => l.context.spanId)).toEqual([byName('process ', 'crawl.requests').spanContext().spanId]);
      expect(childSend.attributes['winnow.job.id']).toBe(job);
    });

    it("publishes an emit that names its own traceparent in that trace, linked to the handler's span", async () => {
      const job = unique('job');
      // Another document's trace, as the deduplicator keeps it for an earlier document it republishes.
      const other = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
      await subscribe({
        group: unique('g'),
        topic: 'crawl.requests',
        handler: async (m) => {
          const own = pageFetched(m.value!);
          const earlier = pageFetched({ ...m.value!, url: 'https://own-trace.example/earlier' });
          return ok([own, { ...earlier, traceparent: other }]);
        },
      });
      await t.bus.publish([request('own-trace.example', job)]);
      const pages = await eventually(async () => {
        const all = await pagesOf(job);
        return all.length === 2 && all;
      }, 'both pages');
      const [input] = (await t.messages('crawl.requests')).filter((r) => (r.value as { jobId: string }).jobId === job);
      const byUrl = (path: string) => pages.find((r) => (r.value as { requestUrl: string }).requestUrl.endsWith(path))!;
      expect(traceIdOf(byUrl('/').headers.traceparent)).toBe(traceIdOf(input!.headers.traceparent));
      const earlier: BusRecord = byUrl('/earlier');
      expect(traceIdOf(earlier.headers.traceparent)).toBe(traceIdOf(other));

      const send = await eventually(
        () => recorder.spans().find((s) => s.spanContext().spanId === spanIdOf(earlier.headers.traceparent)),
        'the send span of the record in its own trace',
      );
      expect(send.parentSpanContext?.spanId).toBe(spanIdOf(other));
      const handled = recorder.spans().find((s) => s.name.startsWith('process ') && s.spanContext().traceId === traceIdOf(input!.headers.traceparent));
      expect(send.links.map((l) => l.context.spanId)).toEqual([handled!.spanContext().spanId]);
    });

    it("publishes a dead-lettered message's emits beside its dead letter, in its trace", async () => {
      const job = unique('job');
      await subscribe({
        group: unique('g'),
        topic: 'crawl.requests',
        handler: async (m) => dlq('WINNOW_ERR_TEST_BROKEN', new Error('broken output'), [pageFetched(m.value!)]),
      });
      await t.bus.publish([request('dead-with-emits.example', job)]);
      const [dead] = await eventually(async () => {
        const all = (await t.messages('crawl.requests.dlq')).filter((r) => r.key === 'dead-with-emits.example');
        return all.length === 1 && all;
      }, 'the dead letter');
      expect(dead!.headers[DLQ_HEADERS.code]).toBe('WINNOW_ERR_TEST_BROKEN');
      const [page] = await pagesOf(job);
      expect(traceIdOf(page!.headers.traceparent)).toBe(traceIdOf(dead!.headers.traceparent));
    });

    it('hands a raw subscriber either the bytes, undecoded, or the validated value; its job on the message span', async () => {
      const job = unique('job');
      const got: Delivered<'crawl.requests'>[] = [];
      await subscribe({
        group: unique('g'),
        topic: 'crawl.requests',
        raw: true,
        handler: async (m) => {
          got.push(m);
          const value = m.raw ? decodeValue(catalog['crawl.requests'], m.raw) : ({ ok: true, value: m.value } as const);
          if (!value.ok) return dlq(BUS_ERRORS.invalidMessage, value.error);
          // As after a worker's answer: the message's span is still the active one.
          await new Promise((resolve) => setImmediate(resolve));
          annotateMessage(value.value);
          return ok();
        },
      });
      const published = request('raw.example', job);
      await t.bus.publish([published]);
      const [msg] = await eventually(() => got.length === 1 && got, 'the message');
      const value = msg!.raw ? JSON.parse(Buffer.from(msg!.raw).toString('utf8')) : msg!.value;
      expect(value).toEqual(published.value);
      if (msg!.raw) expect(msg!.value).toBeNull();
      const span = await eventually(() => recorder.spans().find((s) => s.name.endsWith('crawl.requests') && s.name.startsWith('process ') && s.attributes['winnow.job.id'] === job), 'the span');
      expect(span.attributes['messaging.kafka.message.key']).toBe('raw.example');
    });
  });
}
