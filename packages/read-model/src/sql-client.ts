/** The least a query runner needs: parameterised SQL in, rows out. */
export interface SqlQueryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/**
 * The store's only view of PostgreSQL. Two adapters implement it: node-postgres (distributed mode)
 * and PGlite (embedded mode), so the same SQL runs in both.
 */
export interface SqlClient extends SqlQueryable {
  /** Runs fn inside BEGIN/COMMIT on one connection; rolls back when fn throws. */
  transaction<R>(fn: (tx: SqlQueryable) => Promise<R>): Promise<R>;
  /** Transactions never overlap (one connection, as PGlite has), so writes need no document locks. */
  readonly serialized?: boolean;
  /** Releases connections (pool) or closes the embedded database. Idempotent. */
  close(): Promise<void>;
}
