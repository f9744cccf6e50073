import type { JobSpec } from '@winnow/types';
import { ReadModelError, READ_MODEL_ERRORS } from './read-model-errors.js';
import type { SqlClient } from './sql-client.js';
import { iso, isoOrNull, type JobRecord, type JobStatus } from './views.js';

export interface JobFilters {
  status?: JobStatus;
  /** 1..100 */
  limit: number;
  cursor?: string;
}

export interface JobPage {
  items: JobRecord[];
  nextCursor: string | null;
}

interface JobListRow {
  id: string;
  spec: JobSpec;
  status: JobStatus;
  created_at: unknown;
  finished_at: unknown;
  /** created_at as PostgreSQL prints it: microseconds kept, which a JavaScript Date would lose. */
  created_key: string;
}

/** What PostgreSQL prints for a timestamptz; anything else in a cursor is refused before it reaches SQL. */
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:[+-]\d{2}(?::\d{2}){0,2})?$/;

function encodeJobCursor(row: JobListRow): string {
  return Buffer.from(JSON.stringify({ v: 1, t: row.created_key, id: row.id }), 'utf8').toString('base64url');
}

function decodeJobCursor(cursor: string): { t: string; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) {
      const { v, t, id } = parsed as Record<string, unknown>;
      if (v === 1 && typeof t === 'string' && TIMESTAMP_TEXT.test(t) && typeof id === 'string' && id.length <= 200) return { t, id };
    }
  } catch {
    // fall through: malformed base64 or JSON is the client's error, reported below
  }
  throw new ReadModelError(READ_MODEL_ERRORS.invalidCursor, 'cursor is not one this API returned');
}

/** Jobs newest first (ties broken by id), in keyset pages: a page never repeats or skips a job. */
export function createJobList(client: SqlClient) {
  return {
    async listJobs(f: JobFilters): Promise<JobPage> {
      const params: unknown[] = [];
      const p = (v: unknown) => {
        params.push(v);
        return `$${params.length}`;
      };
      const where: string[] = [];
      if (f.status !== undefined) where.push(`status = ${p(f.status)}`);
      if (f.cursor !== undefined) {
        const c = decodeJobCursor(f.cursor);
        where.push(`(created_at, id) < (${p(c.t)}::timestamptz, ${p(c.id)})`);
      }
      const { rows } = await client.query<JobListRow>(
        `SELECT id, spec, status, created_at, finished_at, created_at::text AS created_key FROM jobs
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, id DESC LIMIT ${p(f.limit + 1)}`,
        params,
      );
      const page = rows.slice(0, f.limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => ({
          id: r.id,
          spec: r.spec,
          status: r.status,
          createdAt: iso(r.created_at),
          finishedAt: isoOrNull(r.finished_at),
        })),
        nextCursor: rows.length > f.limit && last ? encodeJobCursor(last) : null,
      };
    },
  };
}
