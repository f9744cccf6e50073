import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import type { DeadLetter } from './bus.js';
import { toDeadLetter } from './dead-letters.js';
import { headersToStrings } from './kafka-subscription.js';
import { physicalDlqTopic } from './wire.js';

/**
 * Reads the newest `limit` messages of each partition of `<prefix><topic>.dlq`, oldest first. kafkajs has no
 * manual assignment, so a throw-away consumer group reads from the start offsets to the high watermarks
 * taken at the call, then leaves and is deleted: nothing is committed on any group a service uses.
 */
export async function readKafkaDeadLetters(kafka: Kafka, admin: Admin, prefix: string, topic: string, limit: number, timeoutMs = 30_000): Promise<DeadLetter[]> {
  const dlq = physicalDlqTopic(prefix, topic);
  const offsets = await admin.fetchTopicOffsets(dlq);
  const wanted = new Map<number, { from: bigint; high: bigint }>();
  for (const o of offsets) {
    const high = BigInt(o.high);
    const low = BigInt(o.low);
    const from = high - BigInt(limit) > low ? high - BigInt(limit) : low;
    if (high > from) wanted.set(o.partition, { from, high });
  }
  if (wanted.size === 0) return [];

  const groupId = `${prefix}winnow-dlq-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const found: DeadLetter[] = [];
  const pending = new Set(wanted.keys());
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: dlq, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${dlq} took longer than ${timeoutMs} ms`)), timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        resolve();
      };
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const range = wanted.get(batch.partition);
            if (!range) return;
            for (const m of batch.messages) {
              const offset = BigInt(m.offset);
              if (offset < range.from || offset >= range.high) continue;
              const rec = {
                partition: batch.partition,
                offset: m.offset,
                key: m.key?.toString('utf8') ?? '',
                value: m.value === null ? null : m.value.toString('utf8'),
                headers: headersToStrings(m.headers),
                timestamp: new Date(Number(m.timestamp)).toISOString(),
              };
              found.push(toDeadLetter(rec, topic));
            }
            const last = batch.messages.at(-1);
            if (last && BigInt(last.offset) >= range.high - 1n) pending.delete(batch.partition);
            if (pending.size === 0) finish();
          },
        })
        .then(() => {
          for (const [partition, { from }] of wanted) consumer.seek({ topic: dlq, partition, offset: String(from) });
        }, reject);
    });
  } finally {
    await consumer.disconnect().catch(() => {});
    await admin.deleteGroups([groupId]).catch(() => {});
  }
  return found.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}
