import { context } from '@opentelemetry/api';
import type { TopicName } from '@winnow/types';
import { BUS_ERRORS, type Emit, type Handler, type Outcome } from './bus.js';
import { BusError } from './bus-error.js';
import type { BusLogger } from './bus-logger.js';
import { backoffMs, sleep, type BackoffOptions } from './backoff.js';
import { contextFromHeaders } from './cloud-events.js';
import { decodeValue } from './decode-value.js';
import { toDlqRecord, type DlqReason } from './dlq-record.js';
import { contractOf, type ConsumedRecord, type WireRecord } from './wire.js';

export interface DeliverContext {
  group: string;
  prefix: string;
  handler: Handler<TopicName>;
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
  const where = { topic: rec.topic, partition: rec.partition, offset: rec.offset, group: ctx.group };
  const toDlq = (reason: Omit<DlqReason, 'stage'>): Promise<Settlement> => {
    ctx.logger.warn({ ...where, code: reason.code, attempt: reason.attempt, reason: reason.message }, 'message dead-lettered');
    return settle(ctx, () => ctx.publishRaw(toDlqRecord(rec, ctx.prefix, { ...reason, stage: ctx.group })));
  };

  const decoded = decodeValue(contractOf(rec.topic), rec.value);
  if (!decoded.ok) return toDlq({ code: BUS_ERRORS.invalidMessage, message: decoded.error, attempt: 1 });

  for (let attempt = 1; ; attempt++) {
    if (ctx.intake.aborted) return 'abandoned';
    const outcome = await runHandler(rec, decoded.value, attempt, ctx);
    switch (outcome.kind) {
      case 'ok':
        return settle(ctx, () => ctx.publish(outcome.emit), (err) =>
          toDlq({ code: err.code, message: err.message, attempt }),
        );
      case 'drop':
        ctx.logger.debug({ ...where, reason: outcome.reason }, 'message dropped');
        return 'acked';
      case 'dlq':
        return toDlq({ code: outcome.code, message: outcome.error, attempt });
      case 'retry':
        if (attempt >= ctx.maxAttempts) {
          return toDlq({ code: BUS_ERRORS.retriesExhausted, message: outcome.reason, attempt });
        }
        ctx.logger.info({ ...where, attempt, reason: outcome.reason }, 'message will be retried');
        if (!(await sleep(backoffMs(attempt, ctx.backoff), ctx.intake))) return 'abandoned';
    }
  }
}

async function runHandler(rec: ConsumedRecord, value: unknown, attempt: number, ctx: DeliverContext): Promise<Outcome> {
  try {
    const outcome = await context.with(contextFromHeaders(rec.headers), () =>
      ctx.handler({
        topic: rec.topic as TopicName,
        partition: rec.partition,
        offset: rec.offset,
        key: rec.key,
        value: value as never,
        headers: rec.headers,
        attempt,
      }),
    );
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
