import { CASTS, COLUMNS, iso, ms, paramSql, payloadParams, TOKEN_LIST } from './document-writes.js';
import { searchFields, type SearchFields } from './search-text.js';
import type { Incoming, VerdictFields } from './incoming.js';
import type { SqlQueryable } from './sql-client.js';
import { applyEvent, compareOrder, EMPTY_STATE, payloadSource, verdictOf, type VerdictEvent, type VerdictState } from './verdict-rule.js';

/**
 * A delivered batch of docs.* events in one transaction and a handful of statements: one lock statement,
 * one read of the stored states, then one multi-row upsert of the payloads with their states (so a new
 * row is written once, not inserted and then updated: every row version adds its search tokens to the
 * GIN index again), one multi-row state update for the rest, one for the job URLs. The verdict rule is
 * the one-event path's (applyIncoming), applied in memory, in arrival order, to the states read under the
 * locks: a document with several events in the batch (a unique record, its tombstone and its duplicate
 * verdict often arrive together) is folded to the one row it ends as.
 */

const STATE_COLUMNS = ['unique_event', 'unique_at', 'duplicate_at', 'duplicate_record', 'unique_version', 'duplicate_version'] as const;
const STATE_CASTS: Record<(typeof STATE_COLUMNS)[number], string> = {
  unique_event: 'text', unique_at: 'timestamptz', duplicate_at: 'timestamptz', duplicate_record: 'jsonb',
  unique_version: 'integer', duplicate_version: 'integer',
};
const ALL_COLUMNS = [...COLUMNS, ...STATE_COLUMNS];
const CAST_OF = (c: (typeof ALL_COLUMNS)[number]): string | undefined =>
  (STATE_CASTS as Record<string, string>)[c] ?? CASTS[c as (typeof COLUMNS)[number]];

/** Rows per statement, so that parameters stay far below PostgreSQL's 65,535. */
const CHUNK = 500;

function valuesList(rows: number, casts: Array<string | undefined>): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    out.push(`(${casts.map((cast, c) => paramSql(`$${r * casts.length + c + 1}`, cast)).join(', ')})`);
  }
  return out.join(', ');
}

const upsertRows = (rows: number) => `INSERT INTO documents (${ALL_COLUMNS.join(', ')})
  VALUES ${valuesList(rows, ALL_COLUMNS.map(CAST_OF))}
  ON CONFLICT (id) DO UPDATE SET ${ALL_COLUMNS.filter((c) => c !== 'id')
    .map((c) => (c === 'duplicate_record' ? `${c} = COALESCE(EXCLUDED.${c}, documents.${c})` : `${c} = EXCLUDED.${c}`))
    .join(', ')}, updated_at = now()`;

const STATE_UPDATE_CASTS = ['text', 'text', ...STATE_COLUMNS.map((c) => STATE_CASTS[c])];
const updateStates = (rows: number) => `UPDATE documents AS d SET verdict = s.verdict, unique_event = s.unique_event,
    unique_at = s.unique_at, duplicate_at = s.duplicate_at, duplicate_record = COALESCE(s.duplicate_record, d.duplicate_record),
    unique_version = s.unique_version, duplicate_version = s.duplicate_version,
    state_at = GREATEST(s.unique_at, s.duplicate_at), updated_at = now()
  FROM (VALUES ${valuesList(rows, STATE_UPDATE_CASTS)}) AS s(id, verdict, ${STATE_COLUMNS.join(', ')})
  WHERE d.id = s.id`;

/**
 * The verdict columns of a row whose stored payload is the record's own (payloadIdentity): a document judged
 * again (a tombstone and a new duplicate record for a copy whose canonical changed) keeps its text, search
 * tokens and document, so they are neither sent nor written again (a new row version would re-write every
 * one of its large values and index all of its search tokens again).
 */
