import type { Relation } from '@winnow/types';
import { basicsOf, type StoredDocumentRow } from './document-reads.js';
import type { SqlClient } from './sql-client.js';
import type { DocumentBasics } from './views.js';

/** Which documents a corpus export holds (DESIGN: `GET /v1/exports/documents`). */
export interface ExportFilters {
  /** `unique` and `novel`: unique documents only; `all`: unique and duplicate ones. */
  verdicts: ReadonlyArray<'unique' | 'duplicate'>;
  jobId?: string;
  site?: string;
  lang?: string;
  /** Inclusive lower and exclusive upper bounds, ISO 8601. */
  publishedFrom?: string;
  publishedTo?: string;
  fetchedFrom?: string;
  fetchedTo?: string;
  /** Only documents whose quality rules all pass (documents extracted before the rules existed have none). */
  qualityPass?: boolean;
}

/** One document as an export reads it: its text, verdict, lineage and quality. */
export interface ExportRow extends DocumentBasics {
  relation: Relation | null;
  duplicateOf: string | null;
  novelText: string | null;
  /** Members of the cluster that are shown (unique or duplicate). */
  clusterSize: number;
  /** The deduplicator's version of the document's shown state. */
  version: number;
  jobId: string;
  /** The docs.extracted `quality` object as stored. */
  quality: Record<string, unknown> | null;
  extractorVersion: string | null;
  /** How sure the extractor was of `lang` (0..1); null for documents extracted before it said. */
  langScore: number | null;
  /** Tokens of `text` (@winnow/extract countTokens); null for documents extracted before it counted. */
  tokenCount: number | null;
}

interface Row extends StoredDocumentRow {
  cluster_size: number;
  version: number;
  job_id: string;
  quality: Record<string, unknown> | null;
  extractor_version: string | null;
  language_score: number | null;
  token_count: number | null;
}

// Object.assign, not a spread: spreading the basics into a literal this size costs about ten times as
// much per row (measured), and an export maps every row.
const toRow = (r: Row): ExportRow =>
  Object.assign(basicsOf(r), {
    relation: r.relation,
    duplicateOf: r.duplicate_of,
    novelText: r.novel_text,
    clusterSize: r.cluster_size,
    version: r.version,
    jobId: r.job_id,
    quality: r.quality,
    extractorVersion: r.extractor_version,
    langScore: r.language_score,
    tokenCount: r.token_count,
  });

/** A timestamp as the ISO 8601 text the records carry, formatted by the database: no Date per row and field. */
const isoText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function exportQuery(f: ExportFilters): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [`d.verdict = ANY(${p(f.verdicts)}::text[])`];
  if (f.jobId !== undefined) where.push(`EXISTS (SELECT 1 FROM job_urls ju WHERE ju.job_id = ${p(f.jobId)} AND ju.doc_id = d.id)`);
  if (f.site !== undefined) where.push(`d.site = ${p(f.site)}`);
  if (f.lang !== undefined) where.push(`d.lang = ${p(f.lang)}`);
  if (f.publishedFrom !== undefined) where.push(`d.published_at >= ${p(f.publishedFrom)}::timestamptz`);
  if (f.publishedTo !== undefined) where.push(`d.published_at < ${p(f.publishedTo)}::timestamptz`);
  if (f.fetchedFrom !== undefined) where.push(`d.fetched_at >= ${p(f.fetchedFrom)}::timestamptz`);
  if (f.fetchedTo !== undefined) where.push(`d.fetched_at < ${p(f.fetchedTo)}::timestamptz`);
  if (f.qualityPass === true) where.push('d.quality_pass IS TRUE');
  const sql = `SELECT d.id, d.url, d.site, d.title, d.byline, ${isoText('d.published_at')} AS published_at, d.lang, d.text,
      ${isoText('d.fetched_at')} AS fetched_at, d.verdict,
      d.relation, d.duplicate_of, d.sources, d.novel_text, d.cluster_id, d.job_id, d.quality, d.extractor_version,
      d.language_score, d.token_count,
      CASE WHEN d.verdict = 'duplicate' THEN d.duplicate_version ELSE d.unique_version END AS version,
      CASE WHEN d.cluster_id IS NULL THEN 1 ELSE (SELECT count(*)::int FROM documents c
        WHERE c.cluster_id = d.cluster_id AND c.verdict <> 'removed') END AS cluster_size
    FROM documents d WHERE ${where.join(' AND ')} ORDER BY d.seq`;
  return { sql, params };
}

/**
 * Reads every matching document in insertion order through a server-side cursor, `batchSize` rows at a
 * time, handing each batch to `onBatch` and waiting for it before handing on the next: memory stays flat
 * whatever the count, and a slow consumer (a client downloading) slows the reads instead of queueing
 * rows. The cursor lives in one transaction, so the export is one consistent snapshot. In embedded mode
 * (PGlite, one connection) other queries wait until the export ends.
 */
export function createExportReads(client: SqlClient) {
  return {
    async exportDocuments(filters: ExportFilters, onBatch: (rows: ExportRow[]) => Promise<void>, batchSize = 500): Promise<number> {
      const { sql, params } = exportQuery(filters);
      return client.transaction(async (tx) => {
        await tx.query(`DECLARE winnow_export NO SCROLL CURSOR FOR ${sql}`, params);
        const fetch = () => tx.query<Row>(`FETCH FORWARD ${Math.max(1, Math.floor(batchSize))} FROM winnow_export`);
        let total = 0;
        // The next batch is fetched while this one is handed on: the database and the encoder overlap,
        // and at most two batches are held.
        let next = fetch();
        for (;;) {
          const { rows } = await next;
          if (rows.length === 0) break;
          total += rows.length;
          next = fetch();
          try {
            await onBatch(rows.map(toRow));
          } catch (err) {
            await next.catch(() => undefined);
            throw err;
          }
        }
        await tx.query('CLOSE winnow_export');
        return total;
      });
    },
  };
}
