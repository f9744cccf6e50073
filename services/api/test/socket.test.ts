import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

describe('the API over a real socket', () => {
  let h: Harness;
  let base: string;
  beforeAll(async () => {
    h = await startHarness();
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => h?.close());

  it('takes a job with curl-like JSON and reports it back', async () => {
    const res = await fetch(`${base}/v1/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seeds: ['http://127.0.0.1:9/'] }),
    });
    expect(res.status).toBe(201);
    const job = (await res.json()) as { id: string };
    const again = await fetch(`${base}/v1/jobs/${job.id}`);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: job.id, status: 'running', counts: { discovered: 1 } });
  });

  it('sends problems as application/problem+json', async () => {
    const res = await fetch(`${base}/v1/documents/ffffffffffffffffffffffffffffffff`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'WINNOW_ERR_DOCUMENT_NOT_FOUND' });
  });
});
