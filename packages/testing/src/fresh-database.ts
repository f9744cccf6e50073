import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { getInfra } from './infra.js';

export interface FreshDatabase {
  /** The database's name, e.g. `winnow_store_m3x1k9_a1b2`. */
  readonly name: string;
  /** DATABASE_URL pointing at the new database. */
  readonly url: string;
  /** Drops the database, closing connections left open; safe to call twice. */
  drop(): Promise<void>;
}

/**
 * Creates an empty, uniquely named PostgreSQL database on the test server (getInfra().databaseUrl),
 * so each test file can migrate and write without seeing another's rows. Call `drop()` in afterAll.
 */
export async function freshDatabase(label = 'test', serverUrl?: string): Promise<FreshDatabase> {
  const baseUrl = serverUrl ?? (await getInfra()).databaseUrl;
  const slug =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 30) || 'test';
  const name = `winnow_${slug}_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  await withAdmin(baseUrl, (client) => client.query(`create database "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) (PostgreSQL 13+) ends sessions that a test's pool left open.
      await withAdmin(baseUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
