// The compose deployment, started for real: run after `CRAWL_ALLOW_PRIVATE_NETWORKS=true npm run compose:up`
// (npm run smoke:compose; .ci/run does both). Not part of `npm test`: it needs a Docker engine and the images.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PATHS, fixtureResponse, type FixtureSite } from '@winnow/testing/sites';
import { waitFor } from '../test/support/processes.js';
import { listDocuments, submitJob, waitForDone, type JobView } from '../test/support/scenario.js';
import { expectFixtureCrawl, fixtureSettled } from '../test/expect-fixture-crawl.js';

const exec = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const project = process.env.COMPOSE_PROJECT_NAME || 'winnow';
const api = `http://127.0.0.1:${process.env.WINNOW_API_PORT || '8080'}`;
const fixtureContainer = `${project}-smoke-fixture`;

async function docker(...args: string[]): Promise<string> {
  const { stdout } = await exec('docker', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

/** Running containers of one compose service, found by the labels docker-compose puts on them. */
async function containersOf(service: string): Promise<string[]> {
  const ids = await docker('ps', '-q', '--filter', `label=com.docker.compose.project=${project}`, '--filter', `label=com.docker.compose.service=${service}`);
  return ids.split('\n').filter(Boolean);
}

/** A tiny server for the fixture site's pages, run in the api image (it has node) and logging each path it serves. */
const SERVER = `
const site = JSON.parse(Buffer.from(process.env.SITE, 'base64').toString('utf8'));
require('node:http').createServer((req, res) => {
  const path = new URL(req.url, 'http://fixture').pathname;
  console.log('GET ' + req.headers.host + ' ' + path);
  const page = site[path] || site['*'];
  res.writeHead(page.status, { 'content-type': page.type });
  res.end(Buffer.from(page.body, 'base64'));
}).listen(8000, () => console.log('listening'));
process.on('SIGTERM', () => process.exit(0));`;

function siteManifest(): string {
  const pages = Object.fromEntries(
    [...FIXTURE_PATHS, '*'].map((path) => {
      const { status, type, body } = fixtureResponse(path);
      return [path, { status, type, body: Buffer.from(body).toString('base64') }];
    }),
  );
  return Buffer.from(JSON.stringify(pages)).toString('base64');
}

/** The fixture site as a container on the compose network, reachable by the crawler as http://<alias>:8000. */
async function startSiteContainer(...aliases: string[]): Promise<void> {
  const network = `${project}_default`;
  await docker('rm', '-f', fixtureContainer).catch(() => '');
  await docker('run', '-d', '--name', fixtureContainer, '--network', network, ...aliases.flatMap((a) => ['--network-alias', a]), '-e', `SITE=${siteManifest()}`, '--health-cmd', 'true', 'winnow-api:latest', 'node', '-e', SERVER);
  // `docker run -d` returns before node listens: a crawl submitted then meets connection_refused.
  await waitFor('the fixture site container to listen', async () => ((await docker('logs', fixtureContainer)).includes('listening') ? true : undefined), 60_000);
}

/** Paths the site container served under the host name `host` (`fixture:8000`), in order: its log. */
async function servedPaths(host: string): Promise<string[]> {
  const { stdout } = await exec('docker', ['logs', fixtureContainer], { maxBuffer: 16 * 1024 * 1024 });
  const prefix = `GET ${host} `;
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length));
}

describe('the compose deployment (docker-compose.yml, started by npm run compose:up)', () => {
  const site: FixtureSite = { origin: 'http://fixture:8000', requests: [], close: async () => {} };
  let first: JobView;

  beforeAll(async () => {
    const ready = await fetch(`${api}/readyz`).catch((err: unknown) => err as Error);
    if (ready instanceof Error || !ready.ok) {
      throw new Error(`the api does not answer on ${api}/readyz; run CRAWL_ALLOW_PRIVATE_NETWORKS=true npm run compose:up first`);
    }
    await startSiteContainer('fixture', 'mirror');
  });

  afterAll(async () => {
    await docker('rm', '-f', fixtureContainer).catch(() => '');
  });

  it('crawls a site on the compose network through the published api and stores every document, the repost naming its source', async () => {
    const submitted = await submitJob(api, site);
    first = await waitForDone(api, submitted.id, fixtureSettled);
    site.requests.splice(0, site.requests.length, ...(await servedPaths('fixture:8000')));
    await expectFixtureCrawl(api, site, first);
  });

  it('publishes the unique documents on docs.unique, as Kafka’s own console consumer in the kafka container reads them', async () => {
    const [kafka] = await containersOf('kafka');
    expect(kafka).toBeDefined();
    const unique = (await listDocuments(api, { jobId: first.id })).filter((d) => d.verdict === 'unique');
    expect(unique).toHaveLength(7);
    const lines = await docker(
      'exec', kafka!, '/opt/kafka/bin/kafka-console-consumer.sh', '--bootstrap-server', 'kafka:9092', '--topic', 'docs.unique',
      '--from-beginning', '--timeout-ms', '20000', '--property', 'print.key=true', '--property', 'key.separator=\t',
    ).catch((err: { stdout?: string }) => (err.stdout ?? '').trim()); // it exits 1 after its timeout
    const latest = new Map<string, string>();
    for (const line of lines.split('\n')) {
      const tab = line.indexOf('\t');
      if (tab > 0) latest.set(line.slice(0, tab), line.slice(tab + 1));
    }
    for (const doc of unique) {
      const value = latest.get(doc.id);
      expect(value, `docs.unique holds ${doc.url}`).toBeDefined();
      expect(JSON.parse(value!)).toMatchObject({ url: doc.url });
    }
  });

  it('keeps every page when one of two extractor replicas is killed during a crawl', async () => {
    await exec(process.execPath, [resolve(repoRoot, 'infra/scripts/compose.mjs'), 'scale', 'extractor=2'], { cwd: repoRoot });
    const extractors = await containersOf('extractor');
    expect(extractors).toHaveLength(2);

    // The same pages under a second host name: new documents, each one a copy of the first crawl's.
    const mirror: FixtureSite = { origin: 'http://mirror:8000', requests: [], close: async () => {} };
    const submitted = await submitJob(api, mirror);
    await waitFor('the crawl to reach the extractors', async () => ((await servedPaths('mirror:8000')).length >= 3 ? true : undefined), 60_000);
    await docker('kill', '-s', 'KILL', extractors[0]!);

    const second = await waitForDone(api, submitted.id, (j) => (j.counts.unique ?? 0) + (j.counts.duplicate ?? 0) === 8);
    expect(second.counts).toMatchObject({ discovered: 11, fetched: 8, extracted: 8, failed: 1, skipped: 2 });
    const docs = await listDocuments(api, { jobId: second.id });
    expect(docs.map((d) => new URL(d.url).pathname).sort()).toEqual(['/', '/a', '/b', '/blog/museum', '/c', '/copy-of-a', '/ko', '/news/museum']);
    expect(docs.every((d) => new URL(d.url).host === 'mirror:8000')).toBe(true);
  });
});
