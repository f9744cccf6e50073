import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { newKey, parseApiKeys, SCOPES, type Scope } from '../src/auth.js';
import { startHarness, type Harness } from './harness.js';
import { isApiRoute, pathFor, recordedApp, type RouteEntry } from './route-table.js';

/** One key per scope, and for each scope a key holding every other scope but that one. */
const only = Object.fromEntries(SCOPES.map((s) => [s, newKey([s])])) as Record<Scope, ReturnType<typeof newKey>>;
const allBut = Object.fromEntries(SCOPES.map((s) => [s, newKey(SCOPES.filter((o) => o !== s))])) as Record<Scope, ReturnType<typeof newKey>>;

let h: Harness;
let app: FastifyInstance;
let routes: RouteEntry[];
beforeAll(async () => {
  h = await startHarness();
  const entries = [...Object.values(only), ...Object.values(allBut)].map((k) => k.entry).join(',');
  ({ app, routes } = await recordedApp(h, { apiKeys: parseApiKeys(entries) }));
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

const call = (r: RouteEntry, token?: string) =>
  app.inject({
    method: r.method as 'GET' | 'POST',
    url: pathFor(r.url, 'matrix-id'),
    ...(token !== undefined && { headers: { authorization: `Bearer ${token}` } }),
    ...(r.method === 'POST' && { payload: { seeds: ['https://matrix.example/'] } }),
  });

describe('API key matrix: every route x no key, wrong scope, right scope', () => {
  it('declares a scope on every /v1 route: reads need read (dead letters admin), writes crawl or admin', () => {
    const v1 = routes.filter((r) => r.url.startsWith('/v1/'));
    expect(v1.length).toBeGreaterThanOrEqual(9);
    // The corpus export streams every document's text: a read, never open once keys exist.
    expect(v1).toContainEqual({ method: 'GET', url: '/v1/exports/documents', scope: 'read' });
    for (const r of v1) {
      expect(r.scope, `${r.method} ${r.url} declares its scope`).toBeDefined();
      // Dead letters carry raw messages and error details: listing them is an operator's (admin) read.
      if (r.method === 'GET') expect(r.scope, `${r.method} ${r.url}`).toBe(r.url.startsWith('/v1/dlq/') ? 'admin' : 'read');
      else expect(['crawl', 'admin'], `${r.method} ${r.url}`).toContain(r.scope);
    }
  });

  it('answers 401 without a key, 403 with every scope but the route own, and lets the right scope through', async () => {
    const keyed = routes.filter(isApiRoute).filter((r) => r.scope !== undefined);
    for (const r of keyed) {
      const scope = r.scope as Scope;
      const name = `${r.method} ${r.url}`;
      const none = await call(r);
      expect(none.statusCode, `${name} without a key`).toBe(401);
      expect(none.headers['content-type'], name).toMatch(/^application\/problem\+json/);
      const wrong = await call(r, allBut[scope].token);
      expect(wrong.statusCode, `${name} with every scope but ${scope}`).toBe(403);
      expect(wrong.json(), name).toMatchObject({ code: 'WINNOW_ERR_FORBIDDEN' });
      const right = await call(r, only[scope].token);
      expect([401, 403], `${name} with the ${scope} scope answered ${right.statusCode}: ${right.body}`).not.toContain(right.statusCode);
      expect(right.statusCode, `${name} with the ${scope} scope`).toBeLessThan(500);
    }
  });

  it('keeps the public routes public', async () => {
    const open = routes.filter(isApiRoute).filter((r) => r.scope === undefined);
    expect(open.map((r) => r.url).sort()).toEqual(['/healthz', '/metrics', '/openapi.json', '/readyz']);
    for (const r of open) expect((await call(r)).statusCode, r.url).toBe(200);
  });
});
