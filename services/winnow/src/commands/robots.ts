// `winnow robots <robots.txt file> <user-agent> <url>...`: prints `allowed <url>` or
// `disallowed <url>` for each URL, decided as Google's robots.txt parser decides.
import { readFile } from 'node:fs/promises';
import { parseRobots } from '@winnow/robots';
import { parseCommand, processIo, type CommandIo } from './command-io.js';

const USAGE = 'usage: winnow robots <robots.txt file|-> <user-agent> <url>...\n';

async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * Exit codes: 0 when every URL was judged, 2 for a usage error, 1 when the
 * robots.txt file cannot be read. URLs are matched as given (already
 * percent-encoded, as a crawler's normalized URLs are); the user-agent is a
 * product token such as "Googlebot" ("Name/1.0 ..." is reduced to "Name").
 */
export async function run(argv: string[], io: CommandIo = processIo): Promise<number> {
  const command = parseCommand('robots', USAGE, argv, io, ([file, userAgent, ...urls]) => {
    const missing = file === undefined ? 'robots.txt file' : userAgent === undefined ? 'user-agent' : urls.length === 0 ? 'url' : null;
    return missing === null ? { file: file!, userAgent: userAgent!, urls } : `missing <${missing}> argument`;
  });
  if ('exit' in command) return command.exit;
  const { file, userAgent, urls } = command.args;

  let body: Uint8Array;
  try {
    body = file === '-' ? await readAll(io.stdin) : await readFile(file);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    io.stderr.write(`winnow robots: cannot read robots.txt file ${JSON.stringify(file)}: ${why}\n`);
    return 1;
  }

  // Bytes, not text: the parser skips a BOM, measures limits in octets and escapes
  // non-ASCII rule octets exactly as Google's parser does.
  const robots = parseRobots(body);
  for (const url of urls) {
    io.stdout.write(`${robots.isAllowed(userAgent, url) ? 'allowed' : 'disallowed'} ${url}\n`);
  }
  return 0;
}
