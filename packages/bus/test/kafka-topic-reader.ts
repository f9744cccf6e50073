import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { parseJsonOrText, type BusRecord } from '../src/wire.js';

/** Reads every topic with a prefix from the beginning with a plain kafkajs consumer, as kcat would. */
export async function startTopicReader(
  brokers: string[],
  prefix: string,
  topics: string[],
): Promise<{ messages(topic: string): BusRecord[]; stop(): Promise<void> }> {
  const kafka = new Kafka({ clientId: 'bus-test-reader', brokers, logLevel: logLevel.NOTHING });
  const consumer: Consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
  const records: BusRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: topics.map((t) => `${prefix}${t}`), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) {
        if (v !== undefined) headers[k] = (Array.isArray(v) ? v[0]! : v).toString();
      }
      records.push({
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? '',
        value: parseJsonOrText(message.value?.toString() ?? null),
        headers,
      });
    },
  });
  return {
    messages: (topic) => records.filter((r) => r.topic === `${prefix}${topic}`),
    stop: () => consumer.disconnect(),
  };
}
