// Wiring for `winnow dedup rebuild` (see dedup.ts): configuration, clients, then rebuildIndex.
import { Redis } from 'ioredis';
import { z } from 'zod';
import { createServiceKafkaBus } from '@winnow/bus';
import { createRedisJudgedDocStore } from '@winnow/dedup-redis';
import { createRedisIndex } from '@winnow/dedup-redis';
import { dedupSettings, thresholdsOf } from '@winnow/deduplicator';
import { rebuildIndex, type RebuildResult } from '@winnow/deduplicator';
import { baseEnv, configOrExit, required } from '@winnow/config';
import { createLogger } from '@winnow/logging';


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
      docs: createRedisJudgedDocStore({ redis, namespace: opts.namespace, ttlSeconds: config.DEDUP_DOC_TTL_DAYS * 86_400 }),
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
