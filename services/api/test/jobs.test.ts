import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duplicateDoc, uniqueDoc } from '@winnow/read-model/testing';
import { crawlRequestSchema } from '@winnow/types';
import { eventually, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const postJob = (payload: unknown) =>
  h.app.inject({ method: 'POST', url: '/v1/jobs', payload: payload as object });

describe('POST /v1/jobs', () => {
  it('creates a running job, counts its seeds as discovered and queues them keyed by host', async () => {
    const before = h.bus.messages('crawl.requests').length;
    const res = await postJob({
      seeds: ['HTTP://News.Example:80/a?utm_source=x#top', 'http://news.example/a', 'https://blog.example/'],
    });
    expect(res.statusCode).toBe(201);
    const job = res.json();
    expect(res.headers.location).toBe(`/v1/jobs/${job.id}`);
    expect(job).toMatchObject({
      status: 'running',
      counts: { discovered: 2, fetched: 0, failed: 0, skipped: 0, extracted: 0, unique: 0, duplicate: 0 },
      finishedAt: null,
      seeds: ['http://news.example/a', 'https://blog.example/'],
      maxDepth: 2,
      maxPages: 100,
      scope: 'host',
    });
    expect(Date.parse(job.createdAt)).not.toBeNaN();

    const sent = h.bus.messages('crawl.requests').slice(before);
    expect(sent.map((m) => m.key)).toEqual(['news.example', 'blog.example']);
    for (const m of sent) {
      const value = crawlRequestSchema.parse(m.value);
      expect(value).toMatchObject({ jobId: job.id, depth: 0, discoveredFrom: null });
      expect(value.job).toMatchObject({ maxDepth: 2, maxPages: 100, scope: 'host' });
    }
  });

  it('never queues more seeds than maxPages', async () => {
    const res = await postJob({ seeds: ['https://a.example/', 'https://b.example/'], maxPages: 1, maxDepth: 0, scope: 'any' });
    expect(res.statusCode).toBe(201);
    expect(res.json().counts.discovered).toBe(1);
  });

  it.each([
    ['no seeds', { seeds: [] }, 'body.seeds'],
    ['a non-http seed', { seeds: ['ftp://files.example/'] }, 'body.seeds.0'],
    ['a relative seed', { seeds: ['/just/a/path'] }, 'body.seeds.0'],
    ['too many seeds', { seeds: Array.from({ length: 101 }, (_, i) => `https://e.example/${i}`) }, 'body.seeds'],
    ['a negative depth', { seeds: ['https://e.example/'], maxDepth: -1 }, 'body.maxDepth'],
    ['a fractional page budget', { seeds: ['https://e.example/'], maxPages: 1.5 }, 'body.maxPages'],
    ['an unknown scope', { seeds: ['https://e.example/'], scope: 'planet' }, 'body.scope'],
  ])('rejects %s with a problem naming the field', async (_what, payload, path) => {
    const res = await postJob(payload);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json();
    expect(problem).toMatchObject({ status: 400, code: 'WINNOW_ERR_VALIDATION', instance: '/v1/jobs' });
    expect(problem.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('rejects a body that is not JSON, or not sent as JSON', async () => {
    const broken = await h.app.inject({ method: 'POST', url: '/v1/jobs', headers: { 'content-type': 'application/json' }, payload: '{"seeds":' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('WINNOW_ERR_BAD_REQUEST');
    const text = await h.app.inject({ method: 'POST', url: '/v1/jobs', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe('WINNOW_ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it('reads a JSON body that curl -d sent as form-encoded', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/jobs',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '{"seeds":["https://curl.example/"]}',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().seeds).toEqual(['https://curl.example/']);
  });
});

describe('GET /v1/jobs/:id', () => {
  it('answers 404 with a problem for an unknown job', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/v1/jobs/does-not-exist' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'WINNOW_ERR_JOB_NOT_FOUND' });
  });

  it('reports done once every discovered URL is stored, failed or skipped, and keeps its finish time', async () => {
    const job = (await postJob({ seeds: ['https://site.example/'], maxDepth: 1 })).json();
    const { progress, bus } = h;
    const urls = ['https://site.example/a', 'https://site.example/copy', 'https://site.example/secret', 'https://site.example/gone'];
    for (const u of urls) await progress.discover(job.id, u, 100);
    await progress.finish(job.id, 'https://site.example/secret', 'skipped', 'robots_disallowed');
    await progress.finish(job.id, 'https://site.example/gone', 'failed', 'http_404');
    for (const u of ['https://site.example/', 'https://site.example/a', 'https://site.example/copy']) {
      await progress.mark(job.id, u, 'fetched');
      await progress.mark(job.id, u, 'extracted');
    }
    const home = uniqueDoc({ url: 'https://site.example/', text: 'home', jobId: job.id });
    const a = uniqueDoc({ url: 'https://site.example/a', text: 'story', jobId: job.id });
    await bus.publish([
      { topic: 'docs.unique', key: home.docId, value: home },
      { topic: 'docs.unique', key: a.docId, value: a },
    ]);

    const running = await eventually(async () => {
      const view = (await h.app.inject({ method: 'GET', url: `/v1/jobs/${job.id}` })).json();
      expect(view.counts.unique).toBe(2);
      return view;
    });
    expect(running).toMatchObject({ status: 'running', finishedAt: null });

    const copy = duplicateDoc({ url: 'https://site.example/copy', text: 'story', jobId: job.id }, a);
    await bus.publish([{ topic: 'docs.duplicates', key: copy.docId, value: copy }]);
    const done = await eventually(async () => {
      const view = (await h.app.inject({ method: 'GET', url: `/v1/jobs/${job.id}` })).json();
      expect(view.status).toBe('done');
      return view;
    });
    expect(done.counts).toEqual({
      discovered: 5, fetched: 3, failed: 1, skipped: 1, extracted: 3, unique: 2, duplicate: 1,
      reasons: { robots_disallowed: 1, http_404: 1 },
    });
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.createdAt));
    const again = (await h.app.inject({ method: 'GET', url: `/v1/jobs/${job.id}` })).json();
    expect(again).toMatchObject({ status: 'done', finishedAt: done.finishedAt });
  });

  it('marks a job nobody reads done when its last URL is stored, with one job.completed event', async () => {
    const job = (await postJob({ seeds: ['https://quiet.example/'], maxDepth: 0 })).json();
    const { progress, bus, readModel } = h;
    await progress.discover(job.id, 'https://quiet.example/gone', 100);
    await progress.finish(job.id, 'https://quiet.example/gone', 'failed', 'http_404');
    const home = uniqueDoc({ url: 'https://quiet.example/', text: 'quiet home', jobId: job.id });
    const lastStoredAfter = Date.now();
    await bus.publish([{ topic: 'docs.unique', key: home.docId, value: home }]);

    // No GET /v1/jobs/:id here: the read model alone must show the job done.
    const done = await eventually(async () => {
      const record = await readModel.getJob(job.id);
      expect(record?.status).toBe('done');
      return record!;
    });
    const finishedAt = Date.parse(done.finishedAt!);
    expect(finishedAt).toBeGreaterThanOrEqual(lastStoredAfter);
    expect(finishedAt - lastStoredAfter).toBeLessThan(2000);
    const events = bus.messages('jobs.events').filter((m) => m.key === job.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.value).toMatchObject({
      type: 'job.completed',
      jobId: job.id,
      finishedAt: done.finishedAt,
      counts: { discovered: 2, failed: 1, stored: 1 },
    });
  });
});
