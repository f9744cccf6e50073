import type { Consumer, ConsumerConfig, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { TopicName } from '@winnow/types';
import type { Emit, FetchOptions, SubscribeOptions, Subscription } from './bus.js';
import type { BusLogger } from './bus-logger.js';
import { sleep, type BackoffOptions } from './backoff.js';
import { ConsumerCore } from './consumer-core.js';
import { CommitQueue } from './kafka-commit-queue.js';
import { OffsetWindow } from './offset-window.js';
import { physicalGroup, physicalTopic, type ConsumedRecord, type WireRecord } from './wire.js';

export interface KafkaSubscriptionDeps {
  kafka: Kafka;
  prefix: string;
  logger: BusLogger;
  backoff: BackoffOptions;
  drainTimeoutMs: number;
  publish: (emits: Emit[]) => Promise<void>;
  publishRaw: (record: WireRecord) => Promise<void>;
}

/**
 * One consumer-group member on one topic. kafkajs fetches and tracks the fetch position; this code hands
 * messages to the shared core and commits, with consumer.commitOffsets, only below the oldest unfinished
 * message of each partition.
 */
export async function subscribeKafka<T extends TopicName>(
  deps: KafkaSubscriptionDeps,
  sub: SubscribeOptions<T>,
): Promise<Subscription & { healthy(): boolean }> {
  const topic = physicalTopic(deps.prefix, sub.topic);
  const groupId = physicalGroup(deps.prefix, sub.group);
  const logger = deps.logger;
  const concurrency = Math.max(1, sub.concurrency ?? 8);
  const consumer: Consumer = deps.kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    ...fetchConfig(sub.fetch),
    // A rebalance waits until every member has rejoined, and a member learns of it from its next heartbeat:
    // kafkajs's 3 s default made each join of a second member (a scale-out, a restart) take ~3 s.
    heartbeatInterval: 1000,
  });
  const commits = new CommitQueue(consumer, topic, logger);
  const windows = new Map<number, OffsetWindow>();
  const core = new ConsumerCore({
    group: sub.group,
    prefix: deps.prefix,
    handler: sub.handler as never,
    concurrency,
    keyConcurrency: sub.keyConcurrency,
    raw: sub.raw ?? false,
    maxAttempts: Math.max(1, sub.maxAttempts ?? 5),
    backoff: deps.backoff,
    publish: deps.publish,
    publishRaw: deps.publishRaw,
    logger,
    commit: (partition, offset) => commits.push(partition, offset),
  });

  // After any (re)join kafkajs resumes every assigned partition from its committed offset, so every open
  // window is obsolete: results still in flight must not commit under the new assignment.
  const revokeAll = (): void => {
    for (const w of windows.values()) w.revoke();
    windows.clear();
    commits.reset();
  };
  // consumer.run() also resolves when its first join failed (kafkajs then restarts the consumer later), so
  // subscribe() waits for the first assignment itself, or for a crash kafkajs will not restart from.
  let settleJoin!: () => void;
  const firstJoin = new Promise<void>((resolve) => (settleJoin = resolve));
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    revokeAll();
    settleJoin();
    logger.info({ group: groupId, topic, partitions: payload.memberAssignment[topic] ?? [] }, 'partitions assigned');
  });
  let dead = false;
  let fatal: unknown;
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    revokeAll();
    dead = !payload.restart;
    if (dead) {
      fatal = payload.error;
      settleJoin();
    }
    logger.error({ group: groupId, topic, err: payload.error, restart: payload.restart }, 'consumer crashed');
  });

  const eachBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { batch } = payload;
    const partition = batch.partition;
    let window = windows.get(partition);
    if (!window) windows.set(partition, (window = new OffsetWindow(partition)));
    const live = (): boolean => payload.isRunning() && !payload.isStale() && !core.stopping && !window.revoked;
    for (const message of batch.messages) {
      while (live() && window.size >= core.bufferPerPartition) {
        await Promise.race([core.waitForRoom(window), sleep(1000)]);
        await payload.heartbeat();
      }
      if (!live()) return;
      if (!window.accepts(message.offset)) continue;
      core.dispatch(window, toConsumed(sub.topic, partition, message));
      payload.resolveOffset(message.offset);
    }
    await payload.heartbeat();
  };

  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: Math.min(concurrency, 16),
      eachBatch,
    });
    await firstJoin;
    if (dead) throw fatal;
  } catch (err) {
    await consumer.disconnect().catch(() => {});
    throw err;
  }

  let stopping: Promise<void> | undefined;
  return {
    // kafkajs restarts a crashed consumer unless the error is not retriable; then this member consumes nothing.
    healthy: () => !dead,
    stop: () =>
      (stopping ??= (async () => {
        try {
          consumer.pause([{ topic }]);
        } catch {
          // Not running (crashed and not yet restarted): nothing to pause.
        }
        await core.drain(deps.drainTimeoutMs);
        await commits.flush();
        revokeAll();
        await consumer.disconnect();
        logger.info({ group: groupId, topic }, 'unsubscribed');
      })()),
  };
}

/** kafkajs's fetch settings for a subscription (SubscribeOptions.fetch). */
function fetchConfig(fetch: FetchOptions | undefined): Pick<ConsumerConfig, 'minBytes' | 'maxWaitTimeInMs'> {
  // stop() waits for the fetch in progress; kafkajs's 5 s long poll would dominate every shutdown.
  if (!fetch) return { maxWaitTimeInMs: 500 };
  return { minBytes: Math.max(1, fetch.minBytes), maxWaitTimeInMs: Math.max(1, Math.min(fetch.maxWaitMs, 500)) };
}

function toConsumed(topic: TopicName, partition: number, message: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? '',
    // Left as bytes: decoded once, where it is validated (deliver, or a raw subscription's handler).
    value: message.value,
    headers: headersToStrings(message.headers),
  };
}

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}
