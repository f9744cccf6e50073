import { z } from 'zod';
import type { TopicName } from '@winnow/types';
import { scope } from '@winnow/types';
import { topicNames, verdict } from '@winnow/types';

/** Query strings send empty values for unset filters (`?jobId=&q=`); treat them as absent. */
const optionalParam = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const httpSeed = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'expected an absolute http or https URL');

export const createJobBody = z.object({
  seeds: z.array(httpSeed).min(1).max(100),
  maxDepth: z.number().int().min(0).max(100).default(2),
  maxPages: z.number().int().min(1).max(1_000_000).default(100),
  scope: scope.default('host'),
  /** Optional URL substrings a crawled URL must contain / must not contain. */
  include: z.array(z.string().min(1).max(500)).max(50).default([]),
  exclude: z.array(z.string().min(1).max(500)).max(50).default([]),
});

export const listDocumentsQuery = z.object({
  jobId: optionalParam(z.string().max(64)),
  q: optionalParam(z.string().max(200)),
  site: optionalParam(z.string().max(255)),
  lang: optionalParam(z.string().max(35)),
  verdict: optionalParam(verdict),
  limit: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(100).default(20)),
  cursor: optionalParam(z.string().max(200)),
});

/** A DLQ is named by its source topic: `/v1/dlq/pages.fetched` lists `pages.fetched.dlq`. */
export const dlqTopicParam = z.object({ topic: z.enum(topicNames as [TopicName, ...TopicName[]]) });

const errorCode = z.string().max(100).regex(/^[A-Z0-9_]+$/, 'expected an error code such as WINNOW_ERR_INVALID_MESSAGE');

export const dlqListQuery = z.object({
  code: optionalParam(errorCode),
  limit: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(500).default(100)),
});

export const dlqReplayBody = z.object({
  /** Only dead letters with this error code. */
  code: errorCode.optional(),
  /** Only these dead letters (`<partition>-<offset>`, as listed). */
  ids: z.array(z.string().regex(/^\d+-\d+$/, 'expected <partition>-<offset>')).min(1).max(1000).optional(),
  /** Count what would be replayed; send nothing. */
  dryRun: z.boolean().default(false),
});

export const listJobsQuery = z.object({
  status: optionalParam(z.enum(['running', 'done', 'cancelled'])),
  limit: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(100).default(20)),
  cursor: optionalParam(z.string().max(400)),
});

/** Path ids: anything longer than this cannot exist, so it is a 404 without touching the database. */
export const idParam = z.object({ id: z.string().min(1).max(200) });
