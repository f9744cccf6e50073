import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../src/index.js';

const created: FreshDatabase[] = [];
afterAll(async () => {
  for (const db of created) await db.drop();
});

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('freshDatabase', () => {
  it('gives each caller its own empty database', async () => {
    const a = await freshDatabase('Store: pg');
    const b = await freshDatabase('Store: pg');
    created.push(a, b);
    expect(a.name).toMatch(/^winnow_store_pg_/);
    expect(a.name).not.toBe(b.name);
    await query(a.url, 'create table notes (body text); insert into notes values ($$hello$$)');
    expect((await query(a.url, 'select body from notes')).rows).toEqual([{ body: 'hello' }]);
    const inB = await query(b.url, "select count(*)::int as n from information_schema.tables where table_name = 'notes'");
    expect(inB.rows).toEqual([{ n: 0 }]);
  });

  it('drops the database even while a client is still connected to it', async () => {
    const db = await freshDatabase('drop');
    const leftOpen = new pg.Client({ connectionString: db.url });
    leftOpen.on('error', () => {});
    await leftOpen.connect();
    await db.drop();
    await db.drop();
    const err = await query(db.url, 'select 1').catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('3D000');
    await leftOpen.end().catch(() => {});
  });
});
