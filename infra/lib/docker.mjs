// Docker helpers shared by `npm run images` and `npm run compose:up/down`: the CLI, run in the foreground.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Which images `npm run images` chose (official or local), read back by compose:up. */
export const imagesEnvFile = fileURLToPath(new URL('../.local/images.env', import.meta.url));

/**
 * Runs a command with its output on this process's stderr (stdout stays clean); rejects on a non-zero exit.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string }} [options]
 * @returns {Promise<void>}
 */
export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', process.stderr, process.stderr], env: options.env ?? process.env, cwd: options.cwd ?? repoRoot });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.slice(0, 3).join(' ')} ${signal ? `was killed (${signal})` : `exited ${code}`}`));
    });
  });
}

/**
 * Runs a command and returns its trimmed stdout, or null when it fails.
 * @param {string} cmd
 * @param {string[]} args
 */
export function output(cmd, args) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: repoRoot });
  return res.status === 0 ? res.stdout.trim() : null;
}

/** Throws a clear error when no Docker engine answers. */
export function requireDocker() {
  const res = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
  if (res.error) throw new Error('the docker command is missing: apt-get install docker.io docker-compose');
  if (res.status !== 0) {
    throw new Error(`no Docker engine answers (docker info: ${res.stderr.trim().split('\n').pop()}); start one with \`dockerd &\` as root`);
  }
  return res.stdout.trim();
}

/** @param {string} image */
export const imageExists = (image) => output('docker', ['image', 'inspect', '--format', '{{.Id}}', image]) !== null;

/** @param {string} image size in MB, as `docker image inspect` reports it (uncompressed, all layers). */
export function imageSizeMb(image) {
  const bytes = Number(output('docker', ['image', 'inspect', '--format', '{{.Size}}', image]));
  return Math.round(bytes / 1e6);
}

/**
 * KEY=value lines (no quoting) as an object; {} when the file is missing.
 * @param {string} file
 * @returns {Record<string, string>}
 */
export function readEnvFile(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/**
 * A cache folder shared by every checkout on this machine (WINNOW_CACHE_DIR, default /var/cache/winnow),
 * or infra/.local/cache when that one cannot be written. Only ever a shortcut: what is missing is rebuilt.
 */
export function cacheDir() {
  const wanted = process.env.WINNOW_CACHE_DIR || '/var/cache/winnow';
  try {
    mkdirSync(wanted, { recursive: true });
    accessSync(wanted, constants.W_OK);
    return wanted;
  } catch {
    const fallback = fileURLToPath(new URL('../.local/cache', import.meta.url));
    mkdirSync(fallback, { recursive: true });
    return fallback;
  }
}
