/**
 * Which verdict a document shows, from what has arrived for it on docs.unique and docs.duplicates.
 * The two topics reach the API in no mutual order, and at-least-once delivery replays old messages,
 * so the result must depend only on the set of events applied, never on their arrival order:
 *
 * Events are ordered by the deduplicator's version of the document's state (it counts every change to
 * that state atomically in the shared index, so two instances publishing at once, or with clocks
 * apart, still order their events right), then by event time; an event without a version (published
 * before versions existed) comes before every versioned one. "Newer" below means later in that order.
 *
 * - docs.unique events (a unique record or a tombstone) are ordered so; at an equal order the
 *   tombstone is the later one (the deduplicator withdraws a unique record after publishing it).
 * - a duplicate record beats a unique record that is not newer than it (equal times: duplicate) and
 *   beats any tombstone, whatever the two times;
 * - a unique record newer than the latest duplicate record wins (the deduplicator published the document
 *   as unique again);
 * - a tombstone without a duplicate record hides the document ('removed').
 *
 * Each input keeps only its latest event, and a payload that has lost can never win again without a
 * newer event of its own, except the latest duplicate record (a later tombstone can bring it back), so
 * the store keeps that record's verdict fields beside the row.
 */

/** Where an event stands among one document's events: version first (0 when absent), then time (ms). */
export interface EventOrder {
  version: number;
  at: number;
}

/** Negative, zero or positive as `a` is older than, as old as, or newer than `b`. */
export function compareOrder(a: EventOrder, b: EventOrder): number {
  return a.version - b.version || a.at - b.at;
}

export interface VerdictState {
  /** The latest docs.unique event for the document, or null when none has arrived. */
  uniqueEvent: { kind: 'unique' | 'tombstone'; order: EventOrder } | null;
  /** Order of the latest docs.duplicates record, or null when none has arrived. */
  duplicate: EventOrder | null;
}

export type StoredVerdict = 'unique' | 'duplicate' | 'removed';

export interface VerdictEvent {
  kind: 'unique' | 'tombstone' | 'duplicate';
  order: EventOrder;
}

export const EMPTY_STATE: VerdictState = { uniqueEvent: null, duplicate: null };

const rank = { unique: 0, tombstone: 1 } as const;

/** True when docs.unique event `a` supersedes `b` (same order: a tombstone supersedes a unique record). */
function uniqueEventAfter(
  a: { kind: 'unique' | 'tombstone'; order: EventOrder },
  b: { kind: 'unique' | 'tombstone'; order: EventOrder },
): boolean {
  const c = compareOrder(a.order, b.order);
  return c > 0 || (c === 0 && rank[a.kind] > rank[b.kind]);
}

/** The state once `event` is applied; applying an event twice or an older one changes nothing. */
export function applyEvent(state: VerdictState, event: VerdictEvent): VerdictState {
  if (event.kind === 'duplicate') {
    const newer = state.duplicate === null || compareOrder(event.order, state.duplicate) > 0;
    return newer ? { ...state, duplicate: event.order } : state;
  }
  const current = state.uniqueEvent;
  const next = { kind: event.kind, order: event.order };
  return current === null || uniqueEventAfter(next, current) ? { ...state, uniqueEvent: next } : state;
}

/** The verdict the state shows; 'removed' when nothing is to be shown. */
export function verdictOf(state: VerdictState): StoredVerdict {
  const { uniqueEvent, duplicate } = state;
  if (duplicate !== null) {
    if (uniqueEvent === null || uniqueEvent.kind === 'tombstone' || compareOrder(duplicate, uniqueEvent.order) >= 0) return 'duplicate';
    return 'unique';
  }
  return uniqueEvent?.kind === 'unique' ? 'unique' : 'removed';
}

/**
 * Whose payload the row must show after `event` moved the state from `before` to `after`:
 * - 'event': the event's own record (it is the latest of its kind and decides the verdict, or the
 *   document has no row yet),
 * - 'stored-duplicate': the stored latest duplicate record (a tombstone brought it back),
 * - 'keep': what the row shows now (its verdict column may still change, e.g. to 'removed').
 */
export function payloadSource(
  before: VerdictState,
  after: VerdictState,
  event: VerdictEvent,
  hasRow: boolean,
): 'event' | 'stored-duplicate' | 'keep' {
  const was = verdictOf(before);
  const now = verdictOf(after);
  // No row yet: the record is stored even when an earlier-arrived newer tombstone hides it.
  if (!hasRow && event.kind !== 'tombstone') return 'event';
  if (event.kind === 'duplicate') {
    return now === 'duplicate' && after.duplicate !== null && compareOrder(after.duplicate, event.order) === 0 ? 'event' : 'keep';
  }
  if (event.kind === 'unique') {
    const latest = after.uniqueEvent?.kind === 'unique' && compareOrder(after.uniqueEvent.order, event.order) === 0;
    return latest && now === 'unique' ? 'event' : 'keep';
  }
  return now === 'duplicate' && was !== 'duplicate' ? 'stored-duplicate' : 'keep';
}
