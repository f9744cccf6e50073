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

async function upKafka() {
  const brokers = kafkaBrokers(kafkaNode);
  const ours = runningKafkaPid(kafkaNode);
  if (ours !== null) {
    say(`Kafka started earlier by infra:up (pid ${ours}); waiting until it answers`);
    await waitForKafka({ brokers, timeoutMs: 60_000 });
    return;
  }
  const existing = await waitForKafka({ brokers, timeoutMs: 1_000 }).catch(() => null);
  if (existing !== null) {
    say(`using the Kafka already answering on ${brokers} (cluster ${existing.clusterId})`);
    return;
  }
  ensureJars();
  const pid = await startKafka(kafkaNode);
  writeStarted(stateDir, { ...readStarted(stateDir), kafka: { pid, port: kafkaNode.port, controllerPort: kafkaNode.controllerPort } });
  say(`Kafka ready on ${brokers} (pid ${pid})`);
}

async function upRedis() {
  if (await redisAnswers(redisPort)) {
    say(`using the Redis already answering on 127.0.0.1:${redisPort}`);
    return;
  }
  const pid = await startRedis({ stateDir, port: redisPort });
  writeStarted(stateDir, { ...readStarted(stateDir), redis: { pid, port: redisPort } });
  say(`Redis ready on 127.0.0.1:${redisPort} (pid ${pid})`);
}

async function upPostgres() {
  let user = await findPostgresUser(pgPort);
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
    await upKafka();
    await upRedis();
    const url = await upPostgres();
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
