#!/usr/bin/env node
// npm run compose:up — builds whatever image is missing (npm run images --if-missing), starts docker-compose.yml
// as project `winnow` and waits until Kafka, Redis, PostgreSQL and the four services are healthy and the topics
// job has succeeded. npm run compose:down [-- --volumes] stops and removes it (and PostgreSQL's data).
// `node infra/scripts/compose.mjs scale extractor=2` runs more replicas of one service and waits for them.
// The base images recorded by `npm run images` (infra/.local/images.env) are used unless the environment names
// others; every other variable of this environment reaches docker-compose (and, where the file lists it, the services).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { imageExists, imagesEnvFile, output, readEnvFile, repoRoot, requireDocker, run } from '../lib/docker.mjs';
import { say, sleep } from '../lib/processes.mjs';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    volumes: { type: 'boolean', default: false },
    'timeout-seconds': { type: 'string', default: '300' },
  },
});

const project = process.env.COMPOSE_PROJECT_NAME || 'winnow';
/** Read when needed, not at start: compose:up's own `npm run images` writes the file. */
/** @returns {Record<string, string | undefined>} */
const composeEnv = () => ({ ...readEnvFile(imagesEnvFile), ...process.env, COMPOSE_PROJECT_NAME: project });
/** The services that need no image built from this repository. */
const INFRA = Object.freeze({ kafka: 'KAFKA_IMAGE', redis: 'REDIS_IMAGE', postgres: 'POSTGRES_IMAGE' });
const compose = (/** @type {string[]} */ ...rest) => ['-f', join(repoRoot, 'docker-compose.yml'), '-p', project, ...rest];

/** @typedef {{ id: string, service: string, state: string, health: string, exitCode: number, restarts: number }} ContainerState */

/** @returns {ContainerState[]} */
function containerStates() {
  const ids = (output('docker-compose', compose('ps', '-a', '-q')) ?? '').split('\n').filter(Boolean);
  if (ids.length === 0) return [];
  // `index`, not `.State.Health`: a container without a healthcheck (topics-init) has no Health key, and the
  // plain lookup failed the template for it, so topics-init was missing from the list (never seen done or failed).
  const format =
    '{{.Id}}|{{index .Config.Labels "com.docker.compose.service"}}|{{.State.Status}}|{{if index .State "Health"}}{{.State.Health.Status}}{{else}}none{{end}}|{{.State.ExitCode}}|{{.RestartCount}}';
  const res = spawnSync('docker', ['inspect', '--format', format, ...ids], { encoding: 'utf8' });
  return res.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id = '', service = '', state = '', health = '', exitCode = '0', restarts = '0'] = line.split('|');
      return { id, service, state, health, exitCode: Number(exitCode), restarts: Number(restarts) };
    });
}

/** @param {ContainerState} c */
const ready = (c) => (c.service === 'topics-init' ? c.state === 'exited' && c.exitCode === 0 : c.state === 'running' && c.health === 'healthy');

/**
 * @param {number} timeoutMs
 * @param {(service: string) => void} [onReady] called once per service, when it first is healthy (or done)
 */
async function waitHealthy(timeoutMs, onReady = () => {}) {
  const deadline = Date.now() + timeoutMs;
  const seen = new Set();
  let last = '';
  for (;;) {
    const states = containerStates();
    const failed = states.find((c) => c.service === 'topics-init' && c.state === 'exited' && c.exitCode !== 0);
    if (failed) throw new Error(`topics-init exited ${failed.exitCode}; see: docker-compose -p ${project} logs topics-init`);
    // A service that keeps crashing will not become healthy: say why now rather than at the deadline.
    const crashing = states.find((c) => c.restarts >= 3);
    if (crashing) {
      const logs = output('docker', ['logs', '--tail', '15', crashing.id]) ?? '';
      throw new Error(`${crashing.service} restarted ${crashing.restarts} times; its last lines:\n${logs}`);
    }
    for (const c of states.filter(ready)) if (!seen.has(c.service) && seen.add(c.service)) onReady(c.service);
    const waiting = states.filter((c) => !ready(c)).map((c) => `${c.service} (${c.state}, ${c.health})`);
    if (states.length > 0 && waiting.length === 0) return;
    const now = waiting.join(', ');
    if (now !== last) say(`waiting for: ${now || 'containers to be created'}`);
    last = now;
    if (Date.now() > deadline) throw new Error(`not healthy after ${timeoutMs / 1000} s: ${now}; see: docker-compose -p ${project} logs`);
    await sleep(1_000);
  }
}

