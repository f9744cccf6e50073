#!/usr/bin/env node
// npm run infra:up — Kafka (KRaft, from Maven Central jars), Redis and PostgreSQL on 127.0.0.1, and the topics.
// Uses whatever already answers on each port; starts only what is missing and records it for infra:down.
// stdout carries exactly one line, for `eval "$(npm run -s infra:up)"`; progress goes to stderr.
import { parseArgs } from 'node:util';
import { ensureTopics, waitForKafka } from '../topics.mjs';
import { ensureJars, kafkaBrokers, runningKafkaPid, startKafka } from '../lib/kafka-node.mjs';
import { ensureDatabase, findPostgresUser, postgresUrl, startPostgres } from '../lib/postgres-local.mjs';
import { say } from '../lib/processes.mjs';
import { redisAnswers, startRedis } from '../lib/redis-local.mjs';
import { defaultStateDir, readStarted, withStateLock, writeStarted } from '../lib/state.mjs';

const { values: args } = parseArgs({
  options: {
    'kafka-port': { type: 'string', default: '9092' },
    'controller-port': { type: 'string', default: '9093' },
    'redis-port': { type: 'string', default: '6379' },
    'pg-port': { type: 'string', default: '5432' },
    database: { type: 'string', default: 'winnow' },
    'state-dir': { type: 'string', default: defaultStateDir },
  },
});

const stateDir = args['state-dir'];
const kafkaNode = { stateDir, port: Number(args['kafka-port']), controllerPort: Number(args['controller-port']) };
const redisPort = Number(args['redis-port']);
const pgPort = Number(args['pg-port']);

/** @param {number} pid */
function recordKafka(pid) {
  writeStarted(stateDir, { ...readStarted(stateDir), kafka: { pid, port: kafkaNode.port, controllerPort: kafkaNode.controllerPort } });
}

/** What already answers, asked before anything starts (a busy start-up would make the short probes time out). */
async function probe() {
  const [ourKafka, kafka, redis, pgUser] = await Promise.all([
    runningKafkaPid(kafkaNode),
    waitForKafka({ brokers: kafkaBrokers(kafkaNode), timeoutMs: 1_500 }).catch(() => null),
    redisAnswers(redisPort, 1_500),
    findPostgresUser(pgPort),
  ]);
  return { ourKafka, kafka, redis, pgUser };
}

/** @param {Awaited<ReturnType<typeof probe>>} found */
async function upKafka(found) {
  const brokers = kafkaBrokers(kafkaNode);
  if (found.ourKafka !== null) {
    say(`Kafka started earlier by infra:up (pid ${found.ourKafka}); waiting until it answers`);
    // An earlier run may have died between starting the broker and recording it.
    recordKafka(found.ourKafka);
    await waitForKafka({ brokers, timeoutMs: 60_000 });
    return;
  }
  if (found.kafka !== null) {
    say(`using the Kafka already answering on ${brokers} (cluster ${found.kafka.clusterId})`);
    return;
  }
  await ensureJars();
  const pid = await startKafka(kafkaNode, recordKafka);
  say(`Kafka ready on ${brokers} (pid ${pid})`);
}

/** @param {Awaited<ReturnType<typeof probe>>} found */
async function upRedis(found) {
  if (found.redis) {
    say(`using the Redis already answering on 127.0.0.1:${redisPort}`);
    return;
  }
  const pid = await startRedis({ stateDir, port: redisPort });
  writeStarted(stateDir, { ...readStarted(stateDir), redis: { pid, port: redisPort } });
  say(`Redis ready on 127.0.0.1:${redisPort} (pid ${pid})`);
}

/** @param {Awaited<ReturnType<typeof probe>>} found */
async function upPostgres(found) {
  let user = found.pgUser;
  if (user === null) {
    const cluster = await startPostgres({ stateDir, port: pgPort });
    writeStarted(stateDir, { ...readStarted(stateDir), postgres: { ...cluster, port: pgPort } });
    user = 'postgres';
  } else {
    say(`using the PostgreSQL already answering on 127.0.0.1:${pgPort} as ${user}`);
  }
  await ensureDatabase({ port: pgPort, user, database: args.database });
  return postgresUrl({ port: pgPort, user, database: args.database });
}

async function main() {
  const began = Date.now();
  const databaseUrl = await withStateLock(stateDir, async () => {
    const found = await probe();
    // Independent: a cold Kafka boots its JVM while initdb runs. Each records what it started on its own,
    // and all three settle before a failure is reported, so infra:down knows everything that did start.
    const [kafka, redis, postgres] = await Promise.allSettled([upKafka(found), upRedis(found), upPostgres(found)]);
    for (const outcome of [kafka, redis, postgres]) if (outcome.status === 'rejected') throw outcome.reason;
    const url = /** @type {PromiseFulfilledResult<string>} */ (postgres).value;
    const { created, existing } = await ensureTopics({ brokers: kafkaBrokers(kafkaNode) });
    say(`topics: ${created.length} created, ${existing.length} already there`);
    return url;
  });
  say(`ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  process.stdout.write(
    `export KAFKA_BROKERS=${kafkaBrokers(kafkaNode)} REDIS_URL=redis://127.0.0.1:${redisPort} DATABASE_URL=${databaseUrl}\n`,
  );
}

main().catch((err) => {
  say(`failed: ${err instanceof Error ? err.message : String(err)}`);
  say('whatever did start is recorded; `npm run infra:down` stops it');
  process.exit(1);
});
