import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ExtractPool } from './extract-pool.js';

const url = 'https://example.com/a';
const good = `<html><body><article><p>${'A sentence of the article, with commas, and words enough to count. '.repeat(4)}</p></article></body></html>`;
const task = (html: string) => ({ html, url, maskPii: false });

let pools: ExtractPool[] = [];
afterEach(async () => {
  await Promise.all(pools.map((p) => p.close()));
  pools = [];
});

function pool(opts: ConstructorParameters<typeof ExtractPool>[0]): ExtractPool {
  const p = new ExtractPool(opts);
  pools.push(p);
  return p;
}

describe('ExtractPool', () => {
  it('extracts pages in parallel on its workers', async () => {
    const p = pool({ workers: 2, timeoutMs: 30_000 });
    const results = await Promise.all(Array.from({ length: 6 }, () => p.run(task(good))));
    for (const r of results) expect(r.ok && r.doc.text.startsWith('A sentence of the article')).toBe(true);
    expect(p.replaced).toBe(0);
  });

  it('reports itself warm once every worker has loaded and run its warm-up page', async () => {
    const p = pool({ workers: 2, timeoutMs: 30_000 });
    expect(p.warm).toBe(false);
    await expect.poll(() => p.warm, { timeout: 30_000 }).toBe(true);
  });

  it('gives typed failures for bad pages without losing a worker', async () => {
    const p = pool({ workers: 1, timeoutMs: 30_000 });
    const empty = await p.run(task('<html><body></body></html>'));
    expect(empty).toMatchObject({ ok: false, code: 'WINNOW_ERR_EXTRACT_EMPTY', reason: 'empty' });
    const junk = await p.run(task(String.fromCharCode(...Array.from({ length: 3000 }, (_, i) => (i * 31) % 256))));
    expect(junk).toMatchObject({ ok: false, reason: 'not_html' });
    const deep = await p.run(task(`<html><body>${'<div>'.repeat(10_000)}<p>${good}</p></body></html>`));
    expect(deep.ok).toBe(true);
    const big = await p.run({ ...task(good), maxChars: 100 });
    expect(big).toMatchObject({ ok: false, reason: 'too_large' });
    expect(p.replaced).toBe(0);
  });

  it('terminates and replaces a worker that outlives the time limit', async () => {
    const p = pool({ workers: 1, timeoutMs: 20 });
    const slow = await p.run(task(`<html><body>${'<div><p>word '.repeat(200_000)}</body></html>`));
    expect(slow).toMatchObject({ ok: false, code: 'WINNOW_ERR_EXTRACT_TIMEOUT', reason: 'timeout' });
    expect(p.replaced).toBe(1);
    // The replacement is cold until it has run its own warm-up page.
    expect(p.warm).toBe(false);
    await expect.poll(() => p.warm, { timeout: 30_000 }).toBe(true);
  });

  /** A worker script that answers each page with its html as the message, after `body` ran on it. */
  async function echoWorker(body: string): Promise<URL> {
    const dir = await mkdtemp(join(tmpdir(), 'extract-pool-'));
    const script = join(dir, 'echo-worker.mjs');
    await writeFile(
      script,
      `import { parentPort } from 'node:worker_threads';
       const answer = ({ id, task }) => parentPort.postMessage({ id, result: { ok: false, code: 'X', reason: 'echo', message: task.html ?? new TextDecoder().decode(task.bytes) } });
       parentPort.on('message', (message) => { ${body} });`,
    );
    return pathToFileURL(script);
  }

  it('replaces a worker that dies and fails only its page; the pages it held behind it run on the new one', async () => {
    const workerUrl = await echoWorker(`if (message.task.html === 'die') process.exit(3); answer(message);`);
    const p = pool({ workers: 1, timeoutMs: 30_000, workerUrl });
    const [died, ...after] = await Promise.all(['die', 'next', 'last'].map((html) => p.run(task(html))));
    expect(died).toMatchObject({ ok: false, code: 'WINNOW_ERR_EXTRACT_CRASHED', reason: 'crashed' });
    expect(after).toMatchObject([
      { ok: false, reason: 'echo', message: 'next' },
      { ok: false, reason: 'echo', message: 'last' },
    ]);
    expect(p.replaced).toBe(1);
  });

  it('hands the pages a dead worker held, as bytes, whole to the worker that takes them over', async () => {
    const workerUrl = await echoWorker(`if (new TextDecoder().decode(message.task.bytes) === 'die') process.exit(3); answer(message);`);
    const p = pool({ workers: 1, timeoutMs: 30_000, workerUrl });
    const page = (text: string) => p.runPage({ bytes: Buffer.from(text), maskPii: false });
    const [died, ...after] = await Promise.all(['die', '한국어 page', 'last'].map(page));
    expect(died).toMatchObject({ ok: false, reason: 'crashed' });
    expect(after).toMatchObject([{ message: '한국어 page' }, { message: 'last' }]);
  });

  it('times out only the page a worker is running, not the pages it holds behind it', async () => {
    const workerUrl = await echoWorker(`if (message.task.html === 'hang') for (;;); answer(message);`);
    const p = pool({ workers: 1, timeoutMs: 500, workerUrl });
    const [hung, ...after] = await Promise.all(['hang', 'next', 'last'].map((html) => p.run(task(html))));
    expect(hung).toMatchObject({ ok: false, code: 'WINNOW_ERR_EXTRACT_TIMEOUT', reason: 'timeout' });
    expect(after).toMatchObject([
      { ok: false, reason: 'echo', message: 'next' },
      { ok: false, reason: 'echo', message: 'last' },
    ]);
    expect(p.replaced).toBe(1);
  });

  it('hands a worker its next pages before it has answered the first', async () => {
    // This worker answers only once it holds three pages: one page at a time would never be answered.
    const workerUrl = await echoWorker(`(globalThis.held ??= []).push(message); if (globalThis.held.length === 3) globalThis.held.splice(0).forEach(answer);`);
    const p = pool({ workers: 1, timeoutMs: 30_000, workerUrl, depth: 3 });
    const results = await Promise.all(['a', 'b', 'c'].map((html) => p.run(task(html))));
    expect(results.map((r) => !r.ok && r.message)).toEqual(['a', 'b', 'c']);
  });

  it('fails queued pages once closed', async () => {
    const p = pool({ workers: 1, timeoutMs: 30_000 });
    await p.close();
    expect(await p.run(task(good))).toMatchObject({ ok: false, reason: 'crashed' });
  });
});
