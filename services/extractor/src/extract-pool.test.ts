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

  it('replaces a worker that dies and fails only its page', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'extract-pool-'));
    const script = join(dir, 'dying-worker.mjs');
    await writeFile(
      script,
      `import { parentPort } from 'node:worker_threads';
       parentPort.on('message', ({ id, task }) => {
         if (task.html === 'die') process.exit(3);
         parentPort.postMessage({ id, result: { ok: false, code: 'X', reason: 'echo', message: task.html } });
       });`,
    );
    const p = pool({ workers: 1, timeoutMs: 30_000, workerUrl: pathToFileURL(script) });
    const [died, after] = await Promise.all([p.run(task('die')), p.run(task('next'))]);
    expect(died).toMatchObject({ ok: false, code: 'WINNOW_ERR_EXTRACT_CRASHED', reason: 'crashed' });
    expect(after).toMatchObject({ ok: false, reason: 'echo', message: 'next' });
    expect(p.replaced).toBe(1);
  });

  it('fails queued pages once closed', async () => {
    const p = pool({ workers: 1, timeoutMs: 30_000 });
    await p.close();
    expect(await p.run(task(good))).toMatchObject({ ok: false, reason: 'crashed' });
  });
});
