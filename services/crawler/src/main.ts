import { Redis } from 'ioredis';
import { createServiceKafkaBus } from '@winnow/bus/kafka';
import { configOrExit } from '@winnow/runtime/config';
import { startHealthServer } from '@winnow/runtime/health-server';
import { createLogger } from '@winnow/runtime/logger';
import { onShutdown } from '@winnow/runtime/shutdown';
import { RedisJobProgress } from '@winnow/state/redis-job-progress';
import { RedisTtlCache } from '@winnow/state/redis-ttl-cache';
import { crawlerProcessConfigSchema } from './config.js';
import { createCrawlerService } from './service.js';

const config = configOrExit(crawlerProcessConfigSchema);
const logger = createLogger({ level: config.LOG_LEVEL, name: 'crawler' });

const redis = new Redis(config.REDIS_URL);
const bus = createServiceKafkaBus('crawler', config, logger.child({ component: 'bus' }));

const service = createCrawlerService({
  bus,
  progress: new RedisJobProgress({ redis, keyPrefix: config.TOPIC_PREFIX }),
  cache: new RedisTtlCache({ redis, keyPrefix: config.TOPIC_PREFIX }),
  logger,
  config,
});

const health = await startHealthServer({ port: config.PORT, ready: () => service.ready(), logger });

onShutdown(logger, async () => {
  await service.stop();
  await bus.stop();
  await health.close();
  redis.disconnect();
});

await service.start();
