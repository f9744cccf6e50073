import { applyIncoming, CASTS, COLUMNS, iso, ms, payloadParams, type Incoming } from './document-writes.js';
import type { SqlQueryable } from './sql-client.js';
import { applyEvent, compareOrder, EMPTY_STATE, payloadSource, verdictOf, type VerdictEvent, type VerdictState } from './verdict-rule.js';

/**
 * A delivered batch of docs.* events in one transaction and a handful of statements: one lock statement,
 * one read of the stored states, then one multi-row upsert of the payloads with their states (so a new
 * row is written once, not inserted and then updated: every row version adds its search tokens to the
 * GIN index again), one multi-row state update for the rest, one for the job URLs. The verdict rule is
 * the one-event path's (applyIncoming), applied in memory to the states read under the locks. A document
 * with several events in the batch, or a tombstone, takes the one-event path, in arrival order.
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
    out.push(`(${casts.map((cast, c) => `$${r * casts.length + c + 1}${cast ? `::${cast}` : ''}`).join(', ')})`);
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

const recordJobUrls = (rows: number) => `INSERT INTO job_urls (job_id, request_url, doc_id)
  VALUES ${valuesList(rows, [undefined, undefined, undefined])}
  ON CONFLICT (job_id, request_url) DO UPDATE SET doc_id = EXCLUDED.doc_id`;

/** Document locks in one fixed order (by lock key), so two instances' batches never deadlock. */
const LOCK_DOCUMENTS = `SELECT pg_advisory_xact_lock(7320, k) FROM
  (SELECT DISTINCT hashtext(id) AS k FROM unnest($1::text[]) AS t(id) ORDER BY k) AS keys`;

interface StateRow {
  id: string;
  unique_event: 'unique' | 'tombstone' | null;
  unique_at: Date | string | null;
  unique_version: number;
  duplicate_at: Date | string | null;
  duplicate_version: number;
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

/** Applies a batch of events inside the caller's transaction; the result is as if applied one by one. */
export async function applyBatch(tx: SqlQueryable, events: readonly Incoming[]): Promise<void> {
  if (events.length === 0) return;
  const perDoc = new Map<string, number>();
  for (const e of events) perDoc.set(e.docId, (perDoc.get(e.docId) ?? 0) + 1);
  const fast = events.filter((e) => perDoc.get(e.docId) === 1 && e.kind !== 'tombstone' && e.record);
  const fastSet = new Set(fast);
  const ids = fast.map((e) => e.docId);
  await tx.query(LOCK_DOCUMENTS, [[...perDoc.keys()]]);

  const stored = new Map<string, VerdictState>();
  if (ids.length > 0) {
    const { rows } = await tx.query<StateRow>(
      'SELECT id, unique_event, unique_at, unique_version, duplicate_at, duplicate_version FROM documents WHERE id = ANY($1::text[])',
      [ids],
    );
    for (const row of rows) stored.set(row.id, stateOf(row));
  }
  const newIds = ids.filter((id) => !stored.has(id));
  const pending = new Map<string, VerdictState>();
  if (newIds.length > 0) {
    const { rows } = await tx.query<{ id: string; at: Date | string; version: number }>(
      'SELECT id, at, version FROM document_tombstones WHERE id = ANY($1::text[])',
      [newIds],
    );
    for (const t of rows) pending.set(t.id, { uniqueEvent: { kind: 'tombstone', order: { version: t.version, at: ms(t.at)! } }, duplicate: null });
  }

  const upserts: unknown[][] = [];
  const updates: unknown[][] = [];
  const jobUrls = new Map<string, unknown[]>();
  for (const e of fast) {
    const record = e.record!;
    const hasRow = stored.has(e.docId);
    const before = stored.get(e.docId) ?? pending.get(e.docId) ?? EMPTY_STATE;
    const event: VerdictEvent = { kind: e.kind, order: { version: e.version, at: new Date(e.at).getTime() } };
    const after = applyEvent(before, event);
    const verdict = verdictOf(after);
    const latestDuplicate = e.kind === 'duplicate' && after.duplicate !== null && compareOrder(after.duplicate, event.order) === 0 ? record.fields : null;
    const uniqueAt = iso(after.uniqueEvent?.order.at ?? null);
    const duplicateAt = iso(after.duplicate?.at ?? null);
    const state = [
      after.uniqueEvent?.kind ?? null,
      uniqueAt,
      duplicateAt,
      latestDuplicate === null
        ? null
        : JSON.stringify({
            relation: latestDuplicate.relation, duplicateOf: latestDuplicate.duplicateOf, clusterId: latestDuplicate.clusterId,
            scores: latestDuplicate.scores, evidence: latestDuplicate.evidence,
          }),
      after.uniqueEvent?.order.version ?? 0,
      after.duplicate?.version ?? 0,
    ];
    if (payloadSource(before, after, event, hasRow) === 'event') {
      const params = payloadParams(record.doc, verdict, record.fields, e.at);
      // The row's state time is its latest event's, as the one-event path's SAVE_STATE sets it.
      params[COLUMNS.indexOf('state_at')] = [uniqueAt, duplicateAt].filter((t) => t !== null).sort().pop() ?? null;
      upserts.push([...params, ...state]);
    } else {
      updates.push([e.docId, verdict, ...state]);
    }
    jobUrls.set(`${record.doc.jobId}\n${record.doc.requestUrl}`, [record.doc.jobId, record.doc.requestUrl, e.docId]);
  }
  await inChunks(tx, upserts, upsertRows);
  await inChunks(tx, updates, updateStates);
  if (newIds.length > 0 && pending.size > 0) await tx.query('DELETE FROM document_tombstones WHERE id = ANY($1::text[])', [[...pending.keys()]]);
  await inChunks(tx, [...jobUrls.values()], recordJobUrls);

  for (const e of events) if (!fastSet.has(e)) await applyIncoming(tx, e);
}
