import { existsSync } from 'node:fs';
import { InfraUnavailableError } from './infra-error.js';
import { runInfraUp } from './infra-up.js';
import { errorText, probeKafka, probePostgres, probeRedis } from './probes.js';

export interface Infra {
  /** Comma-separated `host:port` list, as in KAFKA_BROKERS. */
  readonly kafkaBrokers: string;
  readonly redisUrl: string;
  readonly databaseUrl: string;
}

/** What `npm run infra:up` provides by default. */
export const localDefaults: Infra = Object.freeze({
  kafkaBrokers: '127.0.0.1:9092',
  redisUrl: 'redis://127.0.0.1:6379',
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/winnow',
});

export interface ResolveInfraOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where to look when the environment names nothing. */
  readonly defaults?: Infra;
  /** Run infra/scripts/infra-up.mjs when the defaults do not answer (default true). */
  readonly startWithInfraUp?: boolean;
  /** Where a local Docker engine would listen; only reported: the tests do not start containers themselves yet. */
  readonly dockerSocket?: string;
}

/**
 * Finds Kafka, Redis and PostgreSQL for integration tests, in this order:
 * 1. KAFKA_BROKERS / REDIS_URL / DATABASE_URL from the environment, used as given;
 * 2. for any not set, the 127.0.0.1 defaults, when they answer;
 * 3. otherwise `infra:up`, which starts what is missing;
 * and throws InfraUnavailableError naming each missing piece when none of that works.
 */
export async function resolveInfra(options: ResolveInfraOptions = {}): Promise<Infra> {
  const env = options.env ?? process.env;
  const defaults = options.defaults ?? localDefaults;
  const fromEnv = {
    kafkaBrokers: nonEmpty(env.KAFKA_BROKERS),
    redisUrl: nonEmpty(env.REDIS_URL),
    databaseUrl: nonEmpty(env.DATABASE_URL),
  };
  if (fromEnv.kafkaBrokers && fromEnv.redisUrl && fromEnv.databaseUrl) {
    return Object.freeze({ kafkaBrokers: fromEnv.kafkaBrokers, redisUrl: fromEnv.redisUrl, databaseUrl: fromEnv.databaseUrl });
  }

  const candidate: Infra = {
    kafkaBrokers: fromEnv.kafkaBrokers ?? defaults.kafkaBrokers,
    redisUrl: fromEnv.redisUrl ?? defaults.redisUrl,
    databaseUrl: fromEnv.databaseUrl ?? defaults.databaseUrl,
  };
  const problems = await probeAll(candidate, fromEnv);
  if (problems.length === 0) return Object.freeze(candidate);

  if (options.startWithInfraUp === false) {
    throw new InfraUnavailableError([...problems, 'infra:up not attempted', dockerNote(options.dockerSocket)]);
  }
  try {
    const up = await runInfraUp();
    return Object.freeze({
      kafkaBrokers: fromEnv.kafkaBrokers ?? up.KAFKA_BROKERS,
      redisUrl: fromEnv.redisUrl ?? up.REDIS_URL,
      databaseUrl: fromEnv.databaseUrl ?? up.DATABASE_URL,
    });
  } catch (err) {
    throw new InfraUnavailableError([...problems, `npm run infra:up failed: ${errorText(err)}`, dockerNote(options.dockerSocket)]);
  }
}

let shared: Promise<Infra> | undefined;

/** resolveInfra() once per test process; later calls share the answer. */
export function getInfra(): Promise<Infra> {
  shared ??= resolveInfra().catch((err: unknown) => {
    shared = undefined;
    throw err;
  });
  return shared;
}

/** Probes only what the environment did not name: what it names is used as given. */
async function probeAll(candidate: Infra, fromEnv: Partial<Record<keyof Infra, string>>): Promise<string[]> {
  const results = await Promise.all([
    fromEnv.kafkaBrokers ? null : probeKafka(candidate.kafkaBrokers),
    fromEnv.redisUrl ? null : probeRedis(candidate.redisUrl),
    fromEnv.databaseUrl ? null : probePostgres(candidate.databaseUrl),
  ]);
  return results.filter((r): r is string => r !== null);
}

function dockerNote(socket = '/var/run/docker.sock'): string {
  return existsSync(socket)
    ? `a Docker engine socket exists at ${socket}, but the tests do not start containers themselves; run npm run compose:up or npm run infra:up and export the URLs`
    : `no Docker engine at ${socket}, so no containers could stand in either`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
