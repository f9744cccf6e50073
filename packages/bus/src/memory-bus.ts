import type { TopicName } from '@winnow/types';
import { BUS_ERRORS, type Bus, type Emit, type SubscribeOptions, type Subscription } from './bus.js';
import { BusError } from './bus-error.js';
import { silentLogger, type BusLogger } from './bus-logger.js';
import type { BackoffOptions } from './backoff.js';
import { ceSource } from './cloud-events.js';
import { ConsumerCore } from './consumer-core.js';
import { replayRecord, toDeadLetter } from './dead-letters.js';
import { decodeEmitted, valueText } from './decode-value.js';
import { MemoryLog } from './memory-log.js';
import { Retention } from './memory-retention.js';
import { openBusJournal, type CommittedOffsets } from './memory-state-file.js';
import { OffsetWindow } from './offset-window.js';
import { sendTraced } from './tracing.js';
import { contractOf, parseJsonOrText, physicalDlqTopic, physicalTopic, toOutgoing, type BusRecord, type KafkaRecord, type WireRecord } from './wire.js';

export interface MemoryBusOptions {
  /** Partitions per topic. Default 6. */
  partitions?: number;
  topicPrefix?: string;
  logger?: BusLogger;
  /** Service name for the CloudEvents source `winnow/<source>`. */
  source?: string;
  /**
   * Where undelivered messages and committed offsets survive a restart (embedded mode): a snapshot, plus a
   * log beside it to which every publish and commit is appended before it counts (`<stateFile>.<n>.log`).
   */
  stateFile?: string;
  /** Backoff between attempts of `retry` outcomes and thrown errors. */
  retryBackoff?: BackoffOptions;
  /** How long a subscription's stop() waits for in-flight messages. Default 10 s. */
  drainTimeoutMs?: number;
  /** Records no group still needs that each partition keeps for inspection. Default 1000. */
  retainPerPartition?: number;
  /**
   * The same for topics some group reads (the pipeline's own topics, whose records can be large pages);
   * topics nobody reads (dead letters) keep retainPerPartition. Default retainPerPartition.
   */
  retainConsumedPerPartition?: number;
  /**
   * How much a topic may hold that some group subscribed to it right now has not acknowledged yet (the
   * values' lengths summed) before publishing to it waits for the readers to catch up: a bounded queue,
   * so that a fast stage (the crawler) does not pile pages up in memory ahead of a slow one (the
   * extractor). A handler's publishes to its own input topic never wait (it is the reader that would
   * have to make room), nor does anyone wait for a group without a subscription. Default unbounded.
   */
  maxUnackedChars?: number;
}

export interface MemoryBus extends Bus {
  /** Records held for a topic (logical name, `.dlq` topics included), in publish order. */
  messages(topic: string): BusRecord[];
  /**
   * Compacts the state file's log into a snapshot now (stop() always does, and the log does when it grows).
   * Not needed for durability: publishes and commits are logged as they happen. No-op without `stateFile`.
   */
  snapshot(): Promise<void>;
}

interface Assignment {
  window: OffsetWindow;
  /** Next offset to hand out. */
  pointer: number;
  pumping: boolean;
}

interface Member {
  core: ConsumerCore;
  topic: string;
  logicalTopic: TopicName;
  assigned: Map<number, Assignment>;
}

