// The local stand-ins for the official base images, for machines that cannot pull them (npm run images):
// a Debian bookworm minbase root imported with `docker import`, and the node, Kafka, Redis and PostgreSQL images
// built on it from infra/images/<name>/Dockerfile. images.mjs decides what runs in parallel.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cacheDir, imageExists, repoRoot, run } from './docker.mjs';

export const LOCAL = Object.freeze({
  DEBIAN_IMAGE: 'winnow-local/debian:bookworm',
  NODE_IMAGE: `winnow-local/node:${process.versions.node}-bookworm`,
  KAFKA_IMAGE: 'winnow-local/kafka:3.9.1',
  REDIS_IMAGE: 'winnow-local/redis:7-bookworm',
  POSTGRES_IMAGE: 'winnow-local/postgres:15-bookworm',
});
export const KAFKA_VERSION = '3.9.1';
const MIRROR = 'http://deb.debian.org/debian';

/** @param {string} cmd */
const installed = (cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

/** A RAM-backed temp folder when there is one: unpacking ~90 packages there costs no disk syncs. */
function fastTmp() {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/**
 * The minbase root as a tarball. mmdebstrap (apt's downloads, one dpkg run, unpacked in RAM, straight into a tar)
 * took 107-124 s here where debootstrap had taken ~215 s under similar load; debootstrap is the fallback when
 * mmdebstrap is not installed. Both roots tell dpkg not to fsync,
 * as the official Debian images do, which also speeds up apt-get in the images built on top.
 * @param {string} out
 */
async function bootstrap(out) {
  const unsafeIo = 'force-unsafe-io';
  if (installed('mmdebstrap')) {
    await run('mmdebstrap', ['--quiet', '--variant=minbase', '--format=tar', `--dpkgopt=${unsafeIo}`, 'bookworm', out, MIRROR], {
      env: { ...process.env, TMPDIR: fastTmp() },
    });
    return;
  }
  const root = mkdtempSync(join(cacheDir(), 'bookworm-root-'));
  try {
    await run('debootstrap', ['--variant=minbase', 'bookworm', root, MIRROR]);
    // apt inside `docker build` needs no cache of its own, and the image is smaller without one.
    rmSync(join(root, 'var/cache/apt/archives'), { recursive: true, force: true });
    mkdirSync(join(root, 'var/cache/apt/archives/partial'), { recursive: true });
    writeFileSync(join(root, 'etc/dpkg/dpkg.cfg.d/docker-apt-speedup'), `${unsafeIo}\n`);
    await run('tar', ['-C', root, '-cf', out, '.']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The Debian base image. The tarball is cached; a half-written one never is (written under a temp name, then
 * renamed).
 */
export async function debianBase() {
  if (imageExists(LOCAL.DEBIAN_IMAGE)) return;
  const tarball = join(cacheDir(), 'bookworm-minbase.tar');
  if (!existsSync(tarball)) {
    rmSync(`${tarball}.tmp`, { force: true });
    await bootstrap(`${tarball}.tmp`);
    renameSync(`${tarball}.tmp`, tarball);
  }
  await run('docker', ['import', '--change', 'CMD ["/bin/bash"]', tarball, LOCAL.DEBIAN_IMAGE]);
}

/**
 * This machine's JRE for the Kafka image when it is Debian bookworm's openjdk-17-jre-headless (the package the
 * image would install; it needs nothing beyond the minbase root): copying it costs far less CPU than apt-get
 * installing it with its ~40 dependencies. Null when there is none; the image then installs the package.
 */
export function hostJre() {
  const home = '/usr/lib/jvm/java-17-openjdk-amd64';
  const res = spawnSync('dpkg-query', ['-W', '-f', '${Status}', 'openjdk-17-jre-headless'], { encoding: 'utf8' });
  const debian = existsSync('/etc/debian_version') && readFileSync('/etc/debian_version', 'utf8').startsWith('12.');
  if (res.status !== 0 || !res.stdout.includes('installed') || !debian || !existsSync(join(home, 'bin/java'))) return null;
  // What a JDK adds to the same folder (and its links to documentation and sources, some dangling) stays out.
  const jdkOnly = new Set(['jmods', 'include', 'man', 'docs', 'lib/src.zip', 'lib/ct.sym'].map((p) => join(home, p)));
  return { path: home, filter: (/** @type {string} */ src) => !jdkOnly.has(src) && existsSync(src) };
}

/** The Kafka jars from Maven Central, kept in the machine-wide cache. */
export async function kafkaJars() {
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
 * @param {Record<string, string | { path: string, filter: (src: string) => boolean }>} extra name in the context ->
 *   path on this machine ('': an empty folder), or a folder to copy only part of
 * @param {string[]} buildArgs more `--build-arg` values
 */
export async function buildLocal(image, folder, extra = {}, buildArgs = []) {
  const context = mkdtempSync(join(tmpdir(), `winnow-image-${folder}-`));
  try {
    cpSync(join(repoRoot, 'infra/images', folder), context, { recursive: true });
    for (const [name, from] of Object.entries(extra)) {
      if (from === '') mkdirSync(join(context, name));
      else if (typeof from === 'string') cpSync(from, join(context, name), { recursive: true, dereference: true });
      else cpSync(from.path, join(context, name), { recursive: true, dereference: true, filter: from.filter });
    }
    const args = [`DEBIAN_IMAGE=${LOCAL.DEBIAN_IMAGE}`, ...buildArgs].flatMap((arg) => ['--build-arg', arg]);
    await run('docker', ['build', '-q', ...args, '-t', image, context]);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/**
 * The node base: this machine's node binary and npm on the Debian base, and this machine's extra certificates
 * (an egress proxy's, say): without them npm ci cannot reach the registry from inside a build here.
 */
export async function nodeBase() {
  const extraCa = process.env.NODE_EXTRA_CA_CERTS && existsSync(process.env.NODE_EXTRA_CA_CERTS) ? process.env.NODE_EXTRA_CA_CERTS : null;
  const caFile = join(mkdtempSync(join(tmpdir(), 'winnow-ca-')), 'extra-ca.crt');
  try {
    if (extraCa) cpSync(extraCa, caFile);
    else writeFileSync(caFile, '');
    await buildLocal(
      LOCAL.NODE_IMAGE,
      'node',
      { node: process.execPath, npm: join(dirname(process.execPath), '../lib/node_modules/npm'), 'extra-ca.crt': caFile },
      [`EXTRA_CA_FILE=${extraCa ? '/usr/local/share/winnow/extra-ca.crt' : ''}`],
    );
  } finally {
    rmSync(dirname(caFile), { recursive: true, force: true });
  }
}
