import { Redis } from 'ioredis';
import { createServiceKafkaBus } from '@winnow/bus';
import { configOrExit } from '@winnow/config';
import { RedisJobProgress, RedisTtlCache } from '@winnow/crawl-state';
import { createLogger } from '@winnow/logging';
import { runService, startHealthServer, type HealthServer } from '@winnow/runtime';
import { crawlerProcessConfigSchema } from './config.js';
import { createCrawlerService } from './service.js';

const config = configOrExit(crawlerProcessConfigSchema);
const logger = createLogger({ level: config.LOG_LEVEL, name: 'crawler' });

// Auto-pipelined: a crawler has dozens of requests' bookkeeping (seen-set, progress, validators, the
// cancellation check) in flight at once, and sending each tick's commands in one write saves a system call
// per command here and in Redis, on a machine where every process shares the same cores.
const redis = new Redis(config.REDIS_URL, { enableAutoPipelining: true });
const bus = createServiceKafkaBus('crawler', config, logger.child({ component: 'bus' }));

const service = createCrawlerService({
  bus,
  progress: new RedisJobProgress({ redis, keyPrefix: config.TOPIC_PREFIX }),
  cache: new RedisTtlCache({ redis, keyPrefix: config.TOPIC_PREFIX }),
  logger,
  config,
});

let health: HealthServer | undefined;
await runService({
  logger,
  async start() {
    health = await startHealthServer({ port: config.PORT, ready: () => service.ready(), logger });
    await service.start();
    logger.info({ port: health.port }, 'crawler started');
  },
  drain: () => service.stop(),
  flush: () => bus.stop(),
  close: [() => health?.close(), () => redis.quit()],
});
