import { describe, expect, it } from 'vitest';
import { OffsetWindow } from './offset-window.js';

describe('OffsetWindow', () => {
  it('commits only below the oldest unfinished offset', () => {
    const w = new OffsetWindow(0);
    for (const o of ['10', '11', '12', '13']) w.add(o);
    expect(w.complete('12')).toBeUndefined();
    expect(w.complete('11')).toBeUndefined();
    expect(w.complete('10')).toBe('13');
    expect(w.complete('13')).toBe('14');
    expect(w.size).toBe(0);
  });

  it('handles gaps in offsets (compaction, transaction markers)', () => {
    const w = new OffsetWindow(0);
    w.add('5');
    w.add('9');
    expect(w.complete('9')).toBeUndefined();
    expect(w.complete('5')).toBe('10');
  });

  it('releases capacity waiters when messages finish or the window is revoked', async () => {
    const w = new OffsetWindow(0);
    w.add('0');
    w.add('1');
    let released = false;
    const waiting = w.waitBelow(2).then(() => (released = true));
    await Promise.resolve();
    expect(released).toBe(false);
    w.complete('0');
    await waiting;
    expect(released).toBe(true);

    const other = new OffsetWindow(1);
    other.add('0');
    const revokedWait = other.waitBelow(1);
    other.revoke();
    await revokedWait;
    expect(other.revoked).toBe(true);
  });

  it('refuses offsets out of order', () => {
    const w = new OffsetWindow(0);
    w.add('3');
    expect(() => w.add('3')).toThrow();
  });
});
