#!/usr/bin/env node
// check-readme: runs the README's own commands on a fresh clone, as a newcomer would, so that CI catches a
// README that does not work. It clones the committed HEAD of this repository into a temp dir (with ../shared
// linked beside it, as in CI), runs `npm ci` and `npm run build`, then every command of the ```sh blocks in
// the README sections "## Two commands" and "## The CLI", exactly as written (parsed from the clone's
// README.md at run time). `npm start` runs in the background until /healthz answers; the curl lines get the
// real ids in place of <job id> and <document id> and must print JSON of the documented shape; the server is
// then stopped with SIGTERM and must exit 0, having written only JSON lines to stdout. `npm test` is skipped:
// CI's own "npm test" step already runs it on its fresh clone.
//
// Usage: node scripts/check-readme.mjs               (Node 20 builtins only; exit 0 = the README works)
//   WINNOW_README_CHECK_REPO=<path|url>  clone that repository instead of the one this script lives in
//   --no-clone <dir>                     development: use a prepared checkout as is (no clone, npm ci, build)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECTIONS = ['## Two commands', '## The CLI'];
const MADE_UP_DOC_ID = '0'.repeat(32); // document ids are 32 hex digits; this one is never stored
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;
const tail = (s, n) => s.trimEnd().split('\n').slice(-n).map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l)).join('\n');
let tmp = null; // the temp dir holding the clone
let server = null; // the background `npm start`

// A newcomer's shell has none of Winnow's settings. CRAWL_ALLOW_PRIVATE_NETWORKS in particular must be unset:
// the README crawls a public site, and the embedded mode must not pick up Kafka/Redis/PostgreSQL from CI.
const SETTING = /^(PORT|HOST|LOG_LEVEL|KAFKA_BROKERS|REDIS_URL|TOPIC_PREFIX|WINNOW_DATA_DIR|(DATABASE|CRAWL|EXTRACT|DEDUP|API)_\w+)$/;
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !SETTING.test(k)));

// The process group may already be gone; that is the outcome wanted.
const killGroup = (pid) => {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already exited */
  }
};

function cleanup() {
  if (server && !server.exited) killGroup(server.child.pid); // its whole group
  if (tmp) rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  tmp = server = null;
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanup(); process.exit(1); });

function fail(what, r) {
  console.error(`\nFAILED: ${what}`);
  if (r) {
    console.error(`  command:   ${r.cmd}\n  exit code: ${r.code ?? `none (${r.signal ?? 'still running'})`}`);
    console.error(`--- stdout (last lines)\n${tail(r.stdout, 25)}\n--- stderr (last lines)\n${tail(r.stderr, 25)}`);
  }
  cleanup();
  process.exit(1);
}

