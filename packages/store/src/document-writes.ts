import type { DocDuplicate } from '@winnow/types/doc-duplicate';
import type { DocExtracted } from '@winnow/types/doc-extracted';
import type { DocUnique } from '@winnow/types/doc-unique';
import { documentTokens, normalizeSearchText } from './search-text.js';
import type { SqlClient, SqlQueryable } from './sql-client.js';

const COLUMNS = [
  'id', 'url', 'canonical_url', 'site', 'title', 'byline', 'published_at', 'lang', 'text', 'fetched_at',
  'verdict', 'relation', 'duplicate_of', 'sources', 'novel_text', 'cluster_id', 'scores', 'evidence',
  'job_id', 'doc', 'search_text', 'search_tokens', 'state_at',
] as const;
const CASTS: Partial<Record<(typeof COLUMNS)[number], string>> = {
  sources: 'jsonb', scores: 'jsonb', evidence: 'jsonb', doc: 'jsonb', search_tokens: 'text[]', state_at: 'timestamptz',
};

/**
 * Last writer wins by the producer's event time, so a late redelivery never undoes a newer verdict.
 * A duplicate verdict also replaces a tombstoned row whatever its time: the deduplicator publishes the
 * tombstone and the duplicate verdict together, on two topics that may arrive in either order.
 */
function upsertSql(acceptWhenRemoved: boolean): string {
  const values = COLUMNS.map((c, i) => (CASTS[c] ? `$${i + 1}::${CASTS[c]}` : `$${i + 1}`));
  const updates = COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = EXCLUDED.${c}`);
  const guard = acceptWhenRemoved
    ? `documents.state_at <= EXCLUDED.state_at OR documents.verdict = 'removed'`
    : `documents.state_at <= EXCLUDED.state_at`;
  return `INSERT INTO documents (${COLUMNS.join(', ')}) VALUES (${values.join(', ')})
    ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}, updated_at = now()
    WHERE ${guard}`;
}
const UPSERT_UNIQUE = upsertSql(false);
const UPSERT_DUPLICATE = upsertSql(true);

const RECORD_JOB_URL = `INSERT INTO job_urls (job_id, request_url, doc_id) VALUES ($1, $2, $3)
  ON CONFLICT (job_id, request_url) DO UPDATE SET doc_id = EXCLUDED.doc_id`;

interface VerdictFields {
  verdict: 'unique' | 'duplicate';
  relation: string | null;
  duplicateOf: string | null;
  sources: unknown[];
  novelText: string | null;
  clusterId: string;
  scores: unknown;
  evidence: string[];
}

function params(doc: DocExtracted, v: VerdictFields, at: string): unknown[] {
  const searchText = normalizeSearchText(`${doc.title ?? ''}\n${doc.text}`);
  return [
    doc.docId, doc.url, doc.canonicalUrl, doc.site, doc.title, doc.byline, doc.publishedAt, doc.lang, doc.text,
    doc.fetchedAt, v.verdict, v.relation, v.duplicateOf, JSON.stringify(v.sources), v.novelText, v.clusterId,
    v.scores === null ? null : JSON.stringify(v.scores), JSON.stringify(v.evidence), doc.jobId, JSON.stringify(doc),
    searchText, documentTokens(searchText), at,
  ];
}

async function write(tx: SqlQueryable, sql: string, doc: DocExtracted, v: VerdictFields, at: string) {
  await tx.query(sql, params(doc, v, at));
  await tx.query(RECORD_JOB_URL, [doc.jobId, doc.requestUrl, doc.docId]);
}

export function createDocumentWrites(client: SqlClient) {
  return {
    /** Stores a docs.unique value and records which document the job's request URL became. */
    upsertUnique(doc: DocUnique, at: string = new Date().toISOString()): Promise<void> {
      const v: VerdictFields = {
        verdict: 'unique', relation: null, duplicateOf: null, sources: doc.sources,
        novelText: doc.novelText, clusterId: doc.clusterId, scores: null, evidence: [],
      };
      return client.transaction((tx) => write(tx, UPSERT_UNIQUE, doc, v, at));
    },

    /** Stores a docs.duplicates value: the document becomes a duplicate of its canonical one. */
    markDuplicate(doc: DocDuplicate, at: string = new Date().toISOString()): Promise<void> {
      const v: VerdictFields = {
        verdict: 'duplicate', relation: doc.relation, duplicateOf: doc.canonicalId, sources: [],
        novelText: null, clusterId: doc.clusterId, scores: doc.scores, evidence: doc.evidence,
      };
      return client.transaction((tx) => write(tx, UPSERT_DUPLICATE, doc, v, at));
    },

    /**
     * Applies a docs.unique tombstone: a unique document that proved to be a copy disappears until its
     * duplicate verdict arrives. A row that is already a duplicate, or newer than the tombstone, stays.
     */
    async removeUnique(docId: string, at: string = new Date().toISOString()): Promise<void> {
      await client.query(
        `UPDATE documents SET verdict = 'removed', state_at = $2::timestamptz, updated_at = now()
         WHERE id = $1 AND verdict = 'unique' AND state_at <= $2::timestamptz`,
        [docId, at],
      );
    },
  };
}
