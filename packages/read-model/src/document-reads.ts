import type { Relation, SourceRef } from '@winnow/types';
import { decodeCursor, encodeCursor } from './cursor.js';
import { parseSearchQuery } from './search-text.js';
import type { SqlClient } from './sql-client.js';
import {
  iso,
  isoOrNull,
  type ClusterMember,
  type ClusterView,
  type DocumentBasics,
  type DocumentFilters,
  type DocumentPage,
  type DocumentView,
  type JobDocumentCounts,
} from './views.js';

/** A document's columns as the read model's queries select them (shared with export-reads.ts). */
export interface StoredDocumentRow {
  id: string;
  url: string;
  site: string;
  title: string | null;
  byline: string | null;
  published_at: unknown;
  lang: string;
  text: string;
  fetched_at: unknown;
  verdict: 'unique' | 'duplicate';
  relation: Relation | null;
  duplicate_of: string | null;
  sources: SourceRef[];
  novel_text: string | null;
  cluster_id: string | null;
}

interface DocumentRow extends StoredDocumentRow {
  canonical_url: string;
  seq: string;
}

const VIEW_COLUMNS = `d.id, d.url, d.canonical_url, d.site, d.title, d.byline, d.published_at, d.lang, d.text,
  d.fetched_at, d.verdict, d.relation, d.duplicate_of, d.sources, d.novel_text, d.cluster_id, d.seq::text AS seq`;

/** The columns every view of a document shares (the export's rows use it too). */
export function basicsOf(r: StoredDocumentRow): DocumentBasics {
  return {
    id: r.id,
    url: r.url,
    site: r.site,
    title: r.title,
    byline: r.byline,
    publishedAt: isoOrNull(r.published_at),
    lang: r.lang,
    text: r.text,
    fetchedAt: iso(r.fetched_at),
    verdict: r.verdict,
    sources: r.sources,
    clusterId: r.cluster_id,
  };
}

function toView(r: DocumentRow): DocumentView {
  const view: DocumentView = { ...basicsOf(r), canonicalUrl: r.canonical_url };
  if (r.relation !== null) view.relation = r.relation;
  if (r.duplicate_of !== null) view.duplicateOf = r.duplicate_of;
  if (r.novel_text !== null) view.novelText = r.novel_text;
  return view;
}

/** The cluster's canonical member: the one its duplicates and reposts point at most often. */
function electCanonical(rows: ClusterMember[]): string | null {
  const votes = new Map<string, number>();
  for (const m of rows) {
    const targets = m.duplicateOf !== undefined ? [m.duplicateOf] : m.sources.map((s) => s.id);
    for (const t of targets) votes.set(t, (votes.get(t) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestVotes = 0;
  for (const [id, n] of votes) if (n > bestVotes) [best, bestVotes] = [id, n];
  // Without pointers, the earliest unique member (rows come ordered by publish date) is the original.
  return best ?? rows.find((m) => m.verdict === 'unique')?.id ?? null;
}

export function createDocumentReads(client: SqlClient) {
  return {
    async getDocument(id: string): Promise<DocumentView | null> {
      const { rows } = await client.query<DocumentRow>(
        `SELECT ${VIEW_COLUMNS} FROM documents d WHERE d.id = $1 AND d.verdict <> 'removed'`,
        [id],
      );
      return rows[0] ? toView(rows[0]) : null;
    },

    /** Newest first, keyset-paginated on the insertion sequence so pages stay stable under writes. */
    async listDocuments(f: DocumentFilters): Promise<DocumentPage> {
      const where = [`d.verdict <> 'removed'`];
      const params: unknown[] = [];
      const p = (v: unknown) => {
        params.push(v);
        return `$${params.length}`;
      };
      if (f.jobId !== undefined)
        where.push(`EXISTS (SELECT 1 FROM job_urls ju WHERE ju.job_id = ${p(f.jobId)} AND ju.doc_id = d.id)`);
      if (f.site !== undefined) where.push(`d.site = ${p(f.site)}`);
      if (f.lang !== undefined) where.push(`d.lang = ${p(f.lang)}`);
      if (f.verdict !== undefined) where.push(`d.verdict = ${p(f.verdict)}`);
      if (f.q !== undefined) {
        const query = parseSearchQuery(f.q);
        if (query === null) return { items: [], nextCursor: null };
        // The search texts that hold every token (GIN) and each word, then the documents that name one of them.
        where.push(
          `d.search_hash IN (SELECT s.hash FROM search_texts s WHERE s.search_tokens @> ${p(query.tokens)}::text[]
            AND NOT EXISTS (SELECT 1 FROM unnest(${p(query.words)}::text[]) AS w(word) WHERE strpos(s.search_text, w.word) = 0))`,
        );
      }
      if (f.cursor !== undefined) where.push(`d.seq < ${p(decodeCursor(f.cursor))}::bigint`);
      const { rows } = await client.query<DocumentRow>(
        `SELECT ${VIEW_COLUMNS} FROM documents d WHERE ${where.join(' AND ')}
         ORDER BY d.seq DESC LIMIT ${p(f.limit + 1)}`,
        params,
      );
      const page = rows.slice(0, f.limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toView),
        nextCursor: rows.length > f.limit && last ? encodeCursor(last.seq) : null,
      };
    },

    async getCluster(id: string): Promise<ClusterView | null> {
      const { rows } = await client.query<DocumentRow & { scores: ClusterMember['scores'] | null; evidence: string[] }>(
        `SELECT ${VIEW_COLUMNS}, d.scores, d.evidence FROM documents d
         WHERE d.cluster_id = $1 AND d.verdict <> 'removed'
         ORDER BY d.published_at ASC NULLS LAST, d.seq ASC`,
        [id],
      );
      if (rows.length === 0) return null;
      const members = rows.map((r) => {
        const m: ClusterMember = {
          id: r.id,
          url: r.url,
          site: r.site,
          title: r.title,
          publishedAt: isoOrNull(r.published_at),
          verdict: r.verdict,
          evidence: r.evidence,
          sources: r.sources,
        };
        if (r.relation !== null) m.relation = r.relation;
        if (r.duplicate_of !== null) m.duplicateOf = r.duplicate_of;
        if (r.scores !== null) m.scores = r.scores;
        return m;
      });
      const canonicalId = electCanonical(members);
      const reasons = [
        ...new Set(members.filter((m) => m.duplicateOf === canonicalId).flatMap((m) => m.evidence)),
      ];
      return { id, canonicalId, reasons, members };
    },

    /** Request URLs of the job stored as unique or duplicate, by their document's current verdict. */
    async countsForJob(jobId: string): Promise<JobDocumentCounts> {
      const { rows } = await client.query<{ unique_count: number; duplicate_count: number }>(
        `SELECT count(*) FILTER (WHERE d.verdict = 'unique')::int AS unique_count,
                count(*) FILTER (WHERE d.verdict = 'duplicate')::int AS duplicate_count
         FROM job_urls ju JOIN documents d ON d.id = ju.doc_id WHERE ju.job_id = $1`,
        [jobId],
      );
      return { unique: rows[0]?.unique_count ?? 0, duplicate: rows[0]?.duplicate_count ?? 0 };
    },
  };
}
