#!/usr/bin/env node
// npm run images — the four service images and the topics-init image, on the local Docker engine.
// Their bases are the official images (node, apache/kafka, redis, postgres) when a registry answers; otherwise
// this builds stand-ins from Debian packages (mmdebstrap or debootstrap, docker import, infra/lib/local-bases.mjs),
// this machine's node binary and the Kafka jars from Maven Central, in parallel where nothing orders it, and records
// the choice in infra/.local/images.env for compose:up. It prints each phase's start and duration.
//   --local        build the local stand-ins even when a registry answers
//   --if-missing   do nothing when every image compose needs is already there (compose:up uses it)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { imageExists, imageSizeMb, imagesEnvFile, readEnvFile, repoRoot, requireDocker, run } from '../lib/docker.mjs';
import { KAFKA_VERSION, LOCAL, buildLocal, debianBase, hostJre, kafkaJars, nodeBase } from '../lib/local-bases.mjs';
import { buildServicesHere, serviceContext } from '../lib/service-context.mjs';
import { say } from '../lib/processes.mjs';

const { values: args } = parseArgs({ options: { local: { type: 'boolean', default: false }, 'if-missing': { type: 'boolean', default: false } } });

const OFFICIAL = Object.freeze({
  NODE_IMAGE: 'node:20.20-bookworm-slim',
  KAFKA_IMAGE: 'apache/kafka:3.9.1',
  REDIS_IMAGE: 'redis:7-alpine',
  POSTGRES_IMAGE: 'postgres:15-alpine',
});
/** The images built from this repository, as docker-compose.yml names them. */
const SERVICE_IMAGES = Object.freeze({
  crawler: 'winnow-crawler:latest',
  extractor: 'winnow-extractor:latest',
  deduplicator: 'winnow-deduplicator:latest',
  api: 'winnow-api:latest',
  'topics-init': 'winnow-topics-init:latest',
});
/** What the service images share: built code and production dependencies. */
const SHARED_IMAGE = 'winnow-services:latest';

const began = Date.now();
/** @type {Array<{ phase: string, from: number, seconds: number }>} */
const timings = [];
/**
 * Runs one phase and records when it started (seconds into the run: phases overlap) and how long it took.
 * @template T
 * @param {string} phase
 * @param {() => Promise<T>} fn
 */
async function timed(phase, fn) {
  const from = Date.now();
  say(`${phase}...`);
  const result = await fn();
  const seconds = Math.round((Date.now() - from) / 100) / 10;
  timings.push({ phase, from: Math.round((from - began) / 1000), seconds });
  say(`${phase}: ${seconds} s`);
  return result;
}

/**
 * Waits for every promise, then throws the first failure: nothing is left running when the script exits.
 * @param {Array<Promise<unknown>>} promises
 */
async function all(promises) {
  const failed = (await Promise.allSettled(promises)).find((r) => r.status === 'rejected');
  if (failed) throw /** @type {PromiseRejectedResult} */ (failed).reason;
}

/** Any HTTP answer from Docker Hub's registry counts: pulls may then work. */
async function registryAnswers() {
  try {
    await fetch('https://registry-1.docker.io/v2/', { signal: AbortSignal.timeout(5_000) });
    return true;
  } catch {
    return false;
  }
}

/** @param {Record<string, string>} images */
async function pullOfficial(images) {
  for (const image of Object.values(images)) {
    if (!imageExists(image)) await run('docker', ['pull', '-q', image]);
  }
}

/**
 * The build context of winnow-services: this checkout built on the host (turbo: nothing to do when built), only
 * what the services run copied out of it. Host work only, so it runs while the bases are being built.
 */
async function servicesContext() {
  await timed('turbo build of the services (nothing to do when built)', buildServicesHere);
  return timed('service build context (built code, production node_modules)', serviceContext);
}

/**
 * winnow-services (infra/images/services/Dockerfile) from the assembled context, then one image per target of
 * targets.Dockerfile on top of it, from an empty context (they differ only in their command).
 * @param {string} nodeImage
 * @param {string} context removed here
 */
