import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '@winnow/testing';
import { createPgClient } from '../src/pg-client.js';
import { createReadModel } from '../src/read-model.js';
import { jobListContract } from './job-list-contract.js';
import { storeContract } from './read-model-contract.js';
import { verdictOrderContract } from './verdict-order-contract.js';

let db: FreshDatabase;
beforeAll(async () => {
  db = await freshDatabase('store');
});
afterAll(() => db?.drop());

storeContract('PostgreSQL (node-postgres)', async () => createPgClient(db.url));

describe('PostgreSQL migrations', () => {
  it('let two API instances start at once on a fresh database', async () => {
    const fresh = await freshDatabase('store_race');
    const a = createPgClient(fresh.url);
    const b = createPgClient(fresh.url);
    try {
      const [ra, rb] = await Promise.all([createReadModel(a).migrate(), createReadModel(b).migrate()]);
      expect([...ra.applied, ...rb.applied]).toEqual(['0001_init.sql', '0002_verdict_state.sql', '0003_verdict_version.sql', '0004_export_columns.sql', '0005_jobs_list.sql', '0006_language_score_tokens.sql', '0007_uncompressed_text.sql', '0008_document_records.sql', '0009_search_texts.sql']);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await fresh.drop();
    }
  });
});

verdictOrderContract('PostgreSQL (node-postgres)', async () => createPgClient(db.url));

let listDb: FreshDatabase | undefined;
jobListContract(
  'PostgreSQL (node-postgres)',
  async () => {
    listDb = await freshDatabase('job_list');
    return createPgClient(listDb.url);
  },
  async () => listDb?.drop(),
);
