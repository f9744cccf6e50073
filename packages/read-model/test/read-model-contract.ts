import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '@winnow/types';
import { docIdFor, duplicateDoc, uniqueDoc } from '../testing/doc-fixtures.js';
import type { SqlClient } from '../src/sql-client.js';
import { createReadModel, type ReadModel } from '../src/read-model.js';
import { READ_MODEL_ERRORS } from '../src/read-model-errors.js';

const spec: JobSpec = { seeds: ['https://news.example/'], maxDepth: 2, maxPages: 100, scope: 'host', include: [], exclude: [] };
const t = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
let seq = 0;
/** A fresh URL per call, so tests sharing one database never see each other's documents. */
const url = (label: string) => `https://news.example/${label}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;
const jobId = () => `job-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * The behaviour every SqlClient adapter must give the store. `open` returns a client on an empty
 * database; the suite migrates it itself.
 */
export function storeContract(name: string, open: () => Promise<SqlClient>) {
  describe(`store contract: ${name}`, () => {
    let client: SqlClient;
    let store: ReadModel;

    beforeAll(async () => {
      client = await open();
      store = createReadModel(client);
      await store.migrate();
    });
    afterAll(() => client?.close());

    it('applies migrations once, even when two start at the same moment', async () => {
      const [a, b] = await Promise.all([store.migrate(), store.migrate()]);
      expect(a.applied).toEqual([]);
      expect(b.applied).toEqual([]);
      expect(await store.ping()).toBe(true);
    });

    it('creates a running job, refuses its id twice, and keeps the first finish time', async () => {
      const id = jobId();
      const job = await store.createJob(id, spec);
      expect(job).toMatchObject({ id, status: 'running', finishedAt: null, spec });
      await expect(store.createJob(id, spec)).rejects.toMatchObject({ code: READ_MODEL_ERRORS.jobExists });
      const done = await store.markJobDone(id, new Date(t(5)));
      expect(done).toMatchObject({ status: 'done', finishedAt: t(5) });
      expect((await store.markJobDone(id, new Date(t(9))))?.finishedAt).toBe(t(5));
      expect(await store.getJob('no-such-job')).toBeNull();
      expect((await store.cancelJob(id))?.status).toBe('done');
      const other = jobId();
      await store.createJob(other, spec);
      expect(await store.cancelJob(other, new Date(t(7)))).toMatchObject({ status: 'cancelled', finishedAt: t(7) });
    });

    it('shows a unique document with the fields DESIGN names, and only those', async () => {
      const doc = uniqueDoc({ url: url('a'), text: 'Body text', publishedAt: '2026-01-01T09:00:00+09:00' });
      await store.upsertUnique(doc, t(1));
      const view = await store.getDocument(doc.docId);
      expect(view).toEqual({
        id: doc.docId,
        url: doc.url,
        canonicalUrl: doc.canonicalUrl,
        site: 'news.example',
        title: doc.title,
        byline: null,
        publishedAt: '2026-01-01T00:00:00.000Z',
        lang: 'en',
        text: 'Body text',
        fetchedAt: '2026-01-02T03:04:05.000Z',
        verdict: 'unique',
        sources: [],
        clusterId: doc.clusterId,
      });
      expect(await store.getDocument(docIdFor('https://nowhere.example/'))).toBeNull();
    });

    it('counts a redelivered message once and ignores an older event after a newer one', async () => {
      const job = jobId();
      const doc = uniqueDoc({ url: url('b'), text: 'first', jobId: job });
      await store.upsertUnique(doc, t(2));
      await store.upsertUnique(doc, t(2));
      await store.upsertUnique({ ...doc, text: 'stale' }, t(1));
      expect((await store.getDocument(doc.docId))?.text).toBe('first');
      expect(await store.countsForJob(job)).toEqual({ unique: 1, duplicate: 0 });
    });

    it('turns a unique document into a duplicate naming its original, and counts it so', async () => {
      const job = jobId();
      const original = uniqueDoc({ url: url('orig'), text: 'Article', jobId: job });
      const copy = uniqueDoc({ url: url('copy'), text: 'Article', jobId: job });
      await store.upsertUnique(original, t(1));
      await store.upsertUnique(copy, t(1));
      await store.markDuplicate(duplicateDoc({ url: copy.url, text: 'Article', jobId: job }, original), t(2));
      const view = await store.getDocument(copy.docId);
      expect(view).toMatchObject({ verdict: 'duplicate', relation: 'exact', duplicateOf: original.docId, clusterId: original.clusterId });
      expect(view).not.toHaveProperty('novelText');
      expect(await store.countsForJob(job)).toEqual({ unique: 1, duplicate: 1 });
    });

    it('applies a tombstone and a duplicate verdict in either arrival order', async () => {
      const original = uniqueDoc({ url: url('o'), text: 'x' });
      await store.upsertUnique(original, t(1));
      for (const order of ['tombstone-first', 'duplicate-first'] as const) {
        const repost = uniqueDoc({ url: url(order), text: 'x' });
        const dup = duplicateDoc({ url: repost.url, text: 'x' }, original, { relation: 'contained_by' });
        await store.upsertUnique(repost, t(1));
        // The deduplicator stamps both at about the same instant; the tombstone may even be later.
        if (order === 'tombstone-first') {
          await store.removeUnique(repost.docId, t(3));
          expect(await store.getDocument(repost.docId)).toBeNull();
          await store.markDuplicate(dup, t(2));
        } else {
          await store.markDuplicate(dup, t(2));
          await store.removeUnique(repost.docId, t(3));
        }
        expect(await store.getDocument(repost.docId)).toMatchObject({ verdict: 'duplicate', relation: 'contained_by' });
      }
    });

    it('keeps a re-judged document\'s text and search, and shows a re-crawl\'s new text, in batches', async () => {
      const job = jobId();
      const original = uniqueDoc({ url: url('judged-original'), text: 'original story', jobId: job });
      const first = uniqueDoc({ url: url('judged'), title: 'Harbour', text: 'Lighthouse keepers', jobId: job });
      const dup = (canonical: { docId: string; clusterId: string }, version: number) =>
        ({ kind: 'duplicate', doc: { ...duplicateDoc({ url: first.url, title: 'Harbour', text: first.text, jobId: job }, canonical), version }, at: t(version), version }) as const;
      const found = async (q: string) => (await store.listDocuments({ jobId: job, q, limit: 10 })).items.map((d) => d.id);
      await store.applyVerdicts([
        { kind: 'unique', doc: original, at: t(1), version: 1 },
        { kind: 'unique', doc: first, at: t(1), version: 1 },
      ]);
      // Judged a copy, then judged again with another canonical: the same fetch, so the same payload.
      await store.applyVerdicts([{ kind: 'tombstone', docId: first.docId, at: t(2), version: 2 }, dup(original, 2)]);
      const other = { docId: 'c'.repeat(32), clusterId: 'c'.repeat(32) };
      await store.applyVerdicts([{ kind: 'tombstone', docId: first.docId, at: t(3), version: 3 }, dup(other, 3)]);
      expect(await store.getDocument(first.docId)).toMatchObject({ title: 'Harbour', text: 'Lighthouse keepers', verdict: 'duplicate', duplicateOf: other.docId, clusterId: other.clusterId });
      expect(await found('lighthouse')).toEqual([first.docId]);

      // Fetched again later with new text: the row shows the new fetch, and search follows it.
      const recrawl = uniqueDoc({ url: first.url, title: 'Harbour', text: 'Ferry timetable', jobId: job }, { fetchedAt: '2026-02-01T00:00:00.000Z', version: 4 });
      await store.applyVerdicts([{ kind: 'unique', doc: recrawl, at: t(4), version: 4 }]);
      expect(await store.getDocument(first.docId)).toMatchObject({ text: 'Ferry timetable', verdict: 'unique', clusterId: first.clusterId });
      expect(await found('ferry')).toEqual([first.docId]);
      expect(await found('lighthouse')).toEqual([]);
    });

    it('gives back each stored record whole from document_records, whichever path wrote it', async () => {
      const split = uniqueDoc({ url: url('record-split'), text: 'First paragraph.\n\nSecond one.' });
      const own = uniqueDoc({ url: url('record-own'), text: 'Line one.\n\n\nLine two.' });
      expect(own.paragraphs).not.toEqual(own.text.split('\n\n'));
      await store.applyVerdicts([{ kind: 'unique', doc: split, at: t(1), version: 1 }]);
      await store.upsertUnique(own, t(1), 1);
      for (const doc of [split, own]) {
        const { rows } = await client.query<{ doc: unknown }>('SELECT doc FROM document_records WHERE id = $1', [doc.docId]);
        expect(rows[0]?.doc).toEqual(JSON.parse(JSON.stringify(doc)));
      }
    });

    it('keeps a repost that adds its own text unique, with its sources and novel text', async () => {
      const article = uniqueDoc({ url: url('article'), text: 'news body' });
      const repost = uniqueDoc(
        { url: url('repost'), text: 'news body\n\nmy comment', clusterId: article.clusterId },
        { sources: [{ id: article.docId, relation: 'contains', containment: 0.97 }], novelText: 'my comment' },
      );
      await store.upsertUnique(repost, t(1));
      expect(await store.getDocument(repost.docId)).toMatchObject({
        verdict: 'unique',
        sources: [{ id: article.docId, relation: 'contains', containment: 0.97 }],
        novelText: 'my comment',
      });
    });

    it('finds a Korean word inside a longer word, and English words regardless of case', async () => {
      const job = jobId();
      const ko = uniqueDoc({ url: url('ko'), jobId: job, lang: 'ko', title: 'AI 시대', text: '기업들은 AI 인재를 확보하기 위해 경쟁한다.' });
      const en = uniqueDoc({ url: url('en'), jobId: job, title: 'Talent', text: 'Companies compete for Machine Learning talent in the AI race.' });
      await store.upsertUnique(ko, t(1));
      await store.upsertUnique(en, t(1));
      const ids = async (q: string) => (await store.listDocuments({ jobId: job, q, limit: 10 })).items.map((d) => d.id);
      expect(await ids('인재')).toEqual([ko.docId]);
      expect(await ids('확보')).toEqual([ko.docId]);
      expect(await ids('machine learning')).toEqual([en.docId]);
      expect(await ids('ai')).toEqual([en.docId, ko.docId]);
      expect(await ids('인재상')).toEqual([]);
      expect(await ids('시대 인재')).toEqual([ko.docId]);
    });

    it('finds every exact copy by search, and keeps their search text once, in batches and one by one', async () => {
      const job = jobId();
      const text = '기업들은 AI 인재를 확보하기 위해 경쟁한다. Harbour repairs.';
      const original = uniqueDoc({ url: url('copied'), jobId: job, title: 'Copied', text });
      const copies = [1, 2, 3].map((n) => duplicateDoc({ url: url(`copy-${n}`), jobId: job, title: 'Copied', text }, original));
      await store.applyVerdicts([
        { kind: 'unique', doc: original, at: t(1), version: 1 },
        { kind: 'duplicate', doc: copies[0]!, at: t(1), version: 1 },
      ]);
      await store.applyVerdicts([{ kind: 'duplicate', doc: copies[1]!, at: t(2), version: 1 }]);
      await store.markDuplicate(copies[2]!, t(3));
      const ids = [original, ...copies].map((d) => d.docId).sort();
      expect((await store.listDocuments({ jobId: job, q: '인재 harbour', limit: 10 })).items.map((d) => d.id).sort()).toEqual(ids);
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(DISTINCT s.hash)::int AS n FROM documents d JOIN search_texts s ON s.hash = d.search_hash WHERE d.id = ANY($1::text[])',
        [ids],
      );
      expect(rows[0]?.n).toBe(1);
    });

    it('filters by job, site, language and verdict', async () => {
      const job = jobId();
      const a = uniqueDoc({ url: `https://a.example/${job}`, text: 'a', jobId: job, lang: 'ko' });
      const b = uniqueDoc({ url: `https://b.example/${job}`, text: 'b', jobId: job });
      const c = duplicateDoc({ url: `https://a.example/${job}/copy`, text: 'a', jobId: job }, a);
      await store.upsertUnique(a, t(1));
      await store.upsertUnique(b, t(1));
      await store.markDuplicate(c, t(1));
      await store.upsertUnique(uniqueDoc({ url: url('other-job'), text: 'a', lang: 'ko' }), t(1));
      const ids = async (f: object) => (await store.listDocuments({ jobId: job, limit: 10, ...f })).items.map((d) => d.id).sort();
      expect(await ids({})).toEqual([a.docId, b.docId, c.docId].sort());
      expect(await ids({ site: 'a.example' })).toEqual([a.docId, c.docId].sort());
      expect(await ids({ lang: 'ko' })).toEqual([a.docId]);
      expect(await ids({ verdict: 'duplicate' })).toEqual([c.docId]);
      expect(await ids({ verdict: 'unique', site: 'b.example' })).toEqual([b.docId]);
    });

    it('pages newest first with an opaque cursor, without gaps or repeats', async () => {
      const job = jobId();
      const docs = Array.from({ length: 5 }, (_, i) => uniqueDoc({ url: url(`p${i}`), text: `page ${i}`, jobId: job }));
      for (const d of docs) await store.upsertUnique(d, t(1));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.listDocuments({ jobId: job, limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((d) => d.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(docs.map((d) => d.docId).reverse());
      await expect(store.listDocuments({ limit: 2, cursor: 'garbage' })).rejects.toMatchObject({
        code: READ_MODEL_ERRORS.invalidCursor,
      });
    });

    it('lists a cluster with its canonical member and why it won', async () => {
      const original = uniqueDoc({ url: url('c-orig'), text: 'story', publishedAt: t(1) });
      const clusterId = original.clusterId;
      const copy = duplicateDoc({ url: url('c-copy'), text: 'story' }, original, {
        relation: 'near',
        evidence: ['minhash_lsh', 'earlier_published'],
      });
      const repost = uniqueDoc(
        { url: url('c-repost'), text: 'story + comment', clusterId, publishedAt: t(3) },
        { sources: [{ id: original.docId, relation: 'contains', containment: 1 }], novelText: 'comment' },
      );
      await store.upsertUnique(repost, t(1));
      await store.upsertUnique(original, t(2));
      await store.markDuplicate(copy, t(2));
      const cluster = await store.getCluster(clusterId);
      expect(cluster).toMatchObject({ id: clusterId, canonicalId: original.docId, reasons: ['minhash_lsh', 'earlier_published'] });
      expect(cluster?.members.map((m) => m.id).sort()).toEqual([original.docId, copy.docId, repost.docId].sort());
      expect(cluster?.members.find((m) => m.id === copy.docId)).toMatchObject({ verdict: 'duplicate', duplicateOf: original.docId });
      expect(await store.getCluster('no-such-cluster')).toBeNull();
    });
  });
}
