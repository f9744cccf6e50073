// Redis: use the one answering on 127.0.0.1:<port>, or start a daemonized redis-server that keeps nothing on disk.
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { readPidFile, runCommand, say, sleep, tail } from './processes.mjs';

/**
 * True when something on 127.0.0.1:`port` answers a Redis PING with PONG (or an auth error,
 * which still proves it is Redis).
 * @param {number} port
 * @param {number} timeoutMs
 * @returns {Promise<boolean>}
 */
export function redisAnswers(port, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    /** @param {boolean} ok */
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
  });
}

/**
 * Starts `redis-server` on 127.0.0.1:`port`, daemonized, with persistence off.
 * @param {{ stateDir: string, port: number }} options
 * @returns {Promise<number>} the server's pid
 */
export async function startRedis({ stateDir, port }) {
  mkdirSync(stateDir, { recursive: true });
  const pidFile = join(stateDir, 'redis.pid');
  const logFile = join(stateDir, 'redis.log');
  say(`starting redis-server on 127.0.0.1:${port} (log: ${logFile})`);
  const status = await runCommand(
    'redis-server',
    [
      '--bind', '127.0.0.1',
      '--port', String(port),
      '--daemonize', 'yes',
      '--save', '',
      '--appendonly', 'no',
      '--dir', stateDir,
      '--pidfile', pidFile,
      '--logfile', logFile,
    ],
    ['ignore', process.stderr, process.stderr],
  ).catch(() => {
    throw new Error('redis-server not found: apt-get install redis-server');
  });
  if (status !== 0) throw new Error(`redis-server failed to start:\n${tail(logFile)}`);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const pid = readPidFile(pidFile);
    if (pid !== null && (await redisAnswers(port))) return pid;
    await sleep(100);
  }
  throw new Error(`redis-server did not answer on 127.0.0.1:${port}:\n${tail(logFile)}`);
}
