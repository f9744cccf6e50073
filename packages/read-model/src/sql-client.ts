import type { Incoming } from './incoming.js';

/** The least a query runner needs: parameterised SQL in, rows out. */
export interface SqlQueryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/**
 * The store's only view of PostgreSQL. Three adapters implement it: node-postgres (distributed mode)
 * and PGlite in this thread or in a worker thread (embedded mode), so the same SQL runs in all.
 */
export interface SqlClient extends SqlQueryable {
  /** Runs fn inside BEGIN/COMMIT on one connection; rolls back when fn throws. */
  transaction<R>(fn: (tx: SqlQueryable) => Promise<R>): Promise<R>;
  /** Transactions never overlap (one connection, as PGlite has), so writes need no document locks. */
  readonly serialized?: boolean;
  /**
   * Runs batch-writes.ts's applyBatch where the database lives (PGlite's worker thread), so that the
   * rows' search text and tokens are computed there too. Absent: the store runs it over transaction().
   */
  applyBatch?(events: readonly Incoming[]): Promise<void>;
  /** Releases connections (pool) or closes the embedded database. Idempotent. */
  close(): Promise<void>;
}