const VERDICT_COLUMNS = ['relation', 'duplicate_of', 'sources', 'novel_text', 'cluster_id', 'scores', 'evidence', 'state_at'] as const;
const VERDICT_UPDATE_CASTS = ['text', 'text', ...VERDICT_COLUMNS.map((c) => CASTS[c] ?? 'text'), ...STATE_COLUMNS.map((c) => STATE_CASTS[c])];
const updateVerdicts = (rows: number) => `UPDATE documents AS d SET verdict = s.verdict,
    ${VERDICT_COLUMNS.map((c) => `${c} = s.${c}`).join(', ')}, unique_event = s.unique_event,
    unique_at = s.unique_at, duplicate_at = s.duplicate_at, duplicate_record = COALESCE(s.duplicate_record, d.duplicate_record),
    unique_version = s.unique_version, duplicate_version = s.duplicate_version, updated_at = now()
  FROM (VALUES ${valuesList(rows, VERDICT_UPDATE_CASTS)}) AS s(id, verdict, ${[...VERDICT_COLUMNS, ...STATE_COLUMNS].join(', ')})
  WHERE d.id = s.id`;

const recordJobUrls = (rows: number) => `INSERT INTO job_urls (job_id, request_url, doc_id)
  VALUES ${valuesList(rows, [undefined, undefined, undefined])}
  ON CONFLICT (job_id, request_url) DO UPDATE SET doc_id = EXCLUDED.doc_id`;

const upsertTombstones = (rows: number) => `INSERT INTO document_tombstones (id, at, version)
  VALUES ${valuesList(rows, ['text', 'timestamptz', 'integer'])}
  ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at, version = EXCLUDED.version
  WHERE (EXCLUDED.version, EXCLUDED.at) > (document_tombstones.version, document_tombstones.at)`;

const insertSearchTexts = (rows: number) => `INSERT INTO search_texts (hash, search_text, search_tokens)
  VALUES ${valuesList(rows, [undefined, undefined, TOKEN_LIST])}
  ON CONFLICT (hash) DO NOTHING`;

/**
 * Stores the search texts the batch's rows name that are not stored yet: one statement finds which are, so
 * that an exact copy of a stored document sends neither its search text nor its tokens. They are inserted
 * in hash order, so that two instances' batches adding the same new texts wait for each other in one order
 * and never deadlock (the document locks do not cover search_texts).
 */
async function storeSearchTexts(tx: SqlQueryable, fields: readonly SearchFields[]): Promise<void> {
  const byHash = new Map(fields.map((f) => [f.hash, f]));
  if (byHash.size === 0) return;
  const { rows } = await tx.query<{ hash: string }>('SELECT hash FROM search_texts WHERE hash = ANY($1::text[])', [[...byHash.keys()]]);
  for (const row of rows) byHash.delete(row.hash);
  const missing = [...byHash.values()].sort((a, b) => (a.hash < b.hash ? -1 : 1));
  await inChunks(tx, missing.map((f) => [f.hash, f.searchText, f.tokens]), insertSearchTexts);
}

/** The one-event path's SHOW_STORED_DUPLICATE, for several documents. */
const SHOW_STORED_DUPLICATES = `UPDATE documents SET
    relation = duplicate_record->>'relation', duplicate_of = duplicate_record->>'duplicateOf',
    cluster_id = duplicate_record->>'clusterId', scores = NULLIF(duplicate_record->'scores', 'null'::jsonb),
    evidence = duplicate_record->'evidence', sources = '[]'::jsonb, novel_text = NULL
  WHERE id = ANY($1::text[])`;

/** Document locks in one fixed order (by lock key), so two instances' batches never deadlock. */
const LOCK_DOCUMENTS = `SELECT pg_advisory_xact_lock(7320, k) FROM
  (SELECT DISTINCT hashtext(id) AS k FROM unnest($1::text[]) AS t(id) ORDER BY k) AS keys`;

interface StateRow {
  id: string;
  /** The stored payload's identity (payloadIdentity); null for a pending tombstone. */
  payload_identity: string | null;
  unique_event: 'unique' | 'tombstone' | null;
  unique_at: Date | string | null;
  unique_version: number;
  duplicate_at: Date | string | null;
  duplicate_version: number;
  duplicate_record: StoredDuplicate | null;
}

/** The latest duplicate record's verdict fields, as kept beside the row (duplicate_record). */
interface StoredDuplicate {
  relation: string | null;
  duplicateOf: string | null;
  clusterId: string;
  scores: unknown;
  evidence: string[];
}

function stateOf(row: StateRow): VerdictState {
  const uniqueAt = ms(row.unique_at);
  const duplicateAt = ms(row.duplicate_at);
  return {
    uniqueEvent:
      row.unique_event !== null && uniqueAt !== null ? { kind: row.unique_event, order: { version: row.unique_version, at: uniqueAt } } : null,
    duplicate: duplicateAt === null ? null : { version: row.duplicate_version, at: duplicateAt },
  };
}

