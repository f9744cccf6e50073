import { createHash } from 'node:crypto';
import { countTokens } from '@winnow/extract';
import type { ExportRow } from '@winnow/read-model';
import { QUALITY_RULE_NAMES } from '@winnow/types';

type ExportMode = 'unique' | 'all' | 'novel';

interface RuleValue {
  value: number;
  pass: boolean;
}

/** docs.extracted's quality object: the counts, every rule by name, and the overall pass. */
interface RecordQuality {
  chars: number;
  words: number;
  hangulSyllables: number;
  linkDensity: number;
  boilerplateRatio: number;
  repetition: number;
  /** null for documents extracted before the rules existed. */
  pass: boolean | null;
  rules: Record<string, RuleValue> | null;
}

/**
 * One corpus record: datatrove's `text` and `id` (every other field lands in its Document.metadata),
 * FineWeb's `url, date, language`, Dolma's `source, added, created`, and Winnow's lineage in `metadata`.
 * Every key is always present (null when unknown), so JSONL and Parquet hold the same records.
 */
export interface CorpusRecord {
  id: string;
  text: string;
  url: string;
  /** Published, else fetched (ISO 8601). */
  date: string;
  language: string;
  /** How sure the extractor was of `language`, 0..1 (FineWeb's column; null when not known). */
  language_score: number | null;
  /** Tokens of `text` as @winnow/extract's countTokens counts them (a word-boundary count, not GPT-2's). */
  token_count: number | null;
  /** The site (host) the document came from. */
  source: string;
  /** When this export was made. */
  added: string;
  /** Published, when known. */
  created: string | null;
  metadata: {
    cluster_id: string | null;
    cluster_size: number;
    /** The document to keep for this text: the original a duplicate copies, else the document itself. */
    canonical_id: string;
    verdict: 'unique' | 'duplicate';
    relation: string | null;
    duplicate_of: string | null;
    sources: Array<{ id: string; relation: string; containment: number }>;
    /** Share of the document's text that is its own: 1 for an original, novelText's share for a repost, 0 for a duplicate. */
    novel_ratio: number;
    version: number;
    /** sha256 hex of `text` exactly as exported (UTF-8). */
    content_sha256: string;
    job_id: string;
    title: string | null;
    byline: string | null;
    fetched_at: string;
    extractor_version: string | null;
    quality: RecordQuality | null;
  };
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

const isRule = (r: unknown): r is RuleValue =>
  typeof r === 'object' && r !== null && typeof (r as RuleValue).value === 'number' && Number.isFinite((r as RuleValue).value) && typeof (r as RuleValue).pass === 'boolean';

/** Every rule, by name; the stored object itself when it holds all of them well formed (no copy per record). */
function toRules(stored: Record<string, unknown>): Record<string, RuleValue> {
  if (QUALITY_RULE_NAMES.every((name) => isRule(stored[name]))) return stored as Record<string, RuleValue>;
  const rules: Record<string, RuleValue> = {};
  for (const name of QUALITY_RULE_NAMES) {
    const r = stored[name] as Partial<RuleValue> | undefined;
    rules[name] = { value: num(r?.value), pass: r?.pass === true };
  }
  return rules;
}

function toQuality(q: Record<string, unknown> | null): RecordQuality | null {
  if (q === null) return null;
  const stored = q.rules as Record<string, unknown> | undefined;
  return {
    chars: num(q.chars),
    words: num(q.words),
    hangulSyllables: num(q.hangulSyllables),
    linkDensity: num(q.linkDensity),
    boilerplateRatio: num(q.boilerplateRatio),
    repetition: num(q.repetition),
    pass: typeof q.pass === 'boolean' ? q.pass : null,
    rules: stored === undefined ? null : toRules(stored),
  };
}

/** Whether a repost's own words stand in for its text: `novel` mode, a document that embeds sources. */
const carriesNovelText = (row: ExportRow, mode: ExportMode): boolean => mode === 'novel' && row.sources.length > 0 && row.novelText !== null;

/** The record for one row, or null when `novel` mode leaves a repost nothing of its own. */
export function toRecord(row: ExportRow, mode: ExportMode, added: string): CorpusRecord | null {
  const novel = carriesNovelText(row, mode);
  const text = novel ? (row.novelText ?? '') : row.text;
  if (text.trim() === '') return null;
  const ownShare =
    row.verdict === 'duplicate' ? 0 : row.novelText !== null && row.sources.length > 0 ? row.novelText.length / Math.max(1, row.text.length) : 1;
  return {
    id: row.id,
    text,
    url: row.url,
    date: row.publishedAt ?? row.fetchedAt,
    language: row.lang,
    language_score: row.langScore,
    // A repost's own words are a text of their own: counted here, the stored count is the whole text's.
    token_count: novel ? countTokens(text) : row.tokenCount,
    source: row.site,
    added,
    created: row.publishedAt,
    metadata: {
      cluster_id: row.clusterId,
      cluster_size: row.clusterSize,
      canonical_id: row.duplicateOf ?? row.id,
      verdict: row.verdict,
      relation: row.relation,
      duplicate_of: row.duplicateOf,
      sources: row.sources.map((s) => ({ id: s.id, relation: s.relation, containment: s.containment })),
      novel_ratio: Math.min(1, ownShare),
      version: row.version,
      content_sha256: createHash('sha256').update(text).digest('hex'),
      job_id: row.jobId,
      title: row.title,
      byline: row.byline,
      fetched_at: row.fetchedAt,
      extractor_version: row.extractorVersion,
      quality: toQuality(row.quality),
    },
  };
}
