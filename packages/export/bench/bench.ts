// `npm run bench:export [-- --count N] [--formats jsonl,jsonl.gz,parquet]`: exports a synthetic store (N
// documents, default 200,000, or BENCH_DOCS; BENCH_FORMATS picks formats too) from PostgreSQL as jsonl,
// jsonl.gz and Parquet and prints documents per second, per CPU second and peak RSS of each, against the
// floor: node:zlib gzip of the same JSONL bytes alone, with nothing read from a database. Each
// measurement runs in a child process of its own, with Node's default heap settings, so its peak RSS is
// its own. Records per CPU second (the child's user + system time, all its threads; not the database's)
// hold still on a loaded machine.
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createGzip } from 'node:zlib';
import { createPgClient, createReadModel } from '@winnow/read-model';
import { freshDatabase } from '@winnow/testing';
import { QUALITY_RULE_NAMES } from '@winnow/types';
import { exportCorpus, exportOptionsSchema } from '../src/index.js';

const flag = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DOCS = Number(flag('count') ?? process.env.BENCH_DOCS ?? 200_000);
if (!Number.isInteger(DOCS) || DOCS < 1) throw new Error(`--count must be a positive whole number of documents, got ${flag('count')}`);
const SERVER = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/postgres';
const CHUNK = 20_000;
/** Which formats to measure; the floor needs `jsonl` (its bytes are what it gzips). */
const FORMATS = (flag('formats') ?? process.env.BENCH_FORMATS ?? 'jsonl,jsonl.gz,parquet').split(',');

const quality = JSON.stringify({
  chars: 1500, words: 300, hangulSyllables: 400, linkDensity: 0.01, boilerplateRatio: 0.3, repetition: 0,
  rules: Object.fromEntries(QUALITY_RULE_NAMES.map((n) => [n, { value: 0.5, pass: true }])), pass: true,
});

/** Every third document is a duplicate of the one before it; texts mix Hangul and Latin (~1.7 KB each). */
const INSERT = `INSERT INTO documents (id, url, canonical_url, site, title, byline, published_at, lang, text, fetched_at,
    verdict, relation, duplicate_of, sources, novel_text, cluster_id, job_id, doc, search_hash, state_at,
    unique_event, unique_at, quality, quality_pass, content_hash, extractor_version)
  SELECT md5(i::text), 'https://site' || (i % 97) || '.example/doc/' || i, 'https://site' || (i % 97) || '.example/doc/' || i,
    'site' || (i % 97) || '.example', '기사 ' || i, '홍길동 기자', now() - (i || ' minutes')::interval, CASE WHEN i % 2 = 0 THEN 'ko' ELSE 'en' END,
    repeat('기업들이 AI 인재를 확보하기 위해 경쟁하고 있다. 문서 ' || i || '. ', 12) || repeat('The council met to discuss the harbour repairs. ', 12),
    now(), CASE WHEN i % 3 = 0 THEN 'duplicate' ELSE 'unique' END, CASE WHEN i % 3 = 0 THEN 'near' END,
    CASE WHEN i % 3 = 0 THEN md5((i - 1)::text) END, '[]'::jsonb, NULL, md5(((i + 1) / 3)::text), 'bench', '{}'::jsonb, md5(''), now(),
    'unique', now(), $3::jsonb, true, md5(i::text) || md5(i::text), 'winnow-extract/0.2.0'
  FROM generate_series($1::int, $2::int) AS i`;

interface Measured {
  records: number;
  seconds: number;
  /** The child's user + system CPU time. */
  cpuSeconds: number;
  rssMb: number;
}

/** Runs in a child process, so each measurement's peak RSS is its own (RSS never shrinks back). */
async function child(what: string, url: string, file: string): Promise<Measured> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const start = process.hrtime.bigint();
  let records = DOCS;
  if (what === 'floor') {
    await pipeline(createReadStream(file), createGzip({ level: 6 }), createWriteStream(`${file}.floor.gz`));
  } else {
    const client = createPgClient(url, { max: 1 });
    const options = exportOptionsSchema.parse({ format: what, mode: 'all' });
    records = (await exportCorpus(createReadModel(client), options, createWriteStream(file))).records;
    await client.close();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(timer);
  const cpu = process.cpuUsage();
  return { records, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssMb: Math.max(peak, process.memoryUsage().rss) / 1024 / 1024 };
}

async function measure(what: string, url: string, file: string): Promise<Measured> {
  const bench = fileURLToPath(import.meta.url);
  const { stdout } = await promisify(execFile)(process.execPath, [bench, '--child', what, url, file], { env: { ...process.env, BENCH_DOCS: String(DOCS) } });
  return JSON.parse(stdout) as Measured;
}

async function main(): Promise<void> {
  const db = await freshDatabase('bench_export', SERVER);
  const client = createPgClient(db.url, { max: 2 });
  const dir = await mkdtemp(join(tmpdir(), 'winnow-bench-export-'));
  try {
    await createReadModel(client).migrate();
    for (let from = 1; from <= DOCS; from += CHUNK) await client.query(INSERT, [from, Math.min(DOCS, from + CHUNK - 1), quality]);
    await client.query('ANALYZE documents');
    process.stderr.write(`seeded ${DOCS} documents\n`);

    const rows: Array<[string, Measured]> = [];
    for (const format of FORMATS) {
      const file = join(dir, `all.${format}`);
      rows.push([`export ${format}`, await measure(format, db.url, file)]);
      process.stderr.write(`${format}: ${(statSync(file).size / 1e6).toFixed(1)} MB\n`);
    }
    if (FORMATS.includes('jsonl')) rows.push(['floor: node:zlib gzip of the same JSONL bytes', await measure('floor', db.url, join(dir, 'all.jsonl'))]);
    const floor = FORMATS.includes('jsonl') ? rows[rows.length - 1]![1] : undefined;
    const floorRate = floor === undefined ? NaN : DOCS / floor.seconds;
    const floorCpuRate = floor === undefined ? NaN : DOCS / floor.cpuSeconds;
    console.log(`${DOCS} documents (mode all)\n| what | records | seconds | records/s | vs floor | records per CPU s | vs floor | peak RSS (MB) |`);
    console.log(`|---|---|---|---|---|---|---|---|`);
    for (const [label, r] of rows) {
      const rate = r.records / r.seconds;
      const cpuRate = r.records / r.cpuSeconds;
      console.log(
        `| ${label} | ${r.records} | ${r.seconds.toFixed(1)} | ${Math.round(rate)} | ${(rate / floorRate).toFixed(2)}x | ${Math.round(cpuRate)} | ${(cpuRate / floorCpuRate).toFixed(2)}x | ${Math.round(r.rssMb)} |`,
      );
    }
  } finally {
    await client.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [what, url, file] = process.argv.slice(3) as [string, string, string];
  process.stdout.write(JSON.stringify(await child(what, url, file)));
} else {
  await main();
}
