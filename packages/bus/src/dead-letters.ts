import { DLQ_HEADERS } from '@winnow/types';
import { physicalTopic, type WireRecord } from './wire.js';

/** One message of a `<topic>.dlq` topic: the original record and why it was dead-lettered. */
export interface DeadLetter {
  /** `<partition>-<offset>` on the DLQ topic: names one dead letter for a replay. */
  id: string;
  /** Logical source topic (no TOPIC_PREFIX): where a replay sends the message back. */
  topic: string;
  partition: number;
  offset: string;
  key: string;
  /** The original value as it travelled (JSON text; not validated: it may be the poison itself). */
  value: string | null;
  /** The original headers (CloudEvents, `traceparent`, ...), without the error headers. */
  headers: Record<string, string>;
  code: string;
  message: string;
  /** The consumer group that gave up on it. */
  stage: string;
  attempt: number;
  /** When it was dead-lettered (ISO 8601). */
  time: string;
}

const ERROR_HEADERS = new Set<string>(Object.values(DLQ_HEADERS));

/** Reads a record of `<prefix><topic>.dlq` back into a DeadLetter. */
export function toDeadLetter(
  rec: { partition: number; offset: string; key: string; value: string | null; headers: Record<string, string>; timestamp: string },
  topic: string,
): DeadLetter {
  const headers = Object.fromEntries(Object.entries(rec.headers).filter(([name]) => !ERROR_HEADERS.has(name)));
  return {
    id: `${rec.partition}-${rec.offset}`,
    topic,
    partition: rec.partition,
    offset: rec.offset,
    key: rec.key,
    value: rec.value,
    headers,
    code: rec.headers[DLQ_HEADERS.code] ?? 'unknown',
    message: rec.headers[DLQ_HEADERS.message] ?? '',
    stage: rec.headers[DLQ_HEADERS.stage] ?? 'unknown',
    attempt: Number(rec.headers[DLQ_HEADERS.attempt] ?? 0),
    time: rec.timestamp,
  };
}

/** The record a replay publishes: the original key, value and headers (traceparent included) on the source topic. */
export function replayRecord(letter: DeadLetter, prefix: string): WireRecord {
  return { topic: physicalTopic(prefix, letter.topic), key: letter.key, value: letter.value, headers: { ...letter.headers } };
}
