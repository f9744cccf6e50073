#!/usr/bin/env node
// npm run images — the four service images and the topics-init image, on the local Docker engine.
// Their bases are the official images (node, apache/kafka, redis, postgres) when a registry answers; otherwise
// this builds stand-ins from Debian packages (debootstrap + docker import), this machine's node binary and the
// Kafka jars from Maven Central, and records the choice in infra/.local/images.env for compose:up.
//   --local        build the local stand-ins even when a registry answers
//   --if-missing   do nothing when every image compose needs is already there (compose:up uses it)
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { cacheDir, imageExists, imageSizeMb, imagesEnvFile, readEnvFile, repoRoot, requireDocker, run } from '../lib/docker.mjs';
import { buildServicesHere, serviceContext } from '../lib/service-context.mjs';
import { say } from '../lib/processes.mjs';

const { values: args } = parseArgs({ options: { local: { type: 'boolean', default: false }, 'if-missing': { type: 'boolean', default: false } } });

const OFFICIAL = Object.freeze({
  NODE_IMAGE: 'node:20.20-bookworm-slim',
  KAFKA_IMAGE: 'apache/kafka:3.9.1',
  REDIS_IMAGE: 'redis:7-alpine',
  POSTGRES_IMAGE: 'postgres:15-alpine',
});
const LOCAL = Object.freeze({
  DEBIAN_IMAGE: 'winnow-local/debian:bookworm',
  NODE_IMAGE: `winnow-local/node:${process.versions.node}-bookworm`,
  KAFKA_IMAGE: 'winnow-local/kafka:3.9.1',
  REDIS_IMAGE: 'winnow-local/redis:7-bookworm',
  POSTGRES_IMAGE: 'winnow-local/postgres:15-bookworm',
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
const KAFKA_VERSION = '3.9.1';

/** @type {Array<{ phase: string, seconds: number }>} */
const timings = [];
/**
 * @template T
 * @param {string} phase
 * @param {() => Promise<T>} fn
 */
async function timed(phase, fn) {
  const began = Date.now();
  say(`${phase}...`);
  const result = await fn();
  const seconds = Math.round((Date.now() - began) / 100) / 10;
  timings.push({ phase, seconds });
  say(`${phase}: ${seconds} s`);
  return result;
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
 * A Debian bookworm minbase root filesystem, imported as an image. The tarball is cached; a half-written
 * one never is (written under a temp name, then renamed).
 */
async function debianBase() {
  if (imageExists(LOCAL.DEBIAN_IMAGE)) return;
  const tarball = join(cacheDir(), 'bookworm-minbase.tar');
  if (!existsSync(tarball)) {
    const root = mkdtempSync(join(cacheDir(), 'bookworm-root-'));
    try {
      await run('debootstrap', ['--variant=minbase', 'bookworm', root, 'http://deb.debian.org/debian']);
      // apt inside `docker build` needs no cache of its own, and the image is smaller without one.
      rmSync(join(root, 'var/cache/apt/archives'), { recursive: true, force: true });
      mkdirSync(join(root, 'var/cache/apt/archives/partial'), { recursive: true });
      await run('tar', ['-C', root, '-cf', `${tarball}.tmp`, '.']);
      renameSync(`${tarball}.tmp`, tarball);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  await run('docker', ['import', '--change', 'CMD ["/bin/bash"]', tarball, LOCAL.DEBIAN_IMAGE]);
}

/** The Kafka jars from Maven Central, kept in the machine-wide cache. */
async function kafkaJars() {
  const libs = join(cacheDir(), `kafka-${KAFKA_VERSION}-libs`);
  if (existsSync(join(libs, `kafka_2.13-${KAFKA_VERSION}.jar`))) return libs;
  const tmp = `${libs}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await run('mvn', [
    '-B',
    '-q',
    '-f',
    join(repoRoot, 'infra/images/kafka/pom.xml'),
    'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${tmp}`,
  ]);
  rmSync(libs, { recursive: true, force: true });
  renameSync(tmp, libs);
  return libs;
}

/**
 * `docker build` of a folder assembled in a temp dir (the Dockerfile's folder plus `extra` files).
 * @param {string} image
 * @param {string} folder under infra/images
 * @param {Record<string, string>} extra name in the context -> path on this machine
 * @param {string[]} buildArgs more `--build-arg` values
 */
async function buildLocal(image, folder, extra = {}, buildArgs = []) {
  const context = mkdtempSync(join(tmpdir(), `winnow-image-${folder}-`));
  try {
    cpSync(join(repoRoot, 'infra/images', folder), context, { recursive: true });
    for (const [name, from] of Object.entries(extra)) cpSync(from, join(context, name), { recursive: true, dereference: true });
    const args = [`DEBIAN_IMAGE=${LOCAL.DEBIAN_IMAGE}`, ...buildArgs].flatMap((arg) => ['--build-arg', arg]);
    await run('docker', ['build', '-q', ...args, '-t', image, context]);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

async function buildLocalBases() {
  await timed('debian base (debootstrap --variant=minbase bookworm, docker import)', debianBase);
  // This machine's extra certificates (an egress proxy's, say) go into the local base: without them npm ci
  // cannot reach the registry from inside a build here.
  const extraCa = process.env.NODE_EXTRA_CA_CERTS && existsSync(process.env.NODE_EXTRA_CA_CERTS) ? process.env.NODE_EXTRA_CA_CERTS : null;
  const caFile = join(mkdtempSync(join(tmpdir(), 'winnow-ca-')), 'extra-ca.crt');
  if (extraCa) cpSync(extraCa, caFile);
  else writeFileSync(caFile, '');
  await timed(`node base (this machine's node ${process.version})`, () =>
    buildLocal(
      LOCAL.NODE_IMAGE,
      'node',
      { node: process.execPath, npm: join(dirname(process.execPath), '../lib/node_modules/npm'), 'extra-ca.crt': caFile },
      [`EXTRA_CA_FILE=${extraCa ? '/usr/local/share/winnow/extra-ca.crt' : ''}`],
    ),
  );
  rmSync(dirname(caFile), { recursive: true, force: true });
  const libs = await timed(`Kafka ${KAFKA_VERSION} jars (Maven Central)`, kafkaJars);
  await timed('kafka image', () => buildLocal(LOCAL.KAFKA_IMAGE, 'kafka', { libs }));
  await timed('redis image', () => buildLocal(LOCAL.REDIS_IMAGE, 'redis'));
  await timed('postgres image', () => buildLocal(LOCAL.POSTGRES_IMAGE, 'postgres'));
}

/**
 * The service images and topics-init: winnow-services (infra/images/services/Dockerfile) from the context
 * serviceContext() assembles (this checkout built on the host, production dependencies only), then one image
 * per target of targets.Dockerfile on top of it, from an empty context.
 * @param {string} nodeImage
 */
async function buildServices(nodeImage) {
  await timed('turbo build of the services (nothing to do when built)', buildServicesHere);
  const context = await timed('service build context (built code, production node_modules)', serviceContext);
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

function allPresent() {
  const chosen = readEnvFile(imagesEnvFile);
  const needed = [...Object.values(SERVICE_IMAGES), ...Object.keys(OFFICIAL).map((k) => chosen[k] ?? OFFICIAL[/** @type {keyof typeof OFFICIAL} */ (k)])];
  return needed.every(imageExists);
}

async function main() {
  const began = Date.now();
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
  if (!pulled) {
    say('no image registry answers (or --local): building the bases from Debian packages');
    await buildLocalBases();
    bases = { NODE_IMAGE: LOCAL.NODE_IMAGE, KAFKA_IMAGE: LOCAL.KAFKA_IMAGE, REDIS_IMAGE: LOCAL.REDIS_IMAGE, POSTGRES_IMAGE: LOCAL.POSTGRES_IMAGE };
  }
  mkdirSync(dirname(imagesEnvFile), { recursive: true });
  writeFileSync(imagesEnvFile, Object.entries(bases).map(([k, v]) => `${k}=${v}\n`).join(''));
  await buildServices(bases.NODE_IMAGE ?? OFFICIAL.NODE_IMAGE);

  say(`\nimages built in ${Math.round((Date.now() - began) / 1000)} s (bases recorded in ${imagesEnvFile}):`);
  for (const image of [...Object.values(bases), ...Object.values(SERVICE_IMAGES)]) say(`  ${image.padEnd(40)} ${imageSizeMb(image)} MB`);
  say('phases:');
  for (const { phase, seconds } of timings) say(`  ${phase.padEnd(70)} ${seconds} s`);
}

main().catch((err) => {
  say(`images failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
