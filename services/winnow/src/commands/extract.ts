// `winnow extract <file.html[.gz]|url> [--url <page url>]` prints the extracted document as JSON;
// `winnow extract --batch <dir> --out <file.json>` writes `{<id>: document}` for a directory of pages.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeHtml } from '@winnow/extract';
import { isExtractError } from '@winnow/extract';
import { extract } from '@winnow/extract';
import { parseCommand, processIo, type CommandIo } from './command-io.js';

const USAGE =
  'usage: winnow extract <file.html[.gz]|url> [--url <page url>] [--mask-pii]\n' +
  '       winnow extract --batch <dir> --out <file.json> [--mask-pii]\n';

type ExtractIo = Pick<CommandIo, 'stdout' | 'stderr'>;
const FETCH_TIMEOUT_MS = 30_000;
const PAGE_FILE = /\.html?(\.gz)?$/i;

interface Args {
  input: string | undefined;
  url: string | undefined;
  batch: string | undefined;
  out: string | undefined;
  maskPii: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const args: Args = { input: undefined, url: undefined, batch: undefined, out: undefined, maskPii: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--url') args.url = value();
    else if (a === '--batch') args.batch = value();
    else if (a === '--out') args.out = value();
    else if (a === '--mask-pii') args.maskPii = true;
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else if (args.input === undefined) args.input = a;
    else throw new UsageError(`unexpected argument ${JSON.stringify(a)}`);
  }
  if (args.batch !== undefined) {
    if (args.out === undefined) throw new UsageError('--batch needs --out <file.json>');
    if (args.input !== undefined) throw new UsageError('give either a page or --batch <dir>, not both');
  } else if (args.input === undefined) {
    throw new UsageError('missing <file.html[.gz]|url> argument');
  }
  return args;
}

/** The page's own idea of its URL (canonical link or og:url), for files given without --url. */
function declaredUrl(html: string): string | null {
  const head = html.slice(0, 200_000);
  const patterns = [
    /<link\b[^>]*\brel=["']?canonical["']?[^>]*\bhref=["']([^"']+)["']/i,
    /<link\b[^>]*\bhref=["']([^"']+)["'][^>]*\brel=["']?canonical/i,
    /<meta\b[^>]*\bproperty=["']og:url["'][^>]*\bcontent=["']([^"']+)["']/i,
  ];
  for (const re of patterns) {
    const href = re.exec(head)?.[1];
    if (href !== undefined && /^https?:\/\//i.test(href)) return href;
  }
  return null;
}

async function readPage(file: string): Promise<string> {
  const raw = await readFile(file);
  const bytes = /\.gz$/i.test(file) ? gunzipSync(raw) : raw;
  return decodeHtml(bytes).text;
}

async function fetchPage(url: string): Promise<{ html: string; url: string }> {
  const res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { html: decodeHtml(bytes, res.headers.get('content-type') ?? undefined).text, url: res.url || url };
}

function why(err: unknown): string {
  if (isExtractError(err)) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

async function single(args: Args, io: ExtractIo): Promise<number> {
  const input = args.input as string;
  const isUrl = /^https?:\/\//i.test(input);
  let html: string;
  let pageUrl: string;
  try {
    if (isUrl) {
      const page = await fetchPage(input);
      html = page.html;
      pageUrl = args.url ?? page.url;
    } else {
      html = await readPage(input);
      pageUrl = args.url ?? declaredUrl(html) ?? `http://localhost/${encodeURIComponent(basename(input))}`;
    }
  } catch (err) {
    io.stderr.write(`winnow extract: cannot read ${isUrl ? 'URL' : 'file'} ${JSON.stringify(input)}: ${why(err)}\n`);
    return 1;
  }
  try {
    io.stdout.write(`${JSON.stringify(extract(html, { url: pageUrl, maskPii: args.maskPii }), null, 2)}\n`);
    return 0;
  } catch (err) {
    io.stderr.write(`winnow extract: cannot extract ${JSON.stringify(input)}: ${why(err)}\n`);
    return 1;
  }
}

async function batch(args: Args, io: ExtractIo): Promise<number> {
  const dir = args.batch as string;
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => PAGE_FILE.test(f)).sort();
  } catch (err) {
    io.stderr.write(`winnow extract: cannot read directory ${JSON.stringify(dir)}: ${why(err)}\n`);
    return 1;
  }
  const out: Record<string, unknown> = {};
  let failed = 0;
  const started = performance.now();
  for (const file of files) {
    const id = file.replace(PAGE_FILE, '');
    try {
      const html = await readPage(join(dir, file));
      const url = declaredUrl(html) ?? `http://localhost/${encodeURIComponent(id)}`;
      out[id] = extract(html, { url, maskPii: args.maskPii });
    } catch (err) {
      failed++;
      // A failed page keeps its id with empty text, so consumers can score every id the same way.
      out[id] = { text: '', error: { code: isExtractError(err) ? err.code : 'WINNOW_ERR_EXTRACT_READ', message: why(err) } };
      io.stderr.write(`winnow extract: ${file}: ${why(err)}\n`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  try {
    await writeFile(args.out as string, JSON.stringify(out));
  } catch (err) {
    io.stderr.write(`winnow extract: cannot write ${JSON.stringify(args.out)}: ${why(err)}\n`);
    return 1;
  }
  const rate = files.length / Math.max(seconds, 1e-9);
  io.stderr.write(`winnow extract: ${files.length} pages (${failed} failed) in ${seconds.toFixed(2)} s, ${rate.toFixed(1)} pages/s\n`);
  return 0;
}

/** Exit codes: 0 done, 1 unreadable input or no extractable text, 2 usage error. */
export async function run(argv: string[], io: ExtractIo = processIo): Promise<number> {
  const command = parseCommand('extract', USAGE, argv, io, (a) => {
    try {
      return parseArgs(a);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      return err.message;
    }
  });
  if ('exit' in command) return command.exit;
  const args = command.args;
  return args.batch !== undefined ? batch(args, io) : single(args, io);
}
