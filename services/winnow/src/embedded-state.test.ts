import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedState, type EmbeddedState } from './embedded-state.js';

async function crawlSome(state: EmbeddedState): Promise<void> {
  const { progress, cache } = state;
  for (const url of ['https://a.example/', 'https://a.example/1', 'https://b.example/']) await progress.discover('j1', url, 10);
  expect(await progress.discover('j1', 'https://a.example/1', 10)).toBe('seen');
  const links = ['https://a.example/1', 'https://a.example/2', 'https://b.example/1'];
  expect(await progress.discoverAll('j1', links, 10, 'https://a.example/')).toEqual(['seen', 'new', 'new']);
  await progress.mark('j1', 'https://a.example/', 'fetched');
  await progress.mark('j1', 'https://a.example/', 'extracted');
  await progress.store('j1', 'https://a.example/');
  await progress.finish('j1', 'https://a.example/1', 'failed', 'http_404');
  await progress.noteHost('j1', 'a.example', { robots: 'allowed', delayMs: 0, lastFetchAt: '2026-01-01T00:00:00.000Z' });
  await cache.set('robots:a.example', 'User-agent: *', 3600);
  await cache.set('robots:gone.example', 'x', 3600);
  await cache.delete('robots:gone.example');
}

describe('embedded job state', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'winnow-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['killed (the log is replayed)', false],
    ['stopped (the log is compacted into the snapshot)', true],
  ])('a process %s leaves its successor the same progress and cache', async (_how, closed) => {
    const file = join(dir, 'state.json');
    const first = openEmbeddedState(file);
    await crawlSome(first);
    const counts = await first.progress.counts('j1');
    const hosts = await first.progress.hosts('j1');
    if (closed) await first.close();

    const second = openEmbeddedState(file);
    expect(await second.progress.counts('j1')).toEqual(counts);
    expect(counts).toMatchObject({ discovered: 5, fetched: 1, extracted: 1, stored: 1, failed: 1, reasons: { http_404: 1 } });
    expect(await second.progress.hosts('j1')).toEqual(hosts);
    expect(await second.progress.discover('j1', 'https://b.example/', 10)).toBe('seen');
    // The page that offered its links in one call gets them again after a crash, as with one call per link.
    expect(await second.progress.discoverAll('j1', ['https://a.example/2', 'https://b.example/1'], 10, 'https://a.example/')).toEqual(['new', 'new']);
    // The job completes exactly once: the restored state knows which URLs are final already.
    expect(await second.progress.store('j1', 'https://a.example/')).toBe(false);
    expect(await second.cache.get('robots:a.example')).toBe('User-agent: *');
    expect(await second.cache.get('robots:gone.example')).toBeNull();
    await second.close();
  });
});
