import type { HostNote, HostStatus } from './ports.js';

/** Per-URL flags a job keeps, shared by the Redis and in-memory implementations. */
export const URL_FLAGS = {
  discovered: 1,
  fetched: 2,
  extracted: 4,
  final: 8,
} as const;

/** Job state outlives the crawl so the API can still report it; 30 days after the last write. */
export const JOB_TTL_SECONDS = 30 * 24 * 60 * 60;

export function emptyCounts(): { discovered: number; fetched: number; failed: number; skipped: number; extracted: number; stored: number } {
  return { discovered: 0, fetched: 0, failed: 0, skipped: 0, extracted: 0, stored: 0 };
}

/** A job is complete once every URL it discovered is in a final state. */
export function isComplete(c: { discovered: number; failed: number; skipped: number; stored: number }): boolean {
  return c.discovered > 0 && c.failed + c.skipped + c.stored >= c.discovered;
}

/** The host (with port) a URL's per-host counts go to; '' for a string that is not a URL. */
function hostKey(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/**
 * Per-host fields of a job, the same in Redis (one hash) and in memory: `<host>\tfetched`,
 * `<host>\t<failed|skipped>\t<reason>` hold counts, `<host>\tnote` the crawler's last HostNote as JSON.
 * A host name never holds a tab.
 */
export function hostCountField(url: string, state: 'fetched' | 'failed' | 'skipped', reason?: string): string {
  const host = hostKey(url);
  if (host === '') return '';
  return reason === undefined ? `${host}\t${state}` : `${host}\t${state}\t${reason}`;
}

export const hostNoteField = (host: string): string => `${host}\tnote`;

/** Reads the per-host fields back into one status per host, sorted by host name. */
export function hostsFromFields(fields: Record<string, string>): HostStatus[] {
  const hosts = new Map<string, HostStatus>();
  const of = (host: string): HostStatus => {
    let h = hosts.get(host);
    if (!h) {
      h = { host, fetched: 0, failed: {}, skipped: {}, robots: null, delayMs: null, lastFetchAt: null };
      hosts.set(host, h);
    }
    return h;
  };
  for (const [field, value] of Object.entries(fields)) {
    const [host, kind, reason] = field.split('\t');
    if (!host || !kind) continue;
    if (kind === 'fetched') of(host).fetched = Number(value);
    else if ((kind === 'failed' || kind === 'skipped') && reason) of(host)[kind][reason] = Number(value);
    else if (kind === 'note') {
      const note = parseNote(value);
      if (note) Object.assign(of(host), note);
    }
  }
  return [...hosts.values()].sort((a, b) => a.host.localeCompare(b.host));
}

function parseNote(raw: string): HostNote | null {
  try {
    const v = JSON.parse(raw) as Partial<HostNote>;
    if (typeof v.robots !== 'string' || typeof v.delayMs !== 'number' || typeof v.lastFetchAt !== 'string') return null;
    return { robots: v.robots, delayMs: v.delayMs, lastFetchAt: v.lastFetchAt };
  } catch {
    return null;
  }
}
