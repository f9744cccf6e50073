import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createTestTopics, deleteTestTopics, freePort, freshDatabase } from '@winnow/testing';
import type { ArticleSite } from './article-site.js';

/**
 * The distributed half of `npm run bench:pipeline`: the four services as four processes (the commands of
 * `npm run start:<service>`) over the Kafka, Redis and PostgreSQL of KAFKA_BROKERS, REDIS_URL and
 * DATABASE_URL, under a fresh TOPIC_PREFIX and database. After an untimed crawl of another site when one
 * is given (warmUp), one crawl of the article site is submitted through the api and timed from job creation
 * to done (the api's own timestamps). Every two seconds each group's backlog is read from the services' own
 * /metrics (Kafka admin requests for the consumer lag cost the bench about 1 CPU s and the broker 0.5 s a
 * run, on the cores being measured); at the end each process's CPU seconds are read from /proc, and
 * Redis's from INFO.
 */

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const SERVICES = ['api', 'crawler', 'extractor', 'deduplicator'] as const;
type Service = (typeof SERVICES)[number];
/** The group each service consumes its input with, and that input. */
const INPUT: Record<Service, string> = { crawler: 'crawl.requests', extractor: 'pages.fetched', deduplicator: 'docs.extracted', api: 'docs.*' };
/** Extra node flags of each service's npm start script (package.json). */
const NODE_FLAGS: Partial<Record<Service, string[]>> = { deduplicator: ['--max-semi-space-size=64'] };

interface Proc {
  service: Service;
  port: number;
  child: ChildProcess;
  output: () => string;
}

/** The floor a run is compared with, and how it was had (bench.ts: the mean of the floors around the run). */
export interface RunFloor {
  seconds: number;
  /** CPU seconds of `winnow extract --batch`. */
  cpu: number;
  note: string;
}

/** A job as the api returns it. */
export interface Job {
  id: string;
  status: string;
  createdAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
}

/** The untimed crawl before a timed one (warmUp()). */
export interface WarmUp {
  job: Job;
  seconds: number;
}

/** The line that says a run's processes were warmed up first, and how. */
export function warmUpLine(w: WarmUp | undefined): string {
  if (!w) return '  cold: the timed job was the first these processes ran';
  const stored = (w.job.counts.unique ?? 0) + (w.job.counts.duplicate ?? 0);
  return `  warmed up first (untimed): ${w.job.counts.discovered ?? 0} other pages crawled, ${stored} documents stored, in ${w.seconds.toFixed(2)} s`;
}

export interface DistributedRun {
  seconds: number;
  job: Job;
  warmedUp?: WarmUp;
  /** CPU seconds of each service process during the crawl (worker threads included). */
  cpu: Record<Service, number>;
  /** Redis's CPU seconds, and the whole machine's busy CPU seconds, during the crawl (other users included). */
  servers: { redis: number; kafka: number; postgres: number; machine: number };
  /** Per consumer group: messages handled and the mean time of one handler call, in seconds. */
  handlers: Map<string, { count: number; mean: number }>;
  /** Per consumer group: mean and largest backlog over the samples (backlogs()). */
  lag: Map<string, { mean: number; max: number }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How often the groups' backlogs are sampled (and the job polled; its time is the api's own). */
const LAG_SAMPLE_MS = 2000;
const CLOCK_TICKS = 100;

/** utime + stime of a process, in seconds (threads included), or 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    // The command name sits in parentheses and may hold spaces: fields are counted after its closing one.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Busy CPU seconds of the whole machine (every core, every process), from /proc/stat. */
function machineCpu(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
  return ticks.slice(0, 8).reduce((n, t, i) => (i === 3 || i === 4 ? n : n + t), 0) / CLOCK_TICKS;
}

/** CPU seconds of every local process whose command line matches (the Kafka broker, PostgreSQL's backends). */
function cpuOfCommands(pattern: RegExp): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) total += cpuSeconds(Number(pid));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return total;
}
const KAFKA_BROKER = /kafka\.Kafka/;
const POSTGRES = /^postgres/;

async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const value = (k: string) => Number(new RegExp(`^${k}:(\\S+)`, 'm').exec(info)?.[1] ?? 0);
  return value('used_cpu_user') + value('used_cpu_sys');
}

const metricsOf = (port: number): Promise<string> => fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '');
const labelsOf = (text: string): Map<string, string> => new Map([...text.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));

/**
 * Per consumer group (without the prefix): the records published to the topics it consumes that it has not
 * handled yet (abandoned attempts are redelivered, so they do not count), summed over its topics, from the
 * bus's counters in every process's /metrics. A group appears once it has handled its first message.
 */
