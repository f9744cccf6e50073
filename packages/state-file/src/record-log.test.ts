import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRecordLog } from './record-log.js';

/** A key-value map kept as a record log: each record sets one key. */
function openMap(file: string, compactBytes?: number) {
  const values = new Map<string, string>();
  const log = openRecordLog(
    { file, ...(compactBytes !== undefined && { compactBytes }) },
    (r) => {
      const [k, v] = r as [string, string];
      values.set(k, v);
    },
    function* () {
      for (const e of values) yield JSON.stringify(e);
    },
  );
  return {
    values,
    log,
    set(k: string, v: string) {
      values.set(k, v);
      log.append(JSON.stringify([k, v]));
    },
  };
}

describe('record log', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'winnow-records-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replays every record written before the process died, in order', async () => {
    const file = join(dir, 'state.log');
    const first = openMap(file);
    first.set('a', '1');
    first.set('b', '2');
    first.set('a', '3');
    await first.log.written();
    // No close: as after a kill -9.
    expect([...openMap(file).values]).toEqual([
      ['a', '3'],
      ['b', '2'],
    ]);
  });

  it('drops a torn last line and keeps appending after the whole ones', async () => {
    const file = join(dir, 'state.log');
    const first = openMap(file);
    first.set('a', '1');
    await first.log.close();
    appendFileSync(file, '["b","');
    const second = openMap(file);
    expect([...second.values]).toEqual([['a', '1']]);
    second.set('c', '2');
    await second.log.close();
    expect([...openMap(file).values]).toEqual([
      ['a', '1'],
      ['c', '2'],
    ]);
  });

  it('rewrites itself with the live records once overwritten records outweigh them, and loses nothing', async () => {
    const file = join(dir, 'state.log');
    const log = openMap(file, 4096);
    for (let i = 0; i < 2000; i++) {
      log.set(`k${i % 10}`, String(i));
      if (i % 100 === 0) await log.log.written();
    }
    await log.log.close();
    expect(statSync(file).size).toBeLessThan(8192 + 2000);
    const again = openMap(file);
    expect(again.values.size).toBe(10);
    expect(again.values.get('k9')).toBe('1999');
    expect(readFileSync(file, 'utf8').split('\n').length).toBeLessThan(2000);
  });

  it('names the file and line of a broken record that is not the last', async () => {
    const file = join(dir, 'state.log');
    appendFileSync(file, '["a","1"]\n{broken\n["b","2"]\n');
    expect(() => openMap(file)).toThrow(/state\.log line 2/);
  });
});
