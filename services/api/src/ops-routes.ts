import type { FastifyInstance } from 'fastify';
import { register } from 'prom-client';
import type { AppDeps } from './app-deps.js';
import { httpMetrics } from './http-metrics.js';

/** /healthz (the process answers), /readyz (the database and the bus answer) and /metrics. */
export function registerOpsRoutes(app: FastifyInstance, { readModel, bus }: AppDeps): void {
  const metrics = httpMetrics();
  app.addHook('onResponse', async (req, reply) => {
    const labels = { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, reply.elapsedTime / 1000);
    req.log.debug({ method: req.method, url: req.url, status: reply.statusCode, ms: reply.elapsedTime }, 'request completed');
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const [db, kafka] = await Promise.all([readModel.ping(), bus.ready().catch(() => false)]);
    const ready = db && kafka;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: { store: db, bus: kafka } });
  });
  app.get('/metrics', async (_req, reply) => reply.type(register.contentType).send(await register.metrics()));
}
