import { z } from 'zod';
import type { ExportFilters } from '@winnow/read-model';

/** Query strings send empty values for unset filters (`?jobId=&site=`); treat them as absent. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'expected an ISO 8601 date or date-time' });

const EXPORT_FORMATS = ['jsonl', 'jsonl.gz', 'parquet'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * What an export holds and how it is written: the API's query string and the CLI's flags, parsed by
 * the same schema. Modes: `unique` (default) one record per unique document with its whole text; `all`
 * every shown document with its verdict; `novel` every unique document, a repost carrying only its own
 * words (novelText), so each piece of text appears once.
 */
export const exportOptionsSchema = z
  .object({
    format: z.preprocess((v) => (v === '' ? undefined : v), z.enum(EXPORT_FORMATS).default('jsonl')),
    mode: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['unique', 'all', 'novel']).default('unique')),
    jobId: optional(z.string().max(64)),
    site: optional(z.string().max(255)),
    lang: optional(z.string().max(35)),
    verdict: optional(z.enum(['unique', 'duplicate'])),
    publishedFrom: optional(instant),
    publishedTo: optional(instant),
    fetchedFrom: optional(instant),
    fetchedTo: optional(instant),
    minQuality: optional(z.enum(['pass'])),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.verdict === 'duplicate' && o.mode !== 'all')
      ctx.addIssue({ code: 'custom', path: ['verdict'], message: 'verdict=duplicate needs mode=all (unique and novel hold unique documents only)' });
  });
export type ExportOptions = z.infer<typeof exportOptionsSchema>;

export function toExportFilters(o: ExportOptions): ExportFilters {
  return {
    verdicts: o.mode !== 'all' ? ['unique'] : o.verdict !== undefined ? [o.verdict] : ['unique', 'duplicate'],
    ...(o.jobId !== undefined && { jobId: o.jobId }),
    ...(o.site !== undefined && { site: o.site.toLowerCase() }),
    ...(o.lang !== undefined && { lang: o.lang }),
    ...(o.publishedFrom !== undefined && { publishedFrom: o.publishedFrom }),
    ...(o.publishedTo !== undefined && { publishedTo: o.publishedTo }),
    ...(o.fetchedFrom !== undefined && { fetchedFrom: o.fetchedFrom }),
    ...(o.fetchedTo !== undefined && { fetchedTo: o.fetchedTo }),
    ...(o.minQuality === 'pass' && { qualityPass: true }),
  };
}

/** The file name a download suggests: `winnow-<mode>.<format>`. */
export function exportFileName(o: Pick<ExportOptions, 'format' | 'mode'>): string {
  return `winnow-${o.mode}.${o.format}`;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/jsonl; charset=utf-8',
  'jsonl.gz': 'application/gzip',
  parquet: 'application/vnd.apache.parquet',
};
