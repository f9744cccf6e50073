import type { JobEvent } from '@winnow/types';
import type { JobProgress } from './ports.js';

/**
 * The `job.completed` event for a job whose last URL just reached its final state (a `finish` or `store`
 * call answered true). Its time is this moment: the job's `finishedAt`.
 */
export async function jobCompletedEvent(progress: JobProgress, jobId: string, finishedAt: Date = new Date()): Promise<JobEvent> {
  const { reasons: _reasons, ...counts } = await progress.counts(jobId);
  return { type: 'job.completed', jobId, finishedAt: finishedAt.toISOString(), counts };
}
