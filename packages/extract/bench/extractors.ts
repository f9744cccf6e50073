import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extract } from '../src/extract.js';

/** Main text of a decoded page; '' when the extractor finds nothing or fails. */
export type Extractor = (html: string, url: string) => string;

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
    const article = new Readability(document).parse();
    return article?.textContent ?? '';
  } catch {
    return '';
  }
};

/** The extractors compared, Winnow first. Both read the same text, decoded by Winnow's decodeHtml. */
export const EXTRACTORS: ReadonlyArray<readonly [string, Extractor]> = [
  ['winnow', winnow],
  ['readability+linkedom', readability],
];

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface Timed {
  /** Per page, per round: wall and CPU milliseconds. */
  wall: number[][];
  cpu: number[][];
  /** Output of the first round, per page. */
  texts: string[];
}

/**
 * Runs each extractor over all pages in a block, so that its own garbage (and its collection) is charged
 * to it; blocks alternate over the rounds, so load spikes on a shared machine hit both. Whatever `run`
 * does besides extracting (decoding the page's bytes, say) is timed too.
 */
export function runTimed<P>(pages: readonly P[], rounds: number, run: (extractor: Extractor, page: P) => string): Timed[] {
  for (const [, fn] of EXTRACTORS) for (const p of pages.slice(0, 5)) run(fn, p);
  const out: Timed[] = EXTRACTORS.map(() => ({ wall: pages.map(() => []), cpu: pages.map(() => []), texts: [] }));
  for (let round = 0; round < rounds; round++) {
    EXTRACTORS.forEach(([, fn], i) => {
      const t = out[i] as Timed;
      pages.forEach((p, j) => {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const text = run(fn, p);
        t.wall[j]?.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        t.cpu[j]?.push((c.user + c.system) / 1000);
        if (round === 0) t.texts.push(text);
      });
    });
  }
  return out;
}

export const fmt = (x: number, d = 3): string => x.toFixed(d);
