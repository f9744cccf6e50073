import Fastify from 'fastify';
import { register } from 'prom-client';
import type { Logger } from '@winnow/logging';
import { collectProcessMetrics } from './metrics.js';

export interface HealthServerOptions {
  port: number;
  host?: string;
  ready: () => Promise<boolean>;
  logger: Logger;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Serves /healthz (the process is up), /readyz (503 until the service can work) and /metrics. */
export async function startHealthServer(opts: HealthServerOptions): Promise<HealthServer> {
  collectProcessMetrics();
  // Probes arrive every few seconds; only warnings and errors of this server are worth a log line.
  const app = Fastify({ loggerInstance: opts.logger.child({ component: 'health' }, { level: 'warn' }) });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const ready = await opts.ready().catch(() => false);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready' });
  });
  app.get('/metrics', async (_req, reply) => reply.type(register.contentType).send(await register.metrics()));
  await app.listen({ port: opts.port, host: opts.host ?? '0.0.0.0' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return { port, close: () => app.close() };
}
