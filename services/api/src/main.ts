import { Redis } from 'ioredis';
import { createServiceKafkaBus } from '@winnow/bus';
import { configOrExit } from '@winnow/config';
import { RedisJobProgress } from '@winnow/crawl-state';
import { createLogger } from '@winnow/logging';
import { createPgClient, createReadModel } from '@winnow/read-model';
import { runService } from '@winnow/runtime';
import { apiConfigSchema } from './config.js';
import { createApiService } from './service.js';

const config = configOrExit(apiConfigSchema);
const logger = createLogger({ level: config.LOG_LEVEL, name: 'api' });

const sql = createPgClient(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
// Auto-pipelined: a read-model batch's handlers all record their URL's progress the moment the batch is
// durable, and one write for that tick's commands saves a system call per document here and in Redis.
const redis = new Redis(config.REDIS_URL, { enableAutoPipelining: true });
const bus = createServiceKafkaBus('api', config, logger.child({ component: 'bus' }));

const service = createApiService({
  readModel: createReadModel(sql),
  bus,
  progress: new RedisJobProgress({ redis, keyPrefix: config.TOPIC_PREFIX }),
  logger,
  config: {
    bodyLimit: config.API_BODY_LIMIT,
    rateLimitMax: config.WINNOW_API_RATE_LIMIT,
    ...(config.WINNOW_API_KEYS !== undefined && { apiKeys: config.WINNOW_API_KEYS }),
  },
  consumerConcurrency: config.API_CONSUMER_CONCURRENCY,
});

await runService({
  logger,
  async start() {
    await service.start();
    await service.app.listen({ port: config.PORT, host: config.HOST });
    logger.info({ port: config.PORT }, 'api listening');
  },
  drain: () => service.stop(),
  flush: () => bus.stop(),
  close: [() => redis.quit(), () => sql.close()],
});
