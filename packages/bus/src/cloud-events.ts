import { randomBytes, randomUUID } from 'node:crypto';

/** Kafka header names of CloudEvents 1.0 binary mode, plus W3C trace context. */
const CE_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  contentType: 'content-type',
} as const;

/** A `traceparent` of a new, unsampled trace: what a record carries when no OpenTelemetry SDK is registered. */
export function freshTraceparent(): string {
  return `00-${randomHex(16)}-${randomHex(8)}-00`;
}

// randomBytes() per message goes to the OS each time; one 4 KiB draw serves ~170 fresh trace ids.
let pool = Buffer.alloc(0);
let poolOffset = 0;
function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  poolOffset += bytes;
  return pool.toString('hex', poolOffset - bytes, poolOffset);
}

/** Headers for a new event of `ceType` published by `source`; `traceparent` is added when it is sent. */
export function eventHeaders(ceType: string, source: string): Record<string, string> {
  return {
    [CE_HEADERS.specversion]: '1.0',
    [CE_HEADERS.id]: randomUUID(),
    [CE_HEADERS.source]: source,
    [CE_HEADERS.type]: ceType,
    [CE_HEADERS.time]: new Date().toISOString(),
    [CE_HEADERS.contentType]: 'application/json',
  };
}

/** `winnow/<service>`, the CloudEvents source of everything one service publishes. */
export function ceSource(service: string | undefined): string {
  return `winnow/${service ?? 'unknown'}`;
}
