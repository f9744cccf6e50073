import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchedWriter } from './batched-writer.js';

describe('batched writer', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'winnow-writer-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes what one event-loop turn queued in one write, and acknowledges it once it is in the file', async () => {
    const file = join(dir, 'out.log');
    const writes: number[] = [];
    const writer = new BatchedWriter(openSync(file, 'a'), file, (bytes) => writes.push(bytes));
    const big = 'é'.repeat(20_000);
    writer.append('one', '\n');
    writer.append('two ', big, '\n');
    const first = writer.written();
    expect(readFileSync(file, 'utf8')).toBe('');
    await first;
    expect(readFileSync(file, 'utf8')).toBe(`one\ntwo ${big}\n`);
    expect(writes).toEqual([Buffer.byteLength(`one\ntwo ${big}\n`)]);
    writer.append('three', '\n');
    await writer.written();
    expect(readFileSync(file, 'utf8')).toBe(`one\ntwo ${big}\nthree\n`);
    expect(writes).toHaveLength(2);
    writer.close();
    expect(() => writer.append('four')).toThrow(/closed/);
  });

  it('fails written() once a write failed, for that write and every later one', async () => {
    const file = join(dir, 'out.log');
    // Opened read-only: every write to it fails.
    closeSync(openSync(file, 'w'));
    const writer = new BatchedWriter(openSync(file, 'r'), file, () => {});
    writer.append('lost', '\n');
    await expect(writer.written()).rejects.toMatchObject({ code: 'EBADF' });
    await expect(writer.written()).rejects.toMatchObject({ code: 'EBADF' });
    writer.close();
  });

  it('leaves what is queued to a compaction between writes: taken, or written synchronously', async () => {
    const file = join(dir, 'out.log');
    const writer = new BatchedWriter(openSync(file, 'a'), file, () => {});
    writer.append('kept', '\n');
    await writer.idle();
    writer.writePendingSync();
    writer.append('dropped', '\n');
    expect(writer.takePending()).toEqual(['dropped', '\n']);
    await writer.written();
    expect(readFileSync(file, 'utf8')).toBe('kept\n');
    writer.close();
  });
});
