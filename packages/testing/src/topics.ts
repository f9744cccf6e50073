import { randomBytes } from 'node:crypto';
import { brokerList, createAdmin, ensureTopics } from '@winnow/infra/topics';
import { getInfra } from './infra.js';

export { ensureTopics };

/**
 * A TOPIC_PREFIX no other test file (or earlier run) uses, e.g. `bus-contract-m3x1k9-a1b2.`,
 * so files share one broker without seeing each other's messages or consumer-group offsets.
 */
export function uniquePrefix(name: string): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'test';
  return `${slug}-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}.`;
}

/** getInfra() + uniquePrefix(name) + ensureTopics: every catalog topic and its DLQ, under a fresh prefix. */
export async function createTestTopics(name: string): Promise<{ prefix: string; brokers: string[] }> {
  const infra = await getInfra();
  const prefix = uniquePrefix(name);
  const brokers = brokerList(infra.kafkaBrokers);
  await ensureTopics({ brokers, prefix });
  return { prefix, brokers };
}

/**
 * Deletes what a run under `prefix` (createTestTopics) left on the broker and in Redis: its topics and every
 * Redis key that names the prefix. For runs that move a lot of data (the pipeline bench writes about 235 MB
 * of topics a run) on a broker and Redis that outlive them. Returns once the broker lists none of the topics
 * (deletion reaches the broker's metadata a moment after the controller took it), at most after 30 s.
 */
export async function deleteTestTopics(prefix: string, brokers: string[], redis?: RedisScanner): Promise<void> {
  const admin = createAdmin(brokers, 'winnow-test-cleanup');
  await admin.connect();
  try {
    const mine = async () => (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    const topics = await mine();
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
    for (const deadline = Date.now() + 30_000; (await mine()).length > 0 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await admin.disconnect();
  }
  if (!redis) return;
  // The prefix holds letters, digits, '-' and '.', none of them special in a MATCH pattern. Keys are read as
  // bytes: some end in binary (the deduplicator's band keys), which a string would not give back intact.
  let cursor = '0';
  do {
    const [next, keys] = await redis.scanBuffer(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next.toString();
  } while (cursor !== '0');
}

/** What deleteTestTopics needs of an ioredis client. */
export interface RedisScanner {
  scanBuffer(cursor: string, match: 'MATCH', pattern: string, count: 'COUNT', n: number): Promise<[Buffer, Buffer[]]>;
  unlink(...keys: Buffer[]): Promise<number>;
}
