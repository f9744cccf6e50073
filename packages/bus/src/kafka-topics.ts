import type { Kafka } from 'kafkajs';
import { ensureTopics, readTopicDefinitions } from '@winnow/infra/topics';
import { BUS_ERRORS } from './bus.js';
import { BusError } from './bus-error.js';
import type { BusLogger } from './bus-logger.js';
import { physicalTopic } from './wire.js';

export interface TopicCheck {
  kafka: Kafka;
  brokers: string[];
  prefix: string;
  /** KAFKA_CREATE_TOPICS: create what is missing from infra/topics.json instead of refusing to start. */
  create: boolean;
  logger: BusLogger;
}

/**
 * Every topic of infra/topics.json (the catalog and its DLQs) must exist under the prefix before a service
 * publishes or consumes: kafkajs would otherwise fail deep inside a join or a send with
 * UNKNOWN_TOPIC_OR_PARTITION. Missing topics are created, or reported in one line that says how to create them.
 */
export async function checkTopics({ kafka, brokers, prefix, create, logger }: TopicCheck): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  let present: Set<string>;
  try {
    present = new Set(await admin.listTopics());
  } finally {
    await admin.disconnect();
  }
  const missing = readTopicDefinitions()
    .map((t) => physicalTopic(prefix, t.name))
    .filter((name) => !present.has(name));
  if (missing.length === 0) return;
  if (create) {
    const { created } = await ensureTopics({ brokers, prefix });
    logger.info({ created }, 'kafka topics created (KAFKA_CREATE_TOPICS=true)');
    return;
  }
  throw new BusError(BUS_ERRORS.missingTopics, missingTopicsMessage(missing, brokers, prefix));
}

function missingTopicsMessage(missing: readonly string[], brokers: readonly string[], prefix: string): string {
  const env = `KAFKA_BROKERS=${brokers.join(',')}${prefix ? ` TOPIC_PREFIX=${prefix}` : ''}`;
  return (
    `${missing.length} Kafka topic(s) missing: ${missing.join(', ')}; ` +
    `create them with \`${env} node infra/scripts/create-topics.mjs\`, or start with KAFKA_CREATE_TOPICS=true`
  );
}
