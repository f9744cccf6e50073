import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uniqueDoc } from '../testing/doc-fixtures.js';
import { createPgliteClient } from '../src/pglite-client.js';
import { createReadModel } from '../src/read-model.js';
import { jobListContract } from './job-list-contract.js';
import { storeContract } from './read-model-contract.js';
import { verdictOrderContract } from './verdict-order-contract.js';

storeContract('PGlite (in memory)', () => createPgliteClient(undefined));

describe('PGlite on disk', () => {
  it('keeps documents and jobs across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winnow-pglite-'));
    try {
      const doc = uniqueDoc({ url: 'https://news.example/kept', text: '재시작 후에도 남는다' });
      const first = await createPgliteClient(dir);
      const store = createReadModel(first);
      await store.migrate();
      await store.createJob('job-kept', { seeds: [doc.url], maxDepth: 0, maxPages: 1, scope: 'host', include: [], exclude: [] });
      await store.upsertUnique(doc);
      await first.close();

      const second = await createPgliteClient(dir);
      const reopened = createReadModel(second);
      expect((await reopened.migrate()).applied).toEqual([]);
      expect((await reopened.getDocument(doc.docId))?.text).toBe('재시작 후에도 남는다');
      expect((await reopened.getJob('job-kept'))?.status).toBe('running');
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

verdictOrderContract('PGlite (in memory)', () => createPgliteClient(undefined));
jobListContract('PGlite (in memory)', () => createPgliteClient(undefined));
