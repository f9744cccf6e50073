import { vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Bus } from '@winnow/bus';
import { createMemoryBus, type MemoryBus } from '@winnow/bus/memory';
import { createLogger } from '@winnow/runtime/logger';
import { MemoryJobProgress } from '@winnow/state/memory-job-progress';
import { createPgliteClient } from '@winnow/store/pglite-client';
import type { SqlClient } from '@winnow/store/sql-client';
import { createStore, type Store } from '@winnow/store/store';
import { createApiService, type ApiService } from '../src/service.js';

export interface Harness {
  app: FastifyInstance;
  service: ApiService;
  bus: MemoryBus;
  store: Store;
  progress: MemoryJobProgress;
  close(): Promise<void>;
}

/** The API as embedded mode runs it: in-process bus, in-memory job progress, PGlite in memory. */
export interface HarnessOverrides {
  /** Wraps the real store, e.g. to make one method fail. */
  store?: (s: Store) => Store;
  /** Wraps the bus the app publishes with. */
  bus?: (b: Bus) => Bus;
}

export async function startHarness(overrides: HarnessOverrides = {}): Promise<Harness> {
  const sql: SqlClient = await createPgliteClient(undefined);
  const realStore = createStore(sql);
  const store = overrides.store ? overrides.store(realStore) : realStore;
  const bus = createMemoryBus({ source: 'api-test' });
  const progress = new MemoryJobProgress();
  const logger = createLogger({ level: 'silent', name: 'api-test' });
  const service = createApiService({ store, bus: overrides.bus ? overrides.bus(bus) : bus, progress, logger });
  await service.start();
  return {
    app: service.app,
    service,
    bus,
    store: realStore,
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
