import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArticleSite } from './article-site.js';
import type { RunFloor } from './distributed.js';

/**
 * The floor of `npm run bench:pipeline` (bench.ts): `winnow extract --batch` on the very pages the pipeline
 * crawls, in a process of its own, and the mean of the floors around a run that the run is measured against.
 */

/** The `winnow` command as built (services/winnow/dist/bin.js). */
export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

export interface Floor {
  seconds: number;
  /** CPU seconds of the `winnow extract --batch` process, its worker threads included. */
  cpu: number;
  reported: string;
  /** The --out files of the batches, in page order. */
  outputs: string[];
}

/** utime + stime of this process's waited-for children so far (/proc/self/stat cutime, cstime), in seconds. */
function childrenCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

export function runChild(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; exited: Promise<number>; stderr: () => string } {
  // Both streams kept: the service logs JSON to stdout, and an exit code alone does not say why.
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 1_000_000) stderr = stderr.slice(-100_000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 1_000_000) stderr = stderr.slice(-100_000);
  });
  const exited = new Promise<number>((resolveExit) => child.on('exit', (code, signal) => resolveExit(code ?? (signal ? 128 : 1))));
  return { child, exited, stderr: () => stderr };
}

/**
 * Pages per `winnow extract --batch` process: it holds every extracted document until it writes --out,
 * and one process for 20,000 varied pages ran out of heap.
 */
const FLOOR_BATCH = 4000;

/**
 * Pages from..to-1 of the site as `<dir>/<i>.html`. A few writes in flight at once, so that making the
 * next page overlaps writing the last (libuv's pool).
 */
async function writePages(site: ArticleSite, dir: string, from: number, to: number): Promise<void> {
  let next = from;
  const writer = async (): Promise<void> => {
    for (let i = next++; i < to; i = next++) await writeFile(join(dir, `${i}.html`), site.html(i));
  };
  await Promise.all(Array.from({ length: 4 }, writer));
}

/**
 * The floor: the same pages, one file each, through `winnow extract --batch` in its own process, FLOOR_BATCH
 * pages a process (their times and CPU added up); each batch's pages are written before its process starts
 * and removed after it, so a long run needs neither one huge process nor every page on disk at once.
 */
export async function extractFloor(site: ArticleSite, work: string, pages: number): Promise<Floor> {
  const floor: Floor = { seconds: 0, cpu: 0, reported: '', outputs: [] };
  const reported: string[] = [];
  for (let from = 0; from < pages; from += FLOOR_BATCH) {
    const dir = join(work, `pages-${from}`);
    const out = join(work, `extracted-${from}.json`);
    mkdirSync(dir);
    await writePages(site, dir, from, Math.min(pages, from + FLOOR_BATCH));
    const started = performance.now();
    const cpuBefore = childrenCpu();
    const run = runChild([BIN, 'extract', '--batch', dir, '--out', out], process.env);
    const code = await run.exited;
    floor.seconds += (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`winnow extract --batch exited ${code}: ${run.stderr().slice(-5000)}`);
    floor.cpu += childrenCpu() - cpuBefore;
    floor.outputs.push(out);
    reported.push(run.stderr().trim().split('\n').pop() ?? '');
    rmSync(dir, { recursive: true, force: true });
  }
  floor.reported = reported.join('; ');
  return floor;
}

export function printFloor(floor: Floor, pages: number): void {
  console.log(`floor, winnow extract --batch on the same pages: ${floor.seconds.toFixed(2)} s wall, ${(pages / floor.seconds).toFixed(0)} pages/s, ${floor.cpu.toFixed(1)} CPU s (${floor.reported})`);
}

/**
 * The floor a run is measured against: the mean of the floors measured just before and just after it,
 * so that a change in the machine's pace while it ran (it is shared) weighs on both sides of the ratio.
 */
export function around(before: Floor, after: Floor): RunFloor {
  return {
    seconds: (before.seconds + after.seconds) / 2,
    cpu: (before.cpu + after.cpu) / 2,
    note: `the mean of ${before.seconds.toFixed(2)} s just before and ${after.seconds.toFixed(2)} s just after`,
  };
}
