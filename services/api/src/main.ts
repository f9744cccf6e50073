import { Redis } from 'ioredis';
import { createServiceKafkaBus } from '@winnow/bus/kafka';
import { configOrExit } from '@winnow/runtime/config';
import { createLogger } from '@winnow/runtime/logger';
import { onShutdown } from '@winnow/runtime/shutdown';
import { RedisJobProgress } from '@winnow/state/redis-job-progress';
import { createPgClient } from '@winnow/store/pg-client';
import { createStore } from '@winnow/store/store';
import { apiConfigSchema } from './config.js';
import { createApiService } from './service.js';

const config = configOrExit(apiConfigSchema);
const logger = createLogger({ level: config.LOG_LEVEL, name: 'api' });

const sql = createPgClient(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
const redis = new Redis(config.REDIS_URL);
const bus = createServiceKafkaBus('api', config, logger.child({ component: 'bus' }));

const service = createApiService({
  store: createStore(sql),
  bus,
  progress: new RedisJobProgress({ redis, keyPrefix: config.TOPIC_PREFIX }),
  logger,
  config: { bodyLimit: config.API_BODY_LIMIT },
  consumerConcurrency: config.API_CONSUMER_CONCURRENCY,
});

onShutdown(logger, async () => {
  await service.stop();
  await bus.stop();
  await redis.quit();
  await sql.close();
});

try {
  await service.start();
  await service.app.listen({ port: config.PORT, host: config.HOST });
  logger.info({ port: config.PORT }, 'api listening');
} catch (err) {
  logger.fatal({ err }, 'api failed to start');
  process.exit(1);
}
