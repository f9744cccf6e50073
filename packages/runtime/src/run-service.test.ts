import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@winnow/logging';
import { runService } from './run-service.js';

/** A logger whose JSON lines the test reads, a signal emitter of its own, and an exit that is recorded. */
function harness() {
  const events: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ name: 'run-service-test', pretty: false, destination });
  const signals = new EventEmitter();
  let exited!: (code: number) => void;
  const exitCode = new Promise<number>((resolve) => (exited = resolve));
  const exit = (code: number) => {
    events.push(`exit ${code}`);
    exited(code);
  };
  const step = (name: string) => async () => void events.push(name);
  return { events, lines, logger, signals, exit, exitCode, step };
}

describe('runService', () => {
  it('on SIGTERM drains, flushes and closes (in the given order), then exits 0', async () => {
    const h = harness();
    await runService({
      logger: h.logger,
      signals: h.signals,
      exit: h.exit,
      start: h.step('start'),
      drain: h.step('drain'),
      flush: h.step('flush'),
      close: [h.step('close health server'), h.step('close redis')],
      deadlines: { drainMs: 50, flushMs: 50, closeMs: 50 },
    });
    expect(h.events).toEqual(['start']);

    h.signals.emit('SIGTERM', 'SIGTERM');
    expect(await h.exitCode).toBe(0);
    expect(h.events).toEqual(['start', 'drain', 'flush', 'close health server', 'close redis', 'exit 0']);
    expect(h.lines).toContainEqual(expect.objectContaining({ msg: 'shutting down', reason: 'SIGTERM' }));
    expect(h.lines).toContainEqual(expect.objectContaining({ msg: 'stopped', clean: true }));
  });

  it('logs a drain past its deadline, still flushes and closes, and exits 1', async () => {
    const h = harness();
    await runService({
      logger: h.logger,
      signals: h.signals,
      exit: h.exit,
      start: h.step('start'),
      // A drain that never finishes.
      drain: () => {
        h.events.push('drain');
        return new Promise<void>(() => {});
      },
      flush: h.step('flush'),
      close: [h.step('close')],
      deadlines: { drainMs: 20, flushMs: 50, closeMs: 50 },
    });

    h.signals.emit('SIGTERM', 'SIGTERM');
    expect(await h.exitCode).toBe(1);
    expect(h.events).toEqual(['start', 'drain', 'flush', 'close', 'exit 1']);
    expect(h.lines).toContainEqual(
      expect.objectContaining({ level: 50, msg: 'shutdown phase passed its deadline', phase: 'drain', deadlineMs: 20 }),
    );
    expect(h.lines.filter((l) => l.msg === 'shutdown phase passed its deadline')).toHaveLength(1);
    expect(h.lines).toContainEqual(expect.objectContaining({ msg: 'stopped', clean: false }));
  });

  it('logs a start failure as fatal, releases what was created and exits 1', async () => {
    const h = harness();
    await runService({
      logger: h.logger,
      signals: h.signals,
      exit: h.exit,
      start: async () => {
        h.events.push('start');
        throw new Error('cannot reach Kafka');
      },
      drain: h.step('drain'),
      close: [h.step('close redis')],
      deadlines: { drainMs: 50, flushMs: 50, closeMs: 50 },
    });

    expect(await h.exitCode).toBe(1);
    expect(h.events).toEqual(['start', 'drain', 'close redis', 'exit 1']);
    expect(h.lines).toContainEqual(
      expect.objectContaining({ level: 60, msg: 'failed to start', err: expect.objectContaining({ message: 'cannot reach Kafka' }) }),
    );
    expect(h.lines).toContainEqual(expect.objectContaining({ msg: 'shutting down', reason: 'start failed' }));
  });
});
