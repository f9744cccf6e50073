// Types for topics.mjs (plain ESM with JSDoc, no build step); `npm run typecheck -w @winnow/infra` checks both.
import type { Admin } from 'kafkajs';

export interface TopicDefinition {
  /** Logical topic name, without a deployment's TOPIC_PREFIX. */
  readonly name: string;
  readonly partitions: number;
  /** Topic-level configs: cleanup.policy, retention.ms, max.message.bytes. */
  readonly config: Readonly<Record<string, string | number>>;
}

export interface EnsureTopicsResult {
  /** Full (prefixed) names created by this call. */
  readonly created: string[];
  /** Full (prefixed) names that already existed. */
  readonly existing: string[];
}

/** Every topic from infra/topics.json, in file order. */
export function readTopicDefinitions(): TopicDefinition[];

/** Splits `KAFKA_BROKERS`-style input ("h1:9092,h2:9092") into a list. */
export function brokerList(brokers: string | readonly string[]): string[];

/** A kafkajs admin client that logs warnings to stderr. */
export function createAdmin(brokers: string | readonly string[], clientId?: string): Admin;

/**
 * Creates every missing topic from infra/topics.json as `${prefix}${name}` and waits for leaders.
 * Idempotent and safe to call concurrently.
 */
export function ensureTopics(options: {
  brokers: string | readonly string[];
  prefix?: string;
  topics?: readonly TopicDefinition[];
}): Promise<EnsureTopicsResult>;

/** Resolves once a broker answers describeCluster, retrying for up to timeoutMs (default 60 s). */
export function waitForKafka(options: {
  brokers: string | readonly string[];
  timeoutMs?: number;
  isAlive?: () => boolean;
}): Promise<{ clusterId: string; brokers: number }>;
