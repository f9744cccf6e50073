import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duplicateDoc, uniqueDoc } from '@winnow/read-model/testing';
import { eventually, startHarness, type Harness } from './harness.js';

let h: Harness;
const job = 'job-export';
const original = uniqueDoc({
  url: 'https://news.example/ai-talent', jobId: job, lang: 'ko', title: 'AI 인재 전쟁',
  text: '기업들이 AI 인재를 확보하기 위해 경쟁하고 있다.', publishedAt: '2026-03-01T09:00:00+09:00',
});
const copy = duplicateDoc({ url: 'https://mirror.example/ai-talent', jobId: job, lang: 'ko', text: original.text }, original);
const repost = uniqueDoc(
  { url: 'https://blog.example/post', jobId: job, lang: 'ko', text: `${original.text}\n\n제 생각은 이렇습니다.`, clusterId: original.clusterId },
  { sources: [{ id: original.docId, relation: 'contains', containment: 1 }], novelText: '제 생각은 이렇습니다.' },
);

beforeAll(async () => {
  h = await startHarness();
  await h.bus.publish([
    { topic: 'docs.unique', key: original.docId, value: original },
    { topic: 'docs.unique', key: repost.docId, value: repost },
    { topic: 'docs.duplicates', key: copy.docId, value: copy },
  ]);
  await eventually(async () => expect(await h.readModel.countsForJob(job)).toEqual({ unique: 2, duplicate: 1 }));
});
afterAll(() => h?.close());

const get = (url: string) => h.app.inject({ method: 'GET', url });
const lines = (body: string) => body.trim().split('\n').map((l) => JSON.parse(l) as { id: string; text: string; metadata: Record<string, unknown> });

describe('GET /v1/exports/documents', () => {
  it('streams JSONL of the unique documents by default, as an attachment', async () => {
    const res = await get('/v1/exports/documents');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/jsonl; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="winnow-unique.jsonl"');
    const records = lines(res.body);
    expect(records.map((r) => r.id)).toEqual([original.docId, repost.docId]);
    expect(Object.keys(records[0]!)).toEqual(['id', 'text', 'url', 'date', 'language', 'language_score', 'token_count', 'source', 'added', 'created', 'metadata']);
    expect(records[0]!.metadata).toMatchObject({ verdict: 'unique', cluster_id: original.clusterId, cluster_size: 3, job_id: job });
    expect(records[1]!.metadata.content_sha256).toBe(createHash('sha256').update(repost.text).digest('hex'));
  });

  it('novel mode gives the repost its own words; all mode adds the duplicate; jsonl.gz is gzip', async () => {
    const novel = lines((await get('/v1/exports/documents?mode=novel&jobId=' + job)).body);
    expect(novel.find((r) => r.id === repost.docId)?.text).toBe('제 생각은 이렇습니다.');
    const res = await get('/v1/exports/documents?format=jsonl.gz&mode=all&lang=ko&jobId=&site=');
    expect(res.headers['content-type']).toBe('application/gzip');
    const all = lines(gunzipSync(res.rawPayload).toString('utf8'));
    expect(all.find((r) => r.id === copy.docId)?.metadata).toMatchObject({ verdict: 'duplicate', duplicate_of: original.docId });
  });

  it('serves Parquet', async () => {
    const res = await get('/v1/exports/documents?format=parquet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="winnow-unique.parquet"');
    expect(res.rawPayload.subarray(0, 4).toString()).toBe('PAR1');
    expect(res.rawPayload.subarray(-4).toString()).toBe('PAR1');
  });

  it.each([
    ['format=csv', 'query.format'],
    ['mode=everything', 'query.mode'],
    ['publishedFrom=yesterday', 'query.publishedFrom'],
    ['minQuality=good', 'query.minQuality'],
    ['verdict=duplicate', 'query.verdict'],
  ])('refuses %s with a 400 naming the parameter', async (query, path) => {
    const res = await get(`/v1/exports/documents?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json<{ detail: string }>().detail).toContain(path);
  });

  it('refuses an unknown parameter, naming it', async () => {
    const res = await get('/v1/exports/documents?langauge=ko');
    expect(res.statusCode).toBe(400);
    expect(res.json<{ detail: string }>().detail).toContain('langauge');
  });
});
