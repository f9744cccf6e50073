import { brokerList, ensureTopics, readTopicDefinitions, waitForKafka } from '@winnow/infra/topics';
import { beforeAll } from 'vitest';
import { runBusContractSuite } from '../src/contract-suite.js';
import { createKafkaBus } from '../src/kafka-bus.js';
import { startTopicReader } from './kafka-topic-reader.js';

const filePrefix = `bus-test-${Date.now().toString(36)}-${process.pid}`;
let brokers: string[] = [];
let testNo = 0;

beforeAll(async () => {
  const env = process.env.KAFKA_BROKERS;
  if (!env) {
    throw new Error('KAFKA_BROKERS is not set: run `npm run infra:up` and export what it prints, then re-run the tests');
  }
  brokers = brokerList(env);
  try {
    await waitForKafka({ brokers, timeoutMs: 15_000 });
  } catch (err) {
    throw new Error(`Kafka is not reachable at KAFKA_BROKERS=${env}: ${(err as Error).message}`);
  }
}, 30_000);

const definitions = readTopicDefinitions();

runBusContractSuite('kafka', async () => {
  // A fresh set of topics per test, so that no test sees another's messages.
  const prefix = `${filePrefix}-${++testNo}.`;
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
