import type { Message, Producer, TopicMessages } from 'kafkajs';
import { BUS_ERRORS } from './bus.js';
import { BusError } from './bus-error.js';
import type { KafkaRecord } from './wire.js';

interface Pending {
  records: KafkaRecord[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Kafka errors about a record that no retry can fix; the input that produced it goes to the DLQ. */
const UNSENDABLE: Record<string, string> = {
  MESSAGE_TOO_LARGE: BUS_ERRORS.messageTooLarge,
  RECORD_LIST_TOO_LARGE: BUS_ERRORS.messageTooLarge,
  INVALID_RECORD: BUS_ERRORS.unsendableMessage,
  CORRUPT_MESSAGE: BUS_ERRORS.unsendableMessage,
};

/**
 * Serializes sends on the idempotent producer (kafkajs has had sequence-number trouble with concurrent sends)
 * and coalesces what concurrent handlers publish meanwhile into one `sendBatch`.
 */
export class SendQueue {
  private queue: Pending[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly producer: Producer) {}

  send(records: KafkaRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      this.running ??= this.loop().finally(() => (this.running = undefined));
    });
  }

  /** Resolves when everything queued so far has been sent or has failed. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.sendBatch(batch.flatMap((p) => p.records));
        for (const p of batch) p.resolve();
      } catch (err) {
        if (batch.length === 1) {
          batch[0]!.reject(mapError(err));
          continue;
        }
        // One caller's record may be the culprit: retry each caller alone so only it sees the failure.
        for (const p of batch) {
          await this.sendBatch(p.records).then(p.resolve, (e: unknown) => p.reject(mapError(e)));
        }
      }
    }
  }

  private async sendBatch(records: KafkaRecord[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const r of records) {
      let list = byTopic.get(r.topic);
      if (!list) byTopic.set(r.topic, (list = []));
      list.push({ key: r.key, value: toBuffer(r.value), headers: r.headers });
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    await this.producer.sendBatch({ acks: -1, topicMessages });
  }
}

/**
 * A Buffer, not a string: kafkajs measures a string value's UTF-8 length twice (record size, then varint) before
 * encoding it, which for a decoded page of 200 KB costs more than encoding it once here.
 */
function toBuffer(value: string | Uint8Array | null): Buffer | null {
  if (value === null) return null;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

function mapError(err: unknown): unknown {
  const type = (err as { type?: unknown } | null)?.type;
  const code = typeof type === 'string' ? UNSENDABLE[type] : undefined;
  return code ? new BusError(code, (err as Error).message) : err;
}
