import { MemoryJobProgress, MemoryTtlCache, type JobProgress, type TtlCache } from '@winnow/crawl-state';
import { openAppendLog } from '@winnow/state-file';

/** One logged change: the JobProgress or TtlCache call that made it, with a cache entry's absolute expiry. */
type Entry =
  | ['discover', jobId: string, url: string, maxPages: number, from: string | null]
  | ['discoverAll', jobId: string, urls: string[], maxPages: number, from: string | null]
  | ['mark', jobId: string, url: string, state: 'fetched' | 'extracted']
  | ['finish', jobId: string, url: string, state: 'failed' | 'skipped', reason: string]
  | ['store', jobId: string, url: string]
  | ['cancel', jobId: string]
  | ['noteHost', jobId: string, host: string, note: Parameters<JobProgress['noteHost']>[2]]
  | ['set', key: string, value: string, expiresAt: number]
  | ['delete', key: string];

export interface EmbeddedState {
  progress: JobProgress;
  cache: TtlCache;
  /** Compacts the log into `file` and closes it. */
  close(): Promise<void>;
}

/**
 * Job progress and the crawl cache of embedded mode, kept in `file` (the snapshot, `{ progress, cache }`)
 * and a log beside it of every change since. The in-memory implementations are deterministic, so replaying
 * the logged calls in order rebuilds exactly the state a killed process had; a call resolves only once its
 * line is written.
 */
export function openEmbeddedState(file: string): EmbeddedState {
  let progress = new MemoryJobProgress();
  let cache = new MemoryTtlCache();
  const apply = (e: Entry): void => {
    switch (e[0]) {
      case 'discover':
        void progress.discover(e[1], e[2], e[3], e[4] ?? undefined);
        return;
      case 'discoverAll':
        void progress.discoverAll(e[1], e[2], e[3], e[4] ?? undefined);
        return;
      case 'mark':
        void progress.mark(e[1], e[2], e[3]);
        return;
      case 'finish':
        void progress.finish(e[1], e[2], e[3], e[4]);
        return;
      case 'store':
        void progress.store(e[1], e[2]);
        return;
      case 'cancel':
        void progress.cancel(e[1]);
        return;
      case 'noteHost':
        void progress.noteHost(e[1], e[2], e[3]);
        return;
      case 'set':
        if (e[3] > Date.now()) void cache.set(e[1], e[2], (e[3] - Date.now()) / 1000);
        return;
      case 'delete':
        void cache.delete(e[1]);
    }
  };
  const log = openAppendLog(
    { file },
    ({ snapshot, entries }) => {
      progress = MemoryJobProgress.fromJSON(snapshot?.progress);
      cache = MemoryTtlCache.fromJSON(snapshot?.cache);
      for (const e of entries as Entry[]) apply(e);
    },
    () => ({ progress: progress.toJSON(), cache: cache.toJSON() }),
  );
  const logged = async <T>(result: Promise<T>, entry: Entry): Promise<T> => {
    const value = await result;
    log.append(JSON.stringify(entry));
    await log.written();
    return value;
  };

  return {
    progress: {
      discover: (jobId, url, maxPages, from) => logged(progress.discover(jobId, url, maxPages, from), ['discover', jobId, url, maxPages, from ?? null]),
      discoverAll: (jobId, urls, maxPages, from) =>
        logged(progress.discoverAll(jobId, urls, maxPages, from), ['discoverAll', jobId, [...urls], maxPages, from ?? null]),
      mark: (jobId, url, state) => logged(progress.mark(jobId, url, state), ['mark', jobId, url, state]),
      finish: (jobId, url, state, reason) => logged(progress.finish(jobId, url, state, reason), ['finish', jobId, url, state, reason]),
      store: (jobId, url) => logged(progress.store(jobId, url), ['store', jobId, url]),
      cancel: (jobId) => logged(progress.cancel(jobId), ['cancel', jobId]),
      noteHost: (jobId, host, note) => logged(progress.noteHost(jobId, host, note), ['noteHost', jobId, host, note]),
      counts: (jobId) => progress.counts(jobId),
      cancelled: (jobId) => progress.cancelled(jobId),
      hosts: (jobId) => progress.hosts(jobId),
    },
    cache: {
      get: (key) => cache.get(key),
      set: (key, value, ttlSeconds) => logged(cache.set(key, value, ttlSeconds), ['set', key, value, Date.now() + ttlSeconds * 1000]),
      delete: (key) => logged(cache.delete(key), ['delete', key]),
    },
    close: () => log.close(),
  };
}
