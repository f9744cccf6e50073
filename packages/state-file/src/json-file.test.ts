import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonFile, readJsonFileSync, writeJsonFile, writeJsonFileSync } from './json-file.js';

describe('JSON state files', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'winnow-json-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips a value, creating missing folders and leaving no temporary file', async () => {
    const file = join(dir, 'a', 'b', 'state.json');
    await writeJsonFile(file, { jobs: { j1: [1, 2] } });
    expect(await readJsonFile(file)).toEqual({ jobs: { j1: [1, 2] } });
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['state.json']);
  });

  it('reads a missing file as undefined and names a corrupt one', async () => {
    expect(await readJsonFile(join(dir, 'none.json'))).toBeUndefined();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"half');
    await expect(readJsonFile(bad)).rejects.toThrow(bad);
    expect(() => readJsonFileSync(bad)).toThrow(bad);
  });

  it('writes and reads synchronously the same way', () => {
    const file = join(dir, 'c', 'state.json');
    writeJsonFileSync(file, { started: { redis: 6379 } });
    expect(readJsonFileSync(file)).toEqual({ started: { redis: 6379 } });
    expect(readJsonFileSync(join(dir, 'none.json'))).toBeUndefined();
    expect(readdirSync(join(dir, 'c'))).toEqual(['state.json']);
  });

  it('lets overlapping saves of one file all succeed, the last call landing last', async () => {
    // A slow snapshot and the next timer tick: they used to share the temporary file, and one rename failed.
    const file = join(dir, 'state.json');
    const big = 'x'.repeat(2_000_000);
    await Promise.all(Array.from({ length: 8 }, (_, i) => writeJsonFile(file, { i, big })));
    expect(((await readJsonFile(file)) as { i: number }).i).toBe(7);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });
});
