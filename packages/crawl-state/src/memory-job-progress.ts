import type { DiscoverResult, HostNote, HostStatus, JobCounts, JobProgress } from './ports.js';
import { emptyCounts, hostCountField, hostNoteField, hostsFromFields, isComplete, URL_FLAGS } from './job-progress-keys.js';

interface JobState {
  urls: Map<string, number>;
  /** url -> the discoverer that admitted it, for URLs admitted with one. */
  from: Map<string, string>;
  counts: ReturnType<typeof emptyCounts>;
  reasons: Map<string, number>;
  /** The URL whose final state completed the job. */
  completedBy?: string;
  cancelled: boolean;
  /** Per-host fields, as in Redis (see hostCountField). */
  hosts: Map<string, string>;
}

/** Serializable form of every job's state, for embedded mode to persist across restarts. */
export interface JobProgressSnapshot {
  version: 1;
  jobs: Record<
    string,
    {
      urls: [string, number][];
      /** Absent in snapshots written before discoverers were recorded. */
      from?: [string, string][];
      counts: ReturnType<typeof emptyCounts>;
      reasons: Record<string, number>;
      completedBy?: string;
      /** Absent in snapshots written before jobs could be cancelled. */
      cancelled?: boolean;
      hosts?: [string, string][];
    }
  >;
}

/**
 * In-process JobProgress for embedded mode. Single-threaded JavaScript makes each call atomic,
 * which is what the Redis implementation gets from its Lua scripts.
 */
export class MemoryJobProgress implements JobProgress {
  private readonly jobs = new Map<string, JobState>();

  async discover(jobId: string, url: string, maxPages: number, discoveredFrom?: string): Promise<DiscoverResult> {
    return this.admit(jobId, url, maxPages, discoveredFrom);
  }

  async discoverAll(jobId: string, urls: readonly string[], maxPages: number, discoveredFrom?: string): Promise<DiscoverResult[]> {
    return urls.map((url) => this.admit(jobId, url, maxPages, discoveredFrom));
  }

  private admit(jobId: string, url: string, maxPages: number, discoveredFrom?: string): DiscoverResult {
    const job = this.job(jobId);
    if (job.cancelled) return 'cancelled';
    const flags = job.urls.get(url) ?? 0;
    if (flags & URL_FLAGS.discovered) {
      return discoveredFrom && job.from.get(url) === discoveredFrom ? 'new' : 'seen';
    }
    if (job.counts.discovered >= maxPages) return 'limit';
    job.urls.set(url, flags | URL_FLAGS.discovered);
    if (discoveredFrom) job.from.set(url, discoveredFrom);
    job.counts.discovered += 1;
    return 'new';
  }

  async mark(jobId: string, url: string, state: 'fetched' | 'extracted'): Promise<void> {
    const job = this.job(jobId);
    const flags = job.urls.get(url) ?? 0;
    const bit = URL_FLAGS[state];
    if (flags & bit) return;
    job.urls.set(url, flags | bit);
    job.counts[state] += 1;
    if (state === 'fetched') this.countHost(job, hostCountField(url, 'fetched'));
  }

  async cancel(jobId: string): Promise<void> {
    this.job(jobId).cancelled = true;
  }

  async cancelled(jobId: string): Promise<boolean> {
    return this.jobs.get(jobId)?.cancelled ?? false;
  }

  async noteHost(jobId: string, host: string, note: HostNote): Promise<void> {
    this.job(jobId).hosts.set(hostNoteField(host), JSON.stringify(note));
  }

  async hosts(jobId: string): Promise<HostStatus[]> {
    return hostsFromFields(Object.fromEntries(this.jobs.get(jobId)?.hosts ?? []));
  }

  private countHost(job: JobState, field: string): void {
    if (field !== '') job.hosts.set(field, String(Number(job.hosts.get(field) ?? 0) + 1));
  }

  async finish(jobId: string, url: string, state: 'failed' | 'skipped', reason: string): Promise<boolean> {
    return this.final(jobId, url, state, reason);
  }

  async store(jobId: string, url: string): Promise<boolean> {
    return this.final(jobId, url, 'stored');
  }

  private final(jobId: string, url: string, state: 'failed' | 'skipped' | 'stored', reason?: string): boolean {
    const job = this.job(jobId);
    const flags = job.urls.get(url) ?? 0;
    if (flags & URL_FLAGS.final) return job.completedBy === url;
    job.urls.set(url, flags | URL_FLAGS.final);
    job.counts[state] += 1;
    if (reason !== undefined) job.reasons.set(reason, (job.reasons.get(reason) ?? 0) + 1);
    if (state !== 'stored') this.countHost(job, hostCountField(url, state, reason));
    if (job.completedBy === undefined && isComplete(job.counts)) {
      job.completedBy = url;
      return true;
    }
    return false;
  }

  async counts(jobId: string): Promise<JobCounts> {
    const job = this.jobs.get(jobId);
    if (!job) return { ...emptyCounts(), reasons: {} };
    return { ...job.counts, reasons: Object.fromEntries(job.reasons) };
  }

  toJSON(): JobProgressSnapshot {
    const jobs: JobProgressSnapshot['jobs'] = {};
    for (const [id, job] of this.jobs) {
      jobs[id] = {
        urls: [...job.urls],
        from: [...job.from],
        counts: { ...job.counts },
        reasons: Object.fromEntries(job.reasons),
        ...(job.completedBy !== undefined && { completedBy: job.completedBy }),
        cancelled: job.cancelled,
        hosts: [...job.hosts],
      };
    }
    return { version: 1, jobs };
  }

  /** Restores a snapshot taken with toJSON(); anything unreadable is ignored rather than half-applied. */
  static fromJSON(snapshot: unknown): MemoryJobProgress {
    const progress = new MemoryJobProgress();
    if (!isSnapshot(snapshot)) return progress;
    for (const [id, job] of Object.entries(snapshot.jobs)) {
      progress.jobs.set(id, {
        urls: new Map(job.urls),
        from: new Map(job.from ?? []),
        counts: { ...emptyCounts(), ...job.counts },
        reasons: new Map(Object.entries(job.reasons)),
        ...(job.completedBy !== undefined && { completedBy: job.completedBy }),
        cancelled: job.cancelled ?? false,
        hosts: new Map(job.hosts ?? []),
      });
    }
    return progress;
  }

  private job(jobId: string): JobState {
    let job = this.jobs.get(jobId);
    if (!job) {
      job = { urls: new Map(), from: new Map(), counts: emptyCounts(), reasons: new Map(), cancelled: false, hosts: new Map() };
      this.jobs.set(jobId, job);
    }
    return job;
  }
}

function isSnapshot(value: unknown): value is JobProgressSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<JobProgressSnapshot>;
  return v.version === 1 && typeof v.jobs === 'object' && v.jobs !== null;
}
