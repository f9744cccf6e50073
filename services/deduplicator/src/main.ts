import { Redis } from 'ioredis';
import { createServiceKafkaBus } from '@winnow/bus/kafka';
import { createRedisDocStore } from '@winnow/dedup-redis/redis-doc-store';
import { checkIndexFormat, createRedisIndex } from '@winnow/dedup-redis/redis-store';
import { configOrExit } from '@winnow/runtime/config';
import { startHealthServer } from '@winnow/runtime/health-server';
import { createLogger } from '@winnow/runtime/logger';
import { onShutdown } from '@winnow/runtime/shutdown';
import { dedupNamespace, deduplicatorConfigSchema, thresholdsOf } from './config.js';
import { createDeduplicatorService } from './service.js';

const config = configOrExit(deduplicatorConfigSchema);
const logger = createLogger({ level: config.LOG_LEVEL, name: 'deduplicator' });

// No auto-pipelining: it holds each judgement's script until the next tick, so Redis waits while this
// process hashes the other in-flight documents.
const redis = new Redis(config.REDIS_URL, { enableAutoPipelining: false });
const namespace = dedupNamespace(config);
const bus = createServiceKafkaBus('deduplicator', config, logger.child({ component: 'bus' }));

const service = createDeduplicatorService({
  bus,
  index: createRedisIndex({
    redis,
    namespace,
    shardBits: config.DEDUP_SHARD_BITS,
    thresholds: thresholdsOf(config),
  }),
  docs: createRedisDocStore({ redis, namespace, ttlSeconds: config.DEDUP_DOC_TTL_DAYS * 86_400 }),
  logger,
  config: { concurrency: config.DEDUP_CONCURRENCY },
});

const health = await startHealthServer({
  port: config.PORT,
  ready: async () => redis.status === 'ready' && (await service.ready()),
  logger,
});

onShutdown(logger, async () => {
  await service.stop();
  await bus.stop();
  await health.close();
  await redis.quit();
});

// An index of another format is refused before any document is judged against it.
await checkIndexFormat(redis, namespace).catch((err: Error) => {
  logger.fatal({ err }, err.message);
  process.exit(1);
});
await service.start();
logger.info({ port: health.port, namespace }, 'deduplicator started');
