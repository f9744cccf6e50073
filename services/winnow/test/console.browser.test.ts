import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { loadConfig } from '@winnow/config';
import { createLogger } from '@winnow/logging';
import { createTestTopics, freshDatabase, getInfra, type FreshDatabase } from '@winnow/testing';
import { createPipeline } from '../src/pipeline.js';
import { pipelineConfigSchema } from '../src/pipeline-config.js';
import { launchChromium, runConsoleScenario, withOutage } from './console-browser.js';

const logger = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent', name: 'console-test' });

/** The pipeline `winnow start` runs, in this process so that the test can poison its bus and fail its store. */
async function startWinnow(env: Record<string, string>) {
  const { outage, wrap } = withOutage();
  const config = loadConfig(pipelineConfigSchema, { PORT: '0', HOST: '127.0.0.1', CRAWL_ALLOW_PRIVATE_NETWORKS: 'true', CRAWL_DELAY_MS: '20', ...env });
  const pipeline = await createPipeline(config, logger, { readModel: wrap });
  const { port } = await pipeline.start();
  const stop = async () => {
    await pipeline.drain();
    await pipeline.flush();
    for (const close of pipeline.close) await close();
  };
  return { pipeline, port, outage, stop };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('the operator console in Chromium', () => {
  describe('embedded mode', () => {
    let dataDir: string;
    let winnow: Awaited<ReturnType<typeof startWinnow>>;
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'winnow-console-'));
      winnow = await startWinnow({ WINNOW_DATA_DIR: dataDir });
    });
    afterAll(async () => {
      await winnow?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('runs a job, shows the repost, cancels a job and replays a dead letter', async () => {
      await runConsoleScenario({ mode: 'embedded', browser, ...winnow });
    }, 300_000);
  });

  describe('on Kafka, Redis and PostgreSQL, with API keys', () => {
    // A key as `winnow keys new --scopes read+crawl+admin` makes one: the configuration holds only its hash.
    const token = `wnw_${randomBytes(24).toString('base64url')}`;
    const entry = `sha256:${createHash('sha256').update(token).digest('hex')}:read+crawl+admin`;
    let db: FreshDatabase;
    let dataDir: string;
    let winnow: Awaited<ReturnType<typeof startWinnow>>;
    beforeAll(async () => {
      const infra = await getInfra();
      const { prefix } = await createTestTopics('console');
      db = await freshDatabase('console');
      dataDir = mkdtempSync(join(tmpdir(), 'winnow-console-'));
      winnow = await startWinnow({ KAFKA_BROKERS: infra.kafkaBrokers, REDIS_URL: infra.redisUrl, DATABASE_URL: db.url, TOPIC_PREFIX: prefix, WINNOW_DATA_DIR: dataDir, WINNOW_API_KEYS: entry });
    });
    afterAll(async () => {
      await winnow?.stop();
      await db?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('runs a job, shows the repost, cancels a job and replays a dead letter', async () => {
      await runConsoleScenario({ mode: 'kafka', browser, token, ...winnow });
    }, 300_000);
  });
});
