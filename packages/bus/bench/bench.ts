import { randomUUID } from 'node:crypto';
import { ensureTopics } from '@winnow/infra/topics';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { ok, type Emit } from '../src/bus.js';
import { crawlRequest } from '../testing/contract-fixtures.js';
import { createKafkaBus } from '../src/kafka-bus.js';
import { createMemoryBus } from '../src/memory-bus.js';

// Throughput of the bus against plain kafkajs doing the same work without the bus's guarantees
// (no validation, no per-key lanes, no commit watermark): the ratio is what those guarantees cost.
// Usage: KAFKA_BROKERS=127.0.0.1:9092 node packages/bus/dist/bench/bench.js [messages]

const brokersEnv = process.env.KAFKA_BROKERS;
if (!brokersEnv) {
  console.error('bench: set KAFKA_BROKERS (npm run infra:up prints it)');
  process.exit(1);
}
const brokers = brokersEnv.split(',');
const total = Number(process.argv[2] ?? 20_000);
const chunk = 500;
const prefix = `bench-bus-${Date.now().toString(36)}.`;
const topic = 'crawl.requests';
const emits: Emit<'crawl.requests'>[] = Array.from({ length: total }, (_, i) => ({
  topic,
  key: `host-${i % 200}.example`,
  value: crawlRequest('bench', `https://host-${i % 200}.example/page/${i}`),
}));

const rate = (n: number, ms: number): number => Math.round((n / ms) * 1000);
async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

await ensureTopics({ brokers, prefix });
const kafka = new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.NOTHING });
const bus = createKafkaBus({ brokers, clientId: 'bench-bus', topicPrefix: prefix, source: 'bench' });

const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
const rawPublishMs = await timed(async () => {
  for (let i = 0; i < total; i += chunk) {
    const messages = emits.slice(i, i + chunk).map((e) => ({ key: e.key, value: JSON.stringify(e.value) }));
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic: `${prefix}${topic}`, messages }] });
  }
});
const busPublishMs = await timed(async () => {
  for (let i = 0; i < total; i += chunk) await bus.publish(emits.slice(i, i + chunk));
});
await producer.disconnect();
// The topic now holds 2 × total messages; both consumers read all of them.
const expected = total * 2;

let rawSeen = 0;
const consumer = kafka.consumer({ groupId: `raw-${randomUUID()}`, maxWaitTimeInMs: 200 });
await consumer.connect();
await consumer.subscribe({ topic: `${prefix}${topic}`, fromBeginning: true });
const rawConsumeMs = await timed(async () => {
  await consumer.run({
    partitionsConsumedConcurrently: 12,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        JSON.parse(m.value!.toString());
        rawSeen++;
      }
    },
  });
  await until(() => rawSeen >= expected);
});
await consumer.disconnect();

let busSeen = 0;
const busConsumeMs = await timed(async () => {
  const sub = await bus.subscribe({ group: `bus-${randomUUID()}`, topic, concurrency: 16, handler: async () => (busSeen++, ok()) });
  await until(() => busSeen >= expected);
  await sub.stop();
});
await bus.stop();

const memory = createMemoryBus();
let memSeen = 0;
const memMs = await timed(async () => {
  await memory.subscribe({ group: 'g', topic, concurrency: 16, handler: async () => (memSeen++, ok()) });
  for (let i = 0; i < total; i += chunk) await memory.publish(emits.slice(i, i + chunk));
  await until(() => memSeen >= total);
});
await memory.stop();

const row = (label: string, n: number, busMs: number, peerMs: number): string =>
  `${label.padEnd(26)} bus ${String(rate(n, busMs)).padStart(7)} msg/s   kafkajs ${String(rate(n, peerMs)).padStart(7)} msg/s   ratio ${(peerMs / busMs).toFixed(2)}`;
console.log(`bus bench: ${total} crawl.requests messages, 200 keys, 12 partitions`);
console.log(row('publish (chunks of 500)', total, busPublishMs, rawPublishMs));
console.log(row('consume (group join incl.)', expected, busConsumeMs, rawConsumeMs));
console.log(`${'in-process publish+consume'.padEnd(26)} bus ${String(rate(total, memMs)).padStart(7)} msg/s`);
