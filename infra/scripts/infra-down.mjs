#!/usr/bin/env node
// npm run infra:down — stops only what infra:up started (recorded in <state dir>/started.json), newest first.
// Kafka's data stays in infra/.local/kafka-data for a fast next start; `-- --purge` removes it and the PostgreSQL cluster.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { isOurProcess, say, stopProcess } from '../lib/processes.mjs';
import { stopPostgres } from '../lib/postgres-local.mjs';
import { defaultStateDir, readStarted, withStateLock, writeStarted } from '../lib/state.mjs';

const { values: args } = parseArgs({
  options: {
    'state-dir': { type: 'string', default: defaultStateDir },
    purge: { type: 'boolean', default: false },
  },
});
const stateDir = args['state-dir'];

async function main() {
  await withStateLock(stateDir, async () => {
    const started = readStarted(stateDir);
    const pgDataDir = started.postgres?.dataDir ?? join(stateDir, 'pg');
    if (started.postgres) {
      say(`stopping PostgreSQL on 127.0.0.1:${started.postgres.port}`);
      const status = await stopPostgres(started.postgres);
      if (status !== 0) say(`pg_ctl stop exited ${status} (already stopped?)`);
      delete started.postgres;
      writeStarted(stateDir, started);
    }
    if (started.redis) {
      const { pid, port } = started.redis;
      const how = isOurProcess(pid, 'redis-server') ? await stopProcess(pid, { timeoutMs: 10_000 }) : 'not-running';
      say(`Redis on 127.0.0.1:${port} (pid ${pid}): ${how}`);
      delete started.redis;
      writeStarted(stateDir, started);
    }
    if (started.kafka) {
      const { pid, port } = started.kafka;
      // Controlled shutdown of a single KRaft node takes a few seconds; 30 s before kill -9.
      const how = isOurProcess(pid, 'kafka.Kafka') ? await stopProcess(pid, { timeoutMs: 30_000 }) : 'not-running';
      say(`Kafka on 127.0.0.1:${port} (pid ${pid}): ${how}`);
      delete started.kafka;
      rmSync(join(stateDir, 'kafka.pid'), { force: true });
      writeStarted(stateDir, started);
    }
    if (args.purge) {
      say('removing Kafka data and the throwaway PostgreSQL cluster');
      // A cluster kept outside the state dir (root runs where `postgres` cannot enter it) goes with its folder.
      const pgHome = dirname(pgDataDir) === stateDir ? pgDataDir : dirname(pgDataDir);
      for (const dir of [join(stateDir, 'kafka-data'), pgHome]) rmSync(dir, { recursive: true, force: true });
    }
  });
  say('infra down');
}

main().catch((err) => {
  say(`failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
