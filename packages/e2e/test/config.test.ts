import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getInfra } from '@winnow/testing';
import { cleanEnv } from './support/processes.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const connections = { KAFKA_BROKERS: '127.0.0.1:9092', REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://winnow@127.0.0.1:5432/winnow' };

const entryPoints: Array<[string, string[]]> = [
  ['crawler', ['services/crawler/dist/main.js']],
  ['extractor', ['services/extractor/dist/main.js']],
  ['deduplicator', ['services/deduplicator/dist/main.js']],
  ['api', ['services/api/dist/main.js']],
  ['winnow start', ['services/winnow/bin/winnow.js', 'start']],
];

function run(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, args, { cwd: repoRoot, env: cleanEnv(env), encoding: 'utf8', timeout: 60_000 });
}

describe('invalid configuration stops a process before it connects, naming the variable', () => {
  it.each(entryPoints)('%s exits 1 on PORT=eighty', (_name, args) => {
    const result = run(args, { ...connections, PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('invalid configuration: PORT');
  });

  it.each(entryPoints.slice(0, 4))('%s exits 1 without KAFKA_BROKERS in distributed mode', (_name, args) => {
    const { KAFKA_BROKERS: _omitted, ...rest } = connections;
    const result = run(args, rest);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('KAFKA_BROKERS');
  });

  it('rejects a boolean that is neither true nor false', () => {
    const result = run(['services/winnow/bin/winnow.js', 'start'], { CRAWL_ALLOW_PRIVATE_NETWORKS: 'maybe' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CRAWL_ALLOW_PRIVATE_NETWORKS');
  });
});

describe('a service whose Kafka topics do not exist', () => {
  it('exits 1 with one line naming the missing topics and the command that creates them, never a stack', async () => {
    const infra = await getInfra(); // a Kafka that answers, so that the topics are what is missing
    const prefix = `missing-${process.pid}-${Date.now().toString(36)}.`;
    const result = run(['--import', './services/extractor/dist/instrumentation.js', 'services/extractor/dist/main.js'], {
      KAFKA_BROKERS: infra.kafkaBrokers,
      REDIS_URL: infra.redisUrl,
      TOPIC_PREFIX: prefix,
      PORT: '0',
    });
    expect(result.status).toBe(1);
    const fatal = result.stdout.split('\n').filter((line) => line.includes('"level":60'));
    expect(fatal).toHaveLength(1);
    const entry = JSON.parse(fatal[0]!) as { code: string; msg: string; err?: unknown };
    expect(entry.code).toBe('WINNOW_ERR_MISSING_TOPICS');
    expect(entry.msg).toContain(`${prefix}pages.fetched`);
    expect(entry.msg).toContain(`TOPIC_PREFIX=${prefix} node infra/scripts/create-topics.mjs`);
    expect(entry.err).toBeUndefined();
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });
});