async function inChunks(tx: SqlQueryable, rows: unknown[][], sql: (n: number) => string): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await tx.query(sql(chunk.length), chunk.flat());
  }
}

/**
 * What identifies a record's payload: the fetch it was extracted from, its text and the extraction code.
 * The docs.unique and docs.duplicates records of one fetch carry the same extracted document, so a row
 * whose stored identity equals the record's already shows that payload.
 */
const payloadIdentity = (doc: NonNullable<Incoming['record']>['doc']): string =>
  [doc.jobId, ms(doc.fetchedAt), doc.contentHash, doc.extractorVersion ?? ''].join('\n');
const STORED_IDENTITY = `job_id || E'\\n' || (extract(epoch FROM fetched_at) * 1000)::bigint || E'\\n' || coalesce(content_hash, '')
  || E'\\n' || coalesce(extractor_version, '')`;

/** One document's events folded in memory: what its row (or pending tombstone) must become. */
interface Folded {
  state: VerdictState;
  /** The state as stored before the batch; a pending tombstone is only rewritten when it changed. */
  stored: VerdictState;
  hasRow: boolean;
  /** The document had a pending tombstone that its first record now takes over. */
  dropTombstone: boolean;
  /** The stored row's payloadIdentity; null without a row before the batch. */
  storedPayload: string | null;
  /** The payload the row must show, when an event of this batch decided it. */
  payload: { doc: NonNullable<Incoming['record']>['doc']; fields: VerdictFields; at: string } | null;
  /** The row keeps its stored payload but must show its latest duplicate record again. */
  showStored: boolean;
  /** The latest duplicate record: stored, or replaced by one in this batch (then written). */
  latestDuplicate: StoredDuplicate | null;
  duplicateChanged: boolean;
}

function fold(f: Folded, e: Incoming): void {
  const event: VerdictEvent = { kind: e.kind, order: { version: e.version, at: new Date(e.at).getTime() } };
  const after = applyEvent(f.state, event);
  if (!f.hasRow && e.kind === 'tombstone') {
    f.state = after;
    return;
  }
  const source = payloadSource(f.state, after, event, f.hasRow);
  if (e.kind === 'duplicate' && e.record && after.duplicate !== null && compareOrder(after.duplicate, event.order) === 0) {
    const v = e.record.fields;
    f.latestDuplicate = { relation: v.relation, duplicateOf: v.duplicateOf, clusterId: v.clusterId, scores: v.scores, evidence: v.evidence };
    f.duplicateChanged = true;
  }
  if (source === 'event' && e.record) {
    f.payload = { doc: e.record.doc, fields: e.record.fields, at: e.at };
    f.showStored = false;
  } else if (source === 'stored-duplicate' && (f.latestDuplicate === null || !f.payload)) {
    f.showStored = true;
  } else if (source === 'stored-duplicate' && f.latestDuplicate !== null) {
    const d = f.latestDuplicate;
    const shown: VerdictFields = { relation: d.relation, duplicateOf: d.duplicateOf, clusterId: d.clusterId, scores: d.scores, evidence: d.evidence, sources: [], novelText: null };
    if (f.payload) f.payload = { ...f.payload, fields: shown };
  }
  if (!f.hasRow) {
    f.dropTombstone = f.stored.uniqueEvent !== null;
    f.hasRow = true;
  }
  f.state = after;
}

/**
 * The stored state of each document, or of its pending tombstone when it has no row yet: one statement
 * for both, since a batch's statements, not its rows, are what an embedded database spends its time on.
 */
const READ_STATES = `SELECT id, true AS has_row, ${STORED_IDENTITY} AS payload_identity, unique_event, unique_at, unique_version, duplicate_at, duplicate_version, duplicate_record
    FROM documents WHERE id = ANY($1::text[])
  UNION ALL
  SELECT t.id, false, NULL, 'tombstone', t.at, t.version, NULL, 0, NULL FROM document_tombstones AS t
    WHERE t.id = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM documents AS d WHERE d.id = t.id)`;

/**
 * Applies a batch of events inside the caller's transaction; the result is as if applied one by one.
 * `lock`: take the documents' locks first. Only a client whose transactions never overlap (PGlite's one
 * connection) may leave it off.
 */
