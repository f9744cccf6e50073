import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { uniqueDoc } from '../testing/doc-fixtures.js';
import { createPgliteClient } from '../src/pglite-client.js';
import { createPgliteWorkerClient } from '../src/pglite-worker-client.js';
import type { SqlClient } from '../src/sql-client.js';
import { createReadModel } from '../src/read-model.js';
import { migrate } from '../src/migrate.js';
import { searchFields } from '../src/search-text.js';
import { jobListContract } from './job-list-contract.js';
import { storeContract } from './read-model-contract.js';
import { verdictOrderContract } from './verdict-order-contract.js';

const clients: Array<[string, (dataDir: string | undefined) => Promise<SqlClient>]> = [
  ['PGlite in this thread', createPgliteClient],
  ['PGlite in a worker thread', createPgliteWorkerClient],
];

for (const [name, open] of clients) {
  storeContract(`${name} (in memory)`, () => open(undefined));
  verdictOrderContract(`${name} (in memory)`, () => open(undefined));
  jobListContract(`${name} (in memory)`, () => open(undefined));

  describe(`${name} on disk`, () => {
    it('keeps documents and jobs across a restart', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'winnow-pglite-'));
      try {
        const doc = uniqueDoc({ url: 'https://news.example/kept', text: '재시작 후에도 남는다' });
        const first = await open(dir);
        const store = createReadModel(first);
        await store.migrate();
        await store.createJob('job-kept', { seeds: [doc.url], maxDepth: 0, maxPages: 1, scope: 'host', include: [], exclude: [] });
        // Both write paths: one event at a time, and a batch (which the worker client applies in its thread).
        await store.upsertUnique(doc);
        const other = uniqueDoc({ url: 'https://news.example/batched', text: '일괄 적용도 남는다' });
        await store.applyVerdicts([{ kind: 'unique', doc: other, at: new Date().toISOString(), version: 1 }]);
        await first.close();

        const second = await open(dir);
        const reopened = createReadModel(second);
        expect((await reopened.migrate()).applied).toEqual([]);
        expect((await reopened.getDocument(doc.docId))?.text).toBe('재시작 후에도 남는다');
        expect((await reopened.getDocument(other.docId))?.text).toBe('일괄 적용도 남는다');
        expect((await reopened.getJob('job-kept'))?.status).toBe('running');
        await second.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('migration 0009 (search texts kept once)', () => {
  it('moves the search fields of documents stored before it, so that they are still found', async () => {
    const client = await createPgliteClient(undefined);
    const before = await mkdtemp(join(tmpdir(), 'winnow-migrations-'));
    try {
      // The schema as 0008 left it, with two copies of one text and another text, written as that schema wrote them.
      const all = new URL('../migrations/', import.meta.url);
      for (const name of (await readdir(all)).filter((f) => f < '0009')) await copyFile(new URL(name, all), join(before, name));
      await migrate(client, pathToFileURL(`${before}/`));
      const insert = `INSERT INTO documents (id, url, canonical_url, site, lang, text, fetched_at, verdict, job_id, doc, search_text,
          search_tokens, state_at) VALUES ($1, $2, $2, 'a.example', 'ko', $3, now(), 'unique', 'j', '{}', $4, string_to_array($5, ' '), now())`;
      for (const [id, text] of [['d1', '인재를 확보'], ['d2', '인재를 확보'], ['d3', 'harbour']]) {
        const search = searchFields(null, text!);
        await client.query(insert, [id, `https://a.example/${id}`, text, search.searchText, search.tokens]);
      }

      expect((await migrate(client)).applied).toEqual(['0009_search_texts.sql']);
      const store = createReadModel(client);
      const found = async (q: string) => (await store.listDocuments({ q, limit: 10 })).items.map((d) => d.id).sort();
      expect(await found('인재')).toEqual(['d1', 'd2']);
      expect(await found('harbour')).toEqual(['d3']);
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM search_texts');
      expect(rows[0]?.n).toBe(2);
    } finally {
      await client.close();
      await rm(before, { recursive: true, force: true });
    }
  });
});
