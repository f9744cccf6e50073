import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createServiceKafkaBus, type Bus } from '@winnow/bus';
import { createMemoryBus } from '@winnow/bus';
import { createApiService } from '@winnow/api';
import { createCrawlerService } from '@winnow/crawler';
import { createDeduplicatorService, type DeduplicatorService } from '@winnow/deduplicator';
import { createEmbeddedDeduplicator } from '@winnow/deduplicator';
import { dedupNamespace, thresholdsOf } from '@winnow/deduplicator';
import { createExtractorService } from '@winnow/extractor';
import { createRedisJudgedDocStore } from '@winnow/dedup-redis';
import { checkIndexFormat, createRedisIndex } from '@winnow/dedup-redis';
import type { Logger } from '@winnow/logging';
import type { JobProgress, TtlCache } from '@winnow/crawl-state';
import { RedisJobProgress } from '@winnow/crawl-state';
import { RedisTtlCache } from '@winnow/crawl-state';
import { createPgClient } from '@winnow/read-model';
import { createPgliteWorkerClient } from '@winnow/read-model';
import { createReadModel, type ReadModel } from '@winnow/read-model';
import { lockDataDir } from './data-dir-lock.js';
import { openEmbeddedState } from './embedded-state.js';
import type { PipelineConfig } from './pipeline-config.js';

/** Seams for tests that drive the whole pipeline in one process. */
export interface PipelineOverrides {
  /** Wraps the read model the api stores documents in (e.g. a store outage while a test says so). */
  readModel?: (store: ReadModel) => ReadModel;
}

export interface Pipeline {
  /** The bus every service uses (in-process or Kafka). */
  bus: Bus;
  /** Which parts are real and which embedded, for the start-up log line. */
  mode: { bus: 'kafka' | 'in-process'; state: 'redis' | 'memory'; readModel: 'postgresql' | 'pglite' };
  start(): Promise<{ port: number }>;
  /** Shutdown, in phases as runService runs them: stop every service, flush the bus, close clients. */
  drain(): Promise<void>;
  flush(): Promise<void>;
  close: Array<() => Promise<void> | void>;
}

/**
 * All four services in one process. Each connection variable that is set (KAFKA_BROKERS, REDIS_URL,
 * DATABASE_URL) selects the real part; each that is unset selects its embedded twin, which keeps its
 * state under WINNOW_DATA_DIR so that a restart loses nothing.
 */
export async function createPipeline(config: PipelineConfig, logger: Logger, overrides: PipelineOverrides = {}): Promise<Pipeline> {
  const dataDir = config.WINNOW_DATA_DIR;
  const embedded = !config.KAFKA_BROKERS || !config.REDIS_URL || !config.DATABASE_URL;
  // A fresh checkout has no .winnow/ yet; every embedded part keeps its files below it.
  if (embedded) mkdirSync(dataDir, { recursive: true });
  const closers: Array<() => Promise<void> | void> = [];
  // One process per data directory (data-dir-lock.ts); released last, after everything below is closed.
  if (embedded) closers.push(lockDataDir(dataDir, 'start'));

  const memoryBus = config.KAFKA_BROKERS
    ? null
    : createMemoryBus({
        topicPrefix: config.TOPIC_PREFIX,
        source: 'winnow',
        stateFile: join(dataDir, 'bus.json'),
        // What a group has read stays only for the console's and tests' inspection: a few records, not pages by the thousand.
        retainConsumedPerPartition: 20,
        // A bounded queue per topic (some 150 pages of 200 KB): memory stays flat however far the crawler could run ahead of extraction.
        maxUnackedChars: 32 * 2 ** 20,
        logger: logger.child({ component: 'bus' }),
      });
  const bus =
    memoryBus ??
    createServiceKafkaBus('winnow', { KAFKA_BROKERS: config.KAFKA_BROKERS ?? '', TOPIC_PREFIX: config.TOPIC_PREFIX, KAFKA_CREATE_TOPICS: config.KAFKA_CREATE_TOPICS }, logger.child({ component: 'bus' }));

  let progress: JobProgress;
  let cache: TtlCache;
  let deduplicator: DeduplicatorService;
  if (config.REDIS_URL) {
    const redis = new Redis(config.REDIS_URL);
    const namespace = dedupNamespace(config);
    closers.push(async () => void (await redis.quit()));
    // An index of another format is refused before any document is judged against it.
    await checkIndexFormat(redis, namespace).catch((err: unknown) => {
      redis.disconnect();
      throw err;
    });
    progress = new RedisJobProgress({ redis, keyPrefix: config.TOPIC_PREFIX });
    cache = new RedisTtlCache({ redis, keyPrefix: config.TOPIC_PREFIX });
    deduplicator = createDeduplicatorService({
      bus,
      index: createRedisIndex({ redis, namespace, shardBits: config.DEDUP_SHARD_BITS, thresholds: thresholdsOf(config) }),
      docs: createRedisJudgedDocStore({ redis, namespace, ttlSeconds: config.DEDUP_DOC_TTL_DAYS * 86_400 }),
      logger,
      config: { concurrency: config.DEDUP_CONCURRENCY },
    });
  } else {
    // Job progress and the crawl cache: every change is logged as it happens (embedded-state.ts).
    const state = openEmbeddedState(join(dataDir, 'state.json'));
    closers.push(() => state.close());
    progress = state.progress;
    cache = state.cache;
    deduplicator = await createEmbeddedDeduplicator({
      bus,
      logger,
      dataDir,
      concurrency: config.DEDUP_CONCURRENCY,
      saveEveryMs: config.WINNOW_SNAPSHOT_INTERVAL_MS,
      thresholds: thresholdsOf(config),
    });
  }

  const sql = config.DATABASE_URL ? createPgClient(config.DATABASE_URL) : await createPgliteWorkerClient(join(dataDir, 'pg'));
  closers.push(() => sql.close());

  const store = createReadModel(sql);
  const api = createApiService({
    readModel: overrides.readModel ? overrides.readModel(store) : store,
    bus,
    progress,
    logger,
    consumerConcurrency: config.API_CONSUMER_CONCURRENCY,
    config: {
      rateLimitMax: config.WINNOW_API_RATE_LIMIT,
      ...(config.WINNOW_API_KEYS !== undefined && { apiKeys: config.WINNOW_API_KEYS }),
    },
  });
  const crawler = createCrawlerService({ bus, progress, cache, logger, config });
  const extractor = createExtractorService({ bus, progress, logger, config });
  const services = [api, deduplicator, extractor, crawler];

  return {
    bus,
    mode: {
      bus: config.KAFKA_BROKERS ? 'kafka' : 'in-process',
      state: config.REDIS_URL ? 'redis' : 'memory',
      readModel: config.DATABASE_URL ? 'postgresql' : 'pglite',
    },
    async start() {
      for (const service of services) await service.start();
      await api.app.listen({ port: config.PORT, host: config.HOST });
      const address = api.app.server.address();
      return { port: typeof address === 'object' && address ? address.port : config.PORT };
    },
    // Intake first (the crawler), then each later stage drains what the earlier ones produced.
    async drain() {
      for (const service of [...services].reverse()) await service.stop();
    },
    flush: () => bus.stop(),
    close: closers.reverse(),
  };
}
