import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAppendLog, type LoadedState } from './append-log.js';
import { JsonText } from './text-parts.js';

/** A counter map kept the way embedded state is: snapshot plus logged changes. */
function openCounters(file: string, compactBytes?: number) {
  const counts = new Map<string, number>();
  const apply = (entry: unknown) => {
    const [key, n] = entry as [string, number];
    counts.set(key, (counts.get(key) ?? 0) + n);
  };
  const restore = ({ snapshot, entries }: LoadedState) => {
    for (const [k, v] of Object.entries((snapshot?.counts ?? {}) as Record<string, number>)) counts.set(k, v);
    entries.forEach(apply);
  };
  const log = openAppendLog({ file, ...(compactBytes !== undefined && { compactBytes }) }, restore, () => ({ counts: Object.fromEntries(counts) }));
  return {
    counts,
    log,
    add(key: string, n: number) {
      apply([key, n]);
      log.append(JSON.stringify([key, n]));
    },
  };
}

describe('append log', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'winnow-log-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replays the changes a process wrote before it died, without a snapshot', async () => {
    const file = join(dir, 'state.json');
    const first = openCounters(file);
    first.add('a', 1);
    first.add('b', 2);
    first.add('a', 3);
    await first.log.written();
    // No close(): the process is killed here. Only the log exists.
    expect(readdirSync(dir)).toEqual(['state.json.0.log']);
    expect(openCounters(file).counts).toEqual(new Map([['a', 4], ['b', 2]]));
  });

  it('compacts into a snapshot once the log is large, and a restart sees the same state', async () => {
    const file = join(dir, 'state.json');
    const first = openCounters(file, 200);
    for (let i = 0; i < 50; i++) first.add(`k${i % 5}`, 1);
    await first.log.written();
    const files = readdirSync(dir).sort();
    expect(files[0]).toBe('state.json');
    expect(files).toHaveLength(2);
    expect(files[1]).not.toBe('state.json.0.log');
    // Far fewer lines than changes: the earlier ones are in the snapshot.
    expect(readFileSync(join(dir, files[1]!), 'utf8').split('\n').length).toBeLessThan(50);
    expect(openCounters(file).counts).toEqual(new Map(['k0', 'k1', 'k2', 'k3', 'k4'].map((k) => [k, 10])));
  });

  it('writes parts given as UTF-8 bytes as they are, in changes and in snapshots', async () => {
    const file = join(dir, 'state.json');
    const value = { text: '한국어 “text” with \\ and \n', n: 1 };
    let entries: unknown[] = [];
    const open = () =>
      openAppendLog({ file }, (state) => void (entries = [state.snapshot?.values, ...state.entries]), () => ({
        values: new JsonText(['[', Buffer.from(JSON.stringify(value)), ']']),
      }));
    const log = open();
    log.append('["a",', new TextEncoder().encode(JSON.stringify(value)), ']');
    await log.written();
    open();
    expect(entries).toEqual([undefined, ['a', value]]);
    await log.compact();
    open();
    expect(entries).toEqual([[value]]);
  });

  it('drops a torn last line (a kill mid-write) and keeps appending after it', async () => {
    const file = join(dir, 'state.json');
    const first = openCounters(file);
    first.add('a', 1);
    await first.log.written();
    appendFileSync(`${file}.0.log`, '["a",10');
    const second = openCounters(file);
    expect(second.counts).toEqual(new Map([['a', 1]]));
    second.add('a', 5);
    await second.log.written();
    expect(openCounters(file).counts).toEqual(new Map([['a', 6]]));
  });

  it('does not replay a log twice when a crash left it beside the snapshot that holds it', async () => {
    const file = join(dir, 'state.json');
    const first = openCounters(file);
    first.add('a', 1);
    await first.log.written();
    const stale = readFileSync(`${file}.0.log`, 'utf8');
    await first.log.close();
    // The crash: the snapshot of generation 1 was written, the generation-0 log not yet removed.
    writeFileSync(`${file}.0.log`, stale);
    expect(openCounters(file).counts).toEqual(new Map([['a', 1]]));
    expect(readdirSync(dir).sort()).toEqual(['state.json', 'state.json.1.log']);
  });

  it('refuses a log damaged before its last line, naming the file', async () => {
    const file = join(dir, 'state.json');
    writeFileSync(`${file}.0.log`, '["a",1]\nnot json\n["a",2]\n');
    expect(() => openCounters(file)).toThrow(`${file}.0.log line 2`);
  });
});
