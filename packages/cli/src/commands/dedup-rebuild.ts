// Wiring for `winnow dedup rebuild` (see dedup.ts): configuration, clients, then rebuildIndex.
import { Redis } from 'ioredis';
import { z } from 'zod';
import { createServiceKafkaBus } from '@winnow/bus/kafka';
import { createRedisDocStore } from '@winnow/dedup-redis/redis-doc-store';
import { createRedisIndex } from '@winnow/dedup-redis/redis-store';
import { dedupSettings, thresholdsOf } from '@winnow/deduplicator/config';
import { rebuildIndex, type RebuildResult } from '@winnow/deduplicator/rebuild';
import { baseEnv, configOrExit } from '@winnow/runtime/config';
import { createLogger } from '@winnow/runtime/logger';

const required = (what: string) => z.string({ error: `required: ${what}` });

const rebuildConfigSchema = z.object({
  ...baseEnv,
  ...dedupSettings,
  /** Kafka brokers holding docs.extracted. */
  KAFKA_BROKERS: baseEnv.KAFKA_BROKERS.pipe(required('Kafka bootstrap brokers, host:port[,host:port]')),
  /** Redis for the new index namespace. */
  REDIS_URL: baseEnv.REDIS_URL.pipe(required('a redis:// URL')),
});

export async function rebuildFromEnvironment(opts: { namespace: string; idleMs: number; publish: boolean }): Promise<RebuildResult> {
  const config = configOrExit(rebuildConfigSchema);
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'dedup-rebuild' });
  const redis = new Redis(config.REDIS_URL);
  const bus = createServiceKafkaBus('dedup-rebuild', config, logger.child({ component: 'bus' }));
  try {
    return await rebuildIndex({
      bus,
      index: createRedisIndex({ redis, namespace: opts.namespace, shardBits: config.DEDUP_SHARD_BITS, thresholds: thresholdsOf(config) }),
      docs: createRedisDocStore({ redis, namespace: opts.namespace, ttlSeconds: config.DEDUP_DOC_TTL_DAYS * 86_400 }),
      logger,
      namespace: opts.namespace,
      publish: opts.publish,
      idleMs: opts.idleMs,
      concurrency: config.DEDUP_CONCURRENCY,
    });
  } finally {
    await bus.stop();
    await redis.quit();
  }
}
