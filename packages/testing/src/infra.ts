import { InfraUnavailableError } from './infra-error.js';
import type { Infra } from './infra-shape.js';
import { runInfraUp } from './infra-up.js';
import { errorText, probeKafka, probePostgres, probeRedis } from './probes.js';
import { testContainers, type ContainerOutcome } from './test-containers.js';

export type { Infra } from './infra-shape.js';

/** What `npm run infra:up` provides by default. */
export const localDefaults: Infra = Object.freeze({
  kafkaBrokers: '127.0.0.1:9092',
  redisUrl: 'redis://127.0.0.1:6379',
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/winnow',
});

export interface ResolveInfraOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where to look when the environment names nothing and no containers can be started. */
  readonly defaults?: Infra;
  /** Run infra/scripts/infra-up.mjs when the defaults do not answer (default true). */
  readonly startWithInfraUp?: boolean;
  /**
   * Kafka, Redis and PostgreSQL as containers when a Docker engine answers and the images exist (default:
   * testcontainers, see test-containers.ts); false skips this step.
   */
  readonly containers?: ((env: Readonly<Record<string, string | undefined>>) => Promise<ContainerOutcome>) | false;
  /** Where the one line naming the choice goes (default stderr). */
  readonly log?: (line: string) => void;
}

/**
 * Finds Kafka, Redis and PostgreSQL for integration tests, in this order:
 * 1. KAFKA_BROKERS / REDIS_URL / DATABASE_URL from the environment, used as given;
 * 2. for any not set, containers (testcontainers) when a Docker engine answers and the images exist;
 * 3. otherwise the 127.0.0.1 defaults, when they answer;
 * 4. otherwise `infra:up`, which starts what is missing;
 * and throws InfraUnavailableError naming each missing piece when none of that works.
 */
export async function resolveInfra(options: ResolveInfraOptions = {}): Promise<Infra> {
  const env = options.env ?? process.env;
  const defaults = options.defaults ?? localDefaults;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const fromEnv = {
    kafkaBrokers: nonEmpty(env.KAFKA_BROKERS),
    redisUrl: nonEmpty(env.REDIS_URL),
    databaseUrl: nonEmpty(env.DATABASE_URL),
  };
  const fill = (found: Infra): Infra =>
    Object.freeze({
      kafkaBrokers: fromEnv.kafkaBrokers ?? found.kafkaBrokers,
      redisUrl: fromEnv.redisUrl ?? found.redisUrl,
      databaseUrl: fromEnv.databaseUrl ?? found.databaseUrl,
    });
  if (fromEnv.kafkaBrokers && fromEnv.redisUrl && fromEnv.databaseUrl) {
    log('integration infra: environment (KAFKA_BROKERS, REDIS_URL, DATABASE_URL)');
    return fill(defaults);
  }
  const named = namedInEnv(fromEnv);

  let noContainers = 'containers not tried';
  if (options.containers !== false) {
    let outcome: ContainerOutcome;
    try {
      outcome = await (options.containers ?? testContainers)(env);
    } catch (err) {
      throw new InfraUnavailableError([`a Docker engine answers and the images exist, but ${errorText(err)}`]);
    }
    if ('infra' in outcome) {
      log(`integration infra: ${outcome.description}${named}`);
      return fill(outcome.infra);
    }
    noContainers = outcome.unavailable;
  }

  const candidate = fill(defaults);
  const problems = await probeAll(candidate, fromEnv);
  if (problems.length === 0) {
    log(`integration infra: 127.0.0.1 defaults, which answer (${noContainers})${named}`);
    return candidate;
  }
  if (options.startWithInfraUp === false) {
    throw new InfraUnavailableError([...problems, 'infra:up not attempted', noContainers]);
  }
  try {
    const up = await runInfraUp();
    log(`integration infra: npm run infra:up (${noContainers})${named}`);
    return fill({ kafkaBrokers: up.KAFKA_BROKERS, redisUrl: up.REDIS_URL, databaseUrl: up.DATABASE_URL });
  } catch (err) {
    throw new InfraUnavailableError([...problems, `npm run infra:up failed: ${errorText(err)}`, noContainers]);
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

/** ", with X from the environment" for the variables given there, so the log line tells the whole story. */
function namedInEnv(fromEnv: Partial<Record<keyof Infra, string>>): string {
  const names = [fromEnv.kafkaBrokers && 'KAFKA_BROKERS', fromEnv.redisUrl && 'REDIS_URL', fromEnv.databaseUrl && 'DATABASE_URL'].filter(Boolean);
  return names.length > 0 ? `, with ${names.join(', ')} from the environment` : '';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