export async function applyBatch(tx: SqlQueryable, events: readonly Incoming[], lock = true): Promise<void> {
  if (events.length === 0) return;
  const ids = [...new Set(events.map((e) => e.docId))];
  if (lock) await tx.query(LOCK_DOCUMENTS, [ids]);

  const docs = new Map<string, Folded>();
  const blank = (state: VerdictState, hasRow: boolean, latestDuplicate: StoredDuplicate | null, storedPayload: string | null): Folded => ({
    state, stored: state, hasRow, dropTombstone: false, storedPayload, payload: null, showStored: false, latestDuplicate, duplicateChanged: false,
  });
  const { rows } = await tx.query<StateRow & { has_row: boolean }>(READ_STATES, [ids]);
  for (const row of rows) docs.set(row.id, blank(stateOf(row), row.has_row, row.has_row ? row.duplicate_record : null, row.payload_identity));
  for (const id of ids) if (!docs.has(id)) docs.set(id, blank(EMPTY_STATE, false, null, null));

  const jobUrls = new Map<string, unknown[]>();
  for (const e of events) {
    fold(docs.get(e.docId)!, e);
    if (e.record) jobUrls.set(`${e.record.doc.jobId}\n${e.record.doc.requestUrl}`, [e.record.doc.jobId, e.record.doc.requestUrl, e.docId]);
  }

  const upserts: unknown[][] = [];
  const searches: SearchFields[] = [];
  const verdictUpdates: unknown[][] = [];
  const updates: unknown[][] = [];
  const tombstones: unknown[][] = [];
  const dropTombstones: string[] = [];
  const showStored: string[] = [];
  for (const [id, f] of docs) {
    if (!f.hasRow) {
      const t = f.state.uniqueEvent;
      if (t !== null && t !== f.stored.uniqueEvent) tombstones.push([id, iso(t.order.at), t.order.version]);
      continue;
    }
    const verdict = verdictOf(f.state);
    const uniqueAt = iso(f.state.uniqueEvent?.order.at ?? null);
    const duplicateAt = iso(f.state.duplicate?.at ?? null);
    const state = [
      f.state.uniqueEvent?.kind ?? null,
      uniqueAt,
      duplicateAt,
      f.duplicateChanged ? JSON.stringify(f.latestDuplicate) : null,
      f.state.uniqueEvent?.order.version ?? 0,
      f.state.duplicate?.version ?? 0,
    ];
    // The row's state time is its latest event's, as the one-event path's SAVE_STATE sets it.
    const stateAt = [uniqueAt, duplicateAt].filter((t) => t !== null).sort().pop() ?? null;
    if (f.payload && f.storedPayload === payloadIdentity(f.payload.doc)) {
      const v = f.payload.fields;
      verdictUpdates.push([
        id, verdict, v.relation, v.duplicateOf, JSON.stringify(v.sources), v.novelText, v.clusterId,
        v.scores === null ? null : JSON.stringify(v.scores), JSON.stringify(v.evidence), stateAt, ...state,
      ]);
    } else if (f.payload) {
      const search = searchFields(f.payload.doc.title, f.payload.doc.text);
      searches.push(search);
      const params = payloadParams(f.payload.doc, verdict, f.payload.fields, f.payload.at, search);
      params[COLUMNS.indexOf('state_at')] = stateAt;
      upserts.push([...params, ...state]);
    } else {
      updates.push([id, verdict, ...state]);
    }
    if (f.showStored) showStored.push(id);
    if (f.dropTombstone) dropTombstones.push(id);
  }
  await storeSearchTexts(tx, searches);
  await inChunks(tx, upserts, upsertRows);
  await inChunks(tx, verdictUpdates, updateVerdicts);
  await inChunks(tx, updates, updateStates);
  // After the state update, which wrote the latest duplicate record the row must show again.
  if (showStored.length > 0) await tx.query(SHOW_STORED_DUPLICATES, [showStored]);
  await inChunks(tx, tombstones, upsertTombstones);
  if (dropTombstones.length > 0) await tx.query('DELETE FROM document_tombstones WHERE id = ANY($1::text[])', [dropTombstones]);
  await inChunks(tx, [...jobUrls.values()], recordJobUrls);
}
