import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uniqueDoc } from '../testing/doc-fixtures.js';
import { createPgliteClient } from '../src/pglite-client.js';
import { createPgliteWorkerClient } from '../src/pglite-worker-client.js';
import type { SqlClient } from '../src/sql-client.js';
import { createReadModel } from '../src/read-model.js';
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
