import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError } from './api-errors.js';
import type { AppDeps } from './app-deps.js';
import { idParam } from './request-schemas.js';
import { clusterViewSchema, problemResponses } from './response-schemas.js';

/** `GET /v1/clusters/:id`: a cluster's members and why its canonical document won. */
export function registerClusterRoutes(fastify: FastifyInstance, { readModel }: AppDeps): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const schema = { summary: 'A cluster: its members and why its canonical won', params: idParam, response: { 200: clusterViewSchema, ...problemResponses } };
  app.get('/v1/clusters/:id', { config: { scope: 'read' }, schema }, async (req) => {
    const { id } = req.params;
    const cluster = await readModel.getCluster(id);
    if (!cluster) throw new ApiError('WINNOW_ERR_CLUSTER_NOT_FOUND', `cluster ${id} does not exist`);
    return cluster;
  });
}
