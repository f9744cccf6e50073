import { z } from 'zod';
import { baseEnv, loadConfig, required } from '@winnow/config';
import { apiAuthSettings } from './auth-config.js';

/** Distributed-mode configuration of the API process. */
export const apiConfigSchema = z.object({
  ...baseEnv,
  ...apiAuthSettings,
  /** Kafka brokers; the API publishes crawl.requests and consumes docs.*. */
  KAFKA_BROKERS: baseEnv.KAFKA_BROKERS.pipe(required('Kafka bootstrap brokers, host:port[,host:port]')),
  /** Redis holding job progress (discovered/fetched/failed/... per job). */
  REDIS_URL: baseEnv.REDIS_URL.pipe(required('a redis:// URL')),
  /** PostgreSQL holding the read model; migrations run against it at start. */
  DATABASE_URL: baseEnv.DATABASE_URL.pipe(required('a postgres:// URL')),
  /** Interface the HTTP server binds. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Largest accepted request body, in bytes. */
  API_BODY_LIMIT: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1_048_576),
  /** docs.* messages handled at once per topic by this instance. */
  API_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** PostgreSQL connections in this instance's pool. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;

/** Parses the environment once; throws ConfigError naming the first invalid variable. */
export function loadApiConfig(env: Record<string, string | undefined> = process.env): Readonly<ApiConfig> {
  return loadConfig(apiConfigSchema, env);
}
