import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgClient, createReadModel, type ReadModel, type SqlClient } from '@winnow/read-model';
import { freshDatabase, type FreshDatabase } from '@winnow/testing';
import { exportCorpus } from '../src/export-corpus.js';
import { exportOptionsSchema } from '../src/options.js';
import type { CorpusRecord } from '../src/record.js';
import { articleText, measured, seedCorpus } from './corpus-fixture.js';

let db: FreshDatabase;
let client: SqlClient;
let store: ReadModel;
let ids: Awaited<ReturnType<typeof seedCorpus>>;

beforeAll(async () => {
  db = await freshDatabase('export');
  client = createPgClient(db.url);
  store = createReadModel(client);
  await store.migrate();
  ids = await seedCorpus(store, 'job-pg');
});
afterAll(async () => {
  await client?.close();
  await db?.drop();
});

/** A sink that collects JSONL records, so a test sees exactly what a file would hold. */
function collector(): { out: Writable; records: () => CorpusRecord[] } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { out, records: () => Buffer.concat(chunks).toString('utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as CorpusRecord) };
}

async function exportIds(query: Record<string, string>): Promise<string[]> {
  const c = collector();
  await exportCorpus(store, exportOptionsSchema.parse(query), c.out);
  return c.records().map((r) => r.id);
}

describe('export from PostgreSQL', () => {
  it('reads through a cursor in batches: the same rows whatever the batch size, in insertion order', async () => {
    const batches: number[] = [];
    const total = await store.exportDocuments({ verdicts: ['unique', 'duplicate'] }, async (rows) => {
      batches.push(rows.length);
    }, 1);
    expect(total).toBe(4);
    expect(batches).toEqual([1, 1, 1, 1]);
    expect(await exportIds({ mode: 'all' })).toEqual([ids.article, ids.repost, ids.copy, ids.linkFarm]);
  });

  it('filters by job, verdict, quality and dates', async () => {
    expect(await exportIds({ jobId: 'job-pg', minQuality: 'pass' })).toEqual([ids.article, ids.repost]);
    expect(await exportIds({ jobId: 'other-job' })).toEqual([]);
    expect(await exportIds({ mode: 'all', verdict: 'duplicate' })).toEqual([ids.copy]);
    expect(await exportIds({ publishedFrom: '2017-07-01', publishedTo: '2017-07-05' })).toEqual([ids.article]);
    expect(await exportIds({ fetchedFrom: '2026-01-02T00:00:00Z', fetchedTo: '2026-01-03T00:00:00Z' })).toHaveLength(3);
    expect(await exportIds({ fetchedTo: '2026-01-01' })).toEqual([]);
  });

  it('writes the record layout with lineage: date falls back to fetched, version and sources carried', async () => {
    const c = collector();
    await exportCorpus(store, exportOptionsSchema.parse({ mode: 'all' }), c.out, '2026-12-03T00:00:00.000Z');
    const [article, repost, copy] = c.records();
    expect(article).toMatchObject({ date: '2017-07-04T09:00:00.000Z', created: '2017-07-04T09:00:00.000Z', added: '2026-12-03T00:00:00.000Z', source: 'www.sedaily.example' });
    expect(article!.metadata).toMatchObject({ byline: '홍길동 기자', extractor_version: 'winnow-extract/0.2.0', novel_ratio: 1, cluster_size: 3 });
    expect(article!.metadata.quality).toMatchObject({ pass: true, rules: { gopherStopWords: { value: 1, pass: true } } });
    // Stored by the read model from docs.extracted's langScore and tokenCount, exactly (not rounded by a real column).
    const m = measured(articleText, 'ko');
    expect(article).toMatchObject({ language: 'ko', language_score: m.langScore, token_count: m.tokenCount });
    expect(repost).toMatchObject({ date: '2026-01-02T03:04:05.000Z', created: null });
    expect(repost!.metadata).toMatchObject({ version: 3, sources: [{ id: ids.article, relation: 'contains', containment: 0.97 }] });
    expect(repost!.metadata.novel_ratio).toBeGreaterThan(0);
    expect(repost!.metadata.novel_ratio).toBeLessThan(0.5);
    expect(copy!.metadata).toMatchObject({ verdict: 'duplicate', relation: 'exact', novel_ratio: 0, canonical_id: ids.article });
  });
});
