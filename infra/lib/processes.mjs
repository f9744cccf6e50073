// Process helpers shared by infra-up and infra-down: liveness, identity and a polite stop.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {number} pid */
export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else (e.g. a postmaster run as `postgres`).
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}

/**
 * The process's command line, or null when it is gone or /proc is unavailable.
 * @param {number} pid
 */
function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return null;
  }
}

/**
 * True when `pid` is alive and (where /proc can tell) its command line contains `marker`,
 * so that a recycled pid is never mistaken for a process we started.
 * @param {number} pid
 * @param {string} marker
 */
export function isOurProcess(pid, marker) {
  if (!isAlive(pid)) return false;
  const cmd = commandLine(pid);
  return cmd === null || cmd.includes(marker);
}

/**
 * Reads a pid file; null when it is missing or holds no number.
 * @param {string} file
 */
export function readPidFile(file) {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * SIGTERM, wait up to `timeoutMs`, then SIGKILL. Resolves to how it ended.
 * @param {number} pid
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<'not-running' | 'terminated' | 'killed'>}
 */
export async function stopProcess(pid, { timeoutMs = 30_000 } = {}) {
  if (!isAlive(pid)) return 'not-running';
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'terminated';
    await sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'terminated';
  }
  while (isAlive(pid)) await sleep(50);
  return 'killed';
}

/**
 * Last `lines` lines of a log file, for error messages.
 * @param {string} file
 * @param {number} lines
 */
export function tail(file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** @param {string} message */
export const say = (message) => process.stderr.write(`infra: ${message}\n`);

/**
 * Runs a command to completion without blocking the event loop (infra-up probes and waits run meanwhile).
 * Resolves to the exit status; rejects only when the command cannot be started at all.
 * @param {string} cmd
 * @param {string[]} args
 * @param {import('node:child_process').StdioOptions} stdio
 * @returns {Promise<number>}
 */
export function runCommand(cmd, args, stdio = ['ignore', 'inherit', 'inherit']) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}
