// The order resolveInfra tries things in, with a fake container step: environment, containers, 127.0.0.1
// defaults, infra:up. (The real container path runs under every integration test when a Docker engine answers.)
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort, getInfra, InfraUnavailableError, resolveInfra, type Infra } from '../src/index.js';
import type { ContainerOutcome } from '../src/test-containers.js';
import { chooseImages } from '../src/test-containers.js';

const fromContainers: Infra = {
  kafkaBrokers: '127.0.0.1:40001',
  redisUrl: 'redis://127.0.0.1:40002',
  databaseUrl: 'postgres://postgres:postgres@127.0.0.1:40003/winnow',
};

/** A container step that records its calls and answers `outcome`. */
function fakeContainers(outcome: ContainerOutcome | Error) {
  const calls: unknown[] = [];
  const step = (env: unknown) => {
    calls.push(env);
    return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
  };
  return { step, calls };
}

async function nothingListening(): Promise<Infra> {
  return {
    kafkaBrokers: `127.0.0.1:${await freePort()}`,
    redisUrl: `redis://127.0.0.1:${await freePort()}`,
    databaseUrl: `postgres://postgres@127.0.0.1:${await freePort()}/winnow`,
  };
}

describe('resolveInfra order', () => {
  let real: Infra;
  beforeAll(async () => {
    real = await getInfra(); // on a fresh machine this starts the containers (or infra:up)
  }, 240_000);

  it('takes a complete environment as given and starts no containers', async () => {
    const fake = fakeContainers({ infra: fromContainers, description: 'testcontainers (fake)' });
    const lines: string[] = [];
    const env = { KAFKA_BROKERS: 'k:9092', REDIS_URL: 'redis://r:6379', DATABASE_URL: 'postgres://p/winnow' };
    const infra = await resolveInfra({ env, containers: fake.step, log: (l) => lines.push(l), startWithInfraUp: false });
    expect(infra).toEqual({ kafkaBrokers: 'k:9092', redisUrl: 'redis://r:6379', databaseUrl: 'postgres://p/winnow' });
    expect(fake.calls).toHaveLength(0);
    expect(lines).toEqual(['integration infra: environment (KAFKA_BROKERS, REDIS_URL, DATABASE_URL)']);
  });

  it('prefers containers to the 127.0.0.1 defaults, and keeps what the environment names', async () => {
    const fake = fakeContainers({ infra: fromContainers, description: 'testcontainers (kafka image k:1, redis image r:1, postgres image p:1; shared)' });
    const lines: string[] = [];
    const infra = await resolveInfra({
      env: { REDIS_URL: 'redis://mine:6379' },
      defaults: real, // these answer: containers still come first
      containers: fake.step,
      log: (l) => lines.push(l),
      startWithInfraUp: false,
    });
    expect(infra).toEqual({ ...fromContainers, redisUrl: 'redis://mine:6379' });
    expect(fake.calls).toHaveLength(1);
    expect(lines).toEqual(['integration infra: testcontainers (kafka image k:1, redis image r:1, postgres image p:1; shared), with REDIS_URL from the environment']);
  });

  it('falls back to the 127.0.0.1 defaults when no containers can be had, saying why', async () => {
    const fake = fakeContainers({ unavailable: 'no Docker engine answers (connect ENOENT /var/run/docker.sock)' });
    const lines: string[] = [];
    const defaults = real;
    const infra = await resolveInfra({ env: {}, defaults, containers: fake.step, log: (l) => lines.push(l), startWithInfraUp: false });
    expect(infra).toEqual(defaults);
    expect(lines).toEqual(['integration infra: 127.0.0.1 defaults, which answer (no Docker engine answers (connect ENOENT /var/run/docker.sock))']);
  });

  it('names the missing images when the engine answers without them, and then tries infra:up (here: not allowed)', async () => {
    const fake = fakeContainers({ unavailable: 'a Docker engine answers but images are missing: winnow-local/kafka:3.9.1 (npm run images builds them)' });
    const err = await resolveInfra({ env: {}, defaults: await nothingListening(), containers: fake.step, startWithInfraUp: false, log: () => {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfraUnavailableError);
    expect((err as Error).message).toContain('images are missing: winnow-local/kafka:3.9.1 (npm run images builds them)');
    expect((err as Error).message).toContain('infra:up not attempted');
  });

  it('fails clearly, without falling back, when containers could be started but did not come up', async () => {
    const fake = fakeContainers(new Error('starting the test containers failed: port is already allocated'));
    const err = await resolveInfra({ env: {}, defaults: real, containers: fake.step, log: () => {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfraUnavailableError);
    expect((err as Error).message).toContain('port is already allocated');
  });
});

describe('chooseImages', () => {
  it('takes the environment first, then what npm run images recorded, then the official images', () => {
    const recorded = { KAFKA_IMAGE: 'winnow-local/kafka:3.9.1', REDIS_IMAGE: 'winnow-local/redis:7-bookworm' };
    expect(chooseImages({ REDIS_IMAGE: 'my/redis:7' }, recorded)).toEqual({
      kafka: 'winnow-local/kafka:3.9.1',
      redis: 'my/redis:7',
      postgres: 'postgres:15-alpine',
    });
    expect(chooseImages({}, {})).toEqual({ kafka: 'apache/kafka:3.9.1', redis: 'redis:7-alpine', postgres: 'postgres:15-alpine' });
  });
});
