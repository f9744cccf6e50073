import type { z } from 'zod';

/** A Kafka topic's contract: its name, schema and CloudEvents type. Imports no I/O library. */
export interface TopicContract<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  /** Topic name without the deployment's TOPIC_PREFIX. */
  readonly topic: Name;
  /** Schema version; bumped on any breaking change and carried in `ceType`. */
  readonly version: number;
  /** CloudEvents `type`, e.g. `winnow.page.fetched.v1`. */
  readonly ceType: string;
  /** What the Kafka message key holds. */
  readonly key: string;
  /** Compacted topics keep the latest value per key and accept tombstones (null values). */
  readonly compacted: boolean;
  readonly description: string;
  readonly schema: Schema;
  /** Headers of this topic beside the CloudEvents ones: name -> description. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Each record starts a trace of its own (linked to the publisher's span) instead of continuing the
   * publisher's: a discovered crawl request is a new document, so one large job is not one giant trace.
   */
  readonly startsTrace?: boolean;
}

export function defineContract<Name extends string, Schema extends z.ZodType>(
  c: TopicContract<Name, Schema>,
): TopicContract<Name, Schema> {
  return Object.freeze(c);
}

/** Dead-letter topic for a source topic. */
export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** Kafka headers that a dead-lettered message carries beside its original key, value and headers. */
export const DLQ_HEADERS = {
  code: 'winnow_error_code',
  message: 'winnow_error_message',
  stage: 'winnow_error_stage',
  attempt: 'winnow_error_attempt',
  sourceTopic: 'winnow_source_topic',
  sourcePartition: 'winnow_source_partition',
  sourceOffset: 'winnow_source_offset',
} as const;
