import { randomBytes, randomUUID } from 'node:crypto';
import { context, trace, TraceFlags, type Context } from '@opentelemetry/api';

/** Kafka header names of CloudEvents 1.0 binary mode, plus W3C trace context. */
const CE_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  contentType: 'content-type',
  traceparent: 'traceparent',
} as const;

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The active span's `traceparent`, or a fresh random one when no span is active. */
function currentTraceparent(): string {
  const span = trace.getSpanContext(context.active());
  if (span && trace.isSpanContextValid(span)) {
    const flags = (span.traceFlags & 0xff).toString(16).padStart(2, '0');
    return `00-${span.traceId}-${span.spanId}-${flags}`;
  }
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

/** Headers for a new event of `ceType` published by `source`. */
export function eventHeaders(ceType: string, source: string): Record<string, string> {
  return {
    [CE_HEADERS.specversion]: '1.0',
    [CE_HEADERS.id]: randomUUID(),
    [CE_HEADERS.source]: source,
    [CE_HEADERS.type]: ceType,
    [CE_HEADERS.time]: new Date().toISOString(),
    [CE_HEADERS.contentType]: 'application/json',
    [CE_HEADERS.traceparent]: currentTraceparent(),
  };
}

/** `winnow/<service>`, the CloudEvents source of everything one service publishes. */
export function ceSource(service: string | undefined): string {
  return `winnow/${service ?? 'unknown'}`;
}

/**
 * The context to run a handler in: the message's trace becomes the parent, so what the handler emits
 * carries the same trace id once an OpenTelemetry SDK is registered (without one this is a no-op).
 */
export function contextFromHeaders(headers: Record<string, string>): Context {
  const match = TRACEPARENT.exec(headers[CE_HEADERS.traceparent] ?? '');
  if (!match) return context.active();
  const [, traceId, spanId, flags] = match;
  const spanContext = {
    traceId: traceId!,
    spanId: spanId!,
    traceFlags: Number.parseInt(flags!, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  if (!trace.isSpanContextValid(spanContext)) return context.active();
  return trace.setSpanContext(context.active(), spanContext);
}