// Runs `bash -c cmd` in its own process group (so a hang or a server can be killed with all its children).
function launch(cmd, cwd, env = ENV) {
  const child = spawn('bash', ['-c', cmd], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const job = { cmd, child, stdout: '', stderr: '', exited: false };
  child.stdout.on('data', (d) => (job.stdout += d));
  child.stderr.on('data', (d) => (job.stderr += d));
  job.result = new Promise((res) => child.on('close', (code, signal) => { job.exited = true; res({ ...job, code, signal }); }));
  return job;
}

async function step(cmd, cwd, { shown = cmd, env, timeoutMs = 15 * 60_000 } = {}) {
  console.log(`\n$ ${shown}`);
  const job = launch(cmd, cwd, env);
  const timer = setTimeout(() => killGroup(job.child.pid), timeoutMs);
  const r = await job.result;
  clearTimeout(timer);
  if (r.code !== 0) fail(r.signal === 'SIGKILL' ? `timed out after ${timeoutMs / 1000} s` : 'command failed', r);
  console.log(`${tail(r.stdout, 6).replace(/^/gm, '  | ')}\n  -> exit 0`);
  return r;
}

// The ```sh blocks of a section: `\`-continued lines joined, `# ...` comments dropped (a trailing comment
// starts at a `#` after whitespace, so URL fragments and quoted JSON without ` #` are left alone).
function sectionCommands(readme, title) {
  const at = readme.indexOf(`\n${title}\n`);
  if (at < 0) fail(`README.md has no "${title}" section`);
  const body = readme.slice(at + title.length + 2).split(/\n## /)[0];
  const commands = [];
  for (const [, block] of body.matchAll(/```sh\n([\s\S]*?)```/g)) {
    let pending = '';
    for (const raw of block.split('\n')) {
      if (/^\s*#/.test(raw) || (!pending && !raw.trim())) continue;
      const line = raw.replace(/\s+#\s.*$/, '').trimEnd();
      if (line.endsWith('\\')) pending += line.slice(0, -1);
      else { commands.push((pending + line).trim()); pending = ''; }
    }
  }
  if (commands.length === 0) fail(`README.md section "${title}" has no \`\`\`sh commands`);
  return commands;
}

// The README's default port when it is free (so the default is what is tested), else any free port.
function freePort(port) {
  return new Promise((res) => {
    const s = createServer().once('error', () => res(freePort(0)));
    s.listen(port, () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

async function startServer(cmd, dir, port) {
  console.log(`\n$ ${cmd} &    (in the background${port === 8080 ? '' : `, PORT=${port}`}; waiting for /healthz)`);
  server = launch(cmd, dir, port === 8080 ? ENV : { ...ENV, PORT: String(port) });
  for (const deadline = Date.now() + 240_000; ; await sleep(500)) {
    if (server.exited) fail('`npm start` exited before the API answered /healthz', await server.result);
    if (Date.now() > deadline) fail(`no answer on http://127.0.0.1:${port}/healthz after 240 s of \`npm start\``, server);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ok) break;
  }
  console.log(`  -> /healthz answers on port ${port}`);
}

// Stops the winnow process itself with SIGTERM, as an orchestrator would: npm and sh above it then exit with its
// code. (SIGTERM to npm would not reach it: sh dies first and leaves it running.) It is the only leaf of the tree.
async function stopServer() {
  const children = new Map();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  let pid = server.child.pid;
  while (children.get(pid)?.length === 1) pid = children.get(pid)[0];
  if (children.get(pid)) fail(`\`npm start\` runs several processes (under pid ${pid}); cannot tell which to stop`, server);
  console.log(`\n$ kill -TERM ${pid}    (the process \`npm start\` runs)`);
  process.kill(pid, 'SIGTERM');
  const r = await Promise.race([server.result, sleep(45_000).then(() => null)]);
  if (!r) fail('`npm start` was still running 45 s after SIGTERM', server);
  if (r.code !== 0) fail('`npm start` did not exit 0 after SIGTERM', r);
  // Logs must be JSON lines when stdout is not a TTY. npm's own "> start" banner (printed unless npm --silent) is
  // npm's, not Winnow's, and is skipped.
  const lines = r.stdout.split('\n').filter((l) => l.trim() && !l.startsWith('> '));
  const bad = lines.filter((l) => { try { return typeof JSON.parse(l) !== 'object'; } catch { return true; } });
  if (bad.length) fail(`${bad.length} of ${lines.length} stdout lines of \`npm start\` are not JSON, e.g.\n${bad.slice(0, 5).join('\n')}`, r);
  console.log(`  -> exit 0 after SIGTERM; stdout was ${lines.length} JSON lines`);
  server = null;
}

// Runs a README curl line with the real port and ids, and checks the JSON it prints.
async function curlStep(cmd, dir, port, ids) {
  if (cmd.includes('<job id>') && !ids.job) fail(`"${cmd}" needs <job id>, but no earlier line created a job`);
  const madeUp = cmd.includes('<document id>') && !ids.doc;
  const run = cmd.replaceAll('localhost:8080', `localhost:${port}`).replaceAll('<job id>', ids.job)
    .replaceAll('<document id>', ids.doc ?? MADE_UP_DOC_ID);
  if (madeUp) console.log(`\n(no document was stored, e.g. without internet access: <document id> is a made-up id, expecting 404)`);
  const r = await step(run, dir);
  const path = run.match(/localhost:\d+(\/[^\s']*)/)?.[1] ?? fail('a curl line without a localhost:<port> URL', r);
  let body;
  try { body = JSON.parse(r.stdout); } catch { fail('curl did not print JSON', r); }
  const expect = (ok, shape) => ok || fail(`expected ${shape}`, r);
  if (path.startsWith('/v1/jobs')) {
    expect(typeof body.id === 'string' && typeof body.status === 'string' && typeof body.counts === 'object' && body.counts, 'a job {id, status, counts}');
    if (!ids.job) {
      ids.job = body.id;
      await waitForJob(`http://127.0.0.1:${port}/v1/jobs/${body.id}`);
    }
  } else if (/^\/v1\/documents(\?|$)/.test(path)) {
    expect(Array.isArray(body.items) && 'nextCursor' in body, 'a page of documents {items, nextCursor}');
    if (path.includes('jobId=') && body.items.length > 0) ids.doc ??= body.items[0].id;
  } else if (path.startsWith('/v1/documents/') && madeUp) {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    expect(body.status === 404 && res.status === 404 && /^application\/problem\+json/.test(res.headers.get('content-type')),
      'a 404 application/problem+json for an unknown document');
  } else if (path.startsWith('/v1/documents/')) {
    expect(body.id === ids.doc && typeof body.verdict === 'string', `the document ${ids.doc} {id, verdict, ...}`);
  }
}

// A job is "done" once every URL it discovered is stored, failed or skipped (here: the fetch fails offline).
async function waitForJob(url) {
  for (const deadline = Date.now() + 180_000; Date.now() < deadline; await sleep(1000)) {
    const job = await fetch(url).then((r) => r.json());
    if (job.status === 'done') return console.log(`  (job done: ${JSON.stringify(job.counts)})`);
  }
  fail(`the job at ${url} was not "done" after 180 s`, server);
}

async function main() {
  let dir;
  if (process.argv[2] === '--no-clone') {
    dir = resolve(process.argv[3] ?? fail('--no-clone needs a directory'));
  } else {
    // ../shared sits beside the repository in CI; the README's ../shared paths need it beside the clone too.
    const shared = join(HERE, '..', 'shared');
    if (!existsSync(shared)) fail(`${shared} does not exist; the README's ../shared paths need it`);
    tmp = mkdtempSync(join(tmpdir(), 'winnow-readme-'));
    dir = join(tmp, 'winnow');
    symlinkSync(realpathSync(shared), join(tmp, 'shared'));
    await step(`git clone --quiet ${quote(process.env.WINNOW_README_CHECK_REPO || HERE)} ${quote(dir)}`, tmp);
    await step('npm ci', dir);
    await step('npm run build', dir); // the README's CLI section starts "After `npm run build`"
  }
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const port = await freePort(8080);
  const ids = {};
  for (const title of SECTIONS) {
    console.log(`\n===== README ${title}`);
    for (const cmd of sectionCommands(readme, title)) {
      const start = cmd.match(/^(?:(.+?)\s*&&\s*)?npm start$/); // `a && npm start`: a first, then the server
      if (/\bnpm (run )?test\b/.test(cmd)) console.log(`\n(skipped: ${cmd} -- CI's "npm test" step already runs every test)`);
      else if (start) { if (start[1]) await step(start[1], dir); await startServer('npm start', dir, port); }
      else if (/^curl\b/.test(cmd)) await curlStep(cmd, dir, port, ids);
      else await step(cmd, dir);
    }
    if (server) await stopServer();
  }
  console.log('\nREADME commands: all passed');
  cleanup();
}

main().catch((err) => fail(err?.stack ?? String(err)));
