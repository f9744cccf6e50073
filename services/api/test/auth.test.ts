import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKey, parseApiKeys } from '../src/auth.js';
import { startHarness, type Harness } from './harness.js';

function logSink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

const reader = newKey(['read']);
const crawler = newKey(['read', 'crawl']);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('with WINNOW_API_KEYS set', () => {
  let h: Harness;
  const logs = logSink();
  beforeAll(async () => {
    h = await startHarness({ config: { apiKeys: parseApiKeys(`${reader.entry},${crawler.entry}`) }, logs: logs.stream });
  });
  afterAll(() => h?.close());

  it('answers 401 as a problem without a key, with an unknown key, or with a malformed header', async () => {
    for (const headers of [{}, bearer('wnw_not-a-key-anyone-made'), { authorization: `Basic ${reader.token}` }, { authorization: 'Bearer' }]) {
      const res = await h.app.inject({ method: 'GET', url: '/v1/jobs', headers });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 401, code: 'WINNOW_ERR_UNAUTHENTICATED' });
    }
  });

  it('answers 403 when the key lacks the route scope, before reading the body', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/jobs', headers: bearer(reader.token), payload: { seeds: ['https://a.example/'] } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ status: 403, code: 'WINNOW_ERR_FORBIDDEN' });
    expect(res.json().detail).toContain('"crawl"');
    expect(h.bus.messages('crawl.requests')).toHaveLength(0);
  });

  it('serves a key with the scope, from the Authorization header or from the winnow_key cookie', async () => {
    const created = await h.app.inject({ method: 'POST', url: '/v1/jobs', headers: bearer(crawler.token), payload: { seeds: ['https://a.example/'] } });
    expect(created.statusCode).toBe(201);
    const viaCookie = await h.app.inject({ method: 'GET', url: `/v1/jobs/${created.json().id}`, cookies: { winnow_key: reader.token } });
    expect(viaCookie.statusCode).toBe(200);
    const badCookie = await h.app.inject({ method: 'GET', url: '/v1/jobs', cookies: { winnow_key: 'wnw_nope' } });
    expect(badCookie.statusCode).toBe(401);
  });

  it('keeps probes, metrics and unknown routes free of keys', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/v2/nothing' })).statusCode).toBe(404);
  });

  it('never writes a token to the logs, whatever the request', async () => {
    await h.app.inject({ method: 'GET', url: '/v1/jobs', headers: bearer(reader.token) });
    await h.app.inject({ method: 'POST', url: '/v1/jobs', headers: bearer(reader.token), payload: { seeds: [] } });
    await h.app.inject({ method: 'POST', url: '/v1/jobs', headers: bearer(crawler.token), payload: '{"seeds":' });
    await h.app.inject({ method: 'GET', url: '/v1/jobs', cookies: { winnow_key: crawler.token } });
    expect(logs.text()).toContain('lacks scope');
    expect(logs.text()).not.toContain(reader.token);
    expect(logs.text()).not.toContain(crawler.token);
    expect(logs.text()).not.toContain('WINNOW_API_KEYS is not set');
  });
});

describe('rate limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { apiKeys: parseApiKeys(`${reader.entry},${crawler.entry}`), rateLimitMax: 3, rateLimitWindowMs: 60_000 } });
  });
  afterAll(() => h?.close());

  it('answers 429 with Retry-After per key, as a problem, and leaves other keys and probes alone', async () => {
    for (let i = 0; i < 3; i++) expect((await h.app.inject({ method: 'GET', url: '/v1/jobs', headers: bearer(reader.token) })).statusCode).toBe(200);
    const limited = await h.app.inject({ method: 'GET', url: '/v1/jobs', headers: bearer(reader.token) });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({ status: 429, code: 'WINNOW_ERR_RATE_LIMITED' });
    expect((await h.app.inject({ method: 'GET', url: '/v1/jobs', headers: bearer(crawler.token) })).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('with WINNOW_API_KEYS unset', () => {
  it('stays open and unlimited, and warns once at start', async () => {
    const logs = logSink();
    const h = await startHarness({ logs: logs.stream, config: { rateLimitMax: 2 } });
    try {
      for (let i = 0; i < 4; i++) expect((await h.app.inject({ method: 'GET', url: '/v1/jobs' })).statusCode).toBe(200);
      expect((await h.app.inject({ method: 'POST', url: '/v1/jobs', payload: { seeds: ['https://open.example/'] } })).statusCode).toBe(201);
      expect((await h.app.inject({ method: 'GET', url: '/v1/jobs' })).statusCode).toBe(200);
      expect(logs.text().split('\n').filter((l) => l.includes('WINNOW_API_KEYS is not set'))).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
