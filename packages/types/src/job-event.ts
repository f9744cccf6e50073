import { z } from 'zod';
import { defineContract } from './contract.js';
import { isoTime, jobId } from './common.js';

/** Where a job stood when it completed: every discovered URL stored, failed or skipped. */
const jobEventCounts = z.object({
  discovered: z.number().int().min(0),
  fetched: z.number().int().min(0),
  extracted: z.number().int().min(0),
  failed: z.number().int().min(0),
  skipped: z.number().int().min(0),
  /** URLs whose document reached the read model (unique or duplicate). */
  stored: z.number().int().min(0),
});

const jobEventSchema = z.object({
  type: z.literal('job.completed'),
  jobId,
  /** When the last URL of the job reached its final state. */
  finishedAt: isoTime,
  counts: jobEventCounts,
});
export type JobEvent = z.infer<typeof jobEventSchema>;

export const jobsEvents = defineContract({
  topic: 'jobs.events',
  version: 1,
  ceType: 'winnow.job.event.v1',
  key: 'jobId',
  compacted: false,
  description:
    'Job lifecycle events. `job.completed` is published once, by the service whose update took the last URL of the job to a final state (again only if that message is redelivered).',
  schema: jobEventSchema,
});
