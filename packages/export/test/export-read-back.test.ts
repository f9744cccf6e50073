import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTokens } from '@winnow/extract';
import { createPgliteClient, createReadModel, type ReadModel, type SqlClient } from '@winnow/read-model';
import { exportCorpus } from '../src/export-corpus.js';
import { exportOptionsSchema } from '../src/options.js';
import { articleText, measured, novelText, seedCorpus, seedText } from './corpus-fixture.js';
import { requirePythonReaders, runPython } from './python.js';

const here = dirname(fileURLToPath(import.meta.url));
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

interface Row {
  id: string;
  text: string;
  language: string;
  language_score: number | null;
  token_count: number | null;
  verdict: string;
  canonical_id: string;
  duplicate_of: string | null;
  cluster_id: string | null;
  cluster_size: number;
  sources: string[];
  content_sha256: string;
  quality_pass: boolean | null;
}
type Readers = Record<'pyarrow_parquet' | 'pyarrow_jsonl' | 'gzip_jsonl' | 'duckdb_parquet' | 'duckdb_jsonl' | 'duckdb_jsonl_gz', Row[]> & {
  parquet_row_groups: number;
  parquet_codec: string;
};

let client: SqlClient;
let store: ReadModel;
let dir: string;
let ids: Awaited<ReturnType<typeof seedCorpus>>;

async function exportTo(file: string, query: Record<string, string>) {
  return exportCorpus(store, exportOptionsSchema.parse(query), createWriteStream(join(dir, file)), '2026-12-03T00:00:00.000Z');
}

/** Exports `mode` in the three formats and reads each back with pyarrow and duckdb. */
async function readBack(mode: string, extra: Record<string, string> = {}): Promise<Readers> {
  for (const format of ['parquet', 'jsonl', 'jsonl.gz']) await exportTo(`${mode}.${format}`, { format, mode, ...extra });
  const out = runPython([join(here, 'read_back.py'), ...['parquet', 'jsonl', 'jsonl.gz'].map((f) => join(dir, `${mode}.${f}`))]);
  return JSON.parse(out) as Readers;
}

const measuredColumns = (text: string) => {
  const m = measured(text, 'ko');
  return { language_score: m.langScore, token_count: m.tokenCount };
};

const READERS = ['pyarrow_parquet', 'pyarrow_jsonl', 'gzip_jsonl', 'duckdb_parquet', 'duckdb_jsonl', 'duckdb_jsonl_gz'] as const;

beforeAll(async () => {
  requirePythonReaders();
  dir = await mkdtemp(join(tmpdir(), 'winnow-export-'));
  client = await createPgliteClient(undefined);
  store = createReadModel(client);
  await store.migrate();
  ids = await seedCorpus(store);
});
afterAll(async () => {
  await client?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('an export read back by pyarrow and duckdb', () => {
  it('unique mode: one record per unique document, whole text, Korean byte for byte, the same in every format', async () => {
    const r = await readBack('unique');
    expect(r.parquet_codec).toBe('SNAPPY');
    for (const reader of READERS) {
      const rows = r[reader];
      expect(rows.map((x) => x.id), reader).toEqual([ids.article, ids.repost, ids.linkFarm]);
      const repost = rows[1]!;
      expect(Buffer.from(repost.text, 'utf8').equals(Buffer.from(seedText, 'utf8')), reader).toBe(true);
      expect(repost.content_sha256).toBe(sha256(seedText));
      expect(repost.sources).toEqual([ids.article]);
      expect(rows[0]!.text).toBe(articleText);
      expect(rows[0]!).toMatchObject({ verdict: 'unique', canonical_id: ids.article, cluster_size: 3, language: 'ko', quality_pass: true });
      expect(rows[0]!, reader).toMatchObject(measuredColumns(articleText));
      expect(repost, reader).toMatchObject(measuredColumns(seedText));
      // The link farm was extracted before language scores and token counts: null, not 0.
      expect(rows[2]!, reader).toMatchObject({ language_score: null, token_count: null });
    }
  });

  it('all mode: the duplicate too, naming its original', async () => {
    const r = await readBack('all');
    for (const reader of READERS) {
      const copy = r[reader].find((x) => x.id === ids.copy);
      expect(copy, reader).toMatchObject({ verdict: 'duplicate', duplicate_of: ids.article, canonical_id: ids.article, cluster_id: ids.article });
      expect(r[reader]).toHaveLength(4);
    }
  });

  it("novel mode: the repost holds the blogger's own words without the article it copied", async () => {
    const r = await readBack('novel');
    for (const reader of READERS) {
      const repost = r[reader].find((x) => x.id === ids.repost)!;
      expect(repost.text, reader).toBe(novelText);
      // The count is of the exported text, the repost's own words, not of the stored whole text.
      expect(repost.token_count, reader).toBe(countTokens(novelText));
      expect(repost.text).toContain('TensorFlow KR');
      expect(repost.text).not.toContain('인공지능(AI)이 의료와 금융에 이어');
      const article = r[reader].find((x) => x.id === ids.article)!;
      expect(article.text).toContain('인공지능(AI)이 의료와 금융에 이어');
    }
  });

  it('--min-quality pass leaves out the link farm; filters narrow by language and site', async () => {
    const r = await readBack('unique', { minQuality: 'pass', lang: 'ko' });
    for (const reader of READERS) expect(r[reader].map((x) => x.id)).toEqual([ids.article, ids.repost]);
    const site = await exportTo('site.jsonl', { site: 'FARM.example.com' });
    expect(site.records).toBe(1);
  });
});
