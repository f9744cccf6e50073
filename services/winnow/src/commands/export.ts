// `winnow export --format <f> --mode <m> [filters] --out <file>`: the corpus from the read model, streamed
// from a database cursor into a file: DATABASE_URL when set, else the embedded PGlite data directory
// (refused, in one line, while a `winnow start` holds it).
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { baseEnv, loadConfig } from '@winnow/config';
import { exportCorpus, exportOptionsSchema, type ExportOptions } from '@winnow/export';
import { createPgClient, createPgliteClient, createReadModel, type SqlClient } from '@winnow/read-model';
import { DataDirBusyError, lockDataDir } from '../data-dir-lock.js';
import { parseCommand, processIo, type CommandIo } from './command-io.js';

const USAGE = `usage: winnow export --format jsonl|jsonl.gz|parquet --mode unique|all|novel --out <file>
  [--job <id>] [--site <host>] [--lang <code>] [--verdict unique|duplicate]
  [--published-from <date>] [--published-to <date>] [--fetched-from <date>] [--fetched-to <date>]
  [--min-quality pass]
reads DATABASE_URL when set, else the embedded data directory WINNOW_DATA_DIR (default .winnow)
`;

/** Flag -> export option, so a bad value names the flag the user typed. */
const FLAGS = {
  format: 'format', mode: 'mode', job: 'jobId', site: 'site', lang: 'lang', verdict: 'verdict',
  'published-from': 'publishedFrom', 'published-to': 'publishedTo', 'fetched-from': 'fetchedFrom',
  'fetched-to': 'fetchedTo', 'min-quality': 'minQuality',
} as const;
const OPTION_FLAG = Object.fromEntries(Object.entries(FLAGS).map(([flag, key]) => [key, flag]));

const envSchema = z.object({ DATABASE_URL: baseEnv.DATABASE_URL, WINNOW_DATA_DIR: baseEnv.WINNOW_DATA_DIR });


function parse(argv: string[]): { options: ExportOptions; out: string } | string {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: { ...Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' as const }])), out: { type: 'string' } },
      strict: true,
    }).values;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  if (values.out === undefined) return '--out <file> is required';
  const input = Object.fromEntries(Object.entries(FLAGS).flatMap(([flag, key]) => (values[flag] === undefined ? [] : [[key, values[flag]]])));
  const result = exportOptionsSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return `--${OPTION_FLAG[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`;
  }
  return { options: result.data, out: values.out };
}

/** Exit codes: 0 exported, 2 usage error, 1 the store cannot be opened (or is held) or the export failed. */
export async function run(argv: string[], io: CommandIo = processIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  const command = parseCommand('export', USAGE, argv, io, parse);
  if ('exit' in command) return command.exit;
  const parsed = command.args;
  const config = loadConfig(envSchema, env);
  let release = (): void => {};
  let client: SqlClient;
  if (config.DATABASE_URL !== undefined) {
    client = createPgClient(config.DATABASE_URL, { max: 1 });
  } else {
    const pgDir = join(config.WINNOW_DATA_DIR, 'pg');
    if (!existsSync(pgDir)) {
      io.stderr.write(`winnow export: no embedded database in ${config.WINNOW_DATA_DIR} (run \`winnow start\` first, or set DATABASE_URL)\n`);
      return 1;
    }
    try {
      release = lockDataDir(config.WINNOW_DATA_DIR, 'export');
    } catch (err) {
      if (!(err instanceof DataDirBusyError)) throw err;
      io.stderr.write(`winnow export: ${err.message}\n`);
      return 1;
    }
    client = await createPgliteClient(pgDir);
  }
  try {
    const readModel = createReadModel(client);
    await readModel.migrate();
    const result = await exportCorpus(readModel, parsed.options, createWriteStream(parsed.out));
    io.stderr.write(`winnow export: ${result.records} records (${parsed.options.format}, ${parsed.options.mode}) to ${parsed.out}\n`);
    return 0;
  } catch (err) {
    io.stderr.write(`winnow export: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await client.close();
    release();
  }
}
