import { brokerList, readTopicDefinitions, waitForKafka } from '@winnow/infra/topics';
import { ensureTopics, getInfra, uniquePrefix } from '@winnow/testing';
import { beforeAll } from 'vitest';
import { runBusContractSuite } from '../testing/contract-suite.js';
import { createKafkaBus } from '../src/kafka-bus.js';
import { startTopicReader } from './kafka-topic-reader.js';

let brokers: string[] = [];

beforeAll(async () => {
  // KAFKA_BROKERS when set; otherwise the local default or `npm run infra:up`. Fails (never skips) naming what is missing.
  const infra = await getInfra();
  brokers = brokerList(infra.kafkaBrokers);
  try {
    await waitForKafka({ brokers, timeoutMs: 15_000 });
  } catch (err) {
    throw new Error(`Kafka is not reachable at KAFKA_BROKERS=${infra.kafkaBrokers}: ${(err as Error).message}`);
  }
}, 300_000);

const definitions = readTopicDefinitions();

runBusContractSuite('kafka', async () => {
  // Fresh topics per test, so that no test sees another's messages.
  const prefix = uniquePrefix('bus-kafka');
  await ensureTopics({ brokers, prefix });
  const reader = await startTopicReader(brokers, prefix, definitions.map((d) => d.name));
  const bus = createKafkaBus({
    brokers,
    clientId: 'bus-test',
    topicPrefix: prefix,
    source: 'bus-test',
    retryBackoff: { initialMs: 20, maxMs: 200 },
    drainTimeoutMs: 1500,
  });
  return {
    bus,
    messages: async (topic) => reader.messages(topic),
    partitions: definitions.find((d) => d.name === 'crawl.requests')!.partitions,
    cleanup: async () => {
      await bus.stop();
      await reader.stop();
    },
  };
});
