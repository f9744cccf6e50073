// What infra-up started, remembered in <state dir>/started.json so that infra-down stops exactly that.
import { mkdirSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonFileSync, writeJsonFileSync } from '@winnow/state-file';
import { isAlive, readPidFile, say, sleep } from './processes.mjs';

/** infra/.local: git-ignored home of the jars, broker data, pid files and logs. */
export const defaultStateDir = fileURLToPath(new URL('../.local', import.meta.url));

/**
 * @typedef {object} Started
 * @property {{ pid: number, port: number, controllerPort: number } | undefined} [kafka]
 * @property {{ pid: number, port: number } | undefined} [redis]
 * @property {{ dataDir: string, port: number, runAs: string | null } | undefined} [postgres]
 */

/** @param {string} stateDir @returns {Started} */
export function readStarted(stateDir) {
  return /** @type {Started | undefined} */ (readJsonFileSync(join(stateDir, 'started.json'))) ?? {};
}

/** @param {string} stateDir @param {Started} started */
export function writeStarted(stateDir, started) {
  writeJsonFileSync(join(stateDir, 'started.json'), started);
}

/**
 * Serializes infra-up/infra-down runs on one state dir (test workers may call infra-up together).
 * The lock file holds the owner's pid; a lock whose owner died is taken over.
 * @template T
 * @param {string} stateDir
 * @param {() => Promise<T>} fn
 * @param {number} timeoutMs
 * @returns {Promise<T>}
 */
export async function withStateLock(stateDir, fn, timeoutMs = 180_000) {
  mkdirSync(stateDir, { recursive: true });
  const lockFile = join(stateDir, 'infra.lock');
  const deadline = Date.now() + timeoutMs;
  let waiting = false;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
      const owner = readPidFile(lockFile);
      if (owner !== null && !isAlive(owner)) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${lockFile} is held by pid ${owner} for over ${timeoutMs} ms`);
      if (!waiting) say(`waiting for another infra run (pid ${owner}) to finish`);
      waiting = true;
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockFile, { force: true });
  }
}
