import { catalog, dlqTopic, type TopicContract } from '@winnow/types';
import { BUS_ERRORS, type Emit } from './bus.js';
import { BusError } from './bus-error.js';
import { eventHeaders } from './cloud-events.js';
import { valueText } from './decode-value.js';
import { jsonBytes } from './json-bytes.js';

/** A message as it travels: JSON text (null for a tombstone) and string headers. */
export interface WireRecord {
  /** Physical topic name, TOPIC_PREFIX applied. */
  topic: string;
  key: string;
  value: string | null;
  headers: Record<string, string>;
}

/** A record on its way out, with what its producer span needs; its value as text or, for Kafka, as bytes. */
export interface OutgoingRecord<R extends KafkaRecord = WireRecord> {
  /** The record to send; its headers get `traceparent` when it is sent. */
  record: R;
  /** The emitted value, for the span's job and document attributes. */
  value: unknown;
  /** The record starts a trace of its own, linked to the publisher's span (a discovered crawl request). */
  startsTrace: boolean;
  /** The record continues this W3C trace context instead of the publisher's (Emit.traceparent). */
  traceparent?: string | undefined;
}

/** A record for Kafka: a published value as its UTF-8 JSON bytes, one read back (DLQ copy, replay) as its text. */
export interface KafkaRecord extends Omit<WireRecord, 'value'> {
  value: string | Uint8Array | null;
}

/** A record read back from a partition. `topic` is the logical name (no prefix). */
export interface ConsumedRecord extends Omit<WireRecord, 'value'> {
  /** JSON text, or its UTF-8 bytes as Kafka returned them (decoded only when needed); null for a tombstone. */
  value: string | Uint8Array | null;
  partition: number;
  offset: string;
  /**
   * The value already decoded, when the record never left the process (the in-process bus): the emitted
   * value as the contract's schema copied it at publish time (decodeEmitted), so it need not be parsed
   * from `value` again. Absent after a restart, for a record's later readers, and for raw records.
   */
  emitted?: unknown;
}

/** A published record as tests and tools see it, value parsed from JSON. */
export interface BusRecord {
  /** Physical topic name, TOPIC_PREFIX applied. */
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: unknown;
  headers: Record<string, string>;
}

export function contractOf(topic: string): TopicContract {
  const contract = (catalog as Record<string, TopicContract>)[topic];
  if (!contract) throw new BusError(BUS_ERRORS.unknownTopic, `unknown topic ${topic}`);
  return contract;
}

export const physicalTopic = (prefix: string, topic: string): string => `${prefix}${topic}`;
/**
 * Kafka consumer group id: TOPIC_PREFIX applied like to topics. Deployments (and test runs) that share a
 * cluster through prefixes must not share a group: kafkajs's leader assigns partitions over the union of all
 * members' topics, so a member of another prefix would be handed partitions it never reads.
 */
export const physicalGroup = (prefix: string, group: string): string => `${prefix}${group}`;
export const physicalDlqTopic = (prefix: string, topic: string): string => `${prefix}${dlqTopic(topic)}`;

/**
 * Turns an emit into a record to send (traced), its value straight to JSON bytes (jsonBytes) without the
 * JSON text in between: Kafka sends bytes, and the in-process bus logs them as they are (a page's JSON text
 * is a V8 large object, and turning it into bytes once more cost the embedded main thread more than a
 * millisecond a page). Throws BusError for misuse that retrying cannot fix.
 */
export function toOutgoing(emit: Emit, prefix: string, source: string): OutgoingRecord<KafkaRecord> {
  return outgoing(emit, toWire(emit, prefix, source, jsonBytes));
}

function outgoing<R extends KafkaRecord>(emit: Emit, record: R): OutgoingRecord<R> {
  return {
    record,
    value: emit.value,
    startsTrace: contractOf(emit.topic).startsTrace ?? false,
    traceparent: emit.traceparent,
  };
}

/** Turns an emit into a wire record, its value encoded by `encode`; throws BusError for misuse that retrying cannot fix. */
function toWire<V extends string | Uint8Array>(
  emit: Emit,
  prefix: string,
  source: string,
  encode: (value: unknown) => V,
): Omit<WireRecord, 'value'> & { value: V | null } {
  const contract = contractOf(emit.topic);
  if (typeof emit.key !== 'string' || emit.key.length === 0) {
    throw new BusError(BUS_ERRORS.invalidKey, `a message on ${emit.topic} needs a non-empty string key`);
  }
  if (emit.value === undefined) {
    throw new BusError(BUS_ERRORS.invalidMessage, `a message on ${emit.topic} needs a value (null for a tombstone)`);
  }
  if (emit.value === null && !contract.compacted) {
    throw new BusError(
      BUS_ERRORS.tombstoneNotAllowed,
      `tombstones are allowed on compacted topics only; ${emit.topic} is not compacted`,
    );
  }
  for (const name of Object.keys(emit.headers ?? {})) {
    if (!contract.headers?.[name]) {
      throw new BusError(BUS_ERRORS.invalidMessage, `header ${name} is not declared by the contract of ${emit.topic}`);
    }
  }
  return {
    topic: physicalTopic(prefix, emit.topic),
    key: emit.key,
    value: emit.value === null ? null : encode(emit.value),
    headers: { ...emit.headers, ...eventHeaders(contract.ceType, source) },
  };
}

export function parseJsonOrText(value: string | Uint8Array | null): unknown {
  if (value === null) return null;
  const text = valueText(value);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
