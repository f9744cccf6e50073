import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface InfraUpEnv {
  readonly KAFKA_BROKERS: string;
  readonly REDIS_URL: string;
  readonly DATABASE_URL: string;
}

/** infra/scripts/infra-up.mjs, found through the @winnow/infra package rather than a relative path. */
export function infraUpScript(): string {
  return fileURLToPath(new URL('./scripts/infra-up.mjs', import.meta.resolve('@winnow/infra/topics')));
}

/** Parses infra-up's single stdout line: `export KAFKA_BROKERS=... REDIS_URL=... DATABASE_URL=...`. */
export function parseExportLine(stdout: string): InfraUpEnv {
  const line = stdout.split('\n').find((l) => l.startsWith('export '));
  if (line === undefined) throw new Error(`infra:up printed no export line: ${JSON.stringify(stdout.slice(0, 200))}`);
  const vars = Object.fromEntries(
    line
      .slice('export '.length)
      .trim()
      .split(/\s+/)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  const { KAFKA_BROKERS, REDIS_URL, DATABASE_URL } = vars;
  if (!KAFKA_BROKERS || !REDIS_URL || !DATABASE_URL) throw new Error(`infra:up export line is incomplete: ${line}`);
  return { KAFKA_BROKERS, REDIS_URL, DATABASE_URL };
}

/**
 * Runs `npm run infra:up`'s script (starting Kafka, and Redis/PostgreSQL when absent) and returns what it exports.
 * Its progress goes to this process's stderr so that a slow first start is visible in the test output.
 */
export function runInfraUp(timeoutMs = 240_000): Promise<InfraUpEnv> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [infraUpScript()], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      process.stderr.write(chunk);
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        try {
          resolve(parseExportLine(stdout));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
        return;
      }
      const lastLines = stderr.trim().split('\n').slice(-5).join(' | ');
      reject(new Error(`infra:up ${signal ? `was killed (${signal})` : `exited ${code}`}: ${lastLines}`));
    });
  });
}
