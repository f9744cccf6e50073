import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { ApiError } from './api-errors.js';
import type { AppDeps } from './app-deps.js';
import { registerAuth } from './auth.js';
import { registerInputGuard } from './input-guard.js';
import { registerOpenApi } from './openapi.js';
import { registerClusterRoutes } from './clusters-routes.js';
import { consolePlugin } from './console/console-routes.js';
import { registerDlqRoutes } from './dlq-routes.js';
import { registerDocumentRoutes } from './documents-routes.js';
import { registerExportRoutes } from './exports-routes.js';
import { registerJobControlRoutes } from './job-control-routes.js';
import { registerJobRoutes } from './jobs-routes.js';
import { registerOpsRoutes } from './ops-routes.js';
import { registerPipelineRoutes } from './pipeline-routes.js';
import { frameworkErrorHandler, registerProblemHandler } from './problem-handler.js';

export type { AppDeps } from './app-deps.js';

/** The REST API v1 as a Fastify instance. It never listens: main.ts does, and tests use inject(). */
export function buildApp(deps: AppDeps): FastifyInstance {
  // Typed as Fastify's logger so the instance keeps Fastify's default generics.
  const loggerInstance: FastifyBaseLogger = deps.logger.child({ component: 'http' });
  const app = Fastify({
    loggerInstance,
    // One debug line per request comes from the metrics hook; Fastify's two info lines would be noise.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: deps.config?.bodyLimit ?? 1_048_576,
    // Trailing slashes and repeated slashes reach the same route, as clients expect of a REST API.
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    frameworkErrors: frameworkErrorHandler,
  });
  // Bodies are JSON. `curl -d '{...}'` labels them form-encoded, and some clients send no type at all:
  // any such body that is JSON is read as JSON; anything else is refused with 415.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new ApiError('WINNOW_ERR_UNSUPPORTED_MEDIA_TYPE', 'the request body must be JSON (content-type: application/json)'), undefined);
    }
  });
  registerProblemHandler(app);
  registerOpenApi(app);
  registerInputGuard(app);
  // Probes and metrics are public and never rate limited; they count every request, unmatched ones too.
  app.after(() => registerOpsRoutes(app, deps));
  registerAuth(app, {
    ...(deps.config?.apiKeys !== undefined && { keys: deps.config.apiKeys }),
    ...(deps.config?.rateLimitMax !== undefined && { rateLimitMax: deps.config.rateLimitMax }),
    ...(deps.config?.rateLimitWindowMs !== undefined && { rateLimitWindowMs: deps.config.rateLimitWindowMs }),
  });
  // Routes go in a plugin registered after the auth plugins, so rate limiting sees every one of them.
  void app.register(async (api) => {
    registerJobRoutes(api, deps);
    registerJobControlRoutes(api, deps);
    registerDocumentRoutes(api, deps);
    registerClusterRoutes(api, deps);
    registerExportRoutes(api, deps);
    registerDlqRoutes(api, deps);
    registerPipelineRoutes(api, deps);
    // Public pages: each one asks the routes above in-process with the caller's key, so their scopes apply.
    void api.register(consolePlugin);
  });
  return app;
}
