import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueDoc } from '@winnow/read-model/testing';
import { eventually, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const submit = async (seed: string) => {
  const res = await h.app.inject({ method: 'POST', url: '/v1/jobs', payload: { seeds: [seed], maxDepth: 1 } });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>();
};
const get = (url: string) => h.app.inject({ method: 'GET', url });
const cancel = (id: string) => h.app.inject({ method: 'POST', url: `/v1/jobs/${id}/cancel` });

describe('GET /v1/jobs', () => {
  it('lists jobs newest first in cursor pages, each with its counts, and filters by status', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await submit(`https://list-${i}.example/`)).id);
    await cancel(made[1]!);

    const seen: string[] = [];
    let url = '/v1/jobs?limit=2';
    for (let pages = 0; pages < 10; pages++) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((j: { id: string }) => j.id));
      if (page.nextCursor === null) break;
      url = `/v1/jobs?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(seen.filter((id) => made.includes(id))).toEqual([...made].reverse());
    expect(new Set(seen).size).toBe(seen.length);

    const first = (await get('/v1/jobs?limit=1')).json().items[0];
    expect(first).toMatchObject({ id: made[4], status: 'running', seeds: ['https://list-4.example/'], counts: { discovered: 1 } });

    const cancelled = (await get('/v1/jobs?status=cancelled')).json();
    expect(cancelled.items.map((j: { id: string }) => j.id)).toEqual([made[1]]);
    const running = (await get('/v1/jobs?status=running&limit=100')).json();
    expect(running.items.map((j: { id: string }) => j.id)).not.toContain(made[1]);
  });

  it.each([
    ['an unknown status', '/v1/jobs?status=paused', 'query.status'],
    ['a limit out of range', '/v1/jobs?limit=1000', 'query.limit'],
  ])('rejects %s with a problem naming the parameter', async (_what, url, path) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('rejects a cursor it did not issue', async () => {
    const res = await get('/v1/jobs?cursor=bm90LWEtY3Vyc29y');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('WINNOW_ERR_INVALID_CURSOR');
  });
});

describe('POST /v1/jobs/:id/cancel', () => {
  it('ends a running job cancelled with its counts, stops it admitting URLs, and is harmless twice', async () => {
    const job = await submit('https://cancel.example/');
    const res = await cancel(job.id);
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({ id: job.id, status: 'cancelled', counts: { discovered: 1 } });
    expect(Date.parse(view.finishedAt)).not.toBeNaN();
    // Crawlers ask JobProgress: nothing more is admitted to this job.
    expect(await h.progress.discover(job.id, 'https://cancel.example/next', 100, 'https://cancel.example/')).toBe('cancelled');

    const again = await cancel(job.id);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'cancelled', finishedAt: view.finishedAt });
    expect((await get(`/v1/jobs/${job.id}`)).json()).toMatchObject({ status: 'cancelled', finishedAt: view.finishedAt });
  });

  it('keeps a cancelled job cancelled when its in-flight work settles afterwards', async () => {
    const job = await submit('https://settle.example/');
    await cancel(job.id);
    await h.progress.mark(job.id, 'https://settle.example/', 'fetched');
    const doc = uniqueDoc({ url: 'https://settle.example/', text: 'fetched before the cancel', jobId: job.id });
    await h.bus.publish([{ topic: 'docs.unique', key: doc.docId, value: doc }]);
    const view = await eventually(async () => {
      const v = (await get(`/v1/jobs/${job.id}`)).json();
      expect(v.counts.unique).toBe(1);
      return v;
    });
    expect(view.status).toBe('cancelled');
    expect(h.bus.messages('jobs.events').filter((m) => m.key === job.id)).toHaveLength(1);
  });

  it('answers 409 for a done job and 404 for an unknown one, as problems', async () => {
    const job = await submit('https://done.example/');
    await h.readModel.markJobDone(job.id);
    const res = await cancel(job.id);
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 409, code: 'WINNOW_ERR_JOB_FINISHED' });
    expect(await h.progress.cancelled(job.id)).toBe(false);
    expect((await get(`/v1/jobs/${job.id}`)).json().status).toBe('done');

    const missing = await cancel('no-such-job');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('WINNOW_ERR_JOB_NOT_FOUND');
  });
});

describe('GET /v1/jobs/:id/hosts', () => {
  it('shows per host what was fetched, failed and skipped by reason, robots, the delay and the last fetch', async () => {
    const job = await submit('https://news.example/');
    const { progress } = h;
    for (const u of ['https://news.example/a', 'https://news.example/gone', 'https://blog.example/secret']) await progress.discover(job.id, u, 100);
    await progress.mark(job.id, 'https://news.example/', 'fetched');
    await progress.mark(job.id, 'https://news.example/a', 'fetched');
    await progress.finish(job.id, 'https://news.example/gone', 'failed', 'http_404');
    await progress.finish(job.id, 'https://blog.example/secret', 'skipped', 'robots_disallowed');
    await progress.noteHost(job.id, 'news.example', { robots: 'fetched', delayMs: 2000, lastFetchAt: '2026-12-01T10:00:00.000Z' });
    await progress.noteHost(job.id, 'blog.example', { robots: 'absent', delayMs: 1000, lastFetchAt: '2026-12-01T10:00:01.000Z' });

    const res = await get(`/v1/jobs/${job.id}/hosts`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        { host: 'blog.example', fetched: 0, failed: {}, skipped: { robots_disallowed: 1 }, robots: 'absent', delayMs: 1000, lastFetchAt: '2026-12-01T10:00:01.000Z' },
        { host: 'news.example', fetched: 2, failed: { http_404: 1 }, skipped: {}, robots: 'fetched', delayMs: 2000, lastFetchAt: '2026-12-01T10:00:00.000Z' },
      ],
    });
  });

  it('answers 404 for an unknown job', async () => {
    const res = await get('/v1/jobs/nope/hosts');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('WINNOW_ERR_JOB_NOT_FOUND');
  });
});
