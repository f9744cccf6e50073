import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

export interface TopicRecord {
  topic: string;
  key: string;
  value: unknown;
  headers: Record<string, string>;
}

/** Everything on `topics` (prefixed) read back from the beginning with a plain kafkajs consumer, as kcat would. */
export async function readTopics(brokers: string[], topics: string[], expected: (records: TopicRecord[]) => boolean): Promise<TopicRecord[]> {
  const kafka = new Kafka({ clientId: 'e2e-reader', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `e2e-reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
  const records: TopicRecord[] = [];
  let done!: () => void;
  const complete = new Promise<void>((resolve) => (done = resolve));
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = (Array.isArray(v) ? v[0]! : v).toString();
        const text = message.value?.toString('utf8');
        records.push({ topic, key: message.key?.toString('utf8') ?? '', value: text === undefined ? null : (JSON.parse(text) as unknown), headers });
        if (expected(records)) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`records not all read back: ${records.length} so far`)), 60_000);
    });
    try {
      await Promise.race([complete, late]);
    } finally {
      clearTimeout(timer);
    }
    return records;
  } finally {
    await consumer.disconnect();
  }
}
