import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { applyBatch } from './batch-writes.js';
import type { Incoming } from './incoming.js';
import type { SqlQueryable } from './sql-client.js';

/**
 * The worker thread behind pglite-worker-client.ts: it owns the PGlite database, so that PostgreSQL's
 * WebAssembly work runs beside the pipeline's main thread instead of on it.
 */

export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[]; tx?: number }
  | { id: number; op: 'begin'; tx: number }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'applyBatch'; events: Incoming[] }
  | { id: number; op: 'close' };

/** What a failed request rejects with on the main thread: the error's message, name and fields (code, detail, ...). */
export interface WorkerError {
  name: string;
  message: string;
  fields: Record<string, string | number | boolean | null>;
}

export type WorkerReply = { id: number; ok: true; rows?: unknown[] } | { id: number; ok: false; error: WorkerError };

/** The first message: the database is open, or why it could not be. */
export type WorkerStarted = { started: true } | { started: false; error: WorkerError };

export interface WorkerOptions {
  dataDir: string | undefined;
}

function errorOf(err: unknown): WorkerError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  // PostgreSQL's error fields (code, detail, constraint, ...) are own properties of pg-protocol's DatabaseError.
  const fields: WorkerError['fields'] = {};
  for (const [key, value] of Object.entries(err)) {
    if (key === 'name' || key === 'message' || key === 'stack') continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value as WorkerError['fields'][string];
  }
  return { name: err.name, message: err.message, fields };
}

/** An open transaction: its queries, and how to end it (PGlite then runs COMMIT or ROLLBACK). */
interface OpenTx {
  tx: Transaction;
  end(commit: boolean): Promise<void>;
}

/** Rejects the transaction's function so that PGlite rolls back; never reaches a caller. */
const ROLLBACK = new Error('rolled back by the caller');

/** Opens a PGlite transaction that stays open until end(); resolves once BEGIN has run. */
function openTx(db: PGlite): Promise<OpenTx> {
  return new Promise((opened, failed) => {
    let finish!: (commit: boolean) => void;
    const decided = new Promise<void>((resolve, reject) => {
      finish = (commit) => (commit ? resolve() : reject(ROLLBACK));
    });
    const done = db
      .transaction(async (tx) => {
        opened({ tx, end: (commit) => (finish(commit), done) });
        await decided;
      })
      .catch((err: unknown) => {
        if (err !== ROLLBACK) throw err;
      });
    done.catch(failed);
  });
}

const port = parentPort!;
const { dataDir } = workerData as WorkerOptions;
const transactions = new Map<number, OpenTx>();
const rowsOf = async (q: SqlQueryable, sql: string, params: unknown[]) => (await q.query(sql, params)).rows;
const queryable = (q: { query: PGlite['query'] }): SqlQueryable => ({
  async query<T>(sql: string, params: unknown[] = []) {
    return { rows: (await q.query<T>(sql, params)).rows };
  },
});

async function handle(db: PGlite, req: WorkerRequest): Promise<unknown[] | undefined> {
  switch (req.op) {
    case 'query': {
      if (req.tx === undefined) return rowsOf(queryable(db), req.sql, req.params);
      const open = transactions.get(req.tx);
      if (!open) throw new Error(`transaction ${req.tx} is not open`);
      return rowsOf(queryable(open.tx), req.sql, req.params);
    }
    case 'begin':
      transactions.set(req.tx, await openTx(db));
      return undefined;
    case 'end': {
      const open = transactions.get(req.tx);
      transactions.delete(req.tx);
      await open?.end(req.commit);
      return undefined;
    }
    case 'applyBatch':
      // One statement path with node-postgres (batch-writes.ts); PGlite's one connection needs no locks.
      await db.transaction((tx) => applyBatch(queryable(tx), req.events, false));
      return undefined;
    case 'close':
      if (!db.closed) await db.close();
      return undefined;
  }
}

try {
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  port.on('message', (req: WorkerRequest) => {
    handle(db, req).then(
      (rows) => port.postMessage({ id: req.id, ok: true, rows } satisfies WorkerReply),
      (err: unknown) => port.postMessage({ id: req.id, ok: false, error: errorOf(err) } satisfies WorkerReply),
    );
  });
  port.postMessage({ started: true } satisfies WorkerStarted);
} catch (err) {
  port.postMessage({ started: false, error: errorOf(err) } satisfies WorkerStarted);
}
