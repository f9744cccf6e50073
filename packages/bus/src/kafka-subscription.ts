import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { TopicName } from '@winnow/types';
import type { Emit, SubscribeOptions, Subscription } from './bus.js';
import type { BusLogger } from './bus-logger.js';
import { sleep, type BackoffOptions } from './backoff.js';
import { ConsumerCore } from './consumer-core.js';
import { CommitQueue } from './kafka-commit-queue.js';
import { OffsetWindow } from './offset-window.js';
import { physicalTopic, type ConsumedRecord, type WireRecord } from './wire.js';

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
  const logger = deps.logger;
  const concurrency = Math.max(1, sub.concurrency ?? 8);
  const consumer: Consumer = deps.kafka.consumer({
    groupId: sub.group,
    allowAutoTopicCreation: false,
    // stop() waits for the fetch in progress; kafkajs's 5 s long poll would dominate every shutdown.
    maxWaitTimeInMs: 500,
  });
  const commits = new CommitQueue(consumer, topic, logger);
  const windows = new Map<number, OffsetWindow>();
  const core = new ConsumerCore({
    group: sub.group,
    prefix: deps.prefix,
    handler: sub.handler as never,
    concurrency,
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
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    revokeAll();
    logger.info({ group: sub.group, topic, partitions: payload.memberAssignment[topic] ?? [] }, 'partitions assigned');
  });
  let dead = false;
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    revokeAll();
    dead = !payload.restart;
    logger.error({ group: sub.group, topic, err: payload.error, restart: payload.restart }, 'consumer crashed');
  });

  const eachBatch = async ({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> => {
    const partition = batch.partition;
    let window = windows.get(partition);
    if (!window) windows.set(partition, (window = new OffsetWindow(partition)));
    const live = (): boolean => isRunning() && !isStale() && !core.stopping && !window.revoked;
    for (const message of batch.messages) {
      while (live() && window.size >= core.bufferPerPartition) {
        await Promise.race([core.waitForRoom(window), sleep(1000)]);
        await heartbeat();
      }
      if (!live()) return;
      if (!window.accepts(message.offset)) continue;
      core.dispatch(window, toConsumed(sub.topic, partition, message));
      resolveOffset(message.offset);
    }
    await heartbeat();
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
        logger.info({ group: sub.group, topic }, 'unsubscribed');
      })()),
  };
}

function toConsumed(topic: TopicName, partition: number, message: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? '',
    value: message.value === null ? null : message.value.toString('utf8'),
    headers: headersToStrings(message.headers),
  };
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}
