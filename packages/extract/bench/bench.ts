/**
 * Extraction benchmark: Winnow against Mozilla Readability on linkedom, same pages, same run, scored
 * with the article-extraction-benchmark's metric. Usage: `npm run bench:extract -- [dir]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { decodeHtml } from '../src/decode.js';
import { extract } from '../src/extract.js';
import { scorePage, summarize, type PageScore, type Summary } from './metric.js';

interface Page {
  id: string;
  html: string;
  url: string;
  truth: string;
}

type Extractor = (html: string, url: string) => string;

const winnow: Extractor = (html, url) => {
  try {
    return extract(html, { url }).text;
  } catch {
    return '';
  }
};

const readability: Extractor = (html) => {
  try {
    const { document } = parseHTML(html);
    // linkedom's document is close enough to the DOM for Readability.
    const article = new Readability(document).parse();
    return article?.textContent ?? '';
  } catch {
    return '';
  }
};

function defaultDir(): string {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
  return resolve(repoRoot, '../shared/extraction-bench');
}

function loadPages(dir: string): Page[] {
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string; url: string }>;
  const pages: Page[] = [];
  for (const file of readdirSync(join(dir, 'html')).sort()) {
    const id = file.replace(/\.html(\.gz)?$/, '');
    const t = truth[id];
    if (t === undefined || id === file) continue;
    const raw = readFileSync(join(dir, 'html', file));
    const bytes = file.endsWith('.gz') ? gunzipSync(raw) : raw;
    pages.push({ id, html: decodeHtml(bytes, 'text/html; charset=utf-8').text, url: t.url, truth: t.articleBody });
  }
  return pages;
}

interface Result {
  summary: Summary;
  medianMs: number;
  meanMs: number;
  totalMs: number;
  /** Median CPU time of the process per page: steadier than wall time on a busy machine. */
  medianCpuMs: number;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function stats(scores: PageScore[], times: number[], cpu: number[]): Result {
  const total = times.reduce((a, b) => a + b, 0);
  return { summary: summarize(scores), medianMs: median(times), meanMs: total / Math.max(1, times.length), totalMs: total, medianCpuMs: median(cpu) };
}

function main(): void {
  const dir = resolve(process.argv[2] ?? process.env.WINNOW_EXTRACTION_BENCH ?? defaultDir());
  const pages = loadPages(dir);
  if (pages.length === 0) {
    process.stderr.write(`no pages with ground truth in ${dir}\n`);
    process.exit(2);
  }
  const extractors: Array<[string, Extractor]> = [
    ['winnow', winnow],
    ['readability+linkedom', readability],
  ];
  // Warm both up so neither pays the JIT alone. Then each extractor runs all pages in a block, so that
  // its own garbage (and its collection) is charged to it; blocks alternate over several rounds so load
  // spikes on a shared machine hit both, and each page keeps its median time over the rounds.
  for (const [, fn] of extractors) for (const p of pages.slice(0, 5)) fn(p.html, p.url);
  const rounds = Math.max(1, Number(process.env.WINNOW_BENCH_ROUNDS ?? 3));
  const scores = extractors.map(() => [] as PageScore[]);
  const times = extractors.map(() => pages.map(() => [] as number[]));
  const cpu = extractors.map(() => pages.map(() => [] as number[]));
  for (let round = 0; round < rounds; round++) {
    extractors.forEach(([, fn], i) => {
      pages.forEach((p, j) => {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const text = fn(p.html, p.url);
        times[i]?.[j]?.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu[i]?.[j]?.push((c.user + c.system) / 1000);
        if (round === 0) scores[i]?.push(scorePage(p.truth, text));
      });
    });
  }
  const perPage = (xs: number[][] | undefined): number[] => (xs ?? []).map((t) => median(t));
  const results = extractors.map(([name], i) => ({ name, ...stats(scores[i] ?? [], perPage(times[i]), perPage(cpu[i])) }));
  const fmt = (x: number, d = 3): string => x.toFixed(d);
  console.log(`extraction benchmark: ${pages.length} pages from ${dir}, per-page median of ${rounds} rounds`);
  console.log('extractor              F1     P      R      exact  median ms  mean ms  median cpu ms');
  for (const r of results) {
    const s = r.summary;
    console.log(
      `${r.name.padEnd(22)} ${fmt(s.f1)}  ${fmt(s.precision)}  ${fmt(s.recall)}  ${fmt(s.accuracy, 2).padStart(5)}  ${fmt(r.medianMs, 2).padStart(9)}  ${fmt(r.meanMs, 2).padStart(7)}  ${fmt(r.medianCpuMs, 2).padStart(13)}`,
    );
  }
  const [w, r] = results as [(typeof results)[0], (typeof results)[0]];
  console.log(
    `ratio winnow/readability: F1 ${fmt(w.summary.f1 / r.summary.f1)}x, median time ${fmt(w.medianMs / r.medianMs)}x ` +
      `(winnow ${fmt(r.medianMs / w.medianMs, 1)}x faster by median, ${fmt(r.totalMs / w.totalMs, 1)}x by total time, ` +
      `${fmt(r.medianCpuMs / w.medianCpuMs, 1)}x by median CPU time)`,
  );
}

main();
