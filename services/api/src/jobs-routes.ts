import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Emit } from '@winnow/bus';
import type { JobSpec } from '@winnow/types';
import type { CrawlRequest } from '@winnow/types';
import { tryNormalizeUrl } from '@winnow/url';
import { hostOf } from '@winnow/url';
import { ApiError } from './api-errors.js';
import type { AppDeps } from './app-deps.js';
import { toJobView, type JobView } from './job-view.js';
import { createJobBody, idParam } from './request-schemas.js';
import { jobViewSchema, problemResponses } from './response-schemas.js';

export function registerJobRoutes(fastify: FastifyInstance, { readModel, bus, progress }: AppDeps): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  async function currentView(id: string): Promise<JobView> {
    // Reading never changes a job: it is marked done from its `job.completed` event (jobs.events).
    const job = await readModel.getJob(id);
    if (!job) throw new ApiError('WINNOW_ERR_JOB_NOT_FOUND', `job ${id} does not exist`);
    const [counts, docs] = await Promise.all([progress.counts(id), readModel.countsForJob(id)]);
    return toJobView(job, counts, docs);
  }

  const createSchema = { summary: 'Submit a crawl job', body: createJobBody, response: { 201: jobViewSchema, ...problemResponses } };
  app.post('/v1/jobs', { config: { scope: 'crawl' }, schema: createSchema }, async (req, reply) => {
    const body = req.body;
    const seeds: string[] = [];
    for (const [i, raw] of body.seeds.entries()) {
      const url = tryNormalizeUrl(raw);
      if (url === null) {
        throw new ApiError('WINNOW_ERR_VALIDATION', `body.seeds.${i}: not a crawlable URL`, [
          { path: `body.seeds.${i}`, message: 'not a crawlable URL' },
        ]);
      }
      if (!seeds.includes(url)) seeds.push(url);
    }
    const spec: JobSpec = { ...body, seeds };
    const job = await readModel.createJob(randomUUID(), spec);

    const requestedAt = new Date().toISOString();
    const emits: Emit<'crawl.requests'>[] = [];
    for (const url of seeds) {
      if ((await progress.discover(job.id, url, spec.maxPages)) !== 'new') continue;
      const value: CrawlRequest = { jobId: job.id, url, depth: 0, discoveredFrom: null, priority: 0, job: spec, requestedAt };
      emits.push({ topic: 'crawl.requests', key: hostOf(url), value });
    }
    try {
      await bus.publish(emits);
    } catch (err) {
      req.log.error({ err, jobId: job.id }, 'seed publish failed');
      await readModel.cancelJob(job.id);
      throw new ApiError('WINNOW_ERR_UNAVAILABLE', `the seeds of job ${job.id} could not be queued, so it was cancelled; submit it again`);
    }
    req.log.info({ jobId: job.id, seeds: seeds.length }, 'job submitted');
    return reply.code(201).header('location', `/v1/jobs/${job.id}`).send(await currentView(job.id));
  });

  const getSchema = { summary: 'One job with its counts', params: idParam, response: { 200: jobViewSchema, ...problemResponses } };
  app.get('/v1/jobs/:id', { config: { scope: 'read' }, schema: getSchema }, async (req) => currentView(req.params.id));
}
