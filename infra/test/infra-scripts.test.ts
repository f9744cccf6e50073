import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForKafka } from '../topics.mjs';
import { redisAnswers } from '../lib/redis-local.mjs';
import { freePort } from '../lib/free-port.mjs';

const run = promisify(execFile);
const script = (name: string) => fileURLToPath(new URL(`../scripts/${name}`, import.meta.url));

async function portAnswers(port: number): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

async function pgAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

// One real run of the scripts on spare ports and a state dir of its own: Kafka and PostgreSQL are started,
// while Redis is the one already serving the tests (6379 or REDIS_URL), which infra:down must leave alone.
describe('infra:up and infra:down', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'winnow-infra-test-'));
  const existingRedisPort = Number(new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379').port || 6379);
  const ports = { kafka: 0, controller: 0, pg: 0 };
  const up = async () => {
    const { stdout } = await run(process.execPath, [
      script('infra-up.mjs'),
      ...['--state-dir', stateDir, '--kafka-port', String(ports.kafka), '--controller-port', String(ports.controller)],
      ...['--redis-port', String(existingRedisPort), '--pg-port', String(ports.pg)],
    ]);
    return stdout;
  };
  const started = () => JSON.parse(readFileSync(join(stateDir, 'started.json'), 'utf8'));

  afterAll(async () => {
    await run(process.execPath, [script('infra-down.mjs'), '--state-dir', stateDir, '--purge']).catch(() => {});
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('starts what is missing, prints only the export line, and is harmless to run again', async () => {
    ports.kafka = await freePort();
    ports.controller = await freePort();
    ports.pg = await freePort();

    const first = await up();
    const databaseUrl = `postgres://postgres@127.0.0.1:${ports.pg}/winnow`;
    expect(first).toBe(
      `export KAFKA_BROKERS=127.0.0.1:${ports.kafka} REDIS_URL=redis://127.0.0.1:${existingRedisPort} DATABASE_URL=${databaseUrl}\n`,
    );
    expect(await waitForKafka({ brokers: `127.0.0.1:${ports.kafka}`, timeoutMs: 5_000 })).toMatchObject({ brokers: 1 });
    expect(await pgAnswers(databaseUrl)).toBe(true);
    expect(Object.keys(started()).sort()).toEqual(['kafka', 'postgres']);

    const kafkaPid = started().kafka.pid;
    expect(await up()).toBe(first);
    expect(started().kafka.pid).toBe(kafkaPid);
  }, 240_000);

  it('stops exactly what infra:up started', async () => {
    await run(process.execPath, [script('infra-down.mjs'), '--state-dir', stateDir]);
    expect(await portAnswers(ports.kafka)).toBe(false);
    expect(await portAnswers(ports.pg)).toBe(false);
    expect(await redisAnswers(existingRedisPort)).toBe(true);
    expect(started()).toEqual({});
  }, 120_000);
});
