// Throughput measurement shared by the dedup benches (in memory here, on Redis in @winnow/dedup-redis).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DocExtracted } from '@winnow/types';
import type { Index } from '../src/dedup-index.js';
import type { DocInput } from '../src/features.js';
import { createMemoryIndex } from '../src/memory-index-store.js';
import { createFileJudgedDocStore } from '../src/file-judged-doc-store.js';
import { createMemoryJudgedDocStore, type JudgedDocStore } from '../src/judged-doc-store.js';

/** Documents judged at once: the deduplicator's default DEDUP_CONCURRENCY. */
export const IN_FLIGHT = 64;

/**
 * Passes over the documents on each path before measuring: over the first five thousand judgements
 * or so the JIT and the heap are still settling (docs/s climbs pass after pass, e.g. 950, 1500, 1700,
 * 1800, 1900, 2000, then about 2200), and an instance judges millions.
 */
export const WARM_UP_PASSES = 10;

/** Measured runs per path; the median is reported. */
export const MEASURED_RUNS = 5;

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Judges every document with `concurrency` in flight; returns documents per second. */
export async function docsPerSecond(index: Index, docs: DocInput[], concurrency: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < docs.length) await index.judge(docs[next++]!);
    }),
  );
  return docs.length / (Number(process.hrtime.bigint() - started) / 1e9);
}

export interface MemoryThroughput {
  /** Median of MEASURED_RUNS. */
  docsPerSec: number;
  /** Documents per CPU-second of this process (median): what the index costs, whatever else the machine runs. */
  docsPerCpuSec: number;
}

/** The in-memory index: MEASURED_RUNS, each in a fresh index, after WARM_UP_PASSES. */
export async function memoryThroughput(docs: DocInput[], concurrency = IN_FLIGHT): Promise<MemoryThroughput> {
  const runs: number[] = [];
  const perCpu: number[] = [];
  for (let i = 0; i < WARM_UP_PASSES; i++) await docsPerSecond(createMemoryIndex(), docs, concurrency);
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const cpu = process.cpuUsage();
    runs.push(await docsPerSecond(createMemoryIndex(), docs, concurrency));
    const used = process.cpuUsage(cpu);
    perCpu.push(docs.length / ((used.user + used.system) / 1e6));
  }
  return { docsPerSec: median(runs), docsPerCpuSec: median(perCpu) };
}

/**
 * memoryThroughput in a process of its own, on the bench corpus that `args` name (loadBenchCorpus),
 * as a deduplicator runs one index. In a process that ran the other benches first (the Redis index,
 * ioredis, signature-only verification), the memory index ran 10-20 % slower: their code had shaped
 * the type feedback and the heap it was compiled against.
 */
export function memoryThroughputApart(args: string[] = process.argv.slice(2)): Promise<MemoryThroughput> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./memory-throughput-child.js', import.meta.url)), args, { execArgv: process.execArgv });
    let result: MemoryThroughput | undefined;
    child.on('message', (m) => (result = m as MemoryThroughput));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the memory throughput process exited with code ${code} and no result`))));
  });
}

/** Docs/s of the in-memory index (memoryThroughput). */
export async function memoryDocsPerSecond(docs: DocInput[], concurrency = IN_FLIGHT): Promise<number> {
  return (await memoryThroughput(docs, concurrency)).docsPerSec;
}

/** The document as the extractor would publish it: text, markdown and paragraphs carry the text three times. */
export function asExtracted(d: DocInput): DocExtracted {
  const url = d.url ?? `https://bench.example/${d.docId}`;
  return {
    url,
    canonicalUrl: url,
    site: new URL(url).host,
    siteName: null,
    title: d.text.slice(0, 60),
    byline: null,
    bylines: [],
    publishedAt: null,
    modifiedAt: null,
    description: null,
    lang: 'en',
    text: d.text,
    markdown: d.text,
    paragraphs: d.text.split(/\n\s*\n/),
    links: [],
    citedSources: [],
    quality: { chars: d.text.length, words: 0, hangulSyllables: 0, linkDensity: 0, boilerplateRatio: 0, repetition: 0 },
    pii: { emails: 0, phones: 0 },
    docId: d.docId,
    jobId: 'bench',
    requestUrl: url,
    fetchedAt: new Date(0).toISOString(),
    charset: 'utf-8',
    charsetSource: 'header',
    contentHash: '0'.repeat(64),
  };
}

let gc: (() => void) | undefined;

/**
 * Full collections until the heap stops shrinking, so that heap figures count live objects only
 * (--expose-gc, set at run time; one context made for it, once: each one made is a megabyte or two).
 */
function collect(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  let before = Infinity;
  for (let i = 0; i < 5; i++) {
    gc();
    const used = process.memoryUsage().heapUsed;
    if (used >= before) break;
    before = used;
  }
}

const liveBytes = (): number => {
  collect();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/**
 * Bytes a long-running in-memory index holds per document: heap and array buffers after judging
 * `copies` renamed copies of the documents (fresh ids, so each is filed anew), less before, per document.
 */
export async function memoryIndexBytesPerDoc(docs: DocInput[], copies = 4): Promise<number> {
  const all = Array.from({ length: copies }, (_, c) => docs.map((d) => ({ ...d, docId: `${c}`.padStart(4, '0') + d.docId.slice(4) }))).flat();
  const before = liveBytes();
  const index = createMemoryIndex();
  await docsPerSecond(index, all, IN_FLIGHT);
  const after = liveBytes();
  await index.get(all[0]!.docId); // keeps the index alive up to here
  return (after - before) / all.length;
}

/** The same for the in-memory judged-document store, holding each document as the extractor publishes it. */
export async function memoryDocStoreBytesPerDoc(docs: DocInput[]): Promise<number> {
  return docStoreBytesPerDoc(docs, createMemoryJudgedDocStore);
}

/** The same for the file-backed store embedded mode uses, which holds only each document's place in memory. */
export async function fileDocStoreBytesPerDoc(docs: DocInput[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'dedup-bench-docs-'));
  const store = createFileJudgedDocStore({ file: join(dir, 'docs.bin') });
  try {
    return await docStoreBytesPerDoc(docs, () => store);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function docStoreBytesPerDoc(docs: DocInput[], create: () => JudgedDocStore): Promise<number> {
  const before = liveBytes();
  const store = create();
  for (const d of docs) await store.put(asExtracted(d), `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`);
  const after = liveBytes();
  await store.get(docs[0]!.docId);
  return (after - before) / docs.length;
}
