import { describe, expect, it } from 'vitest';
import { KeyLanes } from './key-lanes.js';

/** A task that records its start and end and finishes when `release` is called. */
function gated(log: string[], name: string): { task: () => Promise<void>; release: () => void } {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return {
    task: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
    },
    release: () => release(),
  };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('KeyLanes', () => {
  it('runs one key’s tasks one after another by default, and other keys alongside', async () => {
    const log: string[] = [];
    const lanes = new KeyLanes();
    const a1 = gated(log, 'a1');
    const a2 = gated(log, 'a2');
    const b1 = gated(log, 'b1');
    const all = [lanes.run('a', a1.task), lanes.run('a', a2.task), lanes.run('b', b1.task)];
    await settle();
    expect(log).toEqual(['start a1', 'start b1']);
    a1.release();
    await settle();
    expect(log).toEqual(['start a1', 'start b1', 'end a1', 'start a2']);
    a2.release();
    b1.release();
    await Promise.all(all);
  });

  it('runs up to `width` tasks of one key at once, started in arrival order', async () => {
    const log: string[] = [];
    const lanes = new KeyLanes(2);
    const tasks = ['1', '2', '3', '4'].map((n) => gated(log, n));
    const all = tasks.map((t) => lanes.run('host', t.task));
    await settle();
    expect(log).toEqual(['start 1', 'start 2']);
    tasks[1]!.release();
    await settle();
    expect(log).toEqual(['start 1', 'start 2', 'end 2', 'start 3']);
    tasks[0]!.release();
    await settle();
    expect(log.slice(4)).toEqual(['end 1', 'start 4']);
    tasks[2]!.release();
    tasks[3]!.release();
    await Promise.all(all);
    expect(log.filter((l) => l.startsWith('end'))).toHaveLength(4);
  });
});
