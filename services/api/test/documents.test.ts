import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duplicateDoc, uniqueDoc } from '@winnow/read-model/testing';
import { eventually, startHarness, type Harness } from './harness.js';

let h: Harness;
const job = 'job-docs';
const original = uniqueDoc({
  url: 'https://news.example/ai-talent', jobId: job, lang: 'ko', title: 'AI 인재 전쟁',
  text: '기업들이 AI 인재를 확보하기 위해 경쟁하고 있다.', publishedAt: '2026-03-01T09:00:00+09:00',
});
const copy = duplicateDoc(
  { url: 'https://mirror.example/ai-talent', jobId: job, lang: 'ko', text: original.text },
  original,
  { evidence: ['content_hash', 'earlier_published'] },
);
const repost = uniqueDoc(
  { url: 'https://blog.example/post', jobId: job, lang: 'ko', text: `${original.text}\n\n제 생각은 이렇습니다.`, clusterId: original.clusterId },
  { sources: [{ id: original.docId, relation: 'contains', containment: 1 }], novelText: '제 생각은 이렇습니다.' },
);
const english = uniqueDoc({ url: 'https://news.example/rust', jobId: job, text: 'Rust 2026 edition released.' });

beforeAll(async () => {
  h = await startHarness();
  // The repost arrives before its original, as a crawl may find it first.
  await h.bus.publish([
    { topic: 'docs.unique', key: repost.docId, value: repost },
    { topic: 'docs.unique', key: original.docId, value: original },
    { topic: 'docs.unique', key: english.docId, value: english },
    { topic: 'docs.duplicates', key: copy.docId, value: copy },
  ]);
  await eventually(async () => expect((await h.readModel.countsForJob(job)).duplicate).toBe(1));
  await eventually(async () => expect((await h.readModel.countsForJob(job)).unique).toBe(3));
});
afterAll(() => h?.close());

const get = async (url: string) => h.app.inject({ method: 'GET', url });

