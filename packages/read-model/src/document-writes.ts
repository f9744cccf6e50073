import type { DocDuplicate } from '@winnow/types';
import type { DocExtracted } from '@winnow/types';
import type { DocUnique } from '@winnow/types';
import { searchFields, type SearchFields } from './search-text.js';
import type { Incoming, VerdictFields } from './incoming.js';
import type { SqlClient, SqlQueryable } from './sql-client.js';
import {
  applyEvent,
  compareOrder,
  EMPTY_STATE,
  payloadSource,
  verdictOf,
  type VerdictEvent,
  type VerdictState,
} from './verdict-rule.js';

export const COLUMNS = [
  'id', 'url', 'canonical_url', 'site', 'title', 'byline', 'published_at', 'lang', 'text', 'fetched_at',
  'verdict', 'relation', 'duplicate_of', 'sources', 'novel_text', 'cluster_id', 'scores', 'evidence',
  'job_id', 'doc', 'search_hash', 'state_at', 'quality', 'quality_pass', 'content_hash', 'extractor_version',
  'language_score', 'token_count',
] as const;
/**
 * Search tokens travel as one string, split by the database: no token holds a space (search-text.ts), and
 * a text[] parameter of a thousand quoted, escaped elements cost more to send and parse than the split.
 */
export const TOKEN_LIST = 'space-separated tokens';

export const CASTS: Partial<Record<(typeof COLUMNS)[number], string>> = {
  sources: 'jsonb', scores: 'jsonb', evidence: 'jsonb', doc: 'jsonb', state_at: 'timestamptz',
  quality: 'jsonb', quality_pass: 'boolean',
};

/** A document's search text and tokens, stored once per distinct text (migration 0009); a row names it by hash. */
const STORE_SEARCH_TEXT = `INSERT INTO search_texts (hash, search_text, search_tokens)
  VALUES ($1, $2, ${paramSql('$3', TOKEN_LIST)})
  ON CONFLICT (hash) DO NOTHING`;

/** A parameter as a statement takes it: `$n`, cast when the column asks for it. */
export function paramSql(param: string, cast: string | undefined): string {
  if (cast === TOKEN_LIST) return `string_to_array(${param}::text, ' ')`;
  return cast ? `${param}::${cast}` : param;
}