/** The in-process bus: Kafka's semantics (keyed partitions, groups, at-least-once, DLQ) in one process. */
export function createMemoryBus(opts: MemoryBusOptions = {}): MemoryBus {
  const prefix = opts.topicPrefix ?? '';
  const logger = opts.logger ?? silentLogger;
  const source = ceSource(opts.source);
  const retain = opts.retainPerPartition ?? 1000;
  const retainConsumed = opts.retainConsumedPerPartition ?? retain;
  const log = new MemoryLog(opts.partitions ?? 6);
  const committed: CommittedOffsets = new Map();
  /** group -> physical topic -> members in join order. */
  const members = new Map<string, Map<string, Member[]>>();
  const subscriptions = new Set<Subscription>();
  let stopped = false;
  const journal = opts.stateFile ? openBusJournal(opts.stateFile, log, committed) : null;

  const committedFor = (group: string, topic: string): number[] => {
    let byTopic = committed.get(group);
    if (!byTopic) committed.set(group, (byTopic = new Map<string, number[]>()));
    let offsets = byTopic.get(topic);
    if (!offsets) {
      byTopic.set(topic, (offsets = log.partitions(topic).map((p) => p.base)));
      journal?.committed(group, topic, offsets);
    }
    return offsets;
  };

  const retention = new Retention(log, committed, {
    retain,
    retainConsumed,
    maxUnacked: opts.maxUnackedChars ?? Infinity,
    reading: (group, topic) => (members.get(group)?.get(topic)?.length ?? 0) > 0,
  });
  // A replayed log puts back everything appended since the last compaction, acknowledged or not.
  for (const topic of log.topicNames()) retention.trim(topic);

  const pump = async (m: Member, partition: number): Promise<void> => {
    const a = m.assigned.get(partition);
    if (!a || a.pumping) return;
    a.pumping = true;
    try {
      const plog = log.partitions(m.topic)[partition]!;
      while (!m.core.stopping && m.assigned.get(partition) === a && a.pointer < plog.next) {
        if (a.window.size >= m.core.bufferPerPartition) {
          await m.core.waitForRoom(a.window);
          continue;
        }
        a.pointer = Math.max(a.pointer, plog.base);
        const rec = plog.at(a.pointer)!;
        const { emitted } = rec;
        // The decoded value is one consumer's to own; any later reader parses the text.
        delete rec.emitted;
        m.core.dispatch(a.window, {
          topic: m.logicalTopic,
          partition,
          offset: String(rec.offset),
          key: rec.key,
          value: rec.value,
          headers: { ...rec.headers },
          ...(emitted !== undefined && { emitted }),
        });
        a.pointer++;
      }
    } finally {
      a.pumping = false;
    }
  };

  /** Spreads a group's partitions over its members, round robin; moved partitions restart at the commit. */
  const rebalance = (group: string, topic: string): void => {
    const list = members.get(group)?.get(topic) ?? [];
    const offsets = committedFor(group, topic);
    const count = log.partitions(topic).length;
    list.forEach((m, index) => {
      for (let p = 0; p < count; p++) {
        const owned = p % list.length === index;
        const current = m.assigned.get(p);
        if (owned && !current) {
          m.assigned.set(p, { window: new OffsetWindow(p), pointer: offsets[p] ?? 0, pumping: false });
          void pump(m, p);
        } else if (!owned && current) {
          current.window.revoke();
          m.assigned.delete(p);
        }
      }
    });
  };

  /**
   * `json`: the value is toWire's JSON bytes (the journal then logs them as they are).
   * `emitted`: that value decoded (decodeEmitted), for the first consumer; absent for raw records.
   */
  const append = (rec: KafkaRecord, json: boolean, emitted?: unknown): void => {
    const { partition, record } = log.append(rec, json, emitted);
    journal?.appended(rec.topic, partition, record);
    for (const byTopic of members.values()) {
      for (const m of byTopic.get(rec.topic) ?? []) void pump(m, partition);
    }
    retention.trim(rec.topic);
  };

  const publishRaw = async (rec: WireRecord): Promise<void> => {
    if (stopped) throw new BusError(BUS_ERRORS.busStopped, 'the bus is stopped');
    append(rec, false);
    await journal?.log.written();
  };

  /** `input`: the physical topic the publishing handler reads, if any (publishes to it never wait). */
  const publishFrom = async (messages: Emit[], input?: string): Promise<void> => {
    if (stopped) throw new BusError(BUS_ERRORS.busStopped, 'the bus is stopped');
    const outgoing = messages.map((m) => toOutgoing(m, prefix, source));
    await retention.room(new Set(outgoing.map((o) => o.record.topic).filter((t) => t !== input)));
    // The wait ends at the latest when the bus stops (its subscriptions end first): too late to publish.
    if (stopped) throw new BusError(BUS_ERRORS.busStopped, 'the bus is stopped');
    await sendTraced(outgoing, async () => {
      outgoing.forEach((o, i) => append(o.record, true, decodeEmitted(contractOf(messages[i]!.topic), o.value)));
      // Published means logged: a kill -9 after this no longer loses the messages.
      await journal?.log.written();
    });
  };
  const publish = (messages: Emit[]): Promise<void> => publishFrom(messages, undefined);

  const subscribe = async <T extends TopicName>(sub: SubscribeOptions<T>): Promise<Subscription> => {
    if (stopped) throw new BusError(BUS_ERRORS.busStopped, 'the bus is stopped');
    contractOf(sub.topic);
    const topic = physicalTopic(prefix, sub.topic);
    const offsets = committedFor(sub.group, topic);
    const member: Member = {
      topic,
      logicalTopic: sub.topic,
      assigned: new Map(),
      core: new ConsumerCore({
        group: sub.group,
        prefix,
        handler: sub.handler as never,
        concurrency: Math.max(1, sub.concurrency ?? 8),
        keyConcurrency: sub.keyConcurrency,
        maxAttempts: Math.max(1, sub.maxAttempts ?? 5),
        backoff: opts.retryBackoff ?? {},
        publish: (emits) => publishFrom(emits, topic),
        publishRaw,
        logger,
        commit: (partition, offset) => {
          if (Number(offset) <= (offsets[partition] ?? 0)) return;
          offsets[partition] = Number(offset);
          journal?.committed(sub.group, topic, offsets);
          // What every group has now acknowledged is let go now, not at the topic's next publish (there may be none).
          retention.trim(topic);
          retention.wake();
        },
      }),
    };
    let byTopic = members.get(sub.group);
    if (!byTopic) members.set(sub.group, (byTopic = new Map<string, Member[]>()));
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), member]);
    rebalance(sub.group, topic);
    logger.info({ group: sub.group, topic, partitions: [...member.assigned.keys()] }, 'subscribed');

    let stopping: Promise<void> | undefined;
    const subscription: Subscription = {
      stop: () =>
        (stopping ??= (async () => {
          await member.core.drain(opts.drainTimeoutMs ?? 10_000);
          for (const a of member.assigned.values()) a.window.revoke();
          member.assigned.clear();
          byTopic.set(topic, (byTopic.get(topic) ?? []).filter((m) => m !== member));
          rebalance(sub.group, topic);
          // Publishers no longer wait for a group nobody runs (what it has yet to read is still kept for it).
          retention.wake();
          subscriptions.delete(subscription);
          logger.info({ group: sub.group, topic }, 'unsubscribed');
        })()),
    };
    subscriptions.add(subscription);
    return subscription;
  };

  const snapshot = async (): Promise<void> => {
    await journal?.log.compact();
  };

  let stopAll: Promise<void> | undefined;
  return {
    snapshot,
    // The same figure as on Kafka, from the in-process log: next offset minus the group's committed offset.
    consumerLag: async () =>
      [...committed].flatMap(([group, byTopic]) =>
        [...byTopic].flatMap(([topic, offsets]) =>
          log.partitions(topic).map((p, partition) => ({ group, topic, partition, lag: Math.max(0, p.next - (offsets[partition] ?? 0)), committed: offsets[partition] ?? 0 })),
        ),
      ),
    deadLetters: async (topic, limit = 500) =>
      log.partitions(physicalDlqTopic(prefix, topic)).flatMap((p, partition) =>
        p.records.slice(-limit).map((r) =>
          toDeadLetter(
            { partition, offset: String(r.offset), key: r.key, value: r.value === null ? null : valueText(r.value), headers: r.headers, timestamp: new Date(r.timestamp ?? 0).toISOString() },
            topic,
          ),
        ),
      ),
    replay: async (letters) => {
      for (const letter of letters) await publishRaw(replayRecord(letter, prefix));
    },
    publish,
    subscribe,
    ready: async () => !stopped,
    stop: () =>
      (stopAll ??= (async () => {
        await Promise.all([...subscriptions].map((s) => s.stop()));
        stopped = true;
        await journal?.log.close();
      })()),
    messages: (topic) =>
      log
        .partitions(physicalTopic(prefix, topic))
        .flatMap((p, partition) => p.records.map((r) => ({ r, partition })))
        .sort((a, b) => a.r.seq - b.r.seq)
        .map(({ r, partition }) => ({
          topic: physicalTopic(prefix, topic),
          partition,
          offset: String(r.offset),
          key: r.key,
          value: parseJsonOrText(r.value),
          headers: { ...r.headers },
        })),
  };
}
