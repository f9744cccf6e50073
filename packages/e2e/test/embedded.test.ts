import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureSite, type FixtureSite } from '@winnow/testing/sites';
import { cleanEnv, freePort, startProcess, waitFor, type RunningProcess } from './support/processes.js';
import { getJob, listDocuments, submitJob, waitForDone } from './support/scenario.js';
import { expectCancelStopsCrawl } from './expect-cancel.js';
import { expectFixtureCrawl, fixtureSettled } from './expect-fixture-crawl.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

describe('embedded mode: `winnow start` in one process', () => {
  let site: FixtureSite;
  let dataDir: string;
  let port: number;
  let winnow: RunningProcess | undefined;

  const start = async () => {
    winnow = startProcess(
      'winnow start',
      ['services/winnow/bin/winnow.js', 'start'],
      cleanEnv({ PORT: String(port), WINNOW_DATA_DIR: dataDir, CRAWL_ALLOW_PRIVATE_NETWORKS: 'true', CRAWL_DELAY_MS: '20' }),
      repoRoot,
    );
    await waitFor('the embedded API to be ready', async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok ? true : undefined), 60_000, () => winnow!.output());
  };

  beforeAll(async () => {
    site = await startFixtureSite();
    // A data directory that does not exist yet, as on a fresh checkout.
    dataDir = join(mkdtempSync(join(tmpdir(), 'winnow-e2e-')), 'data', '.winnow');
    port = await freePort();
    await start();
  });

  afterAll(async () => {
    await winnow?.stop();
    await site?.close();
    rmSync(join(dataDir, '..', '..'), { recursive: true, force: true });
  });

  it('crawls the fixture site through the REST API and keeps everything across a restart', async () => {
    const api = `http://127.0.0.1:${port}`;
    const submitted = await submitJob(api, site);
    expect(submitted.status).toBe('running');
    const job = await waitForDone(api, submitted.id, fixtureSettled, () => winnow!.output().slice(-5000));
    await expectFixtureCrawl(api, site, job);

    expect(await winnow!.stop()).toBe(0);
    await start();
    const after = await getJob(api, submitted.id);
    expect(after).toMatchObject({ status: 'done', counts: job.counts });
    expect(await listDocuments(api, { jobId: submitted.id })).toHaveLength(8);
  });

  it('cancels a running job: no more fetches beyond the one in flight, and every URL settles', async () => {
    await expectCancelStopsCrawl(`http://127.0.0.1:${port}`, () => winnow!.output().slice(-5000));
  });
});
