import type { MessageOf, TopicName } from '@winnow/types';

/** A message to publish. `value: null` is a tombstone, allowed on compacted topics only. */
export interface Emit<T extends TopicName = TopicName> {
  topic: T;
  key: string;
  value: MessageOf<T> | null;
  /** Headers the topic's contract declares (`headers`), beside the CloudEvents ones the bus sets. */
  headers?: Record<string, string>;
  /**
   * The W3C `traceparent` to publish this record in, instead of the publisher's context: for a record that
   * belongs to another document's trace (the deduplicator republishing an earlier document's verdict). Its
   * `send` span is a child of it, linked to the publisher's span.
   */
  traceparent?: string;
}

/** What a handler decided about one message. Handlers never hold a producer: they return what to emit. */
export type Outcome =
  | { kind: 'ok'; emit: Emit[] }
  | { kind: 'drop'; reason: string }
  /** `emit`: published beside the DLQ copy (a dead-lettered URL that was its job's last completes the job). */
  | { kind: 'dlq'; code: string; error: string; emit?: Emit[] }
  | { kind: 'retry'; reason: string };

export const ok = (emit: Emit[] = []): Outcome => ({ kind: 'ok', emit });
export const drop = (reason: string): Outcome => ({ kind: 'drop', reason });
export const dlq = (code: string, error: unknown, emit: Emit[] = []): Outcome => ({
  kind: 'dlq',
  code,
  error: error instanceof Error ? error.message : String(error),
  ...(emit.length > 0 && { emit }),
});
export const retry = (reason: string): Outcome => ({ kind: 'retry', reason });

/** A consumed message, validated against its topic's contract. */
export interface Delivered<T extends TopicName = TopicName> {
  topic: T;
  partition: number;
  offset: string;
  key: string;
  /** null only for tombstones on compacted topics. */
  value: MessageOf<T> | null;
  headers: Record<string, string>;
  /** 1 on first delivery to the handler; grows with each retry in this process. */
  attempt: number;
  /**
   * Only for a `raw` subscription, when the bus holds the record's JSON as bytes (Kafka): the value, not yet
   * decoded nor validated; `value` is then null. The handler validates it with decodeValue and dead-letters what
   * that rejects with BUS_ERRORS.invalidMessage and its error, as the bus would have.
   */
  raw?: Uint8Array;
}

export type Handler<T extends TopicName> = (msg: Delivered<T>) => Promise<Outcome>;

export interface SubscribeOptions<T extends TopicName> {
  /** Consumer group; instances in one group share the partitions. */
  group: string;
  topic: T;
  handler: Handler<T>;
  /**
   * Messages in flight at once per consumer. Messages with the same key are always handled in order;
   * different keys run concurrently, and offsets are committed only below the oldest unfinished message.
   */
  concurrency?: number;
  /**
   * Messages of one key handled at once, started in order (default 1: one after another). Only for handlers
   * that need no per-key order: the crawler, whose per-host politeness lives in its own host gate, lets a
   * host's bookkeeping and publishing overlap its next fetch.
   */
  keyConcurrency?: number;
  /** Attempts for `retry` outcomes and thrown errors before the message goes to the DLQ. Default 5. */
  maxAttempts?: number;
  /**
   * Hand the handler a value it decodes itself (`Delivered.raw`), for values too large to parse on the main
   * thread (a page, decoded and validated in the extractor's worker). Only where the bus holds bytes; a value the
   * bus already holds decoded (the in-process bus) or as text is validated and delivered as usual.
   */
  raw?: boolean;
  /** Kafka's fetch sizing for a steady stream of large values (FetchOptions); the in-process bus has no fetches. */
  fetch?: FetchOptions;
}

/**
 * A fetch waits up to `maxWaitMs` for `minBytes` of messages, so that a steady stream arrives in a few large
 * fetches rather than one per message: each fetch costs the consumer and the broker about as much as a small
 * message does, and a fetch of one 200 KB page costs more than its share of a larger one. The price is up to
 * `maxWaitMs` more latency when the stream trickles. Without it a fetch returns as soon as one message is there.
 */
export interface FetchOptions {
  minBytes: number;
  maxWaitMs: number;
}

export interface Subscription {
  /** Stops intake, waits for in-flight messages (up to the deadline), commits, and leaves the group. */
  stop(): Promise<void>;
}

export interface Bus {
  /** Publishes with CloudEvents binary-mode headers and `traceparent`; keyed, partitioned by key. */
  publish(messages: Emit[]): Promise<void>;
  subscribe<T extends TopicName>(opts: SubscribeOptions<T>): Promise<Subscription>;
  /** True while connected and able to publish. */
  ready(): Promise<boolean>;
  /** Stops every subscription, flushes and disconnects. Idempotent. */
  stop(): Promise<void>;
  /** Per consumer group, topic and partition: messages published but not yet committed by the group. */
  consumerLag(): Promise<ConsumerLag[]>;
  /** The newest messages of `<topic>.dlq`, up to `limit` (default 500) per partition, oldest first per partition. */
  deadLetters(topic: TopicName, limit?: number): Promise<DeadLetter[]>;
  /** Publishes dead letters back to their source topics: original key, value and headers (`traceparent` too). */
  replay(letters: DeadLetter[]): Promise<void>;
}

export interface ConsumerLag {
  /** Consumer group as the broker knows it (TOPIC_PREFIX applied on Kafka). */
  group: string;
  /** Physical topic name. */
  topic: string;
  partition: number;
  lag: number;
  /** The group's position: the next offset it will read (its committed offset, or the partition's start). */
  committed: number;
}

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

/** Stable error codes the bus uses for dead-lettered messages. */
export const BUS_ERRORS = {
  invalidMessage: 'WINNOW_ERR_INVALID_MESSAGE',
  retriesExhausted: 'WINNOW_ERR_RETRIES_EXHAUSTED',
  // The codes below are also thrown by publish() (as BusError from @winnow/bus/errors); a handler's emit
  // that fails this way dead-letters its input with the same code.
  unknownTopic: 'WINNOW_ERR_UNKNOWN_TOPIC',
  tombstoneNotAllowed: 'WINNOW_ERR_TOMBSTONE_NOT_ALLOWED',
  invalidKey: 'WINNOW_ERR_INVALID_KEY',
  messageTooLarge: 'WINNOW_ERR_MESSAGE_TOO_LARGE',
  unsendableMessage: 'WINNOW_ERR_UNSENDABLE_MESSAGE',
  busStopped: 'WINNOW_ERR_BUS_STOPPED',
  /** Thrown at start by the Kafka bus when its topics do not exist (and KAFKA_CREATE_TOPICS is off). */
  missingTopics: 'WINNOW_ERR_MISSING_TOPICS',
} as const;
