import { z } from 'zod';
import { defineContract } from './contract.js';
import { charsetSource, docId, httpUrl, isoTime, jobId } from './common.js';

const fetchOutcome = z.enum(['fetched', 'failed', 'skipped', 'unchanged']);

const pageFetchedSchema = z.object({
  docId,
  jobId,
  /** The crawl request's URL (the job's seen-set member), before redirects. */
  requestUrl: httpUrl,
  /** The final URL after redirects. */
  url: httpUrl,
  depth: z.number().int().min(0),
  outcome: fetchOutcome,
  /** Typed reason for `failed`, `skipped` and `unchanged`, e.g. `robots_disallowed`, `http_404`. */
  reason: z.string().nullable(),
  /** HTTP status; 0 when no response arrived. */
  status: z.number().int().min(0).max(999),
  /** Response headers, lower-cased names. */
  headers: z.record(z.string(), z.string()),
  contentType: z.string().nullable(),
  /** Decoded body text (present when outcome is `fetched`). */
  body: z.string().nullable(),
  charset: z.string().nullable(),
  charsetSource: charsetSource.nullable(),
  fetchedAt: isoTime,
});
export type PageFetched = z.infer<typeof pageFetchedSchema>;

export const pagesFetched = defineContract({
  topic: 'pages.fetched',
  version: 1,
  ceType: 'winnow.page.fetched.v1',
  key: 'docId of the final URL',
  compacted: false,
  description: 'Every crawl request’s result: the decoded page, or a failure or skip reason.',
  schema: pageFetchedSchema,
});
