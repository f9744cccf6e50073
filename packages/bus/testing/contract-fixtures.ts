import type { MessageOf } from '@winnow/types';
import { vi } from 'vitest';
import type { Bus, Emit } from '../src/bus.js';
import type { BusRecord } from '../src/wire.js';
import { partitionForKey } from '../src/murmur2.js';

// Valid messages and small waiting helpers for the bus contract suite.

export type CrawlRequest = MessageOf<'crawl.requests'>;

let seq = 0;
export const unique = (label: string): string => `${label}-${process.pid}-${++seq}`;

export function crawlRequest(jobId: string, url: string): CrawlRequest {
  return {
    jobId,
    url,
    depth: 0,
    discoveredFrom: null,
    priority: 0,
    job: { seeds: [url], maxDepth: 1, maxPages: 10, scope: 'host', include: [], exclude: [] },
    requestedAt: new Date().toISOString(),
  };
}

export const request = (key: string, jobId: string, path = '/'): Emit<'crawl.requests'> => ({
  topic: 'crawl.requests',
  key,
  value: crawlRequest(jobId, `https://${key}${path}`),
});

export function pageFetched(req: CrawlRequest): Emit<'pages.fetched'> {
  const docId = Buffer.from(req.url).toString('hex').padEnd(32, '0').slice(0, 32);
  return {
    topic: 'pages.fetched',
    key: docId,
    value: {
      docId,
      jobId: req.jobId,
      requestUrl: req.url,
      url: req.url,
      depth: req.depth,
      outcome: 'failed',
      reason: 'http_404',
      status: 404,
      headers: {},
      contentType: null,
      body: null,
      charset: null,
      charsetSource: null,
      fetchedAt: new Date().toISOString(),
    },
  };
}

/** Polls until `check` returns a value other than undefined/false/null (the broker delivers when it delivers). */
export async function eventually<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 30_000,
): Promise<Exclude<T, false | undefined | null>> {
  return vi.waitFor(
    async () => {
      const value = await check();
      if (value === undefined || value === false || value === null) throw new Error(`timed out waiting for ${what}`);
      return value as Exclude<T, false | undefined | null>;
    },
    { timeout: timeoutMs, interval: 25 },
  );
}

export function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/** Keys whose messages land on the same partition as `key`. */
export function keysOnPartitionOf(key: string, partitions: number, count: number): string[] {
  const target = partitionForKey(key, partitions);
  const found: string[] = [];
  for (let i = 0; found.length < count; i++) {
    const candidate = `fast-${i}.example`;
    if (partitionForKey(candidate, partitions) === target) found.push(candidate);
  }
  return found;
}

/** One bus for one test, with a way to read back what reached its topics. */
export interface BusUnderTest {
  bus: Bus;
  cleanup(): Promise<void>;
  /** Records on a topic (logical name; `<topic>.dlq` too), as far as they have arrived. */
  messages(topic: string): Promise<BusRecord[]>;
  /** Partitions per topic, to choose keys that share one. Default 6. */
  partitions?: number;
}
