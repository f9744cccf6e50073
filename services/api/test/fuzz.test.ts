import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startHarness, type Harness } from './harness.js';
import { isApiRoute, isConsoleRoute, pathFor, recordedApp, type RouteEntry } from './route-table.js';

let h: Harness;
let app: FastifyInstance;
let routes: RouteEntry[];
beforeAll(async () => {
  h = await startHarness();
  ({ app, routes } = await recordedApp(h));
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

/** Text meant to break things: NUL bytes, lone surrogates, 10,000 characters, numbers out of range, prototype keys. */
const hostile = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\ud83d', '__proto__', 'constructor', 'prototype', ''),
  fc.constantFrom('x'.repeat(10_000), '한'.repeat(10_000)),
  fc.constantFrom('-1', '0', '1e309', '-1e309', 'NaN', 'Infinity', '99999999999999999999999', '1.5', '0x10', '9007199254740993'),
  fc.constantFrom('running', 'done', 'unique', 'duplicate', 'jsonl', 'parquet', 'all', 'novel', 'ko', 'en'),
  fc.integer().map(String),
);

const PARAMS = ['status', 'limit', 'cursor', 'jobId', 'q', 'site', 'lang', 'verdict', 'format', 'mode', 'publishedFrom', 'fetchedTo', 'minQuality', '__proto__', 'constructor'];

/** Percent-encodes like encodeURIComponent, but sends a lone surrogate as the (invalid) UTF-8 bytes a raw client might. */
function enc(s: string): string {
  return [...s].map((ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80';
    }
  }).join('');
}

const query = fc.array(fc.tuple(fc.constantFrom(...PARAMS), hostile), { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&'));

const jsonValue = fc.oneof(hostile, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(hostile, { maxLength: 3 }));
const body = fc.oneof(
  fc.record({ seeds: fc.array(fc.oneof(hostile, fc.constant('https://fuzz.example/'), hostile.map((s) => `https://fuzz.example/${s}`)), { maxLength: 3 }), maxDepth: jsonValue, maxPages: jsonValue, scope: jsonValue, include: fc.array(hostile, { maxLength: 2 }) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.dictionary(hostile, jsonValue, { maxKeys: 3 }).map((o) => JSON.stringify(o)),
  fc.constantFrom('{"__proto__":{"seeds":["https://proto.example/"]}}', '{"constructor":{"prototype":{"x":1}},"seeds":["https://c.example/"]}', '{"seeds":["https://a.example/"],"include":["\\u0000"]}', '{"seeds":["https://a.example/"],"exclude":["\\ud800"]}'),
  fc.string({ maxLength: 50 }),
  fc.constant(''),
);
const contentType = fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/octet-stream');

describe('fuzzing every route with hostile parameters and bodies', () => {
  it('never answers 5xx, and every error is a problem', async () => {
    const api = routes.filter(isApiRoute);
    const request = fc.record({ route: fc.constantFrom(...api), id: hostile, query, body, contentType });
    await fc.assert(
      fc.asyncProperty(request, async ({ route, id, query: qs, body: payload, contentType: type }) => {
        const url = `${pathFor(route.url, enc(id) || 'x')}${qs ? `?${qs}` : ''}`;
        const res = await app.inject({
          method: route.method as 'GET' | 'POST',
          url,
          ...(route.method === 'POST' && { payload, headers: type === undefined ? {} : { 'content-type': type } }),
        });
        const what = `${route.method} ${url.slice(0, 300)} -> ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, what).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
          expect(res.json(), what).toMatchObject({ status: res.statusCode, code: expect.stringMatching(/^WINNOW_ERR_/) });
        }
      }),
      { numRuns: 600 },
    );
  }, 300_000);

  it('never answers 5xx on a console page, whatever the path, query and form', async () => {
    const pages = routes.filter(isConsoleRoute).filter((r) => !r.url.endsWith('/events'));
    const form = fc.array(fc.tuple(fc.constantFrom('seeds', 'maxDepth', 'maxPages', 'topic', 'code', 'ids', 'confirm', 'key', '__proto__'), hostile), { maxLength: 5 });
    const request = fc.record({ route: fc.constantFrom(...pages), id: hostile, query, form, contentType });
    await fc.assert(
      fc.asyncProperty(request, async ({ route, id, query: qs, form: pairs, contentType: type }) => {
        const url = `${pathFor(route.url, enc(id) || 'x')}${qs ? `?${qs}` : ''}`;
        const payload = pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
        const res = await app.inject({
          method: route.method as 'GET' | 'POST',
          url,
          ...(route.method === 'POST' && { payload, headers: { 'content-type': type ?? 'application/x-www-form-urlencoded' } }),
        });
        expect(res.statusCode, `${route.method} ${url.slice(0, 300)} -> ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  }, 300_000);

  it.each([
    ['GET /v1/documents?lang=%00', 'GET', '/v1/documents?lang=%00', 'query.lang'],
    ['GET /v1/jobs/%00', 'GET', '/v1/jobs/%00', 'params.id'],
    ['a NUL in a job include', 'POST', '/v1/jobs', 'body.include.0'],
  ])('refuses %s with a 400 naming the parameter (a NUL once reached PostgreSQL as a 500)', async (_what, method, url, path) => {
    const res = await app.inject({
      method: method as 'GET' | 'POST',
      url,
      ...(method === 'POST' && { payload: { seeds: ['https://nul.example/'], include: ['a\u0000b'] } }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});