async function buildServices(nodeImage, context) {
  const images = join(repoRoot, 'infra/images/services');
  try {
    await timed(SHARED_IMAGE, () => run('docker', ['build', '-q', '-f', join(images, 'Dockerfile'), '--build-arg', `NODE_IMAGE=${nodeImage}`, '-t', SHARED_IMAGE, context]));
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  const empty = mkdtempSync(join(tmpdir(), 'winnow-empty-'));
  try {
    for (const [name, image] of Object.entries(SERVICE_IMAGES)) {
      await timed(image, () => run('docker', ['build', '-q', '-f', join(images, 'targets.Dockerfile'), '--target', name, '--build-arg', `SERVICES_IMAGE=${SHARED_IMAGE}`, '-t', image, empty]));
    }
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}

/**
 * Everything from Debian packages, in parallel where nothing orders it: the Debian root, the Kafka jars and the
 * services' build context at once; then the node, Kafka, Redis and PostgreSQL images side by side on the root;
 * winnow-services as soon as the node base and its context are there.
 */
async function buildAllLocal() {
  const context = servicesContext();
  const jars = timed(`Kafka ${KAFKA_VERSION} jars (Maven Central)`, kafkaJars);
  const base = timed('debian base (mmdebstrap or debootstrap --variant=minbase bookworm, docker import)', debianBase);
  const node = base.then(() => timed(`node base (this machine's node ${process.version})`, nodeBase));
  await all([
    context,
    jars,
    base,
    context.then(async (dir) => {
      await node.catch((err) => {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      });
      await buildServices(LOCAL.NODE_IMAGE, dir);
    }),
    Promise.all([base, jars]).then(([, libs]) => timed(`kafka image (JRE: ${hostJre() ? "this machine's" : 'apt-get'})`, () => buildLocal(LOCAL.KAFKA_IMAGE, 'kafka', { libs, jre: hostJre() ?? '' }))),
    base.then(() => timed('redis image', () => buildLocal(LOCAL.REDIS_IMAGE, 'redis'))),
    base.then(() => timed('postgres image', () => buildLocal(LOCAL.POSTGRES_IMAGE, 'postgres'))),
  ]);
}

function allPresent() {
  const chosen = readEnvFile(imagesEnvFile);
  const needed = [...Object.values(SERVICE_IMAGES), ...Object.keys(OFFICIAL).map((k) => chosen[k] ?? OFFICIAL[/** @type {keyof typeof OFFICIAL} */ (k)])];
  return needed.every(imageExists);
}

async function main() {
  say(`Docker engine ${requireDocker()}`);
  if (args['if-missing'] && allPresent()) {
    say('every image is already built (npm run images rebuilds them)');
    return;
  }
  /** @type {Record<string, string>} */
  let bases = { ...OFFICIAL };
  const pulled =
    !args.local &&
    (await registryAnswers()) &&
    (await timed('official base images (docker pull)', () => pullOfficial(OFFICIAL)).then(
      () => true,
      (err) => {
        say(`docker pull failed (${err instanceof Error ? err.message : String(err)})`);
        return false;
      },
    ));
  if (!pulled) bases = { NODE_IMAGE: LOCAL.NODE_IMAGE, KAFKA_IMAGE: LOCAL.KAFKA_IMAGE, REDIS_IMAGE: LOCAL.REDIS_IMAGE, POSTGRES_IMAGE: LOCAL.POSTGRES_IMAGE };
  // Written first: compose:up reads it to start Kafka, Redis and PostgreSQL as soon as their images exist.
  mkdirSync(dirname(imagesEnvFile), { recursive: true });
  writeFileSync(imagesEnvFile, Object.entries(bases).map(([k, v]) => `${k}=${v}\n`).join(''));
  if (pulled) await servicesContext().then((context) => buildServices(OFFICIAL.NODE_IMAGE, context));
  else {
    say('no image registry answers (or --local): building the bases from Debian packages');
    await buildAllLocal();
  }

  say(`\nimages built in ${Math.round((Date.now() - began) / 1000)} s (bases recorded in ${imagesEnvFile}):`);
  for (const image of [...Object.values(bases), ...Object.values(SERVICE_IMAGES)]) say(`  ${image.padEnd(40)} ${imageSizeMb(image)} MB`);
  say('phases:');
  say(`  ${'phase'.padEnd(84)} ${'from'.padStart(5)} ${'took'.padStart(7)}`);
  for (const { phase, from, seconds } of timings) say(`  ${phase.padEnd(84)} ${`${from} s`.padStart(5)} ${`${seconds} s`.padStart(7)}`);
}

main().catch((err) => {
  say(`images failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
