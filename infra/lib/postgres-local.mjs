// PostgreSQL: use the server answering on 127.0.0.1:<port>, or run a throwaway cluster (initdb + pg_ctl, trust auth).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runCommand, say, tail } from './processes.mjs';

/** @param {{ port: number, user: string, database: string }} o */
export const postgresUrl = ({ port, user, database }) =>
  `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;

/**
 * @param {string} connectionString
 * @returns {Promise<'ok' | 'refused' | 'rejected'>} `refused` when nothing answers, `rejected` when the server refuses this login
 */
async function tryConnect(connectionString) {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return 'ok';
  } catch (err) {
    const code = /** @type {{ code?: string }} */ (err).code;
    // 28xxx: authentication / authorization; 3D000: database missing, which still proves the login.
    if (code === '3D000') return 'ok';
    // A SQLSTATE means a server answered; Node's socket codes (ECONNREFUSED, EPIPE...) mean none did.
    return code !== undefined && /^[0-9A-DF-Z][0-9A-Z]{4}$/.test(code) ? 'rejected' : 'refused';
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The first of `postgres`, the OS user and `root` that can log in without a password, null when
 * nothing answers on the port. Throws when a server answers but accepts none of them.
 * @param {number} port
 * @returns {Promise<string | null>}
 */
export async function findPostgresUser(port) {
  const candidates = [...new Set(['postgres', userInfo().username, 'root'])];
  for (const user of candidates) {
    const outcome = await tryConnect(postgresUrl({ port, user, database: 'postgres' }));
    if (outcome === 'ok') return user;
    if (outcome === 'refused') return null;
  }
  throw new Error(
    `PostgreSQL on 127.0.0.1:${port} rejects passwordless logins as ${candidates.join(', ')}; set DATABASE_URL yourself`,
  );
}

/**
 * Creates `database` unless it exists (concurrent callers are fine).
 * @param {{ port: number, user: string, database: string }} o
 */
export async function ensureDatabase({ port, user, database }) {
  const client = new pg.Client({ connectionString: postgresUrl({ port, user, database: 'postgres' }) });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) {
      say(`creating database ${database}`);
      await client.query(`create database "${database.replaceAll('"', '""')}"`).catch((err) => {
        // 42P04 duplicate_database; 23505 when a concurrent create wins the catalog insert.
        if (!['42P04', '23505'].includes(err.code)) throw err;
      });
    }
  } finally {
    await client.end();
  }
}

/** Directory holding initdb/pg_ctl: the newest /usr/lib/postgresql/<v>/bin, else PATH. */
function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  return versions[0] === undefined ? null : join(root, versions[0], 'bin');
}

/** initdb refuses to run as root: run the cluster as the `postgres` OS user then. */
function clusterOwner() {
  if (process.getuid?.() !== 0) return null;
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) throw new Error('running as root, and initdb needs a non-root user: create a `postgres` user');
  return 'postgres';
}

/**
 * Runs a PostgreSQL tool, as `runAs` when given; resolves to its exit status.
 * @param {string | null} runAs
 * @param {string} tool
 * @param {string[]} args
 */
async function runPgTool(runAs, tool, args) {
  const bin = postgresBinDir();
  const exe = bin === null ? tool : join(bin, tool);
  const [cmd, argv] = runAs === null ? [exe, args] : ['runuser', ['-u', runAs, '--', exe, ...args]];
  return runCommand(cmd, argv, ['ignore', process.stderr, process.stderr]).catch((err) => {
    throw new Error(`${tool} not found: apt-get install postgresql (${err.message})`);
  });
}

/**
 * Creates (first time) and starts a throwaway cluster in `<stateDir>/pg`, trust auth, user `postgres`.
 * @param {{ stateDir: string, port: number }} options
 * @returns {Promise<{ dataDir: string, runAs: string | null }>}
 */
export async function startPostgres({ stateDir, port }) {
  const runAs = clusterOwner();
  const home = runAs === null || canEnter(runAs, stateDir) ? stateDir : fallbackHome(stateDir);
  const dataDir = join(home, 'pg');
  const logFile = join(home, 'postgres.log');
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    say(`creating a throwaway PostgreSQL cluster in ${dataDir}`);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (runAs !== null) chownTo(runAs, dataDir);
    const status = await runPgTool(runAs, 'initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    if (status !== 0) throw new Error(`initdb failed (exit ${status})`);
  }
  if (runAs !== null) chownTo(runAs, logFile, true);
  say(`starting PostgreSQL on 127.0.0.1:${port} (log: ${logFile})`);
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dataDir}`,
    '-c max_connections=200',
    // Throwaway data: durability buys nothing here.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  const status = await runPgTool(runAs, 'pg_ctl', ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
  if (status !== 0) throw new Error(`pg_ctl start failed (exit ${status}):\n${tail(logFile)}`);
  return { dataDir, runAs };
}

/**
 * @param {{ dataDir: string, runAs: string | null }} cluster
 * @returns {Promise<number>} pg_ctl's exit status
 */
export function stopPostgres({ dataDir, runAs }) {
  return runPgTool(runAs, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
}

/**
 * Whether `user` can reach `dir` (every parent must be searchable): a clone under /root is not, for `postgres`.
 * @param {string} user
 * @param {string} dir
 */
function canEnter(user, dir) {
  return spawnSync('runuser', ['-u', user, '--', 'test', '-x', dir], { stdio: 'ignore' }).status === 0;
}

/**
 * A home for the cluster that the `postgres` user can reach, stable for a given state dir.
 * @param {string} stateDir
 */
function fallbackHome(stateDir) {
  const home = join(tmpdir(), `winnow-pg-${createHash('sha256').update(stateDir).digest('hex').slice(0, 12)}`);
  mkdirSync(home, { recursive: true, mode: 0o755 });
  say(`${stateDir} is not reachable for the postgres user; keeping the cluster in ${home}`);
  return home;
}

/**
 * @param {string} user
 * @param {string} path
 * @param {boolean} createFile
 */
function chownTo(user, path, createFile = false) {
  const id = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (createFile && !existsSync(path)) spawnSync('touch', [path]);
  chownSync(path, Number(id.stdout.trim()), Number(gid.stdout.trim()));
}
