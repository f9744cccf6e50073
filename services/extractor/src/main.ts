import { Redis } from 'ioredis';
import { createServiceKafkaBus } from '@winnow/bus/kafka';
import { configOrExit } from '@winnow/runtime/config';
import { startHealthServer } from '@winnow/runtime/health-server';
import { createLogger } from '@winnow/runtime/logger';
import { onShutdown } from '@winnow/runtime/shutdown';
import { RedisJobProgress } from '@winnow/state/redis-job-progress';
import { extractorConfigSchema } from './config.js';
import { createExtractorService } from './service.js';

const config = configOrExit(extractorConfigSchema);
const logger = createLogger({ level: config.LOG_LEVEL, name: 'extractor' });

const redis = new Redis(config.REDIS_URL);
const bus = createServiceKafkaBus('extractor', config, logger.child({ component: 'bus' }));

const service = createExtractorService({
  bus,
  progress: new RedisJobProgress({ redis, keyPrefix: config.TOPIC_PREFIX }),
  logger,
  config,
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

await service.start();
logger.info({ port: health.port }, 'extractor started');
