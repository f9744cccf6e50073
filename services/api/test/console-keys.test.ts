import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKey, parseApiKeys } from '../src/auth.js';
import { startHarness, type Harness } from './harness.js';

const reader = newKey(['read']);
const operator = newKey(['read', 'crawl', 'admin']);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: { apiKeys: parseApiKeys(`${reader.entry},${operator.entry}`) } });
});
afterAll(() => h?.close());

const page = (url: string, token?: string) => h.app.inject({ method: 'GET', url, ...(token && { cookies: { winnow_key: token } }) });
const form = (url: string, body: string, token?: string) =>
  h.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body, ...(token && { cookies: { winnow_key: token } }) });

describe('the console with WINNOW_API_KEYS set', () => {
  it('shows the key form to anyone and sends a caller without a key there', async () => {
    expect((await page('/console/key')).statusCode).toBe(200);
    for (const url of ['/console/jobs', '/console/documents', '/console/dlq', '/console/pipeline']) {
      const res = await page(url);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('WINNOW_ERR_UNAUTHENTICATED');
      expect(res.body).toContain('<a href="/console/key">Enter an API key</a>');
    }
    expect((await page('/console/jobs', 'wnw_unknown')).body).toContain('WINNOW_ERR_UNAUTHENTICATED');
  });

  it('acts with the key in the winnow_key cookie: a read key reads but cannot submit, cancel or see dead letters', async () => {
    const jobs = await page('/console/jobs', reader.token);
    expect(jobs.body).toContain('aria-label="Jobs"');
    expect(jobs.body).not.toContain('role="alert"');
    const submit = await form('/console/jobs', 'seeds=https%3A%2F%2Fa.example%2F', reader.token);
    expect(submit.statusCode).toBe(403);
    expect(submit.body).toContain('WINNOW_ERR_FORBIDDEN');
    expect(h.bus.messages('crawl.requests')).toHaveLength(0);
    const dlq = await page('/console/dlq', reader.token);
    expect(dlq.statusCode).toBe(403);
    expect(dlq.body).toContain('WINNOW_ERR_FORBIDDEN');
    expect((await form('/console/dlq/replay', 'topic=docs.unique', reader.token)).statusCode).toBe(403);
  });

  it('lets a key with crawl and admin submit, cancel and count a replay', async () => {
    const submit = await form('/console/jobs', 'seeds=https%3A%2F%2Fa.example%2F', operator.token);
    expect(submit.statusCode).toBe(303);
    const id = submit.headers.location!.split('/').at(-1)!;
    expect((await form(`/console/jobs/${id}/cancel`, '', operator.token)).statusCode).toBe(303);
    expect((await page(`/console/jobs/${id}`, reader.token)).body).toContain('data-status="cancelled"');
    expect((await page('/console/dlq', operator.token)).body).toContain('crawl.requests.dlq: 0 messages');
    expect((await form('/console/dlq/replay', 'topic=docs.unique', operator.token)).body).toContain('Dry run: 0 messages');
  });
});
