import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { uniqueDoc } from '@winnow/read-model/testing';
import { eventually, startHarness, type Harness } from './harness.js';
import { isApiRoute, recordedApp, type RouteEntry } from './route-table.js';

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

type OpenApiDoc = { openapi: string; paths: Record<string, Record<string, { responses?: Record<string, unknown>; security?: unknown[] }>> };

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<OpenApiDoc>();
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every route the API serves, with its responses, and marks the keyed ones', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDoc>();
    const served = routes.filter(isApiRoute).filter((r) => r.url !== '/openapi.json');
    expect(served.length).toBeGreaterThan(10);
    for (const r of served) {
      const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[path]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.url} is in the document`).toBeDefined();
      expect(Object.keys(op!.responses ?? {}), `${r.method} ${r.url} documents a 2xx response`).toEqual(
        expect.arrayContaining([expect.stringMatching(/^2/)]),
      );
      if (r.scope !== undefined) expect(op!.security, `${r.method} ${r.url} names its key`).toBeDefined();
    }
  });

  it('serves a readable reference at /docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs' });
    const page = res.statusCode === 302 ? await app.inject({ method: 'GET', url: res.headers.location! }) : res;
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('swagger-ui');
  });
});

describe('responses match their schemas', () => {
  it('answers every route with what its schema allows (a mismatch would be a 500)', async () => {
    const job = (await app.inject({ method: 'POST', url: '/v1/jobs', payload: { seeds: ['https://schema.example/'] } })).json<{ id: string }>();
    await h.progress.noteHost(job.id, 'schema.example', { robots: 'fetched', delayMs: 1000, lastFetchAt: new Date().toISOString() });
    await h.progress.finish(job.id, 'https://schema.example/', 'failed', 'http_404');
    const doc = uniqueDoc({ url: 'https://schema.example/a', text: '스키마 검사 문서', jobId: job.id });
    await h.bus.publish([{ topic: 'docs.unique', key: doc.docId, value: doc }]);
    const stored = await eventually(async () => {
      const page = (await app.inject({ method: 'GET', url: `/v1/documents?jobId=${job.id}` })).json<{ items: Array<{ id: string; clusterId: string }> }>();
      expect(page.items).toHaveLength(1);
      return page.items[0]!;
    });
    for (const url of [
      '/v1/jobs', `/v1/jobs/${job.id}`, `/v1/jobs/${job.id}/hosts`, `/v1/documents?q=${encodeURIComponent('스키마')}`,
      `/v1/documents/${stored.id}`, `/v1/clusters/${stored.clusterId}`, '/healthz', '/readyz',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    }
    expect((await app.inject({ method: 'POST', url: `/v1/jobs/${job.id}/cancel` })).statusCode).toBe(200);
  });
});
