import type { JobCounts } from '@winnow/crawl-state';
import type { JobDocumentCounts, JobRecord, JobStatus } from '@winnow/read-model';

/** `GET /v1/jobs/:id` as DESIGN defines it; `counts.reasons` breaks failed and skipped down by reason. */
export interface JobView {
  id: string;
  status: JobStatus;
  counts: {
    discovered: number;
    fetched: number;
    failed: number;
    skipped: number;
    extracted: number;
    unique: number;
    duplicate: number;
    reasons: Record<string, number>;
  };
  createdAt: string;
  finishedAt: string | null;
  seeds: string[];
  maxDepth: number;
  maxPages: number;
  scope: string;
}

export function toJobView(job: JobRecord, progress: JobCounts, docs: JobDocumentCounts): JobView {
  return {
    id: job.id,
    status: job.status,
    counts: {
      discovered: progress.discovered,
      fetched: progress.fetched,
      failed: progress.failed,
      skipped: progress.skipped,
      extracted: progress.extracted,
      unique: docs.unique,
      duplicate: docs.duplicate,
      reasons: progress.reasons,
    },
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    seeds: job.spec.seeds,
    maxDepth: job.spec.maxDepth,
    maxPages: job.spec.maxPages,
    scope: job.spec.scope,
  };
}
