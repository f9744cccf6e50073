// `winnow robots <robots.txt file> <user-agent> <url>...`: prints `allowed <url>` or
// `disallowed <url>` for each URL, decided as Google's robots.txt parser decides.
import { readFile } from 'node:fs/promises';
import { parseRobots } from '@winnow/robots';

const USAGE = 'usage: winnow robots <robots.txt file|-> <user-agent> <url>...\n';

export interface CommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  stdin: AsyncIterable<Uint8Array | string>;
}

const processIo: CommandIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };

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
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const [file, userAgent, ...urls] = argv;
  const missing = file === undefined ? 'robots.txt file' : userAgent === undefined ? 'user-agent' : urls.length === 0 ? 'url' : null;
  if (missing !== null) {
    io.stderr.write(`winnow robots: missing <${missing}> argument\n${USAGE}`);
    return 2;
  }

  let body: Uint8Array;
  try {
    body = file === '-' ? await readAll(io.stdin) : await readFile(file!);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    io.stderr.write(`winnow robots: cannot read robots.txt file ${JSON.stringify(file)}: ${why}\n`);
    return 1;
  }

  // Bytes, not text: the parser skips a BOM, measures limits in octets and escapes
  // non-ASCII rule octets exactly as Google's parser does.
  const robots = parseRobots(body);
  for (const url of urls) {
    io.stdout.write(`${robots.isAllowed(userAgent!, url) ? 'allowed' : 'disallowed'} ${url}\n`);
  }
  return 0;
}
