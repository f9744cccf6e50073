import type { TtlCache } from './ports.js';

export interface MemoryTtlCacheOptions {
  /** Oldest entries are evicted beyond this many, so a long crawl cannot grow the process without bound. */
  maxEntries?: number;
  /** Clock in milliseconds; tests and snapshots use wall time. */
  now?: () => number;
}

/** Serializable form of the cache: entries with their absolute expiry time in epoch milliseconds. */
export interface TtlCacheSnapshot {
  version: 1;
  entries: [key: string, value: string, expiresAt: number][];
}

/** In-process TtlCache for embedded mode. */
export class MemoryTtlCache implements TtlCache {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(opts: MemoryTtlCacheOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 100_000;
    this.now = opts.now ?? Date.now;
  }

  async get(key: string): Promise<string | null> {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    assertTtl(ttlSeconds);
    // Re-inserting moves the key to the end, so the Map's order is oldest-write first.
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
    if (this.entries.size > this.maxEntries) this.evict();
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  toJSON(): TtlCacheSnapshot {
    const now = this.now();
    const entries: TtlCacheSnapshot['entries'] = [];
    for (const [key, e] of this.entries) if (e.expiresAt > now) entries.push([key, e.value, e.expiresAt]);
    return { version: 1, entries };
  }

  static fromJSON(snapshot: unknown, opts: MemoryTtlCacheOptions = {}): MemoryTtlCache {
    const cache = new MemoryTtlCache(opts);
    if (!isSnapshot(snapshot)) return cache;
    const now = cache.now();
    for (const entry of snapshot.entries) {
      const [key, value, expiresAt] = entry;
      if (typeof key === 'string' && typeof value === 'string' && typeof expiresAt === 'number' && expiresAt > now) {
        cache.entries.set(key, { value, expiresAt });
      }
    }
    return cache;
  }

  private evict(): void {
    const now = this.now();
    for (const [key, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

export function assertTtl(ttlSeconds: number): void {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive number, got ${ttlSeconds}`);
  }
}

function isSnapshot(value: unknown): value is TtlCacheSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<TtlCacheSnapshot>;
  return v.version === 1 && Array.isArray(v.entries);
}
