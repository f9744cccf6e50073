import { spawn, type ChildProcess } from 'node:child_process';
import { vi } from 'vitest';

export { freePort } from '@winnow/testing';

/** A Winnow process started by a test, with its output kept for the failure message. */
export interface RunningProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after the grace period. Resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export function startProcess(name: string, args: string[], env: Record<string, string | undefined>, cwd: string): RunningProcess {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    child,
    output: () => output,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * Polls `check` until it returns a value, or fails after `timeoutMs` naming what it waited for.
 * A bounded wait for an asynchronous pipeline, not a speed assertion.
 */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000, describe?: () => string): Promise<T> {
  let lastError: unknown;
  try {
    return await vi.waitFor(
      async () => {
        let value: T | undefined;
        try {
          value = await check();
        } catch (err) {
          lastError = err;
          throw err;
        }
        if (value === undefined) throw new Error(`not yet: ${what}`);
        return value;
      },
      { timeout: timeoutMs, interval: 250 },
    );
  } catch {
    // vi.waitFor gives up with the last attempt's error; the message names the wait and its last real error.
  }
  const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out waiting for ${what}${detail}${describe ? `\n${describe()}` : ''}`);
}

/** Environment for a child process without the connection variables of the test's own environment. */
export function cleanEnv(extra: Record<string, string>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of ['KAFKA_BROKERS', 'REDIS_URL', 'DATABASE_URL', 'TOPIC_PREFIX', 'PORT', 'WINNOW_DATA_DIR']) delete env[key];
  return { ...env, LOG_LEVEL: 'info', ...extra };
}
