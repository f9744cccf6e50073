import { z } from 'zod';
import { DEFAULT_THRESHOLDS, type Thresholds } from '@winnow/dedup';
import { baseEnv, loadConfig, required } from '@winnow/config';


/** Tuning shared by both modes (embedded runs pass these from its own config). */
export const dedupSettings = {
  /**
   * Index namespace: keys live under winnow:dedup:<namespace>:; `winnow dedup rebuild` fills a fresh
   * one. Left at `default`, a deployment with a TOPIC_PREFIX gets `<TOPIC_PREFIX>default` (see dedupNamespace).
   */
  DEDUP_NAMESPACE: z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, ".", "_" and "-" only (at most 64)').default('default'),
  /** 2^bits bucket hashes per index family; raise for corpora beyond a few hundred thousand documents. */
  DEDUP_SHARD_BITS: z.coerce.number().int().min(4).max(24).default(14),
  /**
   * docs.extracted messages judged at once by this instance (one docId is always handled in order).
   * Enough that this process always has a document to hash while Redis runs the others' scripts.
   */
  DEDUP_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64),
  /** Both containments at or above this make a near copy. Changing it calls for `winnow dedup rebuild`. */
  DEDUP_NEAR_THRESHOLD: z.coerce.number().min(0.5).max(1).default(0.9),
  /** One document at least this much inside the other (and 0.1 above the reverse) is a containment. */
  DEDUP_CONTAIN_THRESHOLD: z.coerce.number().min(0.5).max(1).default(0.88),
  /** Days a judged document is kept so it can be republished when a later one changes its verdict. */
  DEDUP_DOC_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
};

/** Distributed-mode configuration of the deduplicator process. */
export const deduplicatorConfigSchema = z.object({
  ...baseEnv,
  ...dedupSettings,
  /** Kafka brokers; the deduplicator consumes docs.extracted and produces docs.unique, docs.duplicates. */
  KAFKA_BROKERS: baseEnv.KAFKA_BROKERS.pipe(required('Kafka bootstrap brokers, host:port[,host:port]')),
  /** Redis holding the shared dedup index; every instance must use the same one. */
  REDIS_URL: baseEnv.REDIS_URL.pipe(required('a redis:// URL')),
});

export type DeduplicatorConfig = z.infer<typeof deduplicatorConfigSchema>;

/** Parses the environment once; throws ConfigError naming the first invalid variable. */
export function loadDeduplicatorConfig(env: Record<string, string | undefined> = process.env): Readonly<DeduplicatorConfig> {
  return loadConfig(deduplicatorConfigSchema, env);
}

/** Verification thresholds from the configuration. */
export function thresholdsOf(c: { DEDUP_NEAR_THRESHOLD: number; DEDUP_CONTAIN_THRESHOLD: number }): Thresholds {
  return { ...DEFAULT_THRESHOLDS, near: c.DEDUP_NEAR_THRESHOLD, contain: c.DEDUP_CONTAIN_THRESHOLD };
}

/**
 * The index namespace of a deployment: DEDUP_NAMESPACE when set to something other than `default`;
 * otherwise scoped by TOPIC_PREFIX, so that deployments (and test runs) sharing one Redis never see
 * each other's documents, as job progress keys already are.
 */
export function dedupNamespace(c: { DEDUP_NAMESPACE: string; TOPIC_PREFIX: string }): string {
  if (c.DEDUP_NAMESPACE !== 'default' || c.TOPIC_PREFIX === '') return c.DEDUP_NAMESPACE;
  return `${c.TOPIC_PREFIX.replace(/[^\w.-]/g, '_').slice(0, 56)}default`;
}
