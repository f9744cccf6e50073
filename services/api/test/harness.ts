import { vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Bus } from '@winnow/bus';
import { createMemoryBus, type MemoryBus } from '@winnow/bus';
import { createLogger } from '@winnow/logging';
import { MemoryJobProgress } from '@winnow/crawl-state';
import { createPgliteClient } from '@winnow/read-model';
import type { SqlClient } from '@winnow/read-model';
import { createReadModel, type ReadModel } from '@winnow/read-model';
import type { AppDeps } from '../src/app-deps.js';
import { createApiService, type ApiService } from '../src/service.js';

export interface Harness {
  app: FastifyInstance;
  service: ApiService;
  bus: MemoryBus;
  readModel: ReadModel;
  progress: MemoryJobProgress;
  close(): Promise<void>;
}

/** The API as embedded mode runs it: in-process bus, in-memory job progress, PGlite in memory. */
export interface HarnessOverrides {
  /** Wraps the real store, e.g. to make one method fail. */
  readModel?: (s: ReadModel) => ReadModel;
  /** Wraps the bus the app publishes with. */
  bus?: (b: Bus) => Bus;
  /** HTTP settings: API keys, rate limits. */
  config?: AppDeps['config'];
  /** Where log lines go (at debug level), for tests that read them. */
  logs?: NodeJS.WritableStream;
}

export async function startHarness(overrides: HarnessOverrides = {}): Promise<Harness> {
  const sql: SqlClient = await createPgliteClient(undefined);
  const realStore = createReadModel(sql);
  const readModel = overrides.readModel ? overrides.readModel(realStore) : realStore;
  const bus = createMemoryBus({ source: 'api-test' });
  const progress = new MemoryJobProgress();
  const logger = overrides.logs
    ? createLogger({ level: 'debug', name: 'api-test', pretty: false, destination: overrides.logs })
    : createLogger({ level: 'silent', name: 'api-test' });
  const service = createApiService({
    readModel,
    bus: overrides.bus ? overrides.bus(bus) : bus,
    progress,
    logger,
    ...(overrides.config !== undefined && { config: overrides.config }),
  });
  await service.start();
  return {
    app: service.app,
    service,
    bus,
    readModel: realStore,
    progress,
    async close() {
      await service.stop();
      await bus.stop();
      await sql.close();
    },
  };
}

/** Waits for the consumer to have applied what the test published (delivery is asynchronous). */
export function eventually<T>(check: () => Promise<T> | T, timeout = 10_000): Promise<T> {
  return vi.waitFor(check, { timeout, interval: 50 });
}
