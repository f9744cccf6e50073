// `npm run bench:dedup`, the part that needs no server: labelled pairs built at run time from real
// texts (testing/bench-corpus.ts), scored for Winnow (in memory, and with the Redis index's
// signature-only verification) and for a plain MinHash peer in the same pass; then docs/s of the
// in-memory index. The Redis figures come from @winnow/dedup-redis's bench, run after this one.
// Usage: node dist-dev/bench/bench.js [extraction-bench dir] [seed file].
import { loadBenchCorpus } from '../testing/bench-corpus.js';
import type { Label, LabelledPair } from '../testing/pair-set.js';
import { IN_FLIGHT, MEASURED_RUNS, WARM_UP_PASSES, fileDocStoreBytesPerDoc, memoryDocStoreBytesPerDoc, memoryIndexBytesPerDoc, memoryThroughputApart } from '../testing/throughput.js';
import { createIndex } from '../src/dedup-index.js';
import { createMemoryIndexStore } from '../src/memory-index-store.js';
import { judgePair } from '../src/pairs.js';
import { baselineVerdict } from './baseline.js';
import { LABELS, score, type Score } from './score.js';

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
  const { benchDir, seedFile, pairs, docs } = loadBenchCorpus();
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

  const memory = await memoryThroughputApart();
  const avg = Math.round(docs.reduce((n, d) => n + d.text.length, 0) / docs.length);
  console.log(
    `\nthroughput on ${docs.length} documents (${avg} characters on average), one instance, ${IN_FLIGHT} in flight, ` +
      `median of ${MEASURED_RUNS} after ${WARM_UP_PASSES} warm-up passes:`,
  );
  console.log(`  memory index: ${memory.docsPerSec.toFixed(0)} docs/s (${memory.docsPerCpuSec.toFixed(0)} per CPU-second)`);
  // The store first: measured after the index, the heap freed by the index's run hid the store's bytes.
  const storeBytes = await memoryDocStoreBytesPerDoc(docs);
  const fileStoreBytes = await fileDocStoreBytesPerDoc(docs);
  const indexBytes = await memoryIndexBytesPerDoc(docs);
  console.log(`  memory held:  ${indexBytes.toFixed(0)} bytes per document in the index, ${storeBytes.toFixed(0)} in the judged-document store (heap and array buffers; ${fileStoreBytes.toFixed(0)} when it keeps them in a file, as embedded mode does)`);
  const ok = (b: boolean): string => (b ? 'met' : 'MISSED');
  console.log(`\ntargets: macro-F1 >= 0.95 ${ok(sw.macroF1 >= 0.95)}; false merges <= 2% ${ok(sw.falseMergeRate <= 0.02)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
