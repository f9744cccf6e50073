import pg from 'pg';
import type { SqlClient, SqlQueryable } from './sql-client.js';

export interface PgClientOptions {
  /** Pool size; the API needs few connections because every request is one or two short queries. */
  max?: number;
}

/** A SqlClient over a node-postgres Pool. */
export function createPgClient(databaseUrl: string, options: PgClientOptions = {}): SqlClient {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.max ?? 10 });
  // An idle client's error (e.g. the server restarted) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  let closed: Promise<void> | undefined;

  return {
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await pool.query(sql, params);
      return { rows: res.rows as T[] };
    },
    async transaction<R>(fn: (tx: SqlQueryable) => Promise<R>): Promise<R> {
      const client = await pool.connect();
      const tx: SqlQueryable = {
        async query<T>(sql: string, params: unknown[] = []) {
          const res = await client.query(sql, params);
          return { rows: res.rows as T[] };
        },
      };
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        client.release(true);
        throw err;
      }
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}
