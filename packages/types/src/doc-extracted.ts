import { z } from 'zod';
import { defineContract } from './contract.js';
import { charsetSource, docId, httpUrl, isoTime, jobId } from './common.js';

const citedSource = z.object({
  /** The citation as written, e.g. `출처: 서울경제` or `via The Verge`. */
  text: z.string(),
  url: httpUrl.nullable(),
});

const qualitySignals = z.object({
  chars: z.number().int().min(0),
  /** Words for space-separated scripts plus Hangul syllables. */
  words: z.number().int().min(0),
  hangulSyllables: z.number().int().min(0),
  /** Share of the main text's characters that sit inside links. */
  linkDensity: z.number().min(0).max(1),
  /** Share of the page's visible text that was removed as boilerplate. */
  boilerplateRatio: z.number().min(0).max(1),
  /** Share of paragraphs that repeat an earlier one. */
  repetition: z.number().min(0).max(1),
});

const piiCounts = z.object({
  emails: z.number().int().min(0),
  phones: z.number().int().min(0),
});

/** The extracted document: what the extractor produces from one page. */
export const extractedDocumentSchema = z.object({
  url: httpUrl,
  canonicalUrl: httpUrl,
  site: z.string().describe('Host of the canonical URL'),
  siteName: z.string().nullable(),
  title: z.string().nullable(),
  byline: z.string().nullable(),
  bylines: z.array(z.string()),
  publishedAt: isoTime.nullable(),
  modifiedAt: isoTime.nullable(),
  description: z.string().nullable(),
  /** BCP 47 primary tag such as `ko` or `en`; `und` when unknown. */
  lang: z.string(),
  /** Main text; paragraphs separated by blank lines. */
  text: z.string(),
  markdown: z.string(),
  paragraphs: z.array(z.string()),
  links: z.array(z.object({ url: httpUrl, text: z.string() })),
  citedSources: z.array(citedSource),
  quality: qualitySignals,
  pii: piiCounts,
});
export type ExtractedDocument = z.infer<typeof extractedDocumentSchema>;

export const docExtractedSchema = extractedDocumentSchema.extend({
  docId,
  jobId,
  /** The crawl request's URL (the job's seen-set member). */
  requestUrl: httpUrl,
  fetchedAt: isoTime,
  charset: z.string().nullable(),
  charsetSource: charsetSource.nullable(),
  /** sha256 hex of the normalized text. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type DocExtracted = z.infer<typeof docExtractedSchema>;

export const docsExtracted = defineContract({
  topic: 'docs.extracted',
  version: 1,
  ceType: 'winnow.doc.extracted.v1',
  key: 'docId',
  compacted: false,
  description: 'Main text and metadata of every fetched page.',
  schema: docExtractedSchema,
});
