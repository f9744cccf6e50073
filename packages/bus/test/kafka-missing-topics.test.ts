import { brokerList, createAdmin, readTopicDefinitions } from '@winnow/infra/topics';
import { getInfra, uniquePrefix } from '@winnow/testing';
import { describe, expect, it } from 'vitest';
import { BUS_ERRORS, ok } from '../src/bus.js';
import { BusError } from '../src/bus-error.js';
import { createKafkaBus } from '../src/kafka-bus.js';

async function listTopics(brokers: string[]): Promise<string[]> {
  const admin = createAdmin(brokers);
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
}

describe('a Kafka bus whose topics do not exist', () => {
  it('refuses to start with one line naming the missing topics and the command that creates them', async () => {
    const brokers = brokerList((await getInfra()).kafkaBrokers);
    const prefix = uniquePrefix('bus-missing');
    const bus = createKafkaBus({ brokers, clientId: 'bus-test', topicPrefix: prefix });
    try {
      const err = await bus.subscribe({ group: 'g', topic: 'crawl.requests', handler: async () => ok() }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(BusError);
      expect((err as BusError).code).toBe(BUS_ERRORS.missingTopics);
      const message = (err as BusError).message;
      expect(message).not.toContain('\n');
      for (const t of readTopicDefinitions()) expect(message).toContain(`${prefix}${t.name}`);
      expect(message).toContain(`TOPIC_PREFIX=${prefix} node infra/scripts/create-topics.mjs`);
      expect(message).toContain('KAFKA_CREATE_TOPICS=true');
      expect((await listTopics(brokers)).filter((t) => t.startsWith(prefix))).toEqual([]);
    } finally {
      await bus.stop();
    }
  });

  it('creates them from infra/topics.json when asked to (KAFKA_CREATE_TOPICS=true)', async () => {
    const brokers = brokerList((await getInfra()).kafkaBrokers);
    const prefix = uniquePrefix('bus-create');
    const bus = createKafkaBus({ brokers, clientId: 'bus-test', topicPrefix: prefix, createTopics: true });
    try {
      const sub = await bus.subscribe({ group: 'g', topic: 'crawl.requests', handler: async () => ok() });
      await sub.stop();
      const present = new Set(await listTopics(brokers));
      for (const t of readTopicDefinitions()) expect(present.has(`${prefix}${t.name}`)).toBe(true);
    } finally {
      await bus.stop();
    }
  });
});
