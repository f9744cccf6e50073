import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';
import { busMetrics } from './bus-metrics.js';
import { freshTraceparent } from './cloud-events.js';
import type { KafkaRecord, OutgoingRecord } from './wire.js';

/**
 * The bus's own spans, through @opentelemetry/api only: whatever SDK the process registered (a service's
 * instrumentation.ts) records and exports them; without one they cost nothing. They follow the OTel messaging
 * semantic conventions, so kafkajs's own instrumentation is not needed (and must stay off: it rewrites
 * `traceparent`, and parents a whole batched send to whichever publisher flushed it).
 */
const tracer = () => trace.getTracer('@winnow/bus');

/** Attributes that Winnow adds to every message span: the job, and the document when the value names one. */
function valueAttributes(value: unknown): Attributes {
  const v = value as { jobId?: unknown; docId?: unknown } | null;
  return {
    ...(typeof v?.jobId === 'string' && { 'winnow.job.id': v.jobId }),
    ...(typeof v?.docId === 'string' && { 'winnow.document.id': v.docId }),
  };
}


/**
 * One `send <topic>` producer span per record, a child of the active context (or the root of a new trace,
 * linked to the active span, for a record that starts one; or a child of the record's own `traceparent`,
 * linked to the active span, for a record of another document's trace), injected into the record's headers as
 * W3C `traceparent`. Every record gets a `traceparent` even when no SDK is registered. Ends the spans when
 * `send` settles.
 */
export async function sendTraced(records: OutgoingRecord<KafkaRecord>[], send: () => Promise<void>): Promise<void> {
  const active = context.active();
  const activeSpan = trace.getSpanContext(active);
  const spans: Span[] = [];
  for (const { record: r, value, startsTrace, traceparent } of records) {
    const parent = startsTrace ? ROOT_CONTEXT : traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : active;
    const linked = startsTrace || traceparent !== undefined;
    const links: Link[] = linked && activeSpan && trace.isSpanContextValid(activeSpan) ? [{ context: activeSpan }] : [];
    const span = tracer().startSpan(
      `send ${r.topic}`,
      {
        kind: SpanKind.PRODUCER,
        links,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.operation.name': 'send',
          'messaging.destination.name': r.topic,
          'messaging.kafka.message.key': r.key,
          ...(r.headers['ce_id'] !== undefined && { 'messaging.message.id': r.headers['ce_id'] }),
          ...(value === null && { 'messaging.kafka.message.tombstone': true }),
          ...valueAttributes(value),
        },
      },
      parent,
    );
    spans.push(span);
    delete r.headers['traceparent'];
    propagation.inject(trace.setSpan(parent, span), r.headers);
    r.headers['traceparent'] ??= fallbackTraceparent(span, parent);
  }
  try {
    await send();
    for (const { record } of records) busMetrics.published.inc({ topic: record.topic });
  } catch (err) {
    for (const span of spans) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    }
    throw err;
  } finally {
    for (const span of spans) span.end();
  }
}

/** No propagator registered (no SDK): the span's own ids when it has any, else a fresh trace. */
function fallbackTraceparent(span: Span, parent: Context): string {
  const sc = trace.isSpanContextValid(span.spanContext()) ? span.spanContext() : trace.getSpanContext(parent);
  if (sc && trace.isSpanContextValid(sc)) {
    return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
  }
  return freshTraceparent();
}

export interface IncomingRecord {
  /** Physical topic. */
  topic: string;
  partition: number;
  offset: string;
  key: string;
  headers: Record<string, string>;
  /** Physical consumer group. */
  group: string;
}

/**
 * Runs `fn` (validation, the handler with its retries, publishing its emits or its DLQ copy) inside a
 * `process <topic>` consumer span whose parent is the record's `traceparent`, extracted with the registered
 * propagator: everything the handler emits is published in this context and continues the trace.
 */
export function processTraced<T>(rec: IncomingRecord, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, rec.headers);
  const span = tracer().startSpan(
    `process ${rec.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': rec.topic,
        'messaging.destination.partition.id': String(rec.partition),
        'messaging.kafka.offset': Number(rec.offset),
        'messaging.consumer.group.name': rec.group,
        'messaging.kafka.message.key': rec.key,
        ...(rec.headers['ce_id'] !== undefined && { 'messaging.message.id': rec.headers['ce_id'] }),
      },
    },
    parent,
  );
  return context.with(trace.setSpan(parent, span), () => fn(span)).finally(() => span.end());
}

/** The job and document of a decoded value, on the message's span. */
export function annotateSpan(span: Span, value: unknown): void {
  span.setAttributes(valueAttributes(value));
}

/**
 * For a raw subscription's handler, once it has decoded the value: the job and document on the message's span
 * (the active one while the handler runs), as the bus puts them there for the values it decodes.
 */
export function annotateMessage(value: unknown): void {
  const span = trace.getActiveSpan();
  if (span) annotateSpan(span, value);
}
