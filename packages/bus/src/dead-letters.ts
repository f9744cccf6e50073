import { DLQ_HEADERS } from '@winnow/types';
import type { DeadLetter } from './bus.js';
import { physicalTopic, type WireRecord } from './wire.js';

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
