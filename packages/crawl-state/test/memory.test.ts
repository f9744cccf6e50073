import { describe, expect, it } from 'vitest';
import { jobProgressContract, ttlCacheContract } from '../testing/contract-suite.js';
import { MemoryJobProgress } from '../src/memory-job-progress.js';
import { MemoryTtlCache } from '../src/memory-ttl-cache.js';

jobProgressContract('memory', () => new MemoryJobProgress());
ttlCacheContract('memory', () => new MemoryTtlCache());

describe('memory snapshots', () => {
  it('restores job progress from its JSON form, so embedded mode survives a restart', async () => {
    const before = new MemoryJobProgress();
    await before.discover('j', 'https://a.test/1', 2);
    await before.discover('j', 'https://a.test/2', 2, 'https://a.test/1');
    await before.mark('j', 'https://a.test/1', 'fetched');
    await before.finish('j', 'https://a.test/2', 'skipped', 'robots_disallowed');

    const after = MemoryJobProgress.fromJSON(JSON.parse(JSON.stringify(before)));
    expect(await after.counts('j')).toEqual(await before.counts('j'));
    expect(await after.discover('j', 'https://a.test/1', 2)).toBe('seen');
    expect(await after.discover('j', 'https://a.test/3', 2)).toBe('limit');
    expect(await after.discover('j', 'https://a.test/2', 2, 'https://a.test/1')).toBe('new');
    expect(await after.discover('j', 'https://a.test/2', 2, 'https://a.test/x')).toBe('seen');
    await after.mark('j', 'https://a.test/1', 'fetched');
    expect((await after.counts('j')).fetched).toBe(1);
    expect(await after.hosts('j')).toEqual(await before.hosts('j'));
  });

  it('keeps a cancelled job cancelled across a restart', async () => {
    const before = new MemoryJobProgress();
    await before.discover('j', 'https://a.test/1', 5);
    await before.cancel('j');
    const after = MemoryJobProgress.fromJSON(JSON.parse(JSON.stringify(before)));
    expect(await after.cancelled('j')).toBe(true);
    expect(await after.discover('j', 'https://a.test/2', 5)).toBe('cancelled');
  });

  it('restores live cache entries and drops expired ones', async () => {
    let now = 1_000_000;
    const before = new MemoryTtlCache({ now: () => now });
    await before.set('live', 'v', 60);
    await before.set('dying', 'v', 1);
    const snapshot = JSON.parse(JSON.stringify(before));
    now += 2_000;
    const after = MemoryTtlCache.fromJSON(snapshot, { now: () => now });
    expect(await after.get('live')).toBe('v');
    expect(await after.get('dying')).toBeNull();
  });

  it('reads a snapshot written before discoverers were recorded', async () => {
    const old = { version: 1, jobs: { j: { urls: [['https://a.test/1', 1]], counts: { discovered: 1 }, reasons: {} } } };
    const after = MemoryJobProgress.fromJSON(old);
    expect(await after.discover('j', 'https://a.test/1', 5, 'https://a.test/')).toBe('seen');
    expect((await after.counts('j')).discovered).toBe(1);
  });

  it('starts empty from a snapshot it cannot read', async () => {
    expect(await MemoryJobProgress.fromJSON({ version: 99 }).counts('j')).toMatchObject({ discovered: 0 });
    expect(await MemoryTtlCache.fromJSON('garbage').get('k')).toBeNull();
  });

  it('evicts the oldest entries beyond maxEntries', async () => {
    const cache = new MemoryTtlCache({ maxEntries: 2 });
    await cache.set('a', '1', 60);
    await cache.set('b', '2', 60);
    await cache.set('c', '3', 60);
    expect(await cache.get('a')).toBeNull();
    expect(await cache.get('b')).toBe('2');
    expect(await cache.get('c')).toBe('3');
  });
});