describe('GET /v1/documents/:id', () => {
  it('shows a unique document with exactly the fields DESIGN lists', async () => {
    const res = await get(`/v1/documents/${original.docId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: original.docId,
      url: original.url,
      canonicalUrl: original.canonicalUrl,
      site: 'news.example',
      title: 'AI 인재 전쟁',
      byline: null,
      publishedAt: '2026-03-01T00:00:00.000Z',
      lang: 'ko',
      text: original.text,
      fetchedAt: original.fetchedAt,
      verdict: 'unique',
      sources: [],
      clusterId: original.clusterId,
    });
  });

  it('names the original of a duplicate, and keeps a repost with its own text unique', async () => {
    expect((await get(`/v1/documents/${copy.docId}`)).json()).toMatchObject({
      verdict: 'duplicate', relation: 'exact', duplicateOf: original.docId, clusterId: original.clusterId,
    });
    expect((await get(`/v1/documents/${repost.docId}`)).json()).toMatchObject({
      verdict: 'unique', sources: [{ id: original.docId, relation: 'contains', containment: 1 }], novelText: '제 생각은 이렇습니다.',
    });
  });

  it.each(['0123456789abcdef0123456789abcdef', 'not-a-doc-id'])('answers 404 with a problem for %s', async (id) => {
    const res = await get(`/v1/documents/${id}`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'WINNOW_ERR_DOCUMENT_NOT_FOUND', status: 404 });
  });

  it('drops a document from view when docs.unique withdraws it, until its duplicate verdict arrives', async () => {
    const late = uniqueDoc({ url: 'https://late.example/x', jobId: 'job-late', text: 'late' });
    await h.bus.publish([{ topic: 'docs.unique', key: late.docId, value: late }]);
    await eventually(async () => expect((await get(`/v1/documents/${late.docId}`)).statusCode).toBe(200));
    await h.bus.publish([{ topic: 'docs.unique', key: late.docId, value: null }]);
    await eventually(async () => expect((await get(`/v1/documents/${late.docId}`)).statusCode).toBe(404));
    const dup = duplicateDoc({ url: late.url, jobId: 'job-late', text: 'late' }, english, { relation: 'near' });
    await h.bus.publish([{ topic: 'docs.duplicates', key: dup.docId, value: dup }]);
    await eventually(async () => expect((await get(`/v1/documents/${late.docId}`)).json()).toMatchObject({ verdict: 'duplicate', relation: 'near' }));
  });
});

describe('ordering by the deduplicator version header', () => {
  it("keeps a demotion (version 2) when the document's first unique record (version 1) arrives after it", async () => {
    const applied: number[] = [];
    const v = await startHarness({
      readModel: (s) => ({
        ...s,
        applyVerdicts: async (records) => {
          await s.applyVerdicts(records);
          for (const r of records) if (r.kind === 'unique') applied.push(r.version);
        },
      }),
    });
    try {
      const first = uniqueDoc({ url: 'https://paper.example/v', jobId: 'job-v', text: 'versioned' });
      const dup = duplicateDoc({ url: 'https://mirror.example/v', jobId: 'job-v', text: 'versioned' }, first, { relation: 'exact' });
      const asUnique = uniqueDoc({ url: dup.url, jobId: 'job-v', text: 'versioned' });
      // Another deduplicator instance demoted it (version 2) before the first record was published.
      await v.bus.publish([
        { topic: 'docs.unique', key: dup.docId, value: null, headers: { winnow_version: '2' } },
        { topic: 'docs.duplicates', key: dup.docId, value: dup, headers: { winnow_version: '2' } },
      ]);
      await eventually(async () => expect((await v.app.inject({ url: `/v1/documents/${dup.docId}` })).json()).toMatchObject({ verdict: 'duplicate' }));
      await v.bus.publish([{ topic: 'docs.unique', key: asUnique.docId, value: asUnique, headers: { winnow_version: '1' } }]);
      await eventually(() => expect(applied).toContain(1));
      expect((await v.app.inject({ url: `/v1/documents/${dup.docId}` })).json()).toMatchObject({ verdict: 'duplicate', duplicateOf: first.docId });
    } finally {
      await v.close();
    }
  });
});

describe('GET /v1/documents', () => {
  const ids = async (query: string) => {
    const res = await get(`/v1/documents?${query}`);
    expect(res.statusCode).toBe(200);
    return (res.json().items as { id: string }[]).map((d) => d.id).sort();
  };

  it('finds a Korean word inside a longer word', async () => {
    expect(await ids(`jobId=${job}&q=${encodeURIComponent('인재')}`)).toEqual([original.docId, copy.docId, repost.docId].sort());
    expect(await ids(`jobId=${job}&q=${encodeURIComponent('생각은')}`)).toEqual([repost.docId]);
    expect(await ids(`jobId=${job}&q=RUST`)).toEqual([english.docId]);
  });

  it('filters by site, language and verdict, and ignores empty parameters', async () => {
    expect(await ids(`jobId=${job}&site=news.example`)).toEqual([original.docId, english.docId].sort());
    expect(await ids(`jobId=${job}&lang=en`)).toEqual([english.docId]);
    expect(await ids(`jobId=${job}&verdict=duplicate`)).toEqual([copy.docId]);
    expect(await ids(`jobId=${job}&q=&site=&lang=&verdict=&cursor=`)).toHaveLength(4);
    expect(await ids('jobId=no-such-job')).toEqual([]);
  });

  it('pages with an opaque cursor until nextCursor is null', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/v1/documents?jobId=${job}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((d: { id: string }) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([original.docId, copy.docId, repost.docId, english.docId].sort());
  });

  it.each([
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['limit=ten', 'query.limit'],
    ['verdict=maybe', 'query.verdict'],
  ])('rejects %s', async (query, path) => {
    const res = await get(`/v1/documents?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'WINNOW_ERR_VALIDATION', errors: [expect.objectContaining({ path })] });
  });

  it('rejects a cursor it did not issue', async () => {
    const res = await get('/v1/documents?cursor=bm9wZQ');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('WINNOW_ERR_INVALID_CURSOR');
  });
});

describe('GET /v1/clusters/:id', () => {
  it('lists the members and why the canonical document won', async () => {
    const res = await get(`/v1/clusters/${original.clusterId}`);
    expect(res.statusCode).toBe(200);
    const cluster = res.json();
    expect(cluster).toMatchObject({ id: original.clusterId, canonicalId: original.docId, reasons: ['content_hash', 'earlier_published'] });
    expect(cluster.members.map((m: { id: string }) => m.id).sort()).toEqual([original.docId, copy.docId, repost.docId].sort());
  });

  it('answers 404 with a problem for an unknown cluster', async () => {
    const res = await get('/v1/clusters/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('WINNOW_ERR_CLUSTER_NOT_FOUND');
  });
});
