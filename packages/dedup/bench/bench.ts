// `npm run bench:dedup`: labelled pairs built at run time from real texts (the extraction bench's
// ground truth and the Korean seed, neither stored in the repo), scored for Winnow and for a plain
// MinHash peer in the same pass; then docs/s per instance against real Redis and Redis bytes per doc.
// Usage: node dist/bench/bench.js [extraction-bench dir] [seed file]; REDIS_URL (default local).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KO_ARTICLE, KO_COMMENT, repost } from '../testing/contract-fixtures.js';
import { createIndex } from '../src/dedup-index.js';
import type { DocInput } from '../src/features.js';
import { createMemoryIndexStore } from '../src/memory-index-store.js';
import { judgePair } from '../src/pairs.js';
import { baselineVerdict } from './baseline.js';
import { buildPairs, type Label, type LabelledPair } from './pair-set.js';
import { LABELS, score, type Score } from './score.js';
import { measureThroughput } from './throughput.js';

const benchDir = resolve(process.argv[2] ?? '../shared/extraction-bench');
const seedFile = resolve(process.argv[3] ?? '../shared/seed/blog-repost-ko.txt');
const redisUrl = process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';
/** Documents judged at once: the deduplicator's default DEDUP_CONCURRENCY. */
const IN_FLIGHT = 64;

function loadInputs(): Parameters<typeof buildPairs>[0] {
  const truth = JSON.parse(readFileSync(resolve(benchDir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string }>;
  const articles = Object.values(truth).map((t) => t.articleBody);
  const blog = readFileSync(seedFile, 'utf8');
  const end = blog.indexOf('sarok@sedaily.com');
  const seedArticle = blog.slice(blog.indexOf('[서울경제]'), end < 0 ? undefined : end + 'sarok@sedaily.com'.length);
  return {
    articles,
    korean: [
      { article: seedArticle, repost: blog, others: [KO_ARTICLE, KO_COMMENT] },
      { article: KO_ARTICLE, repost: repost(KO_ARTICLE, KO_COMMENT, '출처 : 한빛일보'), others: [seedArticle] },
    ],
  };
}

/** The Redis index's verification (signatures and paragraph hashes only), without a server. */
async function signatureOnlyVerdict(a: string, b: string): Promise<Label> {
  const index = createIndex(createMemoryIndexStore(), { keepShingles: false });
  await index.judge({ docId: '0'.repeat(32), text: a });
  return (await index.judge({ docId: '1'.repeat(32), text: b })).match?.relation ?? 'distinct';
}

const pct = (x: number): string => (x * 100).toFixed(1).padStart(5);

function printScores(rows: Array<[string, Score]>): void {
  console.log(`\n${'class'.padEnd(13)} ${'n'.padStart(4)}  ${rows.map(([n]) => `${n} P / R / F1`.padStart(26)).join('  ')}`);
  for (const label of LABELS) {
    const cells = rows.map(([, s]) => {
      const c = s.perClass.find((x) => x.label === label)!;
      return `${pct(c.precision)} /${pct(c.recall)} /${pct(c.f1)}`.padStart(26);
    });
    const n = rows[0]![1].perClass.find((x) => x.label === label)!.support;
    console.log(`${label.padEnd(13)} ${String(n).padStart(4)}  ${cells.join('  ')}`);
  }
  for (const [name, s] of rows) {
    console.log(`${name}: macro-F1 ${s.macroF1.toFixed(3)}, accuracy ${pct(s.accuracy)} %, false merges ${pct(s.falseMergeRate)} %`);
  }
}

function errorsByKind(pairs: LabelledPair[], predicted: Label[]): string {
  const m = new Map<string, number>();
  pairs.forEach((p, i) => {
    if (predicted[i] !== p.label) m.set(`${p.kind}->${predicted[i]}`, (m.get(`${p.kind}->${predicted[i]}`) ?? 0) + 1);
  });
  return [...m].map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
}

async function main(): Promise<void> {
  const pairs = buildPairs(loadInputs());
  console.log(`dedup bench: ${pairs.length} labelled pairs from ${benchDir} and ${seedFile}`);
  const truth = pairs.map((p) => p.label);
  const winnow: Label[] = [];
  const signature: Label[] = [];
  const baseline: Label[] = [];
  for (const p of pairs) {
    winnow.push((await judgePair(p.a, p.b)).verdict);
    signature.push(await signatureOnlyVerdict(p.a, p.b));
    baseline.push(baselineVerdict(p.a, p.b));
  }
  const sw = score(truth, winnow);
  const ss = score(truth, signature);
  const sb = score(truth, baseline);
  printScores([['winnow', sw], ['winnow-redis', ss], ['minhash-0.8', sb]]);
  console.log(`winnow errors: ${errorsByKind(pairs, winnow)}`);
  console.log(`winnow-redis errors: ${errorsByKind(pairs, signature)}`);
  console.log(`macro-F1 ratio winnow / minhash-0.8: ${(sw.macroF1 / sb.macroF1).toFixed(2)}x`);

  const texts = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const docs: DocInput[] = texts.map((text, i) => {
    const docId = createHash('md5').update(text).digest('hex');
    return { docId, text, url: `https://site${i % 40}.example/${docId}`, site: `site${i % 40}.example`, publishedAt: null };
  });
  const t = await measureThroughput(docs, redisUrl, IN_FLIGHT);
  const avg = Math.round(docs.reduce((n, d) => n + d.text.length, 0) / docs.length);
  console.log(`\nthroughput on ${t.docs} documents (${avg} characters on average), one instance, ${IN_FLIGHT} in flight, median of ${t.runs} after ${t.warmUpPasses} warm-up passes (shardBits ${t.shardBits}):`);
  console.log(`  redis index:  ${t.redisDocsPerSec.toFixed(0)} docs/s (${t.redisDocsPerCpuSec.toFixed(0)} per CPU-second of this process)`);
  console.log(
    `  redis server: ${t.redisMicrosPerDoc.toFixed(0)} us of script time per document ` +
      `(one Redis core: at most ${(1e6 / t.redisMicrosPerDoc).toFixed(0)} docs/s across all instances)`,
  );
  console.log(`  memory index: ${t.memoryDocsPerSec.toFixed(0)} docs/s (redis/memory ratio ${(t.redisDocsPerSec / t.memoryDocsPerSec).toFixed(2)})`);
  console.log(`  redis memory: ${t.redisBytesPerDoc.toFixed(0)} bytes per document in the index (${t.redisKeys} keys, MEMORY USAGE)`);
  console.log(`                ${t.docStoreBytesPerDoc.toFixed(0)} bytes per document in the judged-document store (brotli JSON, expires after DEDUP_DOC_TTL_DAYS)`);
  const ok = (b: boolean): string => (b ? 'met' : 'MISSED');
  console.log(
    `\ntargets: docs/s >= 2000 ${ok(t.redisDocsPerSec >= 2000)}; <= 3 KB/doc in the index ${ok(t.redisBytesPerDoc <= 3072)}; ` +
      `macro-F1 >= 0.95 ${ok(sw.macroF1 >= 0.95)}; false merges <= 2% ${ok(sw.falseMergeRate <= 0.02)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
