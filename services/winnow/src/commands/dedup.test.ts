import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EN_ARTICLE, EN_COMMENT, EN_SAME_TOPIC, repost } from '@winnow/dedup/testing';
import { run } from './dedup.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, stdin: Readable.from([]) },
  };
}

describe('winnow dedup pairs', () => {
  it('prints one verdict per line about b relative to a, and names bad lines on stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dedup-cli-'));
    const file = join(dir, 'pairs.jsonl');
    const lines = [
      JSON.stringify({ id: 'x', a: EN_ARTICLE, b: EN_ARTICLE }),
      '{not json',
      JSON.stringify({ id: 2, a: EN_ARTICLE, b: repost(EN_ARTICLE, EN_COMMENT, 'via Courier') }),
      JSON.stringify({ id: 'd', a: EN_ARTICLE, b: EN_SAME_TOPIC }),
      JSON.stringify({ id: 'm', a: 'text' }),
    ];
    await writeFile(file, lines.join('\n'));
    const t = io();
    expect(await run(['pairs', file], t.io)).toBe(0);
    const results = t.out.join('').trim().split('\n').map((l) => JSON.parse(l) as { id: unknown; verdict: string });
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ['x', 'exact'],
      [2, 'contains'],
      ['d', 'distinct'],
    ]);
    expect(Object.keys(results[0]!)).toEqual(['id', 'verdict', 'jaccard', 'containment']);
    expect(t.err.join('')).toMatch(/line 2: invalid JSON/);
    expect(t.err.join('')).toMatch(/line 5: "b" must be a string/);
  });

  it('fails with a usage error on missing arguments', async () => {
    const t = io();
    expect(await run(['pairs'], t.io)).toBe(2);
  });
});
