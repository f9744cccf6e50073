import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { baseEnv, envBool, loadConfig, required } from '@winnow/config';


/** Extraction settings shared by both modes (embedded mode spreads these into its own schema). */
export const extractorSettings = {
  /**
   * Worker threads running extraction; defaults to one fewer than the cores (at least one): the main thread
   * needs a core of its own for Kafka, decoding and encoding messages (the crawler and the deduplicator too,
   * in embedded mode). A worker beyond that only competes for the same cores and compiles and collects a
   * heap of its own: on two cores, two workers cost the distributed extractor ~25 % more CPU per page than one.
   */
  EXTRACT_WORKERS: z.coerce.number().int().min(1).max(64).default(Math.max(1, availableParallelism() - 1)),
  /** Time limit for one page; a worker still busy after it is terminated and replaced, in milliseconds. */
  EXTRACT_TIMEOUT_MS: z.coerce.number().int().min(10).default(10_000),
  /** pages.fetched messages in flight per instance (queued for the workers). */
  EXTRACT_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(16),
  /** Replace e-mail addresses and phone numbers in the text with placeholders. */
  EXTRACT_MASK_PII: envBool.default(false),
  /** Pages longer than this many characters fail with extract_too_large. */
  EXTRACT_MAX_CHARS: z.coerce.number().int().min(1024).max(512 * 1024 * 1024).default(32 * 1024 * 1024),
  /** Heap limit of each worker in MB; a page that exhausts it fails with extract_crashed. */
  EXTRACT_WORKER_HEAP_MB: z.coerce.number().int().min(32).max(16_384).default(512),
};

/** Distributed-mode configuration of the extractor process. */
export const extractorConfigSchema = z.object({
  ...baseEnv,
  ...extractorSettings,
  /** Kafka brokers; the extractor consumes pages.fetched and produces docs.extracted. */
  KAFKA_BROKERS: baseEnv.KAFKA_BROKERS.pipe(required('Kafka bootstrap brokers, host:port[,host:port]')),
  /** Redis holding job progress (the extractor marks pages extracted or failed). */
  REDIS_URL: baseEnv.REDIS_URL.pipe(required('a redis:// URL')),
});

export type ExtractorConfig = Readonly<z.infer<typeof extractorConfigSchema>>;

type SettingKey = keyof typeof extractorSettings;
type OptionalKey = 'EXTRACT_MAX_CHARS' | 'EXTRACT_WORKER_HEAP_MB';

/** The settings the service itself reads; the size limits fall back to their defaults. */
export type ExtractorSettings = Readonly<Pick<ExtractorConfig, Exclude<SettingKey, OptionalKey>> & Partial<Pick<ExtractorConfig, OptionalKey>>>;

export const DEFAULT_MAX_CHARS = 32 * 1024 * 1024;
export const DEFAULT_WORKER_HEAP_MB = 512;

/** Parses the environment once; throws ConfigError naming the first invalid variable. */
export function loadExtractorConfig(env: Record<string, string | undefined> = process.env): ExtractorConfig {
  return loadConfig(extractorConfigSchema, env);
}
