import { z } from 'zod';

export const jobId = z.string().min(1).max(64).describe('Crawl job id');
export const docId = z.string().regex(/^[0-9a-f]{32}$/).describe('Document id: hash of the normalized canonical URL');
export const isoTime = z.iso.datetime({ offset: true });
export const httpUrl = z.url({ protocol: /^https?$/ });

export const scope = z.enum(['host', 'domain', 'any']);
export type Scope = z.infer<typeof scope>;

/** A crawl job's parameters, carried on every request so any crawler instance can apply them. */
export const jobSpec = z.object({
  seeds: z.array(httpUrl).min(1),
  maxDepth: z.number().int().min(0).max(100),
  maxPages: z.number().int().min(1).max(1_000_000),
  scope,
  include: z.array(z.string()).default([]),
  exclude: z.array(z.string()).default([]),
});
export type JobSpec = z.infer<typeof jobSpec>;

export const charsetSource = z.enum(['header', 'bom', 'meta', 'detector', 'default']);
