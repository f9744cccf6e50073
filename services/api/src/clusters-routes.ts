import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-errors.js';
import type { AppDeps } from './app-deps.js';
import { idParam, parseInput } from './request-schemas.js';

/** `GET /v1/clusters/:id`: a cluster's members and why its canonical document won. */
export function registerClusterRoutes(app: FastifyInstance, { readModel }: AppDeps): void {
  app.get('/v1/clusters/:id', { config: { scope: 'read' } }, async (req) => {
    const { id } = parseInput(idParam, req.params, 'params');
    const cluster = await readModel.getCluster(id);
    if (!cluster) throw new ApiError('WINNOW_ERR_CLUSTER_NOT_FOUND', `cluster ${id} does not exist`);
    return cluster;
  });
}
