import { describe, expect, it } from 'vitest';
import { HostGate, systemClock } from './host-gate.js';

describe('HostGate', () => {
  it('runs one request at a time per host, in arrival order', async () => {
    const gate = new HostGate({ connections: 1 });
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${name}`);
    };
    await Promise.all([gate.run('a', 0, task('1')), gate.run('a', 0, task('2')), gate.run('a', 0, task('3'))]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('keeps the delay between requests to one host without holding up another host', async () => {
    let now = 0;
    const gate = new HostGate({ connections: 1, clock: { now: () => now, sleep: (ms, signal) => systemClock.sleep(ms, signal) } });
    const order: string[] = [];
    await gate.run('slow', 10_000, async () => void order.push('slow 1'));
    // The slow host's next start is 10 s away on the fake clock; the fast host must not wait for it.
    const slow = gate.run('slow', 10_000, async () => void order.push('slow 2'));
    await gate.run('fast', 0, async () => void order.push('fast 1'));
    await gate.run('fast', 0, async () => void order.push('fast 2'));
    expect(order).toEqual(['slow 1', 'fast 1', 'fast 2']);
    now = 10_000;
    gate.stop();
    await slow;
    expect(order).toEqual(['slow 1', 'fast 1', 'fast 2', 'slow 2']);
  });

  it('releases the host when the request throws', async () => {
    const gate = new HostGate({ connections: 1 });
    await expect(gate.run('a', 0, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run('a', 0, async () => 'next')).toBe('next');
  });
});
