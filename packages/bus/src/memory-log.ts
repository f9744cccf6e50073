import { partitionForKey } from './murmur2.js';
import type { KafkaRecord } from './wire.js';

export interface StoredRecord {
  offset: number;
  key: string;
  /** JSON text or any text (restored, raw records), or a published value's JSON as UTF-8 bytes (toOutgoing). */
  value: string | Uint8Array | null;
  headers: Record<string, string>;
  /** Publish order across the whole bus, for inspection. */
  seq: number;
  /** When it was appended (ms since the epoch); absent in state files written before it was kept. */
  timestamp?: number;
  /** The value is JSON (text or bytes) toWire made: state files carry it spliced in, not escaped as a string. */
  json?: true;
  /** The value decoded at publish time, until the record is first handed to a consumer (ConsumedRecord.emitted); never saved. */
  emitted?: unknown;
}

const charsOf = (r: StoredRecord): number => r.value?.length ?? 0;

/** One partition: records from `base` up to `next - 1` are held in memory. */
export class PartitionLog {
  records: StoredRecord[] = [];
  next = 0;
  /** The held records' value lengths, summed (bytes of the JSON values published, UTF-16 code units of restored text: what they cost, roughly). */
  chars = 0;

  push(rec: StoredRecord): void {
    this.records.push(rec);
    this.chars += charsOf(rec);
  }

  /** The held records' value lengths from offset `needed` on: what some group has yet to acknowledge. */
  charsFrom(needed: number): number {
    let below = 0;
    for (const r of this.records) {
      if (r.offset >= needed) break;
      below += charsOf(r);
    }
    return this.chars - below;
  }

  get base(): number {
    return this.records[0]?.offset ?? this.next;
  }

  at(offset: number): StoredRecord | undefined {
    return this.records[offset - this.base];
  }

  /** Drops records below `needed` while more than `keep` such records are held. */
  trim(needed: number, keep: number): void {
    const unneeded = this.records.findIndex((r) => r.offset >= needed);
    const count = unneeded === -1 ? this.records.length : unneeded;
    if (count > keep) for (const r of this.records.splice(0, count - keep)) this.chars -= charsOf(r);
  }
}

/** The in-process bus's topics: partitioned logs keyed like Kafka's default partitioner. */
export class MemoryLog {
  private readonly topics = new Map<string, PartitionLog[]>();
  private seq = 0;

  constructor(private readonly defaultPartitions: number) {}

  partitions(topic: string): PartitionLog[] {
    let parts = this.topics.get(topic);
    if (!parts) {
      parts = Array.from({ length: this.defaultPartitions }, () => new PartitionLog());
      this.topics.set(topic, parts);
    }
    return parts;
  }

  /** Restores a topic from a state file, keeping its partition count and offsets. */
  restore(topic: string, parts: Array<{ next: number; records: Array<Omit<StoredRecord, 'seq'>> }>): void {
    this.topics.set(
      topic,
      parts.map((p) => {
        const log = new PartitionLog();
        log.next = p.next;
        for (const r of p.records) log.push({ ...r, seq: this.seq++ });
        return log;
      }),
    );
  }

  /** Puts back a logged record at its own partition and offset; one the log already holds is left alone. */
  put(topic: string, partition: number, rec: Omit<StoredRecord, 'seq'>): void {
    const log = this.partitions(topic)[partition];
    if (!log) throw new Error(`bus state: ${topic} has no partition ${partition}`);
    if (rec.offset < log.next) return;
    log.push({ ...rec, seq: this.seq++ });
    log.next = rec.offset + 1;
  }

  /** `json` and `emitted`: see StoredRecord. */
  append(rec: KafkaRecord, json = false, emitted?: unknown): { partition: number; offset: number; record: StoredRecord } {
    const parts = this.partitions(rec.topic);
    const partition = partitionForKey(rec.key, parts.length);
    const log = parts[partition]!;
    const offset = log.next++;
    const record: StoredRecord = { offset, key: rec.key, value: rec.value, headers: rec.headers, seq: this.seq++, timestamp: Date.now() };
    if (json && rec.value !== null) record.json = true;
    if (emitted !== undefined && rec.value !== null) record.emitted = emitted;
    log.push(record);
    return { partition, offset, record };
  }

  topicNames(): string[] {
    return [...this.topics.keys()];
  }
}
