import type { FastifyInstance } from 'fastify';
import { startLagMetrics } from '@winnow/bus';
import type { Service } from '@winnow/runtime';
import { createApiConsumer } from './api-consumer.js';
import type { AppDeps } from './app-deps.js';
import { buildApp } from './app.js';

export interface ApiServiceDeps extends AppDeps {
  /** docs.* messages handled at once per topic. */
  consumerConcurrency?: number;
}

export interface ApiService extends Service {
  /** The REST app; the caller listens on it (main.ts, the embedded runner) or injects requests. */
  app: FastifyInstance;
}

/**
 * The API as a service: start() migrates the read model, consumes docs.* and jobs.events into it, and polls
 * the deployment's consumer lag for /metrics (one poller per deployment: here); stop() stops consuming,
 * then closes the HTTP app. The store's and bus's own connections belong to the caller.
 */
export function createApiService(deps: ApiServiceDeps): ApiService {
  const app = buildApp(deps);
  const consumer = createApiConsumer({
    bus: deps.bus,
    readModel: deps.readModel,
    progress: deps.progress,
    logger: deps.logger,
    ...(deps.consumerConcurrency !== undefined && { concurrency: deps.consumerConcurrency }),
  });
  let stopping: Promise<void> | undefined;
  let stopLag: (() => void) | undefined;

  return {
    app,
    async start() {
      const { applied } = await deps.readModel.migrate();
      if (applied.length > 0) deps.logger.info({ applied }, 'migrations applied');
      await consumer.start();
      stopLag = startLagMetrics(deps.bus, { onError: (err) => deps.logger.warn({ err }, 'consumer lag not read') });
    },
    async ready() {
      return consumer.ready() && (await deps.readModel.ping()) && (await deps.bus.ready().catch(() => false));
    },
    stop() {
      stopping ??= (async () => {
        stopLag?.();
        await consumer.stop();
        await app.close();
      })();
      return stopping;
    },
  };
}
