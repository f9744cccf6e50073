// `winnow keys new --scopes read+crawl`: prints a fresh random API token once, and the WINNOW_API_KEYS
// entry (its SHA-256 and scopes) to put in the configuration. The token itself is stored nowhere.
import { parseArgs } from 'node:util';
import { newKey, parseScopes, SCOPES } from '@winnow/api';

const USAGE = `usage: winnow keys new --scopes <scopes>\n  scopes: ${SCOPES.join(', ')} joined by + (e.g. read+crawl)\n`;

interface Io {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export async function run(argv: string[], io: Io = process): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { scopes: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    io.stderr.write(`winnow keys: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals[0] !== 'new' || parsed.positionals.length !== 1) {
    io.stderr.write(`winnow keys: expected the subcommand "new"\n${USAGE}`);
    return 2;
  }
  if (parsed.values.scopes === undefined) {
    io.stderr.write(`winnow keys new: --scopes is required\n${USAGE}`);
    return 2;
  }
  let scopes;
  try {
    scopes = parseScopes(parsed.values.scopes);
  } catch (err) {
    io.stderr.write(`winnow keys new: --scopes: ${(err as Error).message}\n`);
    return 2;
  }
  const { token, entry } = newKey(scopes);
  io.stdout.write(
    `token (shown once; clients send it as "Authorization: Bearer <token>"):\n${token}\n\n` +
      `WINNOW_API_KEYS entry (add it, comma-separated, to the API's configuration):\n${entry}\n`,
  );
  return 0;
}
