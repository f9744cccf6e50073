import { describe, expect, it } from 'vitest';
import { ok, type Emit } from '../src/bus.js';
import { createMemoryBus, type MemoryBus } from '../src/memory-bus.js';
import { crawlRequest, eventually, gate, pageFetched, request } from '../testing/contract-fixtures.js';

const fast = { retryBackoff: { initialMs: 10, maxMs: 50 }, drainTimeoutMs: 500 };
const PAGE = 'x'.repeat(20_000);

/** A fetched page of about 20 KB, like the crawler's (its body is the page). */
function page(i: number): Emit<'pages.fetched'> {
  const emit = pageFetched(crawlRequest('j', `https://site${i % 7}.example/${i}`));
  return { ...emit, value: { ...emit.value!, outcome: 'fetched', reason: null, status: 200, body: `${PAGE}${i}`, contentType: 'text/html' } };
}

/** What the bus holds of a topic: records, and their values' text. */
function held(bus: MemoryBus, topic: 'pages.fetched'): { records: number; chars: number } {
  const records = bus.messages(topic);
  return { records: records.length, chars: records.reduce((n, r) => n + JSON.stringify(r.value).length, 0) };
}

describe('in-process bus retention', () => {
  it('holds a bounded number of records over a long run: a publisher ahead of its reader waits, and read records are let go', async () => {
    const maxUnackedChars = 1_000_000;
    const bus = createMemoryBus({ ...fast, maxUnackedChars, retainConsumedPerPartition: 2 });
    let most = { records: 0, chars: 0 };
    let seen = 0;
    // A reader much slower than its publisher (the extractor behind the crawler), sampling what the bus holds.
    await bus.subscribe({
      group: 'extractor',
      topic: 'pages.fetched',
      concurrency: 2,
      handler: async () => {
        await new Promise((r) => setImmediate(r));
        seen++;
        if (seen % 50 === 0) {
          const now = held(bus, 'pages.fetched');
          most = { records: Math.max(most.records, now.records), chars: Math.max(most.chars, now.chars) };
        }
        return ok();
      },
    });
    const pages = 2000;
    for (let i = 0; i < pages; i += 10) await bus.publish(Array.from({ length: 10 }, (_, j) => page(i + j)));
    await eventually(() => seen === pages, 'every page read');
    await eventually(async () => (await bus.consumerLag()).every((l) => l.lag === 0), 'every page acknowledged');

    // 2,000 pages of 20 KB (40 MB) went through; the bus never held more than its bound, a batch, and what it keeps read.
    const bound = maxUnackedChars + 10 * 20_100 + 6 * 2 * 20_100;
    expect(most.chars).toBeGreaterThan(0);
    expect(most.chars).toBeLessThanOrEqual(bound);
    expect(most.records).toBeLessThanOrEqual(Math.ceil(bound / 20_000));
    // Once every page is acknowledged, only the records kept for inspection are left, without a further publish.
    expect(held(bus, 'pages.fetched').records).toBeLessThanOrEqual(6 * 2);
    await bus.stop();
  });

  it("never makes a handler's publishes to its own input topic wait (the crawler's discovered links)", async () => {
    const bus = createMemoryBus({ ...fast, maxUnackedChars: 1 });
    let handled = 0;
    await bus.subscribe({
      group: 'crawler',
      topic: 'crawl.requests',
      handler: async (m) => {
        handled++;
        const depth = Number(new URL(m.value!.url).pathname.slice(1));
        return depth < 50 ? ok([request(m.key, 'j', `/${depth + 1}`)]) : ok();
      },
    });
    await bus.publish([request('links.example', 'j', '/0')]);
    await eventually(() => handled === 51, 'every link followed');
    await bus.stop();
  });

  it('does not make publishers wait for a group nobody runs, and keeps what that group has yet to read for it', async () => {
    const bus = createMemoryBus({ ...fast, maxUnackedChars: 1 });
    const first = await bus.subscribe({ group: 'extractor', topic: 'pages.fetched', handler: async () => ok() });
    await first.stop();
    for (let i = 0; i < 20; i++) await bus.publish([page(i)]);
    let read = 0;
    await bus.subscribe({ group: 'extractor', topic: 'pages.fetched', handler: async () => (read++, ok()) });
    await eventually(() => read === 20, 'every page published while the group was away');
    await bus.stop();
  });

  it('ends a publish waiting for room when the bus stops: published in full (its reader gone) or refused, never stuck', async () => {
    const bus = createMemoryBus({ ...fast, maxUnackedChars: 1 });
    const stuck = gate();
    await bus.subscribe({ group: 'extractor', topic: 'pages.fetched', handler: async () => (await stuck.wait, ok()) });
    await bus.publish([page(0)]);
    const waiting = bus.publish([page(1), page(2)]);
    let settled = false;
    void waiting.then(() => (settled = true), () => (settled = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    const stopped = bus.stop();
    const outcome = await waiting.then(() => 'published', (err: { code?: string }) => err.code);
    stuck.open();
    await stopped;
    const held = bus.messages('pages.fetched').map((m) => m.key);
    if (outcome === 'published') expect(held).toEqual([page(0).key, page(1).key, page(2).key]);
    else expect([outcome, held]).toEqual(['WINNOW_ERR_BUS_STOPPED', [page(0).key]]);
  });
});