/** Kafka's, Redis's and PostgreSQL's images as compose will choose them, once all three exist; else null. */
function infraImagesReady() {
  const env = composeEnv();
  const fallback = /** @type {Record<string, string>} */ ({ KAFKA_IMAGE: 'apache/kafka:3.9.1', REDIS_IMAGE: 'redis:7-alpine', POSTGRES_IMAGE: 'postgres:15-alpine' });
  return Object.values(INFRA).every((key) => imageExists(env[key] ?? fallback[key] ?? ''));
}

async function up() {
  const began = Date.now();
  const at = () => `${Math.round((Date.now() - began) / 1000)} s`;
  /** @type {Array<[string, string]>} */
  const phases = [];
  const mark = (/** @type {string} */ what) => {
    phases.push([what, at()]);
    say(`${at()}: ${what}`);
  };
  requireDocker();
  // Kafka, Redis and PostgreSQL start as soon as their images exist, while the service images are still being
  // built: Kafka's start-up then overlaps the build instead of following it.
  let building = true;
  const images = run(process.execPath, [join(repoRoot, 'infra/scripts/images.mjs'), '--if-missing'], { env: process.env }).finally(() => {
    building = false;
  });
  images.catch(() => {}); // awaited below; this only keeps a failure from counting as unhandled meanwhile
  let infraUp = false;
  while (building && !infraUp) {
    if (infraImagesReady()) {
      await run('docker-compose', compose('up', '-d', '--no-build', ...Object.keys(INFRA)), { env: composeEnv() });
      infraUp = true;
      mark('kafka, redis and postgres started (their images exist)');
    } else await sleep(2_000);
  }
  await images;
  mark('every image exists');
  const chosen = readEnvFile(imagesEnvFile);
  const bases = ['NODE_IMAGE', 'KAFKA_IMAGE', 'REDIS_IMAGE', 'POSTGRES_IMAGE'].map((k) => `${k}=${process.env[k] ?? chosen[k] ?? '(official)'}`);
  say(`docker-compose up (project ${project}; ${bases.join(' ')})`);
  await run('docker-compose', compose('up', '-d', '--no-build'), { env: composeEnv() });
  mark('every container created');
  await waitHealthy(Number(args['timeout-seconds']) * 1000, (service) => mark(`${service} ${service === 'topics-init' ? 'done' : 'healthy'}`));
  const api = `http://127.0.0.1:${process.env.WINNOW_API_PORT || '8080'}`;
  say(`up in ${at()}: API on ${api}, Kafka for host clients on 127.0.0.1:${process.env.WINNOW_KAFKA_HOST_PORT || '29092'}`);
  say('phases (time since compose:up started):');
  for (const [what, when] of phases) say(`  ${when.padStart(6)}  ${what}`);
}

/** `scale extractor=2`: that many containers of one service, the running ones left as they are. */
async function scale() {
  const [service, count] = (positionals[1] ?? '').split('=');
  if (!service || !/^[1-9][0-9]*$/.test(count ?? '')) throw new Error(`expected <service>=<count>, got "${positionals[1] ?? ''}"`);
  requireDocker();
  await run('docker-compose', compose('up', '-d', '--no-build', '--no-recreate', '--no-deps', '--scale', `${service}=${count}`, service), { env: composeEnv() });
  await waitHealthy(Number(args['timeout-seconds']) * 1000);
}

async function down() {
  requireDocker();
  await run('docker-compose', compose('down', '--remove-orphans', '--timeout', '30', ...(args.volumes ? ['--volumes'] : [])), { env: composeEnv() });
}

const command = positionals[0];
const action = command === 'up' ? up : command === 'down' ? down : command === 'scale' ? scale : null;
if (action === null) {
  say('usage: node infra/scripts/compose.mjs up|down|scale <service>=<count> [--volumes] [--timeout-seconds 300]');
  process.exit(2);
}
action().catch((err) => {
  say(`compose ${command} failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
