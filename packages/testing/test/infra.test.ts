import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { getInfra, InfraUnavailableError, resolveInfra } from '../src/index.js';
import { probeKafka, probePostgres, probeRedis } from '../src/probes.js';

/** A 127.0.0.1 port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('getInfra', () => {
  it('hands out Kafka, Redis and PostgreSQL that answer', async () => {
    const infra = await getInfra();
    expect(await probeKafka(infra.kafkaBrokers)).toBeNull();
    expect(await probeRedis(infra.redisUrl)).toBeNull();
    expect(await probePostgres(infra.databaseUrl)).toBeNull();
  }, 120_000); // on a machine where nothing runs yet, getInfra starts Kafka through infra:up

  it('answers every caller in a process with the same infrastructure', async () => {
    const [a, b] = await Promise.all([getInfra(), getInfra()]);
    expect(a).toBe(b);
  });
});

describe('resolveInfra', () => {
  it('uses KAFKA_BROKERS, REDIS_URL and DATABASE_URL from the environment as given', async () => {
    const env = {
      KAFKA_BROKERS: 'kafka-a:9092,kafka-b:9092',
      REDIS_URL: 'redis://cache:6380',
      DATABASE_URL: 'postgres://app@db:5433/winnow',
    };
    await expect(resolveInfra({ env, startWithInfraUp: false })).resolves.toEqual({
      kafkaBrokers: 'kafka-a:9092,kafka-b:9092',
      redisUrl: 'redis://cache:6380',
      databaseUrl: 'postgres://app@db:5433/winnow',
    });
  });

  it('fills what the environment leaves out from the local defaults when they answer', async () => {
    const infra = await getInfra();
    const resolved = await resolveInfra({
      env: { KAFKA_BROKERS: 'elsewhere:9092' },
      defaults: infra,
      startWithInfraUp: false,
      containers: false,
    });
    expect(resolved).toEqual({ ...infra, kafkaBrokers: 'elsewhere:9092' });
  });

  it('runs infra:up when the defaults do not answer, and hands out what it prints', async () => {
    const resolved = await resolveInfra({
      env: {},
      defaults: {
        kafkaBrokers: `127.0.0.1:${await closedPort()}`,
        redisUrl: `redis://127.0.0.1:${await closedPort()}`,
        databaseUrl: `postgres://postgres@127.0.0.1:${await closedPort()}/winnow`,
      },
      containers: false, // the path CI keeps exercising after the testcontainers run
    });
    // infra:up brings up (or finds) the standard local ports.
    expect(resolved.kafkaBrokers).toBe('127.0.0.1:9092');
    expect(await probeKafka(resolved.kafkaBrokers)).toBeNull();
    expect(await probeRedis(resolved.redisUrl)).toBeNull();
    expect(await probePostgres(resolved.databaseUrl)).toBeNull();
  }, 240_000);

  it('fails, naming each missing service and why no containers stood in, when nothing answers', async () => {
    const [k, r, p] = [await closedPort(), await closedPort(), await closedPort()];
    const attempt = resolveInfra({
      env: {},
      defaults: {
        kafkaBrokers: `127.0.0.1:${k}`,
        redisUrl: `redis://127.0.0.1:${r}`,
        databaseUrl: `postgres://postgres@127.0.0.1:${p}/winnow`,
      },
      startWithInfraUp: false,
      containers: () => Promise.resolve({ unavailable: 'no Docker engine answers (connect ENOENT /var/run/docker.sock)' }),
    });
    const err = await attempt.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfraUnavailableError);
    const message = (err as Error).message;
    expect(message).toContain(`Kafka not answering at 127.0.0.1:${k}`);
    expect(message).toContain(`Redis not answering at 127.0.0.1:${r}`);
    expect(message).toContain(`PostgreSQL not usable at postgres://postgres@127.0.0.1:${p}/winnow`);
    expect(message).toContain('no Docker engine answers (connect ENOENT /var/run/docker.sock)');
    expect((err as InfraUnavailableError).code).toBe('WINNOW_ERR_TEST_INFRA_UNAVAILABLE');
  });
});
