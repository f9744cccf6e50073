import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { baseEnv, envBool, loadConfig } from '@winnow/runtime/config';

const required = (what: string) => z.string({ error: `required: ${what}` });

/** Extraction settings shared by both modes (embedded mode spreads these into its own schema). */
export const extractorSettings = {
  /** Worker threads running extraction; defaults to the number of cores. */
  EXTRACT_WORKERS: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  /** Time limit for one page; a worker still busy after it is terminated and replaced, in milliseconds. */
  EXTRACT_TIMEOUT_MS: z.coerce.number().int().min(10).default(10_000),
  /** pages.fetched messages in flight per instance (queued for the workers). */
  EXTRACT_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(16),
  /** Replace e-mail addresses and phone numbers in the text with placeholders. */
  EXTRACT_MASK_PII: envBool.default(false),
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

/** The settings the service itself reads. */
export type ExtractorSettings = Readonly<Pick<ExtractorConfig, keyof typeof extractorSettings>>;

/** Parses the environment once; throws ConfigError naming the first invalid variable. */
export function loadExtractorConfig(env: Record<string, string | undefined> = process.env): ExtractorConfig {
  return loadConfig(extractorConfigSchema, env);
}