async function backlogs(procs: Proc[], prefix: string): Promise<Map<string, number>> {
  const published = new Map<string, number>();
  const handled = new Map<string, Map<string, number>>();
  for (const text of await Promise.all(procs.map((p) => metricsOf(p.port)))) {
    for (const m of text.matchAll(/^winnow_bus_(published_messages|messages_handled)_total\{([^}]*)\} (\S+)$/gm)) {
      const labels = labelsOf(m[2]!);
      const topic = labels.get('topic') ?? '';
      if (m[1] === 'published_messages') {
        published.set(topic, (published.get(topic) ?? 0) + Number(m[3]));
      } else if (labels.get('outcome') !== 'abandoned') {
        const group = (labels.get('group') ?? '').slice(prefix.length);
        const byTopic = handled.get(group) ?? new Map<string, number>();
        handled.set(group, byTopic.set(topic, (byTopic.get(topic) ?? 0) + Number(m[3])));
      }
    }
  }
  return new Map([...handled].map(([group, byTopic]) => [group, [...byTopic].reduce((n, [topic, done]) => n + Math.max(0, (published.get(topic) ?? 0) - done), 0)]));
}

type HandlerSums = Map<string, { sum: number; count: number }>;

/** Handler seconds and calls so far per consumer group, from the processes' /metrics (winnow_bus_handler_seconds). */
async function handlerSums(procs: Proc[]): Promise<HandlerSums> {
  const sums: HandlerSums = new Map();
  for (const text of await Promise.all(procs.map((p) => metricsOf(p.port)))) {
    for (const m of text.matchAll(/^winnow_bus_handler_seconds_(sum|count)\{[^}]*group="([^"]+)"[^}]*\} (\S+)$/gm)) {
      const e = sums.get(m[2]!) ?? { sum: 0, count: 0 };
      e[m[1] as 'sum' | 'count'] += Number(m[3]);
      sums.set(m[2]!, e);
    }
  }
  return sums;
}

/** Messages handled and the mean handler time per consumer group between two handlerSums (the timed job's). */
function handlerTimes(before: HandlerSums, after: HandlerSums): Map<string, { count: number; mean: number }> {
  return new Map(
    [...after].map(([g, e]) => {
      const count = e.count - (before.get(g)?.count ?? 0);
      return [g, { count, mean: count > 0 ? (e.sum - (before.get(g)?.sum ?? 0)) / count : 0 }];
    }),
  );
}

