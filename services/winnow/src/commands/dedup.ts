// `winnow dedup pairs <in.jsonl>`: judges each `{id, a, b}` line alone in a fresh in-memory index,
// through the deduplicator's own code, and prints `{id, verdict, jaccard, containment}` (verdict
// about b relative to a). `winnow dedup compare <a-file> <b-file>` does the same for two files.
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { judgePair } from '@winnow/dedup';

const USAGE = `usage: winnow dedup pairs <in.jsonl|->
       winnow dedup compare <a-file> <b-file>
       winnow dedup rebuild --namespace <ns> [--publish] [--idle-ms <ms>]
         replays docs.extracted (KAFKA_BROKERS, TOPIC_PREFIX) into a fresh Redis index namespace
         (REDIS_URL) with the DEDUP_* settings of the environment, e.g. new DEDUP_NEAR_THRESHOLD
`;

export interface DedupIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  stdin: NodeJS.ReadableStream;
}

const processIo: DedupIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };

function parsePair(line: string): { id: unknown; a: string; b: string } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (err) {
    throw new Error(`invalid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('expected an object {id, a, b}');
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'string' && typeof o.id !== 'number') throw new Error('"id" must be a string or a number');
  if (typeof o.a !== 'string') throw new Error('"a" must be a string');
  if (typeof o.b !== 'string') throw new Error('"b" must be a string');
  return { id: o.id, a: o.a, b: o.b };
}

async function pairs(file: string, io: DedupIo): Promise<number> {
  let input: NodeJS.ReadableStream;
  try {
    input = file === '-' ? io.stdin : (await open(file)).createReadStream({ encoding: 'utf8' });
  } catch (err) {
    io.stderr.write(`winnow dedup: cannot read ${JSON.stringify(file)}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  let n = 0;
  let bad = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    n++;
    const line = raw.trim();
    if (line === '') continue;
    try {
      const { id, a, b } = parsePair(line);
      const r = await judgePair(a, b);
      io.stdout.write(`${JSON.stringify({ id, verdict: r.verdict, jaccard: r.jaccard, containment: r.containment })}\n`);
    } catch (err) {
      bad++;
      io.stderr.write(`winnow dedup: line ${n}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  if (bad > 0) io.stderr.write(`winnow dedup: ${bad} of ${n} lines skipped\n`);
  return 0;
}

async function compareFiles(aFile: string, bFile: string, io: DedupIo): Promise<number> {
  let a: string;
  let b: string;
  try {
    [a, b] = await Promise.all([readFile(aFile, 'utf8'), readFile(bFile, 'utf8')]);
  } catch (err) {
    io.stderr.write(`winnow dedup: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const r = await judgePair(a, b);
  io.stdout.write(`${JSON.stringify({ a: aFile, b: bFile, ...r })}\n`);
  return 0;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function rebuild(args: string[], io: DedupIo): Promise<number> {
  const namespace = flag(args, '--namespace');
  const idleMs = Number(flag(args, '--idle-ms') ?? 10_000);
  if (!namespace || !Number.isFinite(idleMs) || idleMs <= 0) {
    io.stderr.write(`winnow dedup rebuild: --namespace <ns> is required\n${USAGE}`);
    return 2;
  }
  // Loaded here so that `pairs` and `compare` never load Kafka or Redis clients.
  const { rebuildFromEnvironment } = await import('./dedup-rebuild.js');
  const result = await rebuildFromEnvironment({ namespace, idleMs, publish: args.includes('--publish') });
  io.stdout.write(`${JSON.stringify({ namespace, ...result })}\n`);
  return 0;
}

/**
 * Exit codes: 0 when the input was read (bad lines are reported on stderr, by line number, and
 * skipped), 1 when a file cannot be read, 2 for a usage error.
 */
export async function run(argv: string[], io: DedupIo = processIo): Promise<number> {
  const [sub, ...args] = argv;
  if (sub === '--help' || sub === '-h') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (sub === 'pairs' && args.length === 1) return pairs(args[0]!, io);
  if (sub === 'compare' && args.length === 2) return compareFiles(args[0]!, args[1]!, io);
  if (sub === 'rebuild') return rebuild(args, io);
  io.stderr.write(`winnow dedup: ${sub ? `bad arguments for "${sub}"` : 'missing subcommand'}\n${USAGE}`);
  return 2;
}