/** Writes a record's payload; whether it should be shown was decided under the document's lock. */
const UPSERT_PAYLOAD = `INSERT INTO documents (${COLUMNS.join(', ')})
  VALUES (${COLUMNS.map((c, i) => paramSql(`$${i + 1}`, CASTS[c])).join(', ')})
  ON CONFLICT (id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = EXCLUDED.${c}`).join(', ')},
    updated_at = now()`;

/** Shows the stored latest duplicate record again (a tombstone withdrew the unique record that beat it). */
const SHOW_STORED_DUPLICATE = `UPDATE documents SET
    relation = duplicate_record->>'relation', duplicate_of = duplicate_record->>'duplicateOf',
    cluster_id = duplicate_record->>'clusterId', scores = NULLIF(duplicate_record->'scores', 'null'::jsonb),
    evidence = duplicate_record->'evidence', sources = '[]'::jsonb, novel_text = NULL
  WHERE id = $1`;

const SAVE_STATE = `UPDATE documents SET verdict = $2, unique_event = $3, unique_at = $4::timestamptz,
    duplicate_at = $5::timestamptz, duplicate_record = COALESCE($6::jsonb, duplicate_record),
    unique_version = $7, duplicate_version = $8,
    state_at = GREATEST($4::timestamptz, $5::timestamptz), updated_at = now()
  WHERE id = $1`;

const RECORD_JOB_URL = `INSERT INTO job_urls (job_id, request_url, doc_id) VALUES ($1, $2, $3)
  ON CONFLICT (job_id, request_url) DO UPDATE SET doc_id = EXCLUDED.doc_id`;

/**
 * Every write to one document takes this transaction-scoped lock first, so reading its state, deciding and
 * writing happen as one step even when two instances handle the two topics' messages for it at once, and
 * even before its row exists. Two-key form: a key space apart from the migration lock's.
 */
const LOCK_DOCUMENT = 'SELECT pg_advisory_xact_lock(7320, hashtext($1))';

interface StateRow {
  unique_event: 'unique' | 'tombstone' | null;
  unique_at: Date | string | null;
  unique_version: number;
  duplicate_at: Date | string | null;
  duplicate_version: number;
}

export const ms = (t: Date | string | null): number | null => (t === null ? null : new Date(t).getTime());
export const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

async function readState(tx: SqlQueryable, id: string): Promise<{ state: VerdictState; hasRow: boolean }> {
  const { rows } = await tx.query<StateRow>(
    'SELECT unique_event, unique_at, unique_version, duplicate_at, duplicate_version FROM documents WHERE id = $1',
    [id],
  );
  const row = rows[0];
  if (row) {
    const uniqueAt = ms(row.unique_at);
    const duplicateAt = ms(row.duplicate_at);
    return {
      hasRow: true,
      state: {
        uniqueEvent:
          row.unique_event !== null && uniqueAt !== null
            ? { kind: row.unique_event, order: { version: row.unique_version, at: uniqueAt } }
            : null,
        duplicate: duplicateAt === null ? null : { version: row.duplicate_version, at: duplicateAt },
      },
    };
  }
  const pending = await tx.query<{ at: Date | string; version: number }>('SELECT at, version FROM document_tombstones WHERE id = $1', [id]);
  const tombstone = pending.rows[0];
  return {
    hasRow: false,
    state: tombstone
      ? { uniqueEvent: { kind: 'tombstone', order: { version: tombstone.version, at: ms(tombstone.at)! } }, duplicate: null }
      : EMPTY_STATE,
  };
}

/**
 * The record as the `doc` column keeps it: without what other columns hold (text, quality) and without its
 * paragraphs when they are the text split at blank lines, so a write does not send and store the text three
 * times. The view document_records (migration 0008) gives the whole record back.
 */
function storedRecord(doc: DocExtracted): string {
  const { text, quality: _quality, paragraphs, ...rest } = doc;
  const derivable = text !== '' && sameStrings(text.split('\n\n'), paragraphs);
  return JSON.stringify(derivable ? rest : { ...rest, paragraphs });
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** The row's parameters in COLUMNS order; `search` names the document's search text (store it with its tokens first). */
export function payloadParams(doc: DocExtracted, verdict: string, v: VerdictFields, at: string, search: SearchFields): unknown[] {
  return [
    doc.docId, doc.url, doc.canonicalUrl, doc.site, doc.title, doc.byline, doc.publishedAt, doc.lang, doc.text,
    doc.fetchedAt, verdict, v.relation, v.duplicateOf, JSON.stringify(v.sources), v.novelText, v.clusterId,
    v.scores === null ? null : JSON.stringify(v.scores), JSON.stringify(v.evidence), doc.jobId, storedRecord(doc),
    search.hash, at, JSON.stringify(doc.quality), doc.quality.pass ?? null, doc.contentHash,
    doc.extractorVersion ?? null, doc.langScore ?? null, doc.tokenCount ?? null,
  ];
}

/** Applies one docs.* event to a document under its lock (see verdict-rule.ts for the rule). */
async function applyIncoming(tx: SqlQueryable, e: Incoming): Promise<void> {
  await tx.query(LOCK_DOCUMENT, [e.docId]);
  const { state: before, hasRow } = await readState(tx, e.docId);
  const event: VerdictEvent = { kind: e.kind, order: { version: e.version, at: new Date(e.at).getTime() } };
  const after = applyEvent(before, event);
  const verdict = verdictOf(after);

  if (!hasRow && e.kind === 'tombstone') {
    // A tombstone for a document without a row: remembered until its first record arrives.
    await tx.query(
      `INSERT INTO document_tombstones (id, at, version) VALUES ($1, $2::timestamptz, $3)
       ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at, version = EXCLUDED.version
       WHERE (EXCLUDED.version, EXCLUDED.at) > (document_tombstones.version, document_tombstones.at)`,
      [e.docId, e.at, e.version],
    );
    return;
  }

  const source = payloadSource(before, after, event, hasRow);
  if (source === 'event' && e.record) {
    const search = searchFields(e.record.doc.title, e.record.doc.text);
    await tx.query(STORE_SEARCH_TEXT, [search.hash, search.searchText, search.tokens]);
    await tx.query(UPSERT_PAYLOAD, payloadParams(e.record.doc, verdict, e.record.fields, e.at, search));
  } else if (source === 'stored-duplicate') {
    await tx.query(SHOW_STORED_DUPLICATE, [e.docId]);
  }
  if (!hasRow) await tx.query('DELETE FROM document_tombstones WHERE id = $1', [e.docId]);

  const latestDuplicate =
    e.kind === 'duplicate' && e.record && after.duplicate !== null && compareOrder(after.duplicate, event.order) === 0 ? e.record.fields : null;
  await tx.query(SAVE_STATE, [
    e.docId,
    verdict,
    after.uniqueEvent?.kind ?? null,
    iso(after.uniqueEvent?.order.at ?? null),
    iso(after.duplicate?.at ?? null),
    latestDuplicate === null
      ? null
      : JSON.stringify({
          relation: latestDuplicate.relation,
          duplicateOf: latestDuplicate.duplicateOf,
          clusterId: latestDuplicate.clusterId,
          scores: latestDuplicate.scores,
          evidence: latestDuplicate.evidence,
        }),
    after.uniqueEvent?.order.version ?? 0,
    after.duplicate?.version ?? 0,
  ]);
  if (e.record) await tx.query(RECORD_JOB_URL, [e.record.doc.jobId, e.record.doc.requestUrl, e.docId]);
}

/** One docs.* record as the read model applies it: `at` its event time, `version` the deduplicator's. */
export type VerdictRecord =
  | { kind: 'unique'; doc: DocUnique; at: string; version: number }
  | { kind: 'duplicate'; doc: DocDuplicate; at: string; version: number }
  | { kind: 'tombstone'; docId: string; at: string; version: number };

export function incomingOf(r: VerdictRecord): Incoming {
  if (r.kind === 'tombstone') return { docId: r.docId, at: r.at, version: r.version, kind: 'tombstone' };
  const fields: VerdictFields =
    r.kind === 'unique'
      ? { relation: null, duplicateOf: null, sources: r.doc.sources, novelText: r.doc.novelText, clusterId: r.doc.clusterId, scores: null, evidence: [] }
      : { relation: r.doc.relation, duplicateOf: r.doc.canonicalId, sources: [], novelText: null, clusterId: r.doc.clusterId, scores: r.doc.scores, evidence: r.doc.evidence };
  return { docId: r.doc.docId, at: r.at, version: r.version, kind: r.kind, record: { doc: r.doc, fields } };
}

export function createDocumentWrites(client: SqlClient) {
  const one = (r: VerdictRecord) => client.transaction((tx) => applyIncoming(tx, incomingOf(r)));
  return {
    /** Stores a docs.unique value and records which document the job's request URL became. */
    upsertUnique(doc: DocUnique, at: string = new Date().toISOString(), version = doc.version ?? 0): Promise<void> {
      return one({ kind: 'unique', doc, at, version });
    },

    /** Stores a docs.duplicates value: the document becomes a duplicate of its canonical one. */
    markDuplicate(doc: DocDuplicate, at: string = new Date().toISOString(), version = doc.version ?? 0): Promise<void> {
      return one({ kind: 'duplicate', doc, at, version });
    },

    /**
     * Applies a docs.unique tombstone: a unique document that proved to be a copy disappears until its
     * duplicate verdict arrives. A duplicate, or a unique record newer than the tombstone, stays.
     */
    removeUnique(docId: string, at: string = new Date().toISOString(), version = 0): Promise<void> {
      return one({ kind: 'tombstone', docId, at, version });
    },
  };
}
