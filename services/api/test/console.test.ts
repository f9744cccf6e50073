import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueDoc } from '@winnow/read-model/testing';
import { eventually, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const get = (url: string, headers: Record<string, string> = {}) => h.app.inject({ method: 'GET', url, headers });
const postForm = (url: string, form: string) =>
  h.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form });

describe('operator console', () => {
  it('redirects /console/ to the jobs view and serves its own assets (no CDN)', async () => {
    expect((await get('/console/')).headers.location).toBe('/console/jobs');
    const page = await get('/console/jobs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const srcs = [...page.body.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    expect(srcs).toEqual(['/console/assets/console.css', '/console/assets/htmx.min.js', '/console/assets/sse.js']);
    for (const src of srcs) {
      const asset = await get(src!);
      expect(asset.statusCode).toBe(200);
      expect(asset.body.length).toBeGreaterThan(500);
    }
    expect((await get('/console/assets/../../package.json')).statusCode).toBe(404);
    expect((await get('/console/assets/nope.js')).statusCode).toBe(404);
  });

  it('submits a job from a form, without JavaScript, and shows it with a cancel button', async () => {
    const res = await postForm('/console/jobs', 'seeds=https%3A%2F%2Fnews.example%2F%0D%0Ahttps%3A%2F%2Fblog.example%2F&maxDepth=1&maxPages=10');
    expect(res.statusCode).toBe(303);
    const id = res.headers.location!.split('/').at(-1)!;
    const job = (await get(`/v1/jobs/${id}`)).json();
    expect(job).toMatchObject({ seeds: ['https://news.example/', 'https://blog.example/'], maxDepth: 1, maxPages: 10, status: 'running' });
    const page = await get(`/console/jobs/${id}`);
    expect(page.body).toContain('data-status="running"');
    expect(page.body).toContain(`sse-connect="/console/jobs/${id}/events"`);
    expect(page.body).toContain('Cancel job');
    expect(page.body).toContain('<a href="/console/jobs/' + id + '" role="button">Reload</a>');

    const cancelled = await h.app.inject({ method: 'POST', url: `/console/jobs/${id}/cancel` });
    expect(cancelled.statusCode).toBe(303);
    expect((await get(`/console/jobs/${id}`)).body).toContain('data-status="cancelled"');
  });

  it('shows what the API refused, with its status, instead of submitting', async () => {
    const res = await postForm('/console/jobs', 'seeds=not-a-url');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('role="alert"');
    expect(res.body).toContain('WINNOW_ERR_VALIDATION');
    expect((await get('/console/documents/0123456789abcdef0123456789abcdef')).statusCode).toBe(404);
  });

  it('escapes stored text: a title with markup is shown, never run', async () => {
    const doc = uniqueDoc({ url: 'https://evil.example/x', title: '<script>alert(1)</script>', text: 'Body <img src=x onerror=alert(1)>' });
    await h.bus.publish([{ topic: 'docs.unique', key: doc.docId, value: doc }]);
    await eventually(async () => expect((await get(`/v1/documents/${doc.docId}`)).statusCode).toBe(200));
    const page = await get(`/console/documents/${doc.docId}`);
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<img src=x');
  });

  it('sets the key cookie HttpOnly and SameSite=Strict, and forgets it', async () => {
    const set = await postForm('/console/key', 'key=tok%20en');
    expect(set.statusCode).toBe(303);
    expect(set.headers['set-cookie']).toBe('winnow_key=tok%20en; Path=/; HttpOnly; SameSite=Strict');
    const cleared = await postForm('/console/key', 'key=');
    expect(cleared.headers['set-cookie']).toBe('winnow_key=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
    expect((await get('/console/key')).body).toContain('<label>API key <input name="key" type="password"');
  });

  it('streams a job’s counts as server-sent events and ends the stream once the job is over', async () => {
    const created = (await h.app.inject({ method: 'POST', url: '/v1/jobs', payload: { seeds: ['https://stream.example/'] } })).json();
    await h.app.inject({ method: 'POST', url: `/v1/jobs/${created.id}/cancel` });
    const res = await get(`/console/jobs/${created.id}/events`);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.body).toMatch(/^event: job\ndata: <div id="job-live">/);
    expect(res.body).toContain('data-status="cancelled"');
    expect(res.body).toMatch(/event: end\ndata: \n\n$/);
  });

  it('lists dead letters and counts a replay before sending it', async () => {
    await h.bus.publish([{ topic: 'docs.unique', key: 'poison-console', value: { nope: true } as never }]);
    await eventually(async () => expect((await get('/console/dlq?topic=docs.unique')).body).toContain('poison-console'));
    const dlq = await get('/console/dlq?topic=docs.unique&code=WINNOW_ERR_INVALID_MESSAGE');
    expect(dlq.body).toContain('WINNOW_ERR_INVALID_MESSAGE');
    const id = /data-dead-letter="(\d+-\d+)"/.exec(dlq.body)![1]!;
    const before = h.bus.messages('docs.unique').length;
    const dry = await postForm('/console/dlq/replay', `topic=docs.unique&ids=${id}`);
    expect(dry.body).toContain('Dry run: 1 message of docs.unique.dlq would be sent back');
    expect(h.bus.messages('docs.unique')).toHaveLength(before);
    const done = await postForm('/console/dlq/replay', `topic=docs.unique&ids=${id}&confirm=yes`);
    expect(done.body).toContain('Replayed 1 message to docs.unique.');
    expect(h.bus.messages('docs.unique')).toHaveLength(before + 1);
    expect((await get('/console/dlq?topic=nope')).body).toContain('crawl.requests.dlq');
  });

  it('shows consumer lag per group and topic on the pipeline view', async () => {
    const page = await get('/console/pipeline');
    expect(page.body).toContain('sse-connect="/console/pipeline/events"');
    expect(page.body).toMatch(/<td>api<\/td><td>docs\.unique<\/td><td data-lag="\d+">/);
    const json = (await get('/v1/pipeline')).json();
    expect(json.stages.find((s: { group: string; topic: string }) => s.group === 'api' && s.topic === 'docs.unique')).toMatchObject({ lag: expect.any(Number) });
  });
});