function startService(service: Service, port: number, env: NodeJS.ProcessEnv, profiles?: string): Proc {
  const dist = `${REPO}services/${service}/dist`;
  const prof = profiles ? ['--cpu-prof', `--cpu-prof-dir=${profiles}/${service}`] : [];
  const args = [...(NODE_FLAGS[service] ?? []), ...prof, '--import', `${dist}/instrumentation.js`, `${dist}/main.js`];
  const child = spawn(process.execPath, args, { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-50_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { service, port, child, output: () => output };
}

async function waitReady(procs: Proc[]): Promise<void> {
  for (const p of procs) {
    for (let i = 0; ; i++) {
      if (p.child.exitCode !== null) throw new Error(`${p.service} exited ${p.child.exitCode}: ${p.output()}`);
      if (await fetch(`http://127.0.0.1:${p.port}/readyz`).then((r) => r.ok, () => false)) break;
      if (i > 1200) throw new Error(`${p.service} not ready after 120 s: ${p.output()}`);
      await sleep(100);
    }
  }
}

/** A call to the api at `port`: GET, or POST of `body` as JSON. */
export async function api<T>(port: number, path: string, body?: unknown): Promise<T> {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(`http://127.0.0.1:${port}${path}`, init);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Crawls the whole of `site` through the api at `port` and waits for the job to be done, untimed: the
 * timed job then meets services that have run before, as a deployment's do (bench.ts, --warm-up).
 * `check` throws when the pipeline died meanwhile. Returns the job, and its seconds from creation to done.
 */
export async function warmUp(port: number, site: ArticleSite, hosts: number, check: () => void = () => {}): Promise<WarmUp> {
  let job = await api<Job>(port, '/v1/jobs', { seeds: site.urls.slice(0, hosts), maxPages: site.urls.length, maxDepth: 100, scope: 'host' });
  while (job.status === 'running') {
    check();
    await sleep(500);
    job = await api<Job>(port, `/v1/jobs/${job.id}`);
  }
  return { job, seconds: (Date.parse(job.finishedAt ?? '') - Date.parse(job.createdAt)) / 1000 };
}

async function stopAll(procs: Proc[]): Promise<void> {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGTERM');
  await Promise.all(
    procs.map(async (p) => {
      for (let i = 0; i < 400 && p.child.exitCode === null && p.child.signalCode === null; i++) await sleep(100);
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    }),
  );
}

/** Crawls the whole site with the four services as separate processes; see the file's comment. */
export async function crawlDistributed(
  site: ArticleSite,
  opts: { pages: number; hosts: number; env: NodeJS.ProcessEnv; profiles?: string; warmUp?: ArticleSite },
): Promise<DistributedRun> {
  const topics = await createTestTopics('bench-pipeline');
  const db = await freshDatabase('bench_pipeline');
  const redisUrl = opts.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(redisUrl);
  const env: NodeJS.ProcessEnv = {
    PATH: opts.env.PATH,
    HOST: '127.0.0.1',
    KAFKA_BROKERS: topics.brokers.join(','),
    REDIS_URL: redisUrl,
    DATABASE_URL: db.url,
    TOPIC_PREFIX: topics.prefix,
    CRAWL_DELAY_MS: '0',
    CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
    CRAWL_SITEMAPS: 'false',
    LOG_LEVEL: opts.env.LOG_LEVEL ?? 'warn',
    OTEL_SDK_DISABLED: 'true',
    // Tuning variables pass through, so that a run can try them (API_CONSUMER_CONCURRENCY=64 npm run bench:pipeline).
    ...Object.fromEntries(Object.entries(opts.env).filter(([k]) => /^(API|CRAWL|EXTRACT|DEDUP|KAFKA)_/.test(k) && k !== 'KAFKA_BROKERS')),
  };
  const procs: Proc[] = [];
  try {
    for (const service of SERVICES) procs.push(startService(service, await freePort(), env, opts.profiles));
    await waitReady(procs);
    const apiPort = procs[0]!.port;
    const alive = () => {
      const dead = procs.find((p) => p.child.exitCode !== null);
      if (dead) throw new Error(`${dead.service} exited ${dead.child.exitCode} during the crawl: ${dead.output()}`);
    };
    const warmed = opts.warmUp ? await warmUp(apiPort, opts.warmUp, opts.hosts, alive) : undefined;
    const handlersBefore = await handlerSums(procs);
    const cpuBefore = procs.map((p) => cpuSeconds(p.child.pid!));
    const redisBefore = await redisCpu(redis);
    const machineBefore = machineCpu();
    const kafkaBefore = cpuOfCommands(KAFKA_BROKER);
    const postgresBefore = cpuOfCommands(POSTGRES);
    let job = await api<Job>(apiPort, '/v1/jobs', { seeds: site.urls.slice(0, opts.hosts), maxPages: opts.pages, maxDepth: 100, scope: 'host' });
    const samples = new Map<string, number[]>();
    while (job.status === 'running') {
      alive();
      for (const [g, lag] of await backlogs(procs, topics.prefix)) samples.set(g, [...(samples.get(g) ?? []), lag]);
      await sleep(LAG_SAMPLE_MS);
      job = await api<Job>(apiPort, `/v1/jobs/${job.id}`);
    }
    const cpu = Object.fromEntries(procs.map((p, i) => [p.service, cpuSeconds(p.child.pid!) - cpuBefore[i]!])) as Record<Service, number>;
    // Postgres backends that ended during the run are missed; Kafka and PostgreSQL also serve other users.
    const servers = {
      redis: (await redisCpu(redis)) - redisBefore,
      kafka: cpuOfCommands(KAFKA_BROKER) - kafkaBefore,
      postgres: Math.max(0, cpuOfCommands(POSTGRES) - postgresBefore),
      machine: machineCpu() - machineBefore,
    };
    const handlers = handlerTimes(handlersBefore, await handlerSums(procs));
    const lag = new Map([...samples].map(([g, xs]) => [g, { mean: xs.reduce((a, b) => a + b, 0) / xs.length, max: Math.max(...xs) }]));
    return { seconds: (Date.parse(job.finishedAt ?? '') - Date.parse(job.createdAt)) / 1000, job, ...(warmed && { warmedUp: warmed }), cpu, servers, lag, handlers };
  } finally {
    await stopAll(procs);
    if (opts.env.BENCH_DEBUG) for (const p of procs) console.log(`--- ${p.service}\n${p.output().slice(-3000)}`);
    // A run leaves about 235 MB of topics and 2,400 Redis keys: gone, so that runs do not pile up on the broker.
    await deleteTestTopics(topics.prefix, topics.brokers, redis);
    redis.disconnect();
    await db.drop();
  }
}

/** Prints a distributed run against the floor; returns the sentence that names its bottleneck. */
export function printDistributed(run: DistributedRun, floor: RunFloor, cores: number, label = ''): string {
  const floorSeconds = floor.seconds;
  const stored = (run.job.counts.unique ?? 0) + (run.job.counts.duplicate ?? 0);
  console.log(
    `distributed (four processes: ${SERVICES.join(', ')})${label}: ${stored} documents stored in ${run.seconds.toFixed(2)} s, ` +
      `${(stored / run.seconds).toFixed(0)} docs/s; counts ${JSON.stringify(run.job.counts)}`,
  );
  console.log(warmUpLine(run.warmedUp));
  console.log(`  ratio to the floor: ${(run.seconds / floorSeconds).toFixed(2)}x the time of extraction alone (${floorSeconds.toFixed(2)} s, ${floor.note}; target: within 3x)`);
  const rows = Object.entries(run.cpu).sort((a, b) => b[1] - a[1]);
  const ours = rows.reduce((n, [, s]) => n + s, 0);
  console.log(
    `  CPU seconds during the crawl: the machine was busy ${run.servers.machine.toFixed(1)} s of the ${(run.seconds * cores).toFixed(1)} s ` +
      `its ${cores} cores offer; the four services ${ours.toFixed(1)} s, Redis ${run.servers.redis.toFixed(1)} s, ` +
      `the Kafka broker ${run.servers.kafka.toFixed(1)} s, PostgreSQL ${run.servers.postgres.toFixed(1)} s (both shared with other users), ` +
      `the rest ${(run.servers.machine - ours - run.servers.redis - run.servers.kafka - run.servers.postgres).toFixed(1)} s`,
  );
  for (const [name, s] of rows) console.log(`    ${name.padEnd(28)} ${s.toFixed(2)} s, ${((s / Math.max(1, stored)) * 1000).toFixed(1)} ms per document`);
  // CPU seconds depend far less on other users' load than wall-clock time does: the ratio to compare runs by.
  console.log(`  CPU ratio: the four services used ${(ours / Math.max(0.01, floor.cpu)).toFixed(2)}x the floor's ${floor.cpu.toFixed(1)} CPU s`);
  console.log('  handler time per message (winnow_bus_handler_seconds):');
  for (const [group, h] of [...run.handlers].sort((a, b) => b[1].mean * b[1].count - a[1].mean * a[1].count)) {
    console.log(`    ${group.slice(group.indexOf('.') + 1).padEnd(28)} ${String(h.count).padStart(6)} messages, mean ${(h.mean * 1000).toFixed(1)} ms`);
  }
  console.log('  backlog over the crawl (messages published to a group\'s input and not yet handled; sampled every two seconds):');
  for (const [group, l] of [...run.lag].sort((a, b) => b[1].mean - a[1].mean)) {
    console.log(`    ${group.padEnd(28)} mean ${l.mean.toFixed(0).padStart(6)}, max ${String(l.max).padStart(6)}`);
  }
  // On a saturated machine every stage waits for a core, and the input that waits longest (a crawl
  // discovers the whole site early, so crawl.requests always has the largest backlog) says little: the
  // bottleneck is then the CPU, and the stage that spends most of it per document is the one to make cheaper.
  const busy = run.servers.machine / (run.seconds * cores);
  const [backlog] = [...run.lag].sort((a, b) => b[1].mean - a[1].mean);
  const backlogText = (): string => {
    if (!backlog) return '';
    const service = SERVICES.find((s) => backlog[0].startsWith(s))!;
    const handler = [...run.handlers].find(([g]) => g.endsWith(`.${backlog[0]}`) || g === backlog[0])?.[1];
    return (
      `the ${service} (group ${backlog[0]} on ${INPUT[service]}: mean backlog ${backlog[1].mean.toFixed(0)} messages` +
      `${handler ? `, ${(handler.mean * 1000).toFixed(0)} ms per message` : ''}; ${run.cpu[service].toFixed(1)} CPU s)`
    );
  };
  const bottleneck =
    busy >= 0.9 && rows[0]
      ? `bottleneck: the CPU (the machine was busy ${(busy * 100).toFixed(0)} % of the run; the services' share ${((ours / run.servers.machine) * 100).toFixed(0)} %); ` +
        `the costliest stage is the ${rows[0][0]} (${((rows[0][1] / Math.max(1, stored)) * 1000).toFixed(1)} CPU ms per document)` +
        `${backlog ? `; longest input backlog: ${backlogText()}` : ''}`
      : `bottleneck: ${backlog ? backlogText() : 'not found (no consumer lag sampled)'}`;
  console.log(`  ${bottleneck}`);
  return bottleneck;
}
