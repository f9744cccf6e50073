import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteClient, createReadModel } from '@winnow/read-model';
import { uniqueDoc } from '@winnow/read-model/testing';
import { run } from './export.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, stdin: Readable.from([]) },
  };
}

const korean = uniqueDoc({ url: 'https://news.example.kr/a', lang: 'ko', text: '기업들이 AI 인재를 확보하기 위해 경쟁하고 있다.' });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'winnow-export-cli-'));
  const client = await createPgliteClient(join(dir, 'pg'));
  const store = createReadModel(client);
  await store.migrate();
  await store.upsertUnique(korean);
  await client.close();
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('winnow export', () => {
  it('exports the embedded data directory when no server holds it, and leaves it free', async () => {
    const { io: cmdIo, err } = io();
    const out = join(dir, 'corpus.jsonl');
    expect(await run(['--format', 'jsonl', '--mode', 'unique', '--out', out], cmdIo, { WINNOW_DATA_DIR: dir })).toBe(0);
    const records = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string; text: string });
    expect(records).toEqual([expect.objectContaining({ id: korean.docId, text: korean.text })]);
    expect(err.join('')).toContain('1 records (jsonl, unique)');
    await expect(readFile(join(dir, 'winnow.pid'), 'utf8')).rejects.toThrow();
  });

  it('names the bad flag with exit 2', async () => {
    const { io: cmdIo, err } = io();
    expect(await run(['--format', 'csv', '--out', 'x'], cmdIo, { WINNOW_DATA_DIR: dir })).toBe(2);
    expect(err.join('').split('\n')[0]).toMatch(/^winnow export: --format: /);
    const missing = io();
    expect(await run(['--format', 'jsonl'], missing.io, { WINNOW_DATA_DIR: dir })).toBe(2);
    expect(missing.err.join('')).toContain('--out <file> is required');
  });

  it('says in one line, exit 1, that a running `winnow start` holds the directory', async () => {
    // The parent of this test process is alive and is not this process: it stands for the server.
    await writeFile(join(dir, 'winnow.pid'), JSON.stringify({ pid: process.ppid, role: 'start' }));
    try {
      const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
      const result = await promisify(execFile)(process.execPath, [bin, 'export', '--format', 'parquet', '--out', join(dir, 'x.parquet')], {
        env: { ...process.env, WINNOW_DATA_DIR: dir, DATABASE_URL: '' },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`winnow export: ${dir} is held by a running \`winnow start\` (pid ${process.ppid}); stop it, or set DATABASE_URL, or use GET /v1/exports/documents on it\n`);
    } finally {
      await rm(join(dir, 'winnow.pid'), { force: true });
    }
  });

  it('takes over a lock file whose process is gone', async () => {
    await writeFile(join(dir, 'winnow.pid'), JSON.stringify({ pid: 2 ** 22 + 12345, role: 'start' }));
    const { io: cmdIo } = io();
    expect(await run(['--format', 'jsonl.gz', '--out', join(dir, 'c.jsonl.gz')], cmdIo, { WINNOW_DATA_DIR: dir })).toBe(0);
  });
});
