import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteClient, createReadModel, type SqlClient } from '@winnow/read-model';
import { exportCorpus } from '../src/export-corpus.js';
import { exportOptionsSchema } from '../src/options.js';
import { seedCorpus } from './corpus-fixture.js';
import { requirePythonReaders, runPython } from './python.js';

const readme = resolve(dirname(fileURLToPath(import.meta.url)), '../../../README.md');
let client: SqlClient;
let dir: string;
let ids: Awaited<ReturnType<typeof seedCorpus>>;

beforeAll(async () => {
  requirePythonReaders();
  dir = await mkdtemp(join(tmpdir(), 'winnow-readme-'));
  client = await createPgliteClient(undefined);
  const store = createReadModel(client);
  await store.migrate();
  ids = await seedCorpus(store);
  await exportCorpus(store, exportOptionsSchema.parse({ format: 'parquet' }), createWriteStream(join(dir, 'winnow-unique.parquet')));
});
afterAll(async () => {
  await client?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the README for training-data teams', () => {
  it('has a pyarrow snippet that loads an export and keeps the documents passing quality', async () => {
    const text = await readFile(readme, 'utf8');
    const section = text.slice(text.indexOf('## For training-data teams'));
    const snippet = /```python\n([\s\S]*?)```/.exec(section)?.[1];
    expect(snippet).toContain('pq.read_table("winnow-unique.parquet")');
    const out = runPython(['-c', `import os; os.chdir(${JSON.stringify(dir)})\n${snippet!}`]).trim().split('\n');
    expect(out[0]).toBe('3 documents');
    expect(out.slice(1).map((l) => l.split(' ')[0])).toEqual([ids.article, ids.repost]);
    expect(out[2]).toContain(`['${ids.article}']`);
    expect(out[1]).toContain(' ko unique 3 ');
  });
});
