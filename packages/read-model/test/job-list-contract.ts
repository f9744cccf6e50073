import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '@winnow/types';
import type { SqlClient } from '../src/sql-client.js';
import { createReadModel, type ReadModel } from '../src/read-model.js';
import { READ_MODEL_ERRORS } from '../src/read-model-errors.js';

const spec: JobSpec = { seeds: ['https://news.example/'], maxDepth: 2, maxPages: 100, scope: 'host', include: [], exclude: [] };

/** Listing jobs, on a database of its own (other suites' jobs would show up in the list). */
export function jobListContract(name: string, open: () => Promise<SqlClient>, cleanup: () => Promise<void> = async () => {}) {
  describe(`job list: ${name}`, () => {
    let client: SqlClient;
    let store: ReadModel;
    const ids: string[] = [];

    beforeAll(async () => {
      client = await open();
      store = createReadModel(client);
      await store.migrate();
      // Created one after another, so each is newer than the last; five share one timestamp to test ties.
      for (let i = 0; i < 7; i++) {
        const id = `job-${String(i).padStart(2, '0')}`;
        await store.createJob(id, spec);
        ids.push(id);
      }
      await client.query(`UPDATE jobs SET created_at = '2026-01-01T00:00:00.123456Z' WHERE id IN ('job-01','job-02','job-03','job-04','job-05')`);
      await client.query(`UPDATE jobs SET created_at = '2025-12-31T00:00:00Z' WHERE id = 'job-00'`);
      await client.query(`UPDATE jobs SET created_at = '2026-01-02T00:00:00Z' WHERE id = 'job-06'`);
      await store.markJobDone('job-02');
      await store.cancelJob('job-04');
    });
    afterAll(async () => {
      await client?.close();
      await cleanup();
    });

    it('lists newest first, ties by id, in pages that neither repeat nor skip a job', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await store.listJobs({ limit: 2, ...(cursor !== undefined && { cursor }) });
        seen.push(...page.items.map((j) => j.id));
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(['job-06', 'job-05', 'job-04', 'job-03', 'job-02', 'job-01', 'job-00']);
    });

    it('filters by status and reports each job as stored', async () => {
      const done = await store.listJobs({ limit: 10, status: 'done' });
      expect(done.items.map((j) => j.id)).toEqual(['job-02']);
      expect(done.items[0]).toMatchObject({ status: 'done', spec, createdAt: '2026-01-01T00:00:00.123Z' });
      expect(done.items[0]!.finishedAt).not.toBeNull();
      expect((await store.listJobs({ limit: 10, status: 'cancelled' })).items.map((j) => j.id)).toEqual(['job-04']);
      const running = await store.listJobs({ limit: 4, status: 'running' });
      expect(running.items.map((j) => j.id)).toEqual(['job-06', 'job-05', 'job-03', 'job-01']);
      const rest = await store.listJobs({ limit: 4, status: 'running', cursor: running.nextCursor! });
      expect(rest).toEqual({ items: [expect.objectContaining({ id: 'job-00' })], nextCursor: null });
    });

    it.each([
      ['not base64 JSON', '%%%'],
      ['a document cursor', Buffer.from(JSON.stringify({ v: 1, s: '12' })).toString('base64url')],
      ['SQL in the timestamp', Buffer.from(JSON.stringify({ v: 1, t: "now'); DROP TABLE jobs; --", id: 'x' })).toString('base64url')],
    ])('refuses a cursor that is %s with a coded error', async (_what, cursor) => {
      await expect(store.listJobs({ limit: 2, cursor })).rejects.toMatchObject({ code: READ_MODEL_ERRORS.invalidCursor });
    });
  });
}
