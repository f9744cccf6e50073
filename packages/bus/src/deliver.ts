import { SpanStatusCode, type Span } from '@opentelemetry/api';
import type { TopicName } from '@winnow/types';
import { BUS_ERRORS, type Emit, type Handler, type Outcome } from './bus.js';
import { BusError } from './bus-error.js';
import type { BusLogger } from './bus-logger.js';
import { backoffMs, sleep, type BackoffOptions } from './backoff.js';
import { busMetrics } from './bus-metrics.js';
import { decodeValue } from './decode-value.js';
import { toDlqRecord, type DlqReason } from './dlq-record.js';
import { annotateSpan, processTraced } from './tracing.js';
import { contractOf, physicalGroup, physicalTopic, type ConsumedRecord, type WireRecord } from './wire.js';

export interface DeliverContext {
  group: string;
  prefix: string;
  handler: Handler<TopicName>;
  /** SubscribeOptions.raw. */
  raw: boolean;
  maxAttempts: number;
  backoff: BackoffOptions;
  /** Publishes a handler's emits (headers added, prefix applied). */
  publish: (emits: Emit[]) => Promise<void>;
  /** Publishes an already-built record as is (the DLQ copy). */
  publishRaw: (record: WireRecord) => Promise<void>;
  /** Aborted when the subscription stops: no new attempts start, retry waits end. */
  intake: AbortSignal;
  /** Aborted at the stop deadline: publishing stops retrying. */
  hard: AbortSignal;
  logger: BusLogger;
}

/** `acked`: the message's outputs are published and its offset may be committed. */
export type Settlement = 'acked' | 'abandoned';

/**
 * Takes one consumed message through validation, the handler (with retries) and its outcome. Never throws:
 * infrastructure faults retry; a message that cannot be handled goes to the DLQ.
 */
export async function deliver(rec: ConsumedRecord, ctx: DeliverContext): Promise<Settlement> {
  const topic = physicalTopic(ctx.prefix, rec.topic);
  const labels = { topic, group: physicalGroup(ctx.prefix, ctx.group) };
  busMetrics.inflight.inc(labels);
  const incoming = { topic, partition: rec.partition, offset: rec.offset, key: rec.key, headers: rec.headers, group: labels.group };
  try {
    // The whole delivery runs in the message's consumer span: the handler, and publishing its emits.
    return await processTraced(incoming, async (span) => {
      const { settlement, outcome } = await deliverInSpan(rec, ctx, span, labels);
      span.setAttribute('winnow.outcome', outcome);
      if (outcome === 'dlq') span.setStatus({ code: SpanStatusCode.ERROR, message: 'dead-lettered' });
      busMetrics.handled.inc({ ...labels, outcome: settlement === 'abandoned' ? 'abandoned' : outcome });
      return settlement;
    });
  } finally {
    busMetrics.inflight.dec(labels);
  }
}

type Labels = { topic: string; group: string };

