import { readdir, readFile } from 'node:fs/promises';
import type { SqlClient } from './sql-client.js';

/** Same directory whether this runs from src/ (tests) or dist/ (build): both sit one level down. */
const defaultDir = new URL('../migrations/', import.meta.url);

/** An arbitrary constant shared by every Winnow API instance: the key of the migration lock. */
const MIGRATION_LOCK_KEY = 7_320_514_211;

export interface MigrationResult {
  applied: string[];
}

/**
 * Applies the ordered `NNNN_name.sql` files not yet recorded in `schema_migrations`, all in one
 * transaction. A transaction-scoped advisory lock makes two instances starting at once take turns:
 * the second sees the first one's rows and applies nothing.
 */
export async function migrate(client: SqlClient, dir: URL = defaultDir): Promise<MigrationResult> {
  const files = (await readdir(dir)).filter((f) => /^\d+_[\w-]+\.sql$/.test(f)).sort();
  const scripts = await Promise.all(
    files.map(async (name) => ({ name, sql: await readFile(new URL(name, dir), 'utf8') })),
  );

  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         name text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const done = await tx.query<{ name: string }>('SELECT name FROM schema_migrations');
    const seen = new Set(done.rows.map((r) => r.name));
    const applied: string[] = [];
    for (const { name, sql } of scripts) {
      if (seen.has(name)) continue;
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      applied.push(name);
    }
    return { applied };
  });
}

/**
 * Splits a migration on semicolons at line ends. Parameterised queries take one statement each, and
 * our migrations hold no functions or string literals spanning `;\n`.
 */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
