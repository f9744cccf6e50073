import { DLQ_HEADERS } from '@winnow/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dlq, ok, type Subscription } from '../src/bus.js';
import type { BusRecord } from '../src/wire.js';
import { eventually, pageFetched, request, unique, type BusUnderTest } from './contract-fixtures.js';
import { recordSpans, spanIdOf, traceIdOf } from './tracing.js';

/** What a handler's emits may carry beyond the record itself: their own trace, and a dead letter's company. */
export function runBusEmitsSuite(name: string, makeBus: () => Promise<BusUnderTest>): void {
  const recorder = recordSpans();
  describe(`bus contract, emits: ${name}`, () => {
    let t: BusUnderTest;
    const subs: Subscription[] = [];
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

    it("publishes an emit that names its own traceparent in that trace, linked to the handler's span", async () => {
      const job = unique('job');
      // Another document's trace, as the deduplicator keeps it for an earlier document it republishes.
      const other = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
      subs.push(
        await t.bus.subscribe({
          group: unique('g'),
          topic: 'crawl.requests',
          handler: async (m) => {
            const own = pageFetched(m.value!);
            const earlier = pageFetched({ ...m.value!, url: 'https://own-trace.example/earlier' });
            return ok([own, { ...earlier, traceparent: other }]);
          },
        }),
      );
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
      subs.push(
        await t.bus.subscribe({
          group: unique('g'),
          topic: 'crawl.requests',
          handler: async (m) => dlq('WINNOW_ERR_TEST_BROKEN', new Error('broken output'), [pageFetched(m.value!)]),
        }),
      );
      await t.bus.publish([request('dead-with-emits.example', job)]);
      const [dead] = await eventually(async () => {
        const all = (await t.messages('crawl.requests.dlq')).filter((r) => r.key === 'dead-with-emits.example');
        return all.length === 1 && all;
      }, 'the dead letter');
      expect(dead!.headers[DLQ_HEADERS.code]).toBe('WINNOW_ERR_TEST_BROKEN');
      const [page] = await pagesOf(job);
      expect(traceIdOf(page!.headers.traceparent)).toBe(traceIdOf(dead!.headers.traceparent));
    });
  });
}
