import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kafkaClusterId } from '@winnow/infra/cluster-id';
import { freePort } from '@winnow/infra/free-port';
import { imagesEnvFile, readEnvFile } from '@winnow/infra/images-env';
import { withStateLock } from '@winnow/infra/state-lock';
import { ensureTopics, waitForKafka } from '@winnow/infra/topics';
import { GenericContainer, getContainerRuntimeClient, ImageName, Wait, type StartedTestContainer } from 'testcontainers';
import type { Infra, TestImages } from './infra-shape.js';
import { errorText, probeKafka, probePostgres, probeRedis } from './probes.js';
import { addLease, containerLabel, containerStateDir, runningReaper, readContainerState, removeContainers, stoppedContainers, writeContainerState, type ContainerState } from './test-containers-state.js';


/** What the container path answers: the infrastructure, or why it cannot give one (then the next way is tried). */
export type ContainerOutcome = { readonly infra: Infra; readonly description: string } | { readonly unavailable: string };

/** The official images, which docker-compose.yml and `npm run images` also default to. */
const OFFICIAL: TestImages = Object.freeze({ kafka: 'apache/kafka:3.9.1', redis: 'redis:7-alpine', postgres: 'postgres:15-alpine' });

/** Seconds without a live test process after which the reaper removes the containers. */
const IDLE_SECONDS = 120;

/** KAFKA_IMAGE / REDIS_IMAGE / POSTGRES_IMAGE from the environment, else infra/.local/images.env, else the official ones. */
export function chooseImages(env: Readonly<Record<string, string | undefined>>, recorded: Record<string, string> = readEnvFile(imagesEnvFile)): TestImages {
  return {
    kafka: env.KAFKA_IMAGE || recorded.KAFKA_IMAGE || OFFICIAL.kafka,
    redis: env.REDIS_IMAGE || recorded.REDIS_IMAGE || OFFICIAL.redis,
    postgres: env.POSTGRES_IMAGE || recorded.POSTGRES_IMAGE || OFFICIAL.postgres,
  };
}

/**
 * Kafka (KRaft), Redis and PostgreSQL as containers of `images`, shared by every test process of one run: the first
 * process starts them and records them in infra/.local/testcontainers/state.json (under a lock), later ones find
 * them there. A detached reaper removes them once no test process has used them for IDLE_SECONDS, the job Ryuk
 * would do if its image could be pulled (`node packages/testing/dist/test-containers-cli.js stop` removes them now).
 * Answers `unavailable` when no Docker engine answers or an image is missing; throws when starting them fails.
 */
export async function testContainers(env: Readonly<Record<string, string | undefined>> = process.env): Promise<ContainerOutcome> {
  // Containers outlive the process that starts them, so Ryuk (which removes them when it disconnects) must not run.
  process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
  const images = chooseImages(env);
  let client;
  try {
    client = await getContainerRuntimeClient();
  } catch (err) {
    return { unavailable: `no Docker engine answers (${errorText(err).split('\n')[0]})` };
  }
  const missing: string[] = [];
  for (const image of Object.values(images)) {
    if (!(await client.image.exists(ImageName.fromString(image)))) missing.push(image);
  }
  if (missing.length > 0) return { unavailable: `a Docker engine answers but images are missing: ${missing.join(', ')} (npm run images builds them)` };

  const dir = containerStateDir();
  return withStateLock(dir, async () => {
    const found = readContainerState(dir);
    let started = false;
    let state: ContainerState;
    if (found !== null && sameImages(found.images, images) && (await answers(found.infra))) {
      state = found;
      if (runningReaper(dir) === null) spawnReaper(dir);
    } else {
      // Whatever this checkout's tests left (an outdated set, or one whose starter was killed before recording it).
      await removeContainers(dir);
      state = await startContainers(images, dir);
      started = true;
      writeContainerState(dir, state);
      spawnReaper(dir);
    }
    addLease(dir, process.pid);
    const description = `testcontainers (kafka image ${images.kafka}, redis image ${images.redis}, postgres image ${images.postgres}; ${started ? 'started by this process' : 'shared'})`;
    return { infra: state.infra, description };
  }, 300_000);
}

