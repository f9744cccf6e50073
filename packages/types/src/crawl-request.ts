import { z } from 'zod';
import { defineContract } from './contract.js';
import { httpUrl, isoTime, jobId, jobSpec } from './common.js';

export const crawlRequestSchema = z.object({
  jobId,
  /** The normalized URL to fetch; also the job's seen-set member. */
  url: httpUrl,
  depth: z.number().int().min(0),
  discoveredFrom: httpUrl.nullable(),
  priority: z.number().int().default(0),
  job: jobSpec,
  requestedAt: isoTime,
});
export type CrawlRequest = z.infer<typeof crawlRequestSchema>;

export const crawlRequests = defineContract({
  topic: 'crawl.requests',
  version: 1,
  ceType: 'winnow.crawl.requested.v1',
  key: 'host of the URL (one crawler instance owns a host)',
  compacted: false,
  startsTrace: true,
  description: 'URLs to fetch, from the API (seeds) and the crawler (discovered links).',
  schema: crawlRequestSchema,
});
