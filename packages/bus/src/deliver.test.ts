import { DLQ_HEADERS } from '@winnow/types';
import { describe, expect, it } from 'vitest';
import { BUS_ERRORS, dlq, ok, type Emit, type Handler } from './bus.js';
import { BusError } from './bus-error.js';
import { silentLogger } from './bus-logger.js';
import { crawlRequest } from '../testing/contract-fixtures.js';
import { deliver, type DeliverContext } from './deliver.js';
import type { ConsumedRecord, WireRecord } from './wire.js';

const record: ConsumedRecord = {
  topic: 'crawl.requests',
  partition: 3,
  offset: '41',
  key: 'a.example',
  value: JSON.stringify(crawlRequest('job', 'https://a.example/')),
  headers: { ce_type: 'winnow.crawl.requested.v1' },
};

function context(handler: Handler<'crawl.requests'>, overrides: Partial<DeliverContext> = {}) {
  const published: Emit[][] = [];
  const raw: WireRecord[] = [];
  const ctx: DeliverContext = {
    group: 'stage',
    prefix: 'p.',
    handler: handler as never,
    raw: false,
    maxAttempts: 3,
    backoff: { initialMs: 1, maxMs: 2 },
    publish: async (emits) => void published.push(emits),
    publishRaw: async (r) => void raw.push(r),
    intake: new AbortController().signal,
    hard: new AbortController().signal,
    logger: silentLogger,
    ...overrides,
  };
  return { ctx, published, raw };
}

describe('deliver', () => {
  it('acknowledges only once the emits are out, retrying the publish (not the handler)', async () => {
    let calls = 0;
    let failures = 2;
    const out: Emit = { topic: 'docs.unique', key: 'ab'.repeat(16), value: null };
    const { ctx } = context(async () => (calls++, ok([out])), {
      publish: async () => {
        if (failures-- > 0) throw new Error('broker unavailable');
      },
    });
    expect(await deliver(record, ctx)).toBe('acked');
    expect(calls).toBe(1);
    expect(failures).toBe(-1);
  });

  it('leaves the message unacknowledged when publishing never succeeds before the deadline', async () => {
    const hard = new AbortController();
    const { ctx } = context(async () => ok([{ topic: 'docs.unique', key: 'k', value: null }]), {
      hard: hard.signal,
      publish: async () => {
        hard.abort();
        throw new Error('broker unavailable');
      },
    });
    expect(await deliver(record, ctx)).toBe('abandoned');
  });

  it('treats a handler that returns no Outcome as a failure to retry', async () => {
    const { ctx, raw } = context(async () => undefined as never);
    expect(await deliver(record, ctx)).toBe('acked');
    expect(raw[0]!.headers[DLQ_HEADERS.code]).toBe(BUS_ERRORS.retriesExhausted);
    expect(raw[0]!.topic).toBe('p.crawl.requests.dlq');
    expect(raw[0]!.headers[DLQ_HEADERS.sourceTopic]).toBe('p.crawl.requests');
  });

  it('dead-letters the input when the bus refuses its emits', async () => {
    const { ctx, raw } = context(async () => ok(), {
      publish: async () => {
        throw new BusError(BUS_ERRORS.tombstoneNotAllowed, 'no tombstones here');
      },
    });
    expect(await deliver(record, ctx)).toBe('acked');
    expect(raw[0]!.headers[DLQ_HEADERS.code]).toBe(BUS_ERRORS.tombstoneNotAllowed);
    expect(raw[0]!.value).toBe(record.value);
  });

  it('stops retrying when intake stops, leaving the message for redelivery', async () => {
    const intake = new AbortController();
    const { ctx, raw } = context(
      async () => {
        intake.abort();
        throw new Error('flaky');
      },
      { intake: intake.signal, maxAttempts: 100, backoff: { initialMs: 60_000 } },
    );
    expect(await deliver(record, ctx)).toBe('abandoned');
    expect(raw).toEqual([]);
  });

  it('decodes a value held as bytes before the handler sees it, and dead-letters bytes that break the contract as text', async () => {
    const seen: unknown[] = [];
    const { ctx, raw } = context(async (m) => (seen.push(m.value), ok()));
    const bytes = Buffer.from(record.value as string);
    expect(await deliver({ ...record, value: bytes }, ctx)).toBe('acked');
    expect(seen).toEqual([JSON.parse(record.value as string)]);
    expect(await deliver({ ...record, value: Buffer.from('{"url": 1, "note": "été"}') }, ctx)).toBe('acked');
    expect(seen).toHaveLength(1);
    expect(raw[0]!.headers[DLQ_HEADERS.code]).toBe(BUS_ERRORS.invalidMessage);
    expect(raw[0]!.value).toBe('{"url": 1, "note": "été"}');
  });

  it('hands a raw subscription the bytes undecoded, and dead-letters what its handler finds invalid', async () => {
    const seen: Array<{ value: unknown; raw: Uint8Array | undefined }> = [];
    const { ctx, raw } = context(async (m) => (seen.push({ value: m.value, raw: m.raw }), dlqInvalid()), { raw: true });
    const bytes = Buffer.from('not json at all');
    expect(await deliver({ ...record, value: bytes }, ctx)).toBe('acked');
    expect(seen).toEqual([{ value: null, raw: bytes }]);
    expect(raw[0]!.headers[DLQ_HEADERS.code]).toBe(BUS_ERRORS.invalidMessage);
    expect(raw[0]!.value).toBe('not json at all');
  });

  it('validates as usual for a raw subscription when the value is text', async () => {
    const seen: unknown[] = [];
    const { ctx } = context(async (m) => (seen.push(m.raw ?? m.value), ok()), { raw: true });
    expect(await deliver(record, ctx)).toBe('acked');
    expect(seen).toEqual([JSON.parse(record.value as string)]);
  });
});

const dlqInvalid = () => dlq(BUS_ERRORS.invalidMessage, 'value is not JSON');