async function startContainers(images: TestImages, dir: string): Promise<ContainerState> {
  const labels = { [containerLabel]: dir };
  const kafkaPort = await freePort();
  // Clients connect to the port published on the host, so the broker listens on and advertises that same port.
  const kafka = new GenericContainer(images.kafka)
    .withLabels(labels)
    .withEnvironment(kafkaEnvironment(kafkaPort))
    .withExposedPorts({ container: kafkaPort, host: kafkaPort })
    .withWaitStrategy(Wait.forListeningPorts())
    .withStartupTimeout(180_000);
  const redis = new GenericContainer(images.redis)
    .withLabels(labels)
    .withCommand(['redis-server', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'])
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forListeningPorts())
    .withStartupTimeout(120_000);
  const postgres = new GenericContainer(images.postgres)
    .withLabels(labels)
    .withEnvironment({ POSTGRES_USER: 'postgres', POSTGRES_PASSWORD: 'postgres', POSTGRES_DB: 'winnow' })
    .withExposedPorts(5432)
    .withWaitStrategy(Wait.forListeningPorts())
    .withStartupTimeout(180_000);
  const outcomes = await Promise.allSettled([kafka.start(), redis.start(), postgres.start()]);
  const running = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failure !== undefined || running.length !== 3) {
    const stopped = await stoppedContainers(dir).catch((err: unknown) => [`(their logs could not be read: ${errorText(err)})`]);
    await removeContainers(dir);
    throw new Error([`starting the test containers failed: ${errorText(failure?.reason)}`, ...stopped].join('\n'));
  }
  const [k, r, p] = running as [StartedTestContainer, StartedTestContainer, StartedTestContainer];
  const host = hostAddress(r.getHost());
  const infra: Infra = {
    kafkaBrokers: `${host}:${kafkaPort}`,
    redisUrl: `redis://${host}:${r.getMappedPort(6379)}`,
    databaseUrl: `postgres://postgres:postgres@${host}:${p.getMappedPort(5432)}/winnow`,
  };
  const state: ContainerState = { images, infra, containerIds: running.map((c) => c.getId()) };
  try {
    await waitForKafka({ brokers: infra.kafkaBrokers, timeoutMs: 90_000 });
    await Promise.all([until(() => probeRedis(infra.redisUrl)), until(() => probePostgres(infra.databaseUrl))]);
    // The same topics infra:up creates, so tests that use the unprefixed names find them.
    await ensureTopics({ brokers: infra.kafkaBrokers });
  } catch (err) {
    await removeContainers(dir);
    throw new Error(`the test containers started (${k.getId().slice(0, 12)}…) but did not become usable: ${errorText(err)}`);
  }
  return state;
}

function kafkaEnvironment(port: number): Record<string, string> {
  return {
    CLUSTER_ID: kafkaClusterId(),
    KAFKA_NODE_ID: '1',
    KAFKA_PROCESS_ROLES: 'broker,controller',
    KAFKA_CONTROLLER_QUORUM_VOTERS: '1@127.0.0.1:9093',
    KAFKA_LISTENERS: `PLAINTEXT://:${port},CONTROLLER://127.0.0.1:9093`,
    KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
    KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
    KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS: '1',
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    // Topics are created explicitly from infra/topics.json; kafkajs races with auto-creation under KRaft.
    KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    KAFKA_NUM_PARTITIONS: '1',
    KAFKA_MESSAGE_MAX_BYTES: '33554432',
    KAFKA_REPLICA_FETCH_MAX_BYTES: '33554432',
  };
}

/** `localhost` may resolve to ::1 first, where the broker does not advertise itself. */
const hostAddress = (host: string) => (host === 'localhost' ? '127.0.0.1' : host);

const sameImages = (a: TestImages, b: TestImages) => a.kafka === b.kafka && a.redis === b.redis && a.postgres === b.postgres;

/**
 * Whether recorded containers still serve. A false answer removes them, under the feet of every test process
 * using them, so a busy broker gets the probes' full time; containers that are gone refuse at once.
 */
async function answers(infra: Infra): Promise<boolean> {
  const probes = await Promise.all([
    probeKafka(infra.kafkaBrokers),
    probeRedis(infra.redisUrl),
    probePostgres(infra.databaseUrl),
  ]);
  return probes.every((p) => p === null);
}

/** Retries a probe (null = ready) for up to `timeoutMs`. */
async function until(probe: () => Promise<string | null>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problem = await probe();
    if (problem === null) return;
    if (Date.now() > deadline) throw new Error(problem);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The reaper: a detached `test-containers-cli.js reap`, logging to the state dir. */
function spawnReaper(dir: string): void {
  // From src/ (this package's own tests) and from dist/ alike, the built CLI is in dist/.
  const cli = fileURLToPath(new URL('../dist/test-containers-cli.js', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const log = openSync(join(dir, 'reaper.log'), 'a');
  try {
    const child = spawn(process.execPath, [cli, 'reap', String(IDLE_SECONDS)], { detached: true, stdio: ['ignore', log, log], env: process.env });
    child.unref();
    if (child.pid !== undefined) writeFileSync(join(dir, 'reaper.pid'), `${child.pid}\n`);
  } finally {
    closeSync(log);
  }
}
