import { z } from 'zod';
import { defineContract } from './contract.js';
import { charsetSource, docId, httpUrl, isoTime, jobId } from './common.js';

const citedSource = z.object({
  /** The citation as written, e.g. `출처: 서울경제` or `via The Verge`. */
  text: z.string(),
  url: httpUrl.nullable(),
});

/** One heuristic rule: its measurement, and whether it passes the rule's published threshold. */
const qualityRule = z.object({ value: z.number(), pass: z.boolean() });

/**
 * The Gopher quality and repetition rules, C4's line filters and FineWeb's rules, by name (thresholds and
 * the conventions for Korean and unspaced scripts: packages/extract/src/quality-*.ts). Fixed names, so
 * that an export can give each one a column.
 */
const qualityRules = z.object({
  gopherWordCount: qualityRule, gopherMeanWordLength: qualityRule, gopherHashWordRatio: qualityRule, gopherEllipsisWordRatio: qualityRule, gopherBulletLineRatio: qualityRule, gopherEllipsisLineRatio: qualityRule, gopherAlphaWordRatio: qualityRule, gopherStopWords: qualityRule,
  gopherDupLineRatio: qualityRule, gopherDupParagraphRatio: qualityRule, gopherDupLineCharRatio: qualityRule, gopherDupParagraphCharRatio: qualityRule, gopherTop2gramCharRatio: qualityRule, gopherTop3gramCharRatio: qualityRule, gopherTop4gramCharRatio: qualityRule, gopherDup5gramCharRatio: qualityRule, gopherDup6gramCharRatio: qualityRule, gopherDup7gramCharRatio: qualityRule, gopherDup8gramCharRatio: qualityRule, gopherDup9gramCharRatio: qualityRule, gopherDup10gramCharRatio: qualityRule,
  c4Sentences: qualityRule, c4LoremIpsum: qualityRule, c4CurlyBracket: qualityRule, c4NoTerminalPunctLineRatio: qualityRule, c4JavascriptLineRatio: qualityRule, c4PolicyLineRatio: qualityRule,
  finewebLinePunctRatio: qualityRule, finewebShortLineRatio: qualityRule, finewebDupLineCharRatio: qualityRule, finewebNewlineWordRatio: qualityRule,
});
export const QUALITY_RULE_NAMES = Object.keys(qualityRules.shape) as Array<keyof typeof qualityRules.shape>;

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
  /** Added in docs.extracted v1 after its first release: absent on documents extracted before. */
  rules: qualityRules.optional(),
  /** Every rule in `rules` passes; absent with them. */
  pass: z.boolean().optional(),
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
  /** How sure `lang` is, 0 to 1 (@winnow/extract language-score.ts); absent on documents extracted before it was sent. */
  langScore: z.number().min(0).max(1).optional(),
  /** Tokens in `text`, counted without a vocabulary (@winnow/extract token-count.ts); absent before it was sent. */
  tokenCount: z.number().int().min(0).optional(),
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
  /** Which extraction code produced the document (`@winnow/extract`'s EXTRACTOR_VERSION); absent before it was sent. */
  extractorVersion: z.string().max(64).optional(),
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
