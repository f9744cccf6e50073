import type { FastifyInstance } from 'fastify';
import { createLogger } from '@winnow/logging';
import type { AppDeps } from '../src/app-deps.js';
import { buildApp } from '../src/app.js';
import type { Harness } from './harness.js';

export interface RouteEntry {
  method: string;
  url: string;
  scope: string | undefined;
}

/** An app over the harness's stores that records every route it registers, as Fastify sees them. */
export async function recordedApp(h: Harness, config?: AppDeps['config']): Promise<{ app: FastifyInstance; routes: RouteEntry[] }> {
  const app = buildApp({
    readModel: h.readModel,
    bus: h.bus,
    progress: h.progress,
    logger: createLogger({ level: 'silent', name: 'api-routes-test' }),
    ...(config !== undefined && { config }),
  });
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: r.url, scope: r.config?.scope });
    }
  });
  await app.ready();
  return { app, routes };
}

/** The REST routes a client calls: everything but the documentation's own static files and the console's HTML pages. */
export const isApiRoute = (r: RouteEntry): boolean => !r.url.startsWith('/docs') && !r.url.startsWith('/console');

/** The console's pages and assets (HTML; they answer for the API's refusals with pages, not problems). */
export const isConsoleRoute = (r: RouteEntry): boolean => r.url.startsWith('/console');

/** A concrete path for a route pattern, with `value` in every parameter. */
export const pathFor = (url: string, value: string): string => url.replace(/:[A-Za-z]+|\*/g, value);
