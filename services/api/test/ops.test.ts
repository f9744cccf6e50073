import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

describe('operations endpoints and error handling', () => {
  let h: Harness;
  let databaseUp = true;
  beforeAll(async () => {
    h = await startHarness({
      readModel: (s) => ({
        ...s,
        ping: async () => databaseUp && (await s.ping()),
        getJob: async () => {
          throw new Error('connect ECONNREFUSED postgres://admin:hunter2@db.internal');
        },
      }),
      bus: (b) => ({
        ...b,
        publish: async () => {
          throw new Error('KafkaJSConnectionError: broker kafka-0.internal:9092 unreachable');
        },
      }),
    });
  });
  afterAll(() => h?.close());

  it('serves /healthz, /readyz and /metrics', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ready');
    const metrics = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('winnow_api_http_requests_total{method="GET",route="/readyz",status="200"}');
  });

  it('answers 503 on /readyz while the database does not answer', async () => {
    databaseUp = false;
    try {
      const res = await h.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'not_ready', checks: { store: false, bus: true } });
      expect(await h.service.ready()).toBe(false);
    } finally {
      databaseUp = true;
    }
  });

  it('hides the internals of a 5xx behind a stable code', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/v1/jobs/some-job' });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toEqual({
      type: 'urn:winnow:problem:WINNOW_ERR_INTERNAL',
      title: 'Internal error',
      status: 500,
      detail: 'Internal error',
      code: 'WINNOW_ERR_INTERNAL',
      instance: '/v1/jobs/some-job',
    });
    expect(res.body).not.toContain('hunter2');
  });

  it('answers 503 when the seeds cannot be queued, without naming the broker', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/jobs', payload: { seeds: ['https://e.example/'] } });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'WINNOW_ERR_UNAVAILABLE', status: 503 });
    expect(res.body).not.toContain('kafka-0');
    const jobId = /job (\S+) could not/.exec(res.json().detail)![1]!;
    expect((await h.readModel.getJob(jobId))?.status).toBe('cancelled');
  });

  it('refuses a body over the size limit with 413', async () => {
    const seeds = Array.from({ length: 100 }, (_, i) => `https://e.example/${'x'.repeat(12_000)}/${i}`);
    const res = await h.app.inject({ method: 'POST', url: '/v1/jobs', payload: { seeds } });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('WINNOW_ERR_PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/v2/anything' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'WINNOW_ERR_ROUTE_NOT_FOUND', status: 404 });
  });
});
