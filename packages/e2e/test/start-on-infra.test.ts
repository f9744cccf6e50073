import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTopics, freshDatabase, getInfra, type FreshDatabase } from '@winnow/testing';
import { startFixtureSite, type FixtureSite } from '@winnow/testing/sites';
import { cleanEnv, freePort, startProcess, waitFor, type RunningProcess } from './support/processes.js';
import { submitJob, waitForDone } from './support/scenario.js';
import { expectFixtureCrawl, fixtureSettled } from './expect-fixture-crawl.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

describe('`winnow start` with KAFKA_BROKERS, REDIS_URL and DATABASE_URL set: one process on the real parts', () => {
  let site: FixtureSite;
  let db: FreshDatabase | undefined;
  let dataDir: string;
  let port: number;
  let winnow: RunningProcess | undefined;

  beforeAll(async () => {
    const infra = await getInfra();
    const { prefix } = await createTestTopics('e2e-start');
    db = await freshDatabase('e2e_start');
    site = await startFixtureSite();
    dataDir = mkdtempSync(join(tmpdir(), 'winnow-e2e-start-'));
    port = await freePort();
    winnow = startProcess(
      'winnow start',
      ['services/winnow/bin/winnow.js', 'start'],
      cleanEnv({
        PORT: String(port),
        KAFKA_BROKERS: infra.kafkaBrokers,
        REDIS_URL: infra.redisUrl,
        DATABASE_URL: db.url,
        TOPIC_PREFIX: prefix,
        WINNOW_DATA_DIR: dataDir,
        CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
        CRAWL_DELAY_MS: '20',
      }),
      repoRoot,
    );
    const ready = async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok ? true : undefined);
    await waitFor('winnow start to be ready', ready, 90_000, () => winnow!.output());
  });

  afterAll(async () => {
    await winnow?.stop();
    await site?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('crawls the fixture site and keeps nothing in WINNOW_DATA_DIR', async () => {
    const api = `http://127.0.0.1:${port}`;
    const submitted = await submitJob(api, site);
    const job = await waitForDone(api, submitted.id, fixtureSettled, () => winnow!.output().slice(-5000));
    await expectFixtureCrawl(api, site, job);
    expect(winnow!.output()).toContain('"bus":"kafka"');
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
