import { PGlite } from '@electric-sql/pglite';
import type { SqlClient, SqlQueryable } from './sql-client.js';

/**
 * A SqlClient over PGlite (PostgreSQL compiled to WebAssembly) for embedded mode. With a dataDir the
 * database lives on disk and survives a restart; without one it is in memory.
 */
export async function createPgliteClient(dataDir: string | undefined): Promise<SqlClient> {
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  let closed: Promise<void> | undefined;

  const wrap = (q: { query: PGlite['query'] }): SqlQueryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await q.query<T>(sql, params);
      return { rows: res.rows };
    },
  });

  return {
    ...wrap(db),
    serialized: true,
    transaction<R>(fn: (tx: SqlQueryable) => Promise<R>): Promise<R> {
      // PGlite has one connection; its transaction() queues other queries until this one ends.
      return db.transaction((tx) => fn(wrap(tx)));
    },
    close() {
      closed ??= db.closed ? Promise.resolve() : db.close();
      return closed;
    },
  };
}
