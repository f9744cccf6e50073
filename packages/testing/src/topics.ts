import { randomBytes } from 'node:crypto';
import { brokerList, ensureTopics } from '@winnow/infra/topics';
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
