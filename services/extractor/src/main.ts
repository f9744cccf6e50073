import { Redis } from 'ioredis';
import { createServiceKafkaBus } from '@winnow/bus';
import { configOrExit } from '@winnow/config';
import { RedisJobProgress } from '@winnow/crawl-state';
import { createLogger } from '@winnow/logging';
import { runService, startHealthServer, type HealthServer } from '@winnow/runtime';
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

let health: HealthServer | undefined;
await runService({
  logger,
  async start() {
    health = await startHealthServer({
      port: config.PORT,
      ready: async () => redis.status === 'ready' && (await service.ready()),
      logger,
    });
    await service.start();
    logger.info({ port: health.port }, 'extractor started');
  },
  drain: () => service.stop(),
  flush: () => bus.stop(),
  close: [() => health?.close(), () => redis.quit()],
});
