import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { register } from 'prom-client';
import type { AppDeps } from './app-deps.js';
import { httpMetrics } from './http-metrics.js';
import { healthSchema, readySchema } from './response-schemas.js';

/** /healthz (the process answers), /readyz (the database and the bus answer) and /metrics. */
export function registerOpsRoutes(fastify: FastifyInstance, { readModel, bus }: AppDeps): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const metrics = httpMetrics();
  app.addHook('onResponse', async (req, reply) => {
    const labels = { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, reply.elapsedTime / 1000);
    req.log.debug({ method: req.method, url: req.url, status: reply.statusCode, ms: reply.elapsedTime }, 'request completed');
  });

  app.get('/healthz', { schema: { summary: 'The process answers', response: { 200: healthSchema } } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { schema: { summary: 'The database and the bus answer', response: { 200: readySchema, 503: readySchema } } }, async (_req, reply) => {
    const [db, kafka] = await Promise.all([readModel.ping(), bus.ready().catch(() => false)]);
    const ready = db && kafka;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: { store: db, bus: kafka } });
  });
  const metricsSchema = { summary: 'Prometheus metrics', response: { 200: { description: 'text exposition format', content: { 'text/plain': { schema: z.string() } } } } };
  app.get('/metrics', { schema: metricsSchema }, async (_req, reply) => reply.type(register.contentType).send(await register.metrics()));
}
