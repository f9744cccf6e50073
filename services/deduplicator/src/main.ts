import { Redis } from 'ioredis';
import { createServiceKafkaBus } from '@winnow/bus';
import { configOrExit } from '@winnow/config';
import { checkIndexFormat, createRedisIndex, createRedisJudgedDocStore } from '@winnow/dedup-redis';
import { createLogger } from '@winnow/logging';
import { runService, startHealthServer, type HealthServer } from '@winnow/runtime';
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
  index: createRedisIndex({ redis, namespace, shardBits: config.DEDUP_SHARD_BITS, thresholds: thresholdsOf(config) }),
  docs: createRedisJudgedDocStore({ redis, namespace, ttlSeconds: config.DEDUP_DOC_TTL_DAYS * 86_400 }),
  logger,
  config: { concurrency: config.DEDUP_CONCURRENCY },
});

let health: HealthServer | undefined;
await runService({
  logger,
  async start() {
    // An index of another format is refused before any document is judged against it.
    await checkIndexFormat(redis, namespace);
    health = await startHealthServer({
      port: config.PORT,
      ready: async () => redis.status === 'ready' && (await service.ready()),
      logger,
    });
    await service.start();
    logger.info({ port: health.port, namespace }, 'deduplicator started');
  },
  drain: () => service.stop(),
  flush: () => bus.stop(),
  close: [() => health?.close(), () => redis.quit()],
});
