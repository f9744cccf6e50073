import { z } from 'zod';

/** As `@winnow/types` defines them (not exported there: the contracts' own schemas are internal). */
const relation = z.enum(['exact', 'near', 'contains', 'contained_by']);
const sourceRef = z.strictObject({ id: z.string(), relation: z.literal('contains'), containment: z.number().min(0).max(1) });

/**
 * What each route answers, as zod schemas: the serializer checks every response against them (a mismatch is
 * a 500, so a test catches it) and /openapi.json is generated from them. Plain schemas only: no transforms.
 */
const isoTime = z.string().describe('ISO 8601 time');
const count = z.number().int().min(0);

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('stable error code, e.g. WINNOW_ERR_VALIDATION'),
    instance: z.string(),
    errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem (application/problem+json)');

export const jobViewSchema = z.strictObject({
  id: z.string(),
  status: z.enum(['running', 'done', 'cancelled']),
  counts: z.strictObject({
    discovered: count,
    fetched: count,
    failed: count,
    skipped: count,
    extracted: count,
    unique: count,
    duplicate: count,
    reasons: z.record(z.string(), count).describe('failed and skipped URLs per typed reason'),
  }),
  createdAt: isoTime,
  finishedAt: isoTime.nullable(),
  seeds: z.array(z.string()),
  maxDepth: count,
  maxPages: count,
  scope: z.string(),
});

export const jobPageSchema = z.strictObject({ items: z.array(jobViewSchema), nextCursor: z.string().nullable() });

export const hostListSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      host: z.string(),
      fetched: count,
      failed: z.record(z.string(), count),
      skipped: z.record(z.string(), count),
      robots: z.string().nullable().describe('fetched, absent (all allowed), unavailable (none allowed) or a failure reason'),
      delayMs: count.nullable().describe('politeness delay in force between two requests to the host'),
      lastFetchAt: isoTime.nullable(),
    }),
  ),
});

const documentBasics = {
  id: z.string(),
  url: z.string(),
  site: z.string(),
  title: z.string().nullable(),
  byline: z.string().nullable(),
  publishedAt: isoTime.nullable(),
  lang: z.string(),
  text: z.string(),
  fetchedAt: isoTime,
  verdict: z.enum(['unique', 'duplicate']),
  sources: z.array(sourceRef),
  clusterId: z.string().nullable(),
};

export const documentViewSchema = z.strictObject({
  ...documentBasics,
  canonicalUrl: z.string(),
  relation: relation.optional(),
  duplicateOf: z.string().optional(),
  novelText: z.string().optional().describe("a unique document's own text when it embeds others"),
});

export const documentPageSchema = z.strictObject({ items: z.array(documentViewSchema), nextCursor: z.string().nullable() });

export const clusterViewSchema = z.strictObject({
  id: z.string(),
  canonicalId: z.string().nullable(),
  reasons: z.array(z.string()),
  members: z.array(
    z.strictObject({
      id: z.string(),
      url: z.string(),
      site: z.string(),
      title: z.string().nullable(),
      publishedAt: isoTime.nullable(),
      verdict: z.enum(['unique', 'duplicate']),
      relation: relation.optional(),
      duplicateOf: z.string().optional(),
      sources: z.array(sourceRef),
      scores: z.strictObject({ jaccard: z.number(), containment: z.number(), containmentOther: z.number() }).optional(),
      evidence: z.array(z.string()),
    }),
  ),
});

export const healthSchema = z.strictObject({ status: z.literal('ok') });
export const readySchema = z.strictObject({ status: z.enum(['ready', 'not_ready']), checks: z.strictObject({ store: z.boolean(), bus: z.boolean() }) });

/** Every error status a route may answer, documented once. */
export const problemResponses = {
  '4xx': problemSchema,
  '5xx': problemSchema,
} as const;

export const deadLetterListSchema = z.strictObject({
  topic: z.string().describe('the source topic'),
  dlq: z.string().describe('the DLQ topic read: <topic>.dlq'),
  total: count.describe('dead letters matching the filter'),
  codes: z.array(z.string()).describe('error codes present'),
  items: z.array(
    z.strictObject({
      id: z.string().describe('<partition>-<offset> on the DLQ topic; names it for a replay'),
      topic: z.string(),
      partition: count,
      offset: z.string(),
      key: z.string().describe('the original key'),
      code: z.string().describe('error code, e.g. WINNOW_ERR_INVALID_MESSAGE'),
      message: z.string(),
      stage: z.string().describe('the consumer group that gave up on it'),
      attempt: count,
      time: isoTime,
      headers: z.record(z.string(), z.string()).describe('the original headers, traceparent included'),
      value: z.string().describe('the original value as sent (cut at 4000 characters)'),
      valueTruncated: z.boolean(),
    }),
  ),
});

export const replayResultSchema = z.strictObject({
  topic: z.string(),
  dryRun: z.boolean(),
  matched: count,
  replayed: count,
  ids: z.array(z.string()),
  missing: z.array(z.string()).describe('requested ids not in the DLQ'),
});

export const pipelineSchema = z.strictObject({
  sampledAt: isoTime,
  stages: z.array(
    z.strictObject({
      group: z.string().describe('consumer group (a stage), TOPIC_PREFIX applied'),
      topic: z.string(),
      lag: count,
      position: count.describe('messages the group has handled: the sum of its positions'),
      perSecond: z.number().min(0).nullable().describe('messages handled per second lately; null until a second sample'),
    }),
  ),
});
