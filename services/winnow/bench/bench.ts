import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readArticles, startArticleSite, type ArticleSite } from './article-site.js';
import { runConsumer } from './consumer-scaling.js';
import { cpuByPlace } from './cpu-profile.js';
import { freePort } from '@winnow/testing';
import { api, crawlDistributed, printDistributed, warmUp, warmUpLine, type Job, type RunFloor, type WarmUp } from './distributed.js';
import { around, BIN, extractFloor, printFloor, runChild } from './floor.js';

/**
 * `npm run bench:pipeline`: a loopback site of BENCH_PAGES real article pages (../shared/extraction-bench,
 * or BENCH_ARTICLES) over BENCH_HOSTS hosts, crawled by the whole pipeline with CRAWL_DELAY_MS=0, against
 * the floor measured in the same run: `winnow extract --batch` on the very same pages. Prints documents
 * stored per second from job start to done, the ratio, CPU seconds per stage (from --cpu-prof of every
 * thread, in a run of its own: the profiler slows what it watches, and the floor runs without one) and the
 * bottleneck. Each pipeline runs RUNS times (--runs N or BENCH_RUNS; 3 unless set), with a floor before the
 * first run and after each one; a run's ratio is to the mean of the floors around it (around()), and the
 * verdict is the median ratio: the machine is shared and its speed moves by a fifth from run to run, so that
 * one run's ratio on two cores may land 10-15 % either side of the next one's;
 * --no-profile leaves the profiled run out. With KAFKA_BROKERS and DATABASE_URL set, it also runs the distributed read
 * model alone (the api's docs.* consumer over Kafka into PostgreSQL) at each BENCH_CONSUMER_CONCURRENCY.
 * --skip-embedded, --skip-distributed and --skip-consumer leave out those parts (the floor always runs).
 * BENCH_PROFILE_DIR keeps every run's .cpuprofile files there (for Chrome DevTools or speedscope).
 *
 * Every pipeline is a fresh process (or four), and before its timed job it crawls, untimed, WARM_UP pages of
 * another corpus (../shared/extraction-bench-2: other pages, other languages, so the timed job's documents
 * are as new to the deduplicator as in a cold run). A deployment's services have run before; a process's
 * first seconds go to compiling its hot code (in a cold timed job V8's compiler and GC threads used 1.5-2.8
 * CPU s in each service, and the four services about a third more CPU than warmed up), which a 1,000-page
 * job would otherwise count as throughput. --warm-up 0 measures cold processes; the output says which it was.
 */
const PAGES = Number(argument('--pages') ?? process.env.BENCH_PAGES ?? 1000);
/** Pages of WARM_UP_ARTICLES each pipeline crawls, untimed, before its timed job (--warm-up N or BENCH_WARM_UP; 0: none). */
const WARM_UP = Math.max(0, Number(argument('--warm-up') ?? process.env.BENCH_WARM_UP ?? 500));
const WARM_UP_ARTICLES = resolve(process.env.BENCH_WARM_UP_ARTICLES ?? '../shared/extraction-bench-2');
/** Pages past the real articles get paragraphs drawn from all of them, so that a long run is not all duplicates. */
const VARY = process.argv.includes('--vary') || process.env.BENCH_VARY === '1';
const HOSTS = Number(process.env.BENCH_HOSTS ?? 8);
const ARTICLES = resolve(process.env.BENCH_ARTICLES ?? '../shared/extraction-bench');
const CONSUMER_CONCURRENCY = (process.env.BENCH_CONSUMER_CONCURRENCY ?? '1,8,64').split(',').map(Number);
const CONSUMER_PARTITIONS = (process.env.BENCH_CONSUMER_PARTITIONS ?? '1,6').split(',').map(Number);
/** Parts of the run to leave out, so that one stage can be measured again and again without the others. */
const SKIP_EMBEDDED = process.argv.includes('--skip-embedded');
const SKIP_CONSUMER = process.argv.includes('--skip-consumer');
const SKIP_DISTRIBUTED = process.argv.includes('--skip-distributed');
const RUNS = Math.max(1, Number(argument('--runs') ?? process.env.BENCH_RUNS ?? 3));
const PROFILE = !process.argv.includes('--no-profile');
/**
 * The embedded run samples memory each time this many more documents are stored (--memory-every N;
 * default a tenth of a run of 5,000 pages or more, none below), so that a long run shows whether it is flat.
 */
const MEMORY_EVERY = Number(argument('--memory-every') ?? (PAGES >= 5000 ? Math.ceil(PAGES / 10) : 0));
/** Where the distributed services write --cpu-prof profiles, one folder per service (kept after the run). */
const PROFILES = process.env.BENCH_PROFILE_DIR;

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