async function deliverInSpan(
  rec: ConsumedRecord,
  ctx: DeliverContext,
  span: Span,
  labels: Labels,
): Promise<{ settlement: Settlement; outcome: 'ok' | 'drop' | 'dlq' }> {
  const where = { topic: rec.topic, partition: rec.partition, offset: rec.offset, group: ctx.group };
  const toDlq = async (reason: Omit<DlqReason, 'stage'>, emit: Emit[] = []) => {
    ctx.logger.warn({ ...where, code: reason.code, attempt: reason.attempt, reason: reason.message }, 'message dead-lettered');
    span.addEvent('dead-lettered', { 'winnow.error.code': reason.code, 'winnow.attempt': reason.attempt });
    // The DLQ copy keeps the original headers, `traceparent` included: a replay continues the original trace.
    let settlement = await settle(ctx, () => ctx.publishRaw(toDlqRecord(rec, ctx.prefix, { ...reason, stage: ctx.group })));
    if (settlement === 'acked') busMetrics.dlq.inc({ topic: labels.topic, code: reason.code });
    // What the handler emits beside its dead letter (a job's completion): the message is already dead-lettered,
    // so emits the bus refuses are logged, not dead-lettered again.
    if (settlement === 'acked' && emit.length > 0) {
      settlement = await settle(ctx, () => ctx.publish(emit), async (err) => {
        ctx.logger.error({ ...where, err }, 'emits of a dead-lettered message refused');
        return 'acked';
      });
    }
    return { settlement, outcome: 'dlq' as const };
  };

  let value: unknown = null;
  let raw: Uint8Array | undefined;
  if (ctx.raw && rec.emitted === undefined && rec.value instanceof Uint8Array) {
    raw = rec.value;
  } else {
    const decoded = decodeValue(contractOf(rec.topic), rec.value, rec.emitted);
    if (!decoded.ok) return toDlq({ code: BUS_ERRORS.invalidMessage, message: decoded.error, attempt: 1 });
    value = decoded.value;
    annotateSpan(span, value);
  }

  for (let attempt = 1; ; attempt++) {
    if (ctx.intake.aborted) return { settlement: 'abandoned', outcome: 'drop' };
    const stopTimer = busMetrics.handlerSeconds.startTimer(labels);
    const outcome = await runHandler(rec, value, raw, attempt, ctx);
    stopTimer();
    switch (outcome.kind) {
      case 'ok': {
        let misuse: { settlement: Settlement; outcome: 'dlq' } | undefined;
        const settlement = await settle(ctx, () => ctx.publish(outcome.emit), async (err) => {
          misuse = await toDlq({ code: err.code, message: err.message, attempt });
          return misuse.settlement;
        });
        return misuse ?? { settlement, outcome: 'ok' };
      }
      case 'drop':
        ctx.logger.debug({ ...where, reason: outcome.reason }, 'message dropped');
        return { settlement: 'acked', outcome: 'drop' };
      case 'dlq':
        return toDlq({ code: outcome.code, message: outcome.error, attempt }, outcome.emit);
      case 'retry':
        if (attempt >= ctx.maxAttempts) {
          return toDlq({ code: BUS_ERRORS.retriesExhausted, message: outcome.reason, attempt });
        }
        busMetrics.retries.inc(labels);
        span.addEvent('retry', { 'winnow.attempt': attempt, 'winnow.reason': outcome.reason });
        ctx.logger.info({ ...where, attempt, reason: outcome.reason }, 'message will be retried');
        if (!(await sleep(backoffMs(attempt, ctx.backoff), ctx.intake))) return { settlement: 'abandoned', outcome: 'drop' };
    }
  }
}

async function runHandler(
  rec: ConsumedRecord,
  value: unknown,
  raw: Uint8Array | undefined,
  attempt: number,
  ctx: DeliverContext,
): Promise<Outcome> {
  try {
    const outcome = await ctx.handler({
      topic: rec.topic as TopicName,
      partition: rec.partition,
      offset: rec.offset,
      key: rec.key,
      value: value as never,
      headers: rec.headers,
      attempt,
      ...(raw !== undefined && { raw }),
    });
    if (!isOutcome(outcome)) return { kind: 'retry', reason: 'handler returned something that is not an Outcome' };
    return outcome;
  } catch (err) {
    ctx.logger.warn({ topic: rec.topic, partition: rec.partition, offset: rec.offset, attempt, err }, 'handler threw');
    return { kind: 'retry', reason: err instanceof Error ? err.message : String(err) };
  }
}

function isOutcome(value: unknown): value is Outcome {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === 'ok' ? Array.isArray((value as { emit?: unknown }).emit) : kind === 'drop' || kind === 'dlq' || kind === 'retry';
}

/**
 * Publishes until it works: the input is acknowledged only after its outputs exist. A BusError (misuse, such
 * as a tombstone on a non-compacted topic) cannot succeed on retry and goes to `onMisuse` when given.
 */
async function settle(
  ctx: DeliverContext,
  publish: () => Promise<void>,
  onMisuse?: (err: BusError) => Promise<Settlement>,
): Promise<Settlement> {
  for (let attempt = 1; ; attempt++) {
    try {
      await publish();
      return 'acked';
    } catch (err) {
      // The bus stopped under a handler that outlived the stop deadline: leave the message for redelivery.
      if (err instanceof BusError && err.code === BUS_ERRORS.busStopped) return 'abandoned';
      if (err instanceof BusError && onMisuse) return onMisuse(err);
      ctx.logger.error({ err, attempt, group: ctx.group }, 'publishing failed; retrying');
      if (!(await sleep(backoffMs(attempt, ctx.backoff), ctx.hard))) return 'abandoned';
    }
  }
}
