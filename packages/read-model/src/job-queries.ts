import type { JobSpec } from '@winnow/types';
import type { SqlClient } from './sql-client.js';
import { ReadModelError, READ_MODEL_ERRORS } from './read-model-errors.js';
import { iso, isoOrNull, type JobRecord, type JobStatus } from './views.js';

interface JobRow {
  id: string;
  spec: JobSpec;
  status: JobStatus;
  created_at: unknown;
  finished_at: unknown;
}

const toJob = (r: JobRow): JobRecord => ({
  id: r.id,
  spec: r.spec,
  status: r.status,
  createdAt: iso(r.created_at),
  finishedAt: isoOrNull(r.finished_at),
});

export function createJobQueries(client: SqlClient) {
  async function getJob(id: string): Promise<JobRecord | null> {
    const { rows } = await client.query<JobRow>(
      'SELECT id, spec, status, created_at, finished_at FROM jobs WHERE id = $1',
      [id],
    );
    return rows[0] ? toJob(rows[0]) : null;
  }

  return {
    getJob,

    async createJob(id: string, spec: JobSpec): Promise<JobRecord> {
      const { rows } = await client.query<JobRow>(
        `INSERT INTO jobs (id, spec) VALUES ($1, $2::jsonb) ON CONFLICT (id) DO NOTHING
         RETURNING id, spec, status, created_at, finished_at`,
        [id, JSON.stringify(spec)],
      );
      if (!rows[0]) throw new ReadModelError(READ_MODEL_ERRORS.jobExists, `job ${id} already exists`);
      return toJob(rows[0]);
    },

    /** Ends a job that will not progress (e.g. its seeds could not be queued); a finished job stays as is. */
    async cancelJob(id: string, at: Date = new Date()): Promise<JobRecord | null> {
      await client.query(
        `UPDATE jobs SET status = 'cancelled', finished_at = $2::timestamptz WHERE id = $1 AND finished_at IS NULL`,
        [id, at.toISOString()],
      );
      return getJob(id);
    },

    /** Marks the job done; the first call's time is kept, later calls change nothing. */
    async markJobDone(id: string, finishedAt: Date = new Date()): Promise<JobRecord | null> {
      await client.query(
        `UPDATE jobs SET status = 'done', finished_at = $2::timestamptz WHERE id = $1 AND finished_at IS NULL`,
        [id, finishedAt.toISOString()],
      );
      return getJob(id);
    },
  };
}
