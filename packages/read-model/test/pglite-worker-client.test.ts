import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteClient } from '../src/pglite-client.js';
import { createPgliteWorkerClient } from '../src/pglite-worker-client.js';
import type { SqlClient } from '../src/sql-client.js';

const TYPED_ROW = `SELECT '2026-01-02T03:04:05.678Z'::timestamptz AS at, '{"a": [1, "x", null], "b": {"c": true}}'::jsonb AS doc,
  ARRAY['가', 'b'] AS tokens, 42 AS n, 1.5::float8 AS f, 9007199254740993::bigint AS big, 7::bigint AS small,
  12.50::numeric AS price, true AS flag, NULL::text AS nothing`;

describe('PGlite in a worker thread', () => {
  let client: SqlClient;
  let inThread: SqlClient;

  beforeAll(async () => {
    [client, inThread] = await Promise.all([createPgliteWorkerClient(undefined), createPgliteClient(undefined)]);
    await client.query('CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL)');
  });
  afterAll(async () => {
    await Promise.all([client?.close(), inThread?.close()]);
  });

  it('returns rows with the JavaScript types the in-thread client returns', async () => {
    const [{ rows }, { rows: expected }] = await Promise.all([client.query(TYPED_ROW), inThread.query(TYPED_ROW)]);
    expect(rows).toEqual(expected);
    expect(rows[0]).toMatchObject({ at: new Date('2026-01-02T03:04:05.678Z'), doc: { a: [1, 'x', null], b: { c: true } }, tokens: ['가', 'b'] });
    expect(rows[0]!.big).toBe(9007199254740993n);
    expect(rows[0]!.price).toBe('12.50');
  });

  it('rejects only the failed query, with PostgreSQL error code and fields, and keeps answering', async () => {
    await client.query('INSERT INTO items VALUES (1, $1)', ['first']);
    const [dup, ok] = await Promise.allSettled([client.query('INSERT INTO items VALUES (1, $1)', ['again']), client.query('SELECT name FROM items')]);
    expect(dup.status).toBe('rejected');
    const err = (dup as PromiseRejectedResult).reason as Error & Record<string, unknown>;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe('duplicate key value violates unique constraint "items_pkey"');
    expect(err).toMatchObject({ code: '23505', constraint: 'items_pkey', table: 'items', detail: 'Key (id)=(1) already exists.' });
    expect(ok).toMatchObject({ status: 'fulfilled', value: { rows: [{ name: 'first' }] } });
  });

  it('holds other queries until a transaction ends, and rolls it back when its function throws', async () => {
    let outside: Promise<{ rows: Array<{ n: number }> }> | undefined;
    await client.transaction(async (tx) => {
      await tx.query('INSERT INTO items VALUES (2, $1)', ['in tx']);
      outside = client.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE id = 2');
      await new Promise((r) => setTimeout(r, 50));
      await tx.query('UPDATE items SET name = $1 WHERE id = 2', ['committed']);
    });
    expect((await outside!).rows).toEqual([{ n: 1 }]);

    const failure = client.transaction(async (tx) => {
      await tx.query('INSERT INTO items VALUES (3, $1)', ['rolled back']);
      throw new Error('the caller gave up');
    });
    await expect(failure).rejects.toThrow('the caller gave up');
    expect((await client.query('SELECT id, name FROM items WHERE id >= 2 ORDER BY id')).rows).toEqual([{ id: 2, name: 'committed' }]);
  });

  it('finishes the queries already sent when closed, then refuses more; closing twice is harmless', async () => {
    const own = await createPgliteWorkerClient(undefined);
    const sent = own.query<{ x: number }>('SELECT 1 AS x');
    await Promise.all([own.close(), own.close()]);
    expect((await sent).rows).toEqual([{ x: 1 }]);
    await expect(own.query('SELECT 1')).rejects.toThrow('PGlite is closed');
  });
});

describe('PGlite worker failures', () => {
  it('rejects pending and later queries, naming the cause, when the worker dies', async () => {
    const dying = await createPgliteWorkerClient(undefined, new URL('./fixtures/dying-worker.mjs', import.meta.url));
    await expect(dying.query('SELECT 1')).rejects.toThrow('PGlite worker exited (code 3)');
    await expect(dying.query('SELECT 1')).rejects.toThrow('PGlite worker exited (code 3)');
    await dying.close();
  });

  it('fails to open with the database error when the data directory is unusable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winnow-pglite-bad-'));
    try {
      const notADir = join(dir, 'file');
      await writeFile(notADir, 'not a database');
      await expect(createPgliteWorkerClient(notADir)).rejects.toThrow(/^PGlite worker failed to start: /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
