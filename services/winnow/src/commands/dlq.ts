// `winnow dlq replay --topic <t> [--code <c>] [--dry-run]`: sends dead letters back to their source topic
// through the running API (POST /v1/dlq/<t>/replay), so it works the same against `npm start` and against a
// distributed deployment, with the API's keys and scopes (`admin`).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { baseEnv, loadConfig } from '@winnow/config';
import { topicNames } from '@winnow/types';
import { parseCommand, processIo, type CommandIo } from './command-io.js';

const USAGE = `usage: winnow dlq replay --topic <topic> [--code <error code>] [--dry-run]
  topic: ${topicNames.join(', ')} (its <topic>.dlq is read)
  talks to the API at WINNOW_API_URL (default http://127.0.0.1:$PORT, PORT default 8080);
  with API keys configured, WINNOW_API_TOKEN holds a token with the admin scope
`;

const envSchema = z.object({
  PORT: baseEnv.PORT,
  /** Base URL of the Winnow API the command talks to. */
  WINNOW_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Bearer token sent to the API (never printed). */
  WINNOW_API_TOKEN: z.string().min(1).optional(),
});


interface ReplayAnswer {
  topic: string;
  dryRun: boolean;
  matched: number;
  replayed: number;
  ids: string[];
}

function parse(argv: string[]): { topic: string; code?: string; dryRun: boolean } | string {
  const [sub, ...rest] = argv;
  if (sub !== 'replay') return sub === undefined ? 'missing subcommand replay' : `unknown subcommand "${sub}"`;
  try {
    const { values } = parseArgs({ args: rest, options: { topic: { type: 'string' }, code: { type: 'string' }, 'dry-run': { type: 'boolean' } }, strict: true });
    if (values.topic === undefined) return '--topic <topic> is required';
    if (!(topicNames as string[]).includes(values.topic)) return `--topic: unknown topic "${values.topic}"`;
    return { topic: values.topic, ...(values.code !== undefined && { code: values.code }), dryRun: values['dry-run'] ?? false };
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Exit codes: 0 replayed (or counted), 2 usage error, 1 the API refused or could not be reached. */
export async function run(argv: string[], io: CommandIo = processIo, env: Record<string, string | undefined> = process.env): Promise<number> {
  const command = parseCommand('dlq', USAGE, argv, io, parse);
  if ('exit' in command) return command.exit;
  const parsed = command.args;
  const config = loadConfig(envSchema, env);
  const base = (config.WINNOW_API_URL ?? `http://127.0.0.1:${config.PORT}`).replace(/\/+$/, '');
  const url = `${base}/v1/dlq/${parsed.topic}/replay`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(config.WINNOW_API_TOKEN && { authorization: `Bearer ${config.WINNOW_API_TOKEN}` }) },
      body: JSON.stringify({ ...(parsed.code !== undefined && { code: parsed.code }), dryRun: parsed.dryRun }),
    });
  } catch (err) {
    io.stderr.write(`winnow dlq: the API at ${base} did not answer (${err instanceof Error ? (err.cause as Error | undefined)?.message ?? err.message : String(err)}); is Winnow running? set WINNOW_API_URL\n`);
    return 1;
  }
  const body = (await res.json().catch(() => ({}))) as Partial<ReplayAnswer> & { detail?: string; code?: string };
  if (!res.ok) {
    io.stderr.write(`winnow dlq: ${res.status} ${body.code ?? ''} ${body.detail ?? ''}`.trimEnd() + '\n');
    return 1;
  }
  const what = `${body.matched} message${body.matched === 1 ? '' : 's'} of ${parsed.topic}.dlq${parsed.code ? ` with code ${parsed.code}` : ''}`;
  io.stdout.write(parsed.dryRun ? `dry run: ${what} would be replayed to ${parsed.topic}\n` : `replayed ${what} to ${parsed.topic}\n`);
  for (const id of body.ids ?? []) io.stdout.write(`${id}\n`);
  return 0;
}