async function rss(port: number): Promise<string> {
  return (await memory(port)).rss;
}

/** The process's resident set, its main thread's V8 heap in use and memory held outside that heap (Buffers), from its /metrics. */
async function memory(port: number): Promise<{ rss: string; heap: string; external: string }> {
  const metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
  const mb = (name: string) => {
    const bytes = new RegExp(`^${name} (\\S+)`, 'm').exec(metrics)?.[1];
    return bytes === undefined ? '?' : `${(Number(bytes) / 2 ** 20).toFixed(0)} MB`;
  };
  return { rss: mb('process_resident_memory_bytes'), heap: mb('nodejs_heap_size_used_bytes'), external: mb('nodejs_external_memory_bytes') };
}

/**
 * CPU seconds the process has used so far, its main thread's and all its threads' (Linux /proc; null
 * elsewhere). Unlike the profile's samples, which count wall time, these do not grow when other processes
 * take the cores, so they compare across runs on a busy machine.
 */
function processCpu(pid: number | undefined): { main: number; all: number } | null {
  const ticks = (file: string) => {
    const stat = readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  try {
    return { main: ticks(`/proc/${pid}/task/${pid}/stat`), all: ticks(`/proc/${pid}/stat`) };
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs one crawl of the whole site through `winnow start` and waits for the job to be done. One seed per
 * host and scope "host": the site's pages, not the articles' links to the real web.
 */
interface EmbeddedRun {
  seconds: number;
  job: Job;
  warmedUp?: WarmUp;
  rss: { start: string; end: string };
  /** Memory sampled every MEMORY_EVERY documents stored: documents stored then, and memory(). */
  samples: Array<{ stored: number; rss: string; heap: string; external: string }>;
  /** CPU seconds from job start to done (processCpu), when /proc has them. */
  used: { main: number; all: number } | null;
  /** CPU seconds this process (the loopback site, and the polling) used meanwhile, on the same cores. */
  siteCpu: number;
}

async function crawlEmbedded(site: ArticleSite, work: string, warm: ArticleSite | null, profiles?: string): Promise<EmbeddedRun> {
  const port = await freePort();
  rmSync(join(work, 'data'), { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    WINNOW_DATA_DIR: join(work, 'data'),
    CRAWL_DELAY_MS: '0',
    CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
    CRAWL_SITEMAPS: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    OTEL_SDK_DISABLED: 'true',
  };
  const run = runChild([...(profiles === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profiles}`]), BIN, 'start'], env);
  const alive = () => {
    if (run.child.exitCode !== null) throw new Error(`winnow start exited ${run.child.exitCode}: ${run.stderr()}`);
  };
  try {
    for (let i = 0; ; i++) {
      alive();
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (ready) break;
      if (i > 600) throw new Error('winnow start not ready after 60 s');
      await sleep(100);
    }
    const warmedUp = warm ? await warmUp(port, warm, HOSTS, alive) : undefined;
    const rssAtStart = await rss(port);
    const samples: EmbeddedRun['samples'] = [];
    let nextSample = MEMORY_EVERY;
    const cpuAtStart = processCpu(run.child.pid);
    const siteAtStart = process.cpuUsage();
    let job = await api<Job>(port, '/v1/jobs', { seeds: site.urls.slice(0, HOSTS), maxPages: PAGES, maxDepth: 100, scope: 'host' });
    // Polled slowly: each poll is a read-model query on the busy main thread. The time is the job's own,
    // from its creation to the moment the read model marked it done.
    while (job.status === 'running') {
      await sleep(1000);
      // A process that died mid-run says why in its own output, not in the failed poll.
      job = await api<Job>(port, `/v1/jobs/${job.id}`).catch((err: unknown) => {
        throw new Error(`polling the job failed (${String(err)}); winnow start said: ${run.stderr().slice(-5000)}`);
      });
      const stored = (job.counts.unique ?? 0) + (job.counts.duplicate ?? 0);
      if (MEMORY_EVERY > 0 && stored >= nextSample) {
        samples.push({ stored, ...(await memory(port)) });
        while (nextSample <= stored) nextSample += MEMORY_EVERY;
      }
    }
    const seconds = (Date.parse(job.finishedAt ?? '') - Date.parse(job.createdAt)) / 1000;
    const rssAtEnd = await rss(port);
    const cpuAtEnd = processCpu(run.child.pid);
    const siteUsed = process.cpuUsage(siteAtStart);
    const used = cpuAtStart && cpuAtEnd ? { main: cpuAtEnd.main - cpuAtStart.main, all: cpuAtEnd.all - cpuAtStart.all } : null;
    run.child.kill('SIGTERM');
    const code = await run.exited;
    if (process.env.BENCH_DEBUG) console.log(run.stderr().slice(-5000));
    if (code !== 0) throw new Error(`winnow start exited ${code} at SIGTERM: ${run.stderr()}`);
    return { seconds, job, ...(warmedUp && { warmedUp }), rss: { start: rssAtStart, end: rssAtEnd }, samples, used, siteCpu: (siteUsed.user + siteUsed.system) / 1e6 };
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  }
}

function printEmbedded(embedded: EmbeddedRun, floor: RunFloor, label: string): void {
  const stored = (embedded.job.counts.unique ?? 0) + (embedded.job.counts.duplicate ?? 0);
  console.log(
    `embedded (winnow start)${label}: ${stored} documents stored in ${embedded.seconds.toFixed(2)} s, ${(stored / embedded.seconds).toFixed(0)} docs/s; ` +
      `counts ${JSON.stringify(embedded.job.counts)}; RSS ${embedded.rss.start} at job start, ${embedded.rss.end} at done`,
  );
  console.log(warmUpLine(embedded.warmedUp));
  if (embedded.samples.length > 0) {
    console.log(`  memory by documents stored: ${embedded.samples.map((m) => `${m.stored}: RSS ${m.rss}, heap ${m.heap}, external ${m.external}`).join('; ')}`);
  }
  console.log(`  ratio to the floor: ${(embedded.seconds / floor.seconds).toFixed(2)}x the time of extraction alone (${floor.seconds.toFixed(2)} s, ${floor.note}; target: within 2x)`);
  if (embedded.used) {
    console.log(`  CPU used from job start to done (/proc): main thread ${embedded.used.main.toFixed(1)} s, all threads ${embedded.used.all.toFixed(1)} s (floor ${floor.cpu.toFixed(1)} s); the loopback site ${embedded.siteCpu.toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  }
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Prints CPU seconds by place; returns the sentence that names the bottleneck (the main thread's costliest place). */
function printCpu(cpu: Map<string, number>): string {
  const rows = [...cpu.entries()].filter(([, s]) => s >= 0.05).sort((a, b) => b[1] - a[1]);
  const busy = (thread: string) => rows.filter(([k]) => k.startsWith('worker:') === (thread === 'worker') && !k.endsWith('idle')).reduce((n, [, s]) => n + s, 0);
  console.log(`  CPU seconds by place (main thread busy ${busy('main').toFixed(1)} s, worker threads (extraction, PGlite) busy ${busy('worker').toFixed(1)} s):`);
  for (const [place, s] of rows.slice(0, 16)) console.log(`    ${place.padEnd(32)} ${s.toFixed(2)} s`);
  const main = rows.filter(([k]) => !k.startsWith('worker:') && k !== 'idle');
  const bottleneck = main[0] ? `bottleneck: the main thread, where most time goes to ${main[0][0]} (${main[0][1].toFixed(1)} s)` : 'bottleneck: not found (no CPU profile)';
  console.log(`  ${bottleneck}`);
  return bottleneck;
}

/** A closing line: a mode's median ratio (and each run's) against its target, and what held it back. */
function verdict(mode: string, ratios: number[], target: number, bottleneck: string | undefined): string {
  const m = median(ratios);
  const each = ratios.length > 1 ? ` over ${ratios.length} runs (each: ${ratios.map((r) => r.toFixed(2)).join(', ')})` : '';
  return `${mode}: ${m.toFixed(2)}x the floor${each}, target within ${target}x: ${m <= target ? 'met' : 'NOT met'}${bottleneck ? `; ${bottleneck}` : ''}`;
}

/** A corpus's pages, or an error that says where they were looked for and how to point elsewhere. */
function corpus(dir: string, variable: string): string[] {
  if (!existsSync(join(dir, 'html'))) {
    throw new Error(`no pages in ${join(dir, 'html')}: run the bench from the repository's root with ../shared beside it, or set ${variable}`);
  }
  return readArticles(dir);
}

async function main(): Promise<void> {
  const articles = corpus(ARTICLES, 'BENCH_ARTICLES');
  const site = await startArticleSite(articles, PAGES, HOSTS, VARY);
  const warm = WARM_UP > 0 ? await startArticleSite(corpus(WARM_UP_ARTICLES, 'BENCH_WARM_UP_ARTICLES (or --warm-up 0)'), WARM_UP, HOSTS) : null;
  const work = mkdtempSync(join(tmpdir(), 'winnow-bench-pipeline-'));
  try {
    console.log(`pipeline bench: ${PAGES} pages (${articles.length} real articles from ${ARTICLES}) over ${HOSTS} loopback hosts${VARY ? ', varied' : ''}, CRAWL_DELAY_MS=0`);
    console.log(
      warm
        ? `each pipeline first crawls ${WARM_UP} pages of ${WARM_UP_ARTICLES}, untimed, as services that have run before (--warm-up 0: cold processes)`
        : 'cold: each pipeline is timed on the first job its fresh processes run (--warm-up 0)',
    );
    let floor = await extractFloor(site, work, PAGES);
    printFloor(floor, PAGES);
    const verdicts: string[] = [];
    if (!SKIP_EMBEDDED) {
      const ratios: number[] = [];
      for (let run = 1; run <= RUNS; run++) {
        const embedded = await crawlEmbedded(site, work, warm);
        const after = await extractFloor(site, work, PAGES);
        const against = around(floor, after);
        printEmbedded(embedded, against, RUNS > 1 ? ` (run ${run} of ${RUNS})` : '');
        ratios.push(embedded.seconds / against.seconds);
        printFloor((floor = after), PAGES);
      }
      let bottleneck: string | undefined;
      if (PROFILE) {
        // Its own run: the profiler costs the process it watches about a tenth of its CPU, and the floor runs without one.
        const profiles = join(work, 'profiles');
        mkdirSync(profiles, { recursive: true });
        const profiled = await crawlEmbedded(site, work, warm, profiles);
        console.log(`  CPU profile, from a run of its own under --cpu-prof (${profiled.seconds.toFixed(2)} s):`);
        bottleneck = printCpu(cpuByPlace(profiles));
        if (readdirSync(profiles).length === 0) console.log('  (no CPU profiles written)');
        else if (PROFILES) cpSync(profiles, join(PROFILES, 'embedded'), { recursive: true });
      }
      verdicts.push(verdict(`embedded (npm start)${warm ? ', warmed up' : ', cold'}`, ratios, 2, bottleneck));
    }
    if (!SKIP_DISTRIBUTED && process.env.KAFKA_BROKERS && process.env.REDIS_URL && process.env.DATABASE_URL) {
      const ratios: number[] = [];
      let bottleneck = '';
      // Each run against the floors measured just before and just after it, as for the embedded runs
      // (whose profiled run came after their last floor).
      if (!SKIP_EMBEDDED) printFloor((floor = await extractFloor(site, work, PAGES)), PAGES);
      for (let run = 1; run <= RUNS; run++) {
        const before = loadavg()[0]!;
        const distributed = await crawlDistributed(site, {
          pages: PAGES,
          hosts: HOSTS,
          env: process.env,
          ...(warm && { warmUp: warm }),
          ...(PROFILES && { profiles: join(PROFILES, `distributed-${run}`) }),
        });
        const load = loadavg()[0]!;
        const after = await extractFloor(site, work, PAGES);
        const against = around(floor, after);
        bottleneck = printDistributed(distributed, against, availableParallelism(), RUNS > 1 ? ` (run ${run} of ${RUNS})` : '');
        // Wall-clock figures mean little without the load they were measured under (the machine is shared).
        console.log(`  load average (1 min): ${before.toFixed(1)} at the start, ${load.toFixed(1)} at the end`);
        ratios.push(distributed.seconds / against.seconds);
        printFloor((floor = after), PAGES);
      }
      verdicts.push(verdict(`distributed (four processes)${warm ? ', warmed up' : ', cold'}`, ratios, 3, `last run's ${bottleneck}`));
    }
    if (!SKIP_CONSUMER && process.env.KAFKA_BROKERS && process.env.DATABASE_URL) {
      // The same extracted texts as documents on docs.unique, read into PostgreSQL by one API instance.
      const extracted = floor.outputs.flatMap((out) => Object.values(JSON.parse(readFileSync(out, 'utf8')) as Record<string, { text?: string }>));
      const texts = extracted.map((d, i) => `${d.text ?? ''}\n${i}`);
      for (const partitions of CONSUMER_PARTITIONS) {
        for (const concurrency of CONSUMER_CONCURRENCY) {
          const run = await runConsumer(texts, concurrency, process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', partitions);
          console.log(
            `distributed read model (api over Kafka into PostgreSQL, ${partitions} partitions), API_CONSUMER_CONCURRENCY=${concurrency}: ` +
              `${run.docs} docs in ${run.seconds.toFixed(2)} s, ${(run.docs / run.seconds).toFixed(0)} docs/s`,
          );
        }
      }
    }
    if (!SKIP_DISTRIBUTED && !(process.env.KAFKA_BROKERS && process.env.REDIS_URL && process.env.DATABASE_URL)) {
      verdicts.push('distributed: not run (it needs KAFKA_BROKERS, REDIS_URL and DATABASE_URL: `npm run infra:up` prints them)');
    }
    console.log('verdict:');
    for (const v of verdicts) console.log(`  ${v}`);
  } finally {
    await site.close();
    await warm?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
