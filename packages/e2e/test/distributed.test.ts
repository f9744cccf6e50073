import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTopics, freshDatabase, getInfra } from '@winnow/testing';
import { startFixtureSite, type FixtureSite } from './support/fixture-site.js';
import { cleanEnv, freePort, startProcess, waitFor, type RunningProcess } from './support/processes.js';
import { submitJob, waitForDone } from './support/scenario.js';
import { expectFixtureCrawl, fixtureSettled } from './expect-fixture-crawl.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

describe('distributed mode: four services as separate processes over Kafka, Redis and PostgreSQL', () => {
  let site: FixtureSite;
  let apiPort: number;
  let dropDatabase: (() => Promise<void>) | undefined;
  const processes: RunningProcess[] = [];
  const logs = () => processes.map((p) => `--- ${p.name}\n${p.output().slice(-3000)}`).join('\n');

  beforeAll(async () => {
    const infra = await getInfra();
    const { prefix } = await createTestTopics('e2e');
    const db = await freshDatabase('e2e');
    dropDatabase = () => db.drop();
    site = await startFixtureSite();
    apiPort = await freePort();
    const shared = {
      KAFKA_BROKERS: infra.kafkaBrokers,
      REDIS_URL: infra.redisUrl,
      DATABASE_URL: db.url,
      TOPIC_PREFIX: prefix,
      CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
      CRAWL_DELAY_MS: '20',
    };
    // Two extractors share pages.fetched, and two deduplicators docs.extracted, through their groups.
    const services = ['api', 'crawler', 'extractor', 'extractor', 'deduplicator', 'deduplicator'];
    const ports: number[] = [];
    for (const [i, name] of services.entries()) {
      const port = name === 'api' ? apiPort : await freePort();
      ports.push(port);
      processes.push(
        startProcess(`${name}#${i}`, [`services/${name}/dist/main.js`], cleanEnv({ ...shared, PORT: String(port) }), repoRoot),
      );
    }
    for (const [i, port] of ports.entries()) {
      const ready = async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok ? true : undefined);
      await waitFor(`${services[i]} #${i} to be ready`, ready, 90_000, logs);
    }
  });

  afterAll(async () => {
    const codes = await Promise.all(processes.map((p) => p.stop()));
    await site?.close();
    await dropDatabase?.();
    expect(codes.every((c) => c === 0), `every service exits cleanly on SIGTERM\n${logs()}`).toBe(true);
  });

  it('crawls the fixture site end to end and reports the job done', async () => {
    const api = `http://127.0.0.1:${apiPort}`;
    const submitted = await submitJob(api, site);
    const job = await waitForDone(api, submitted.id, fixtureSettled, logs);
    await expectFixtureCrawl(api, site, job);
  });
});
