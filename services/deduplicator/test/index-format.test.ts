import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { getInfra } from '@winnow/testing';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

describe('a Redis namespace holding an index of another format', () => {
  it('stops the deduplicator at start, naming the namespace and the rebuild', async () => {
    const infra = await getInfra();
    const namespace = `old-format-${randomUUID()}`;
    const redis = new Redis(infra.redisUrl);
    try {
      await redis.set(`winnow:dedup:${namespace}:format`, '1.1');
      const { PATH, HOME } = process.env;
      const env = {
        PATH: PATH ?? '', HOME: HOME ?? '', PORT: '0', LOG_LEVEL: 'error', DEDUP_NAMESPACE: namespace,
        KAFKA_BROKERS: infra.kafkaBrokers, REDIS_URL: infra.redisUrl, DATABASE_URL: infra.databaseUrl,
      };
      const result = spawnSync(process.execPath, ['services/deduplicator/dist/main.js'], { cwd: repoRoot, env, encoding: 'utf8', timeout: 60_000 });
      expect(result.status).toBe(1);
      expect(`${result.stdout}${result.stderr}`).toContain(`dedup namespace ${namespace} holds an index of format 1.1`);
      expect(`${result.stdout}${result.stderr}`).toContain('winnow dedup rebuild');
    } finally {
      await redis.del(`winnow:dedup:${namespace}:format`);
      await redis.quit();
    }
  });
});
