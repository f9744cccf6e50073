import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError } from './api-errors.js';
import type { AppDeps } from './app-deps.js';
import { toJobView, type JobView } from './job-view.js';
import { idParam, listJobsQuery } from './request-schemas.js';
import { hostListSchema, jobPageSchema, jobViewSchema, problemResponses } from './response-schemas.js';

/**
 * Job control: the list of jobs, cancelling one, and its hosts. Cancelling marks the job in JobProgress,
 * which every crawler instance reads (Redis, or the embedded runner's shared memory): from then on the job
 * admits no URL, and each of its queued requests ends `skipped` (`job_cancelled`) without a fetch, so its
 * counts still add up; requests already fetching finish. The read model shows it `cancelled` at once.
 */
export function registerJobControlRoutes(fastify: FastifyInstance, { readModel, progress }: AppDeps): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  async function viewOf(job: NonNullable<Awaited<ReturnType<typeof readModel.getJob>>>): Promise<JobView> {
    const [counts, docs] = await Promise.all([progress.counts(job.id), readModel.countsForJob(job.id)]);
    return toJobView(job, counts, docs);
  }
  async function existing(id: string) {
    const job = await readModel.getJob(id);
    if (!job) throw new ApiError('WINNOW_ERR_JOB_NOT_FOUND', `job ${id} does not exist`);
    return job;
  }

  const listSchema = { summary: 'Jobs, newest first', querystring: listJobsQuery, response: { 200: jobPageSchema, ...problemResponses } };
  app.get('/v1/jobs', { config: { scope: 'read' }, schema: listSchema }, async (req) => {
    const { status, limit, cursor } = req.query;
    const page = await readModel.listJobs({ limit, ...(status !== undefined && { status }), ...(cursor !== undefined && { cursor }) });
    return { items: await Promise.all(page.items.map(viewOf)), nextCursor: page.nextCursor };
  });

  const cancelSchema = { summary: 'Cancel a running job', params: idParam, response: { 200: jobViewSchema, ...problemResponses } };
  app.post('/v1/jobs/:id/cancel', { config: { scope: 'crawl' }, schema: cancelSchema }, async (req) => {
    const { id } = req.params;
    let job = await existing(id);
    if (job.status === 'done') throw new ApiError('WINNOW_ERR_JOB_FINISHED', `job ${id} is done; only a running job can be cancelled`);
    await progress.cancel(id);
    job = (await readModel.cancelJob(id)) ?? job;
    // The job's last URL may have settled just before the cancel: it stays done.
    if (job.status === 'done') throw new ApiError('WINNOW_ERR_JOB_FINISHED', `job ${id} is done; only a running job can be cancelled`);
    req.log.info({ jobId: id }, 'job cancelled');
    return viewOf(job);
  });

  const hostsSchema = { summary: "A job's hosts", params: idParam, response: { 200: hostListSchema, ...problemResponses } };
  app.get('/v1/jobs/:id/hosts', { config: { scope: 'read' }, schema: hostsSchema }, async (req) => {
    const { id } = req.params;
    await existing(id);
    return { items: await progress.hosts(id) };
  });
}
