/** extraction-bench (Scrapinghub news pages), scored with its own shingle metric. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeHtml } from '../src/decode.js';
import { EXTRACTORS, fmt, median, runTimed } from './extractors.js';
import { scorePage, summarize } from './metric.js';

interface Page {
  id: string;
  html: string;
  url: string;
  truth: string;
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

interface NewsResult {
  f1: number;
  medianMs: number;
}

/** Prints the table and returns Winnow's F1 and median time per page. */
export function newsBench(dir: string, rounds: number): NewsResult | null {
  const pages = loadPages(dir);
  if (pages.length === 0) {
    process.stderr.write(`no pages with ground truth in ${dir}\n`);
    return null;
  }
  const timed = runTimed(pages, rounds, (fn, p) => fn(p.html, p.url));
  const results = timed.map((t, i) => {
    const summary = summarize(t.texts.map((text, j) => scorePage(pages[j]?.truth ?? '', text)));
    const wall = t.wall.map(median);
    const total = wall.reduce((a, b) => a + b, 0);
    return { name: EXTRACTORS[i]?.[0] ?? '', summary, medianMs: median(wall), meanMs: total / pages.length, totalMs: total, medianCpuMs: median(t.cpu.map(median)) };
  });
  console.log(`\n== extraction-bench: ${pages.length} news pages from ${dir}; shingle metric; per-page median of ${rounds} rounds`);
  console.log('extractor              F1     P      R      exact  median ms  mean ms  median cpu ms');
  for (const r of results) {
    const s = r.summary;
    console.log(
      `${r.name.padEnd(22)} ${fmt(s.f1)}  ${fmt(s.precision)}  ${fmt(s.recall)}  ${fmt(s.accuracy, 2).padStart(5)}  ${fmt(r.medianMs, 2).padStart(9)}  ${fmt(r.meanMs, 2).padStart(7)}  ${fmt(r.medianCpuMs, 2).padStart(13)}`,
    );
  }
  const [w, r] = results as [(typeof results)[0], (typeof results)[0]];
  console.log(
    `ratio winnow/readability: F1 ${fmt(w.summary.f1 / r.summary.f1)}x; winnow ${fmt(r.medianMs / w.medianMs, 1)}x faster by median, ` +
      `${fmt(r.totalMs / w.totalMs, 1)}x by total time, ${fmt(r.medianCpuMs / w.medianCpuMs, 1)}x by median CPU time`,
  );
  console.log(
    `targets: F1 ${fmt(w.summary.f1, 4)} >= 0.985 ${w.summary.f1 >= 0.985 ? 'met' : 'NOT met'}; ` +
      `median ${fmt(w.medianMs, 2)} ms <= 3 ms ${w.medianMs <= 3 ? 'met' : 'NOT met'} (median CPU ${fmt(w.medianCpuMs, 2)} ms)`,
  );
  return { f1: w.summary.f1, medianMs: w.medianMs };
}
