import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { WorkerError, WorkerOptions, WorkerReply, WorkerRequest, WorkerStarted } from './pglite-worker.js';
import type { SqlClient, SqlQueryable } from './sql-client.js';

/** Under vitest this module runs from src/, where only the compiled worker (dist/) can be loaded. */
function defaultWorkerUrl(): URL {
  const here = new URL('./pglite-worker.js', import.meta.url);
  return existsSync(here) ? here : new URL('../dist/pglite-worker.js', import.meta.url);
}

/** A worker's error as the caller reads it: message, name and PostgreSQL's fields (code, detail, ...). */
function rebuild(e: WorkerError): Error {
  const err = Object.assign(new Error(e.message), e.fields);
  err.name = e.name;
  return err;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Request = WithoutId<WorkerRequest>;

interface Pending {
  resolve: (rows: unknown[] | undefined) => void;
  reject: (err: Error) => void;
}

/**
 * A SqlClient over PGlite running in a worker thread, for embedded mode: PostgreSQL's WebAssembly work
 * leaves the main thread, which runs the crawler, bus and deduplicator. Same contract as the in-thread
 * client (pglite-client.ts): one connection, so transactions never overlap and queries sent while one
 * is open wait until it ends. A worker that dies rejects every pending and later query with its cause.
 */
export async function createPgliteWorkerClient(dataDir: string | undefined, workerUrl: URL = defaultWorkerUrl()): Promise<SqlClient> {
  const worker = new Worker(workerUrl, { workerData: { dataDir } satisfies WorkerOptions });
  const pending = new Map<number, Pending>();
  const inflight = new Set<Promise<unknown>>();
  let nextId = 1;
  let nextTx = 1;
  let dead: Error | undefined;
  let closed: Promise<void> | undefined;

  const die = (cause: Error) => {
    dead ??= cause;
    for (const p of pending.values()) p.reject(dead);
    pending.clear();
  };

  await new Promise<void>((resolve, reject) => {
    const failed = (err: Error) => {
      worker.off('error', failed).off('exit', exited).off('message', started);
      reject(new Error(`PGlite worker failed to start: ${err.message}`, { cause: err }));
    };
    const exited = (code: number) => failed(new Error(`exit code ${code}`));
    const started = (m: WorkerStarted) => {
      if (!m.started) return void worker.terminate().finally(() => failed(rebuild(m.error)));
      worker.off('error', failed).off('exit', exited).off('message', started);
      resolve();
    };
    worker.on('error', failed).on('exit', exited).on('message', started);
  });

  worker.on('message', (reply: WorkerReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    // An idle worker does not hold the process open, as an idle in-thread database would not.
    if (pending.size === 0) worker.unref();
    if (reply.ok) p.resolve(reply.rows);
    else p.reject(rebuild(reply.error));
  });
  worker.on('error', (err) => die(new Error(`PGlite worker died: ${err.message}`, { cause: err })));
  worker.on('exit', (code) => die(new Error(closed ? 'PGlite is closed' : `PGlite worker exited (code ${code})`)));
  worker.unref();

  const call = (req: Request): Promise<unknown[] | undefined> => {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    if (pending.size === 0) worker.ref();
    const reply = new Promise<unknown[] | undefined>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...req, id });
    });
    const settled: Promise<unknown> = reply.then(
      () => inflight.delete(settled),
      () => inflight.delete(settled),
    );
    inflight.add(settled);
    return reply;
  };
  const queryable = (tx?: number): SqlQueryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return { rows: (await call({ op: 'query', sql, params, ...(tx !== undefined && { tx }) })) as T[] };
    },
  });

  return {
    ...queryable(),
    serialized: true,
    async transaction<R>(fn: (tx: SqlQueryable) => Promise<R>): Promise<R> {
      const tx = nextTx++;
      await call({ op: 'begin', tx });
      let result: R;
      try {
        result = await fn(queryable(tx));
      } catch (err) {
        await call({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw err;
      }
      await call({ op: 'end', tx, commit: true });
      return result;
    },
    async applyBatch(events) {
      await call({ op: 'applyBatch', events: [...events] });
    },
    close() {
      closed ??= (async () => {
        // Drain: queries already sent finish (or fail) before the database closes.
        while (inflight.size > 0) await Promise.all(inflight);
        if (!dead) await call({ op: 'close' }).catch(() => undefined);
        await worker.terminate();
      })();
      return closed;
    },
  };
}
