/**
 * Extraction benchmarks: Winnow against Mozilla Readability on linkedom, same decoded input, same run,
 * on both yardsticks, each with its own metric. Usage: `npm run bench:extract -- [news dir] [bench-2 dir]`
 * (defaults: ../shared/extraction-bench and ../shared/extraction-bench-2 from the repository root).
 * WINNOW_BENCH_ROUNDS (default 3) times the news pages; extraction-bench-2 runs WINNOW_BENCH2_ROUNDS (1).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newsBench } from './news-bench.js';
import { snippetBench } from './snippet-bench.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const newsDir = resolve(process.argv[2] ?? process.env.WINNOW_EXTRACTION_BENCH ?? resolve(repoRoot, '../shared/extraction-bench'));
const bench2Dir = resolve(process.argv[3] ?? process.env.WINNOW_EXTRACTION_BENCH_2 ?? resolve(repoRoot, '../shared/extraction-bench-2'));
const rounds = (name: string, fallback: number): number => Math.max(1, Number(process.env[name] ?? fallback));

const news = newsBench(newsDir, rounds('WINNOW_BENCH_ROUNDS', 3));
const snippets = snippetBench(bench2Dir, rounds('WINNOW_BENCH2_ROUNDS', 1));
if (news === null || snippets === null) process.exit(2);
