import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ok, type Delivered } from '../src/bus.js';
import { crawlRequest, eventually } from '../testing/contract-fixtures.js';
import { runBusContractSuite } from '../testing/contract-suite.js';
import { createMemoryBus } from '../src/memory-bus.js';
import { partitionForKey } from '../src/murmur2.js';

const fast = { retryBackoff: { initialMs: 10, maxMs: 50 }, drainTimeoutMs: 500 };

runBusContractSuite('in-process', async () => {
  const bus = createMemoryBus({ ...fast, source: 'bus-test', topicPrefix: 'mem.' });
  return { bus, cleanup: () => bus.stop(), messages: async (topic) => bus.messages(topic), partitions: 6 };
});

describe('in-process bus state file', () => {
  it('keeps accepted but unacknowledged messages across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winnow-bus-'));
    const stateFile = join(dir, 'bus.json');
    try {
      const first = createMemoryBus({ ...fast, stateFile });
      const seen: string[] = [];
      const sub = await first.subscribe({
        group: 'crawler',
        topic: 'crawl.requests',
        handler: async (m) => (seen.push(m.key), ok()),
      });
      await first.publish([{ topic: 'crawl.requests', key: 'one.example', value: crawlRequest('j', 'https://one.example/') }]);
      await eventually(() => seen.length === 1, 'the first message');
      await sub.stop();
      await first.publish([
        { topic: 'crawl.requests', key: 'two.example', value: crawlRequest('j', 'https://two.example/') },
        { topic: 'docs.unique', key: 'ab'.repeat(16), value: null },
      ]);
      await first.stop();

      const second = createMemoryBus({ ...fast, stateFile });
      const after: Delivered<'crawl.requests'>[] = [];
      await second.subscribe({ group: 'crawler', topic: 'crawl.requests', handler: async (m) => (after.push(m), ok()) });
      await eventually(() => after.length === 1, 'the message published before the restart');
      expect(after[0]!.key).toBe('two.example');
      // A topic nobody read yet keeps what it held; offsets continue where they were.
      expect(second.messages('docs.unique')).toHaveLength(1);
      await second.publish([{ topic: 'crawl.requests', key: 'one.example', value: crawlRequest('j', 'https://one.example/x') }]);
      await eventually(() => after.length === 2, 'a message after the restart');
      expect(BigInt(after[1]!.offset)).toBeGreaterThan(0n);
      await second.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('replays its log after a kill: what was published stays, what was acknowledged is not redelivered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winnow-bus-'));
    const stateFile = join(dir, 'bus.json');
    try {
      const crashed = createMemoryBus({ ...fast, stateFile });
      const seen: string[] = [];
      await crashed.subscribe({ group: 'crawler', topic: 'crawl.requests', handler: async (m) => (seen.push(m.key), ok()) });
      await crashed.publish([{ topic: 'crawl.requests', key: 'one.example', value: crawlRequest('j', 'https://one.example/') }]);
      await eventually(() => seen.length === 1, 'the first message');
      // Compacted once (the snapshot holds the first message and its commit), then logged on top of it.
      await crashed.snapshot();
      await crashed.publish([{ topic: 'docs.unique', key: 'ab'.repeat(16), value: null }]);
      await crashed.publish([{ topic: 'crawl.requests', key: 'two.example', value: crawlRequest('j', 'https://two.example/') }]);
      await eventually(() => seen.length === 2, 'the second message');
      await crashed.publish([{ topic: 'crawl.requests', key: 'three.example', value: crawlRequest('j', 'https://three.example/') }]);
      await eventually(() => seen.length === 3, 'the third message');
      await eventually(async () => (await crashed.consumerLag()).every((l) => l.lag === 0), 'every message acknowledged');
      // One turn for the last commit's log write, so that the torn line below is the file's last.
      await new Promise((r) => setImmediate(r));
      // The kill: no stop(), and the last write torn halfway through a line.
      const log = (await readdir(dir)).find((f) => f.endsWith('.log'))!;
      await appendFile(join(dir, log), '["a","crawl.requests",0,9,"torn.exam');

      const restarted = createMemoryBus({ ...fast, stateFile });
      const after: string[] = [];
      await restarted.subscribe({ group: 'crawler', topic: 'crawl.requests', handler: async (m) => (after.push(m.key), ok()) });
      await restarted.publish([{ topic: 'crawl.requests', key: 'four.example', value: crawlRequest('j', 'https://four.example/') }]);
      await eventually(() => after.length >= 1, 'a message after the restart');
      expect(after).toEqual(['four.example']);
      expect(restarted.messages('docs.unique')).toMatchObject([{ key: 'ab'.repeat(16), value: null }]);
      expect(restarted.messages('crawl.requests').map((m) => m.key)).toEqual(['one.example', 'two.example', 'three.example', 'four.example']);
      await restarted.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('redelivers after a kill what was published but not acknowledged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winnow-bus-'));
    const stateFile = join(dir, 'bus.json');
    try {
      const crashed = createMemoryBus({ ...fast, stateFile });
      await crashed.publish([{ topic: 'crawl.requests', key: 'one.example', value: crawlRequest('j', 'https://one.example/') }]);
      // No stop() and no snapshot: the process dies right after the publish resolved.
      const restarted = createMemoryBus({ ...fast, stateFile });
      const seen: string[] = [];
      await restarted.subscribe({ group: 'crawler', topic: 'crawl.requests', handler: async (m) => (seen.push(m.key), ok()) });
      await eventually(() => seen.length === 1, 'the logged message');
      await restarted.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a state file of the earlier format (values as strings) and keeps its records, values unchanged, through its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winnow-bus-'));
    const stateFile = join(dir, 'bus.json');
    const value = JSON.stringify(crawlRequest('j', 'https://old.example/'));
    const record = { offset: 0, key: 'old.example', value, headers: { ce_type: 'winnow.crawl.requested.v1' }, timestamp: 1 };
    const partitions = Array.from({ length: 6 }, () => ({ next: 0, records: [] as unknown[] }));
    partitions[partitionForKey('old.example', 6)] = { next: 1, records: [record] };
    await writeFile(stateFile, JSON.stringify({ version: 1, topics: { 'crawl.requests': partitions }, committed: {}, logGeneration: 3 }));
    try {
      for (let run = 0; run < 2; run++) {
        // The second run reads what the first one's stop() compacted: the same record, in the current format.
        const bus = createMemoryBus({ ...fast, stateFile });
        expect(bus.messages('crawl.requests').map((m) => [m.key, m.offset, m.value])).toEqual([['old.example', '0', JSON.parse(value)]]);
        await bus.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to publish after stop()', async () => {
    const bus = createMemoryBus();
    await bus.stop();
    await expect(
      bus.publish([{ topic: 'crawl.requests', key: 'x.example', value: crawlRequest('j', 'https://x.example/') }]),
    ).rejects.toMatchObject({ code: 'WINNOW_ERR_BUS_STOPPED' });
  });
});
