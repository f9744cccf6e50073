import type { SourceRef } from '@winnow/types';
import { DEDUP_ERRORS, DedupError } from './dedup-error.js';
import type { DocState, Update } from './decision.js';
import { createIndex, type Index, type IndexOptions } from './dedup-index.js';
import { FEATURES_VERSION, INDEXED_PARAGRAPHS, type Features } from './features.js';
import { estimateJaccard } from './minhash.js';
import type { Candidate, ClaimResult, IndexStore } from './index-store.js';
import { featuresOfRecord, recordOf, recordOfLegacy, type EntryState, type LegacyEntry, type MemoryRecord } from './memory-index-records.js';

/** Documents kept per bucket; a bucket this full is a template or a flood, and more entries add nothing. */
export const BUCKET_CAP = 64;
/** Candidates verified per document, the most-colliding first. */
export const MAX_CANDIDATES = 32;
/** Up to this many documents, an in-memory index verifies every pair. */
const EXHAUSTIVE_UP_TO = 64;

/**
 * The documents filed under one hash: the id itself while there is one (most buckets, a band or a
 * paragraph no other document has: an array each cost some 60 bytes more), an array from the second.
 */
type Bucket = string | string[];

interface Entry extends EntryState {
  features: Features;
}

/**
 * The state with one more source, or null when it already lists it. A new object: stored states are
 * never changed in place, so claims hand them out as candidates without copying them.
 */
function withSource(state: DocState, source: SourceRef, covered: readonly number[]): DocState | null {
  if (state.verdict !== 'unique' || state.sources.some((s) => s.id === source.id) || source.id === state.docId) {
    return null;
  }
  return {
    ...state,
    sources: [...state.sources, { ...source }],
    covered: [...new Set([...state.covered, ...covered])],
    evidence: state.evidence.includes('contains') ? state.evidence : ['contains', ...state.evidence],
    version: state.version + 1,
  };
}

/** A state the caller may keep: the store changes its own in place (a hand copy, several times structuredClone's speed). */
const copy = (s: DocState): DocState => ({
  ...s,
  scores: s.scores && { ...s.scores },
  evidence: [...s.evidence],
  sources: s.sources.map((x) => ({ ...x })),
  covered: [...s.covered],
});

/**
 * Updates were decided on the premise that the committing document is canonical. When another
 * document proved it a duplicate meanwhile, they point to its canonical instead.
 */
function retarget(final: DocState, updates: readonly Update[]): Update[] {
  if (final.verdict === 'unique') return [...updates];
  return updates.map((u): Update =>
    u.kind === 'demote'
      ? { kind: 'demote', state: { ...u.state, canonicalId: final.canonicalId, clusterId: final.clusterId } }
      : { ...u, source: { ...u.source, id: final.canonicalId } },
  );
}

/**
 * Everything a memory store holds, JSON-safe. Version 2 holds records (memory-index-records.ts);
 * version 1, written before, is still read.
 */
export interface MemorySnapshot {
  version: 1 | 2;
  /** FEATURES_VERSION of the features held (absent: version 1). */
  featuresVersion?: number;
  entries: Array<MemoryRecord | LegacyEntry>;
}

/** True when a snapshot's features were computed as this version computes them. */
export function isCurrentSnapshot(s: MemorySnapshot): boolean {
  return (s.featuresVersion ?? 1) === FEATURES_VERSION;
}

export interface MemoryIndexStore extends IndexStore {
  snapshot(): MemorySnapshot;
  /** Every document as a record, in the order they were first claimed: a snapshot a record at a time. */
  records(): Iterable<MemoryRecord>;
  /**
   * With trackChanges: records of the documents claimed or changed since the last call (claims in
   * claim order, with their features; then state changes). Applied in order to the state before,
   * they give the state now.
   */
  changes(): MemoryRecord[];
  /** Replays a record from records() or changes(). */
  apply(record: MemoryRecord): void;
}

export interface MemoryIndexStoreOptions {
  /** Keep the ids changed since the last changes() call (embedded mode logs them). */
  trackChanges?: boolean;
}

/** True unless both texts are long enough for signatures to judge them and no slot of theirs agrees. */
function mayRelate(a: Features, b: Features): boolean {
  return a.words !== undefined || b.words !== undefined || estimateJaccard(a.signature, b.signature) > 0;
}

/** An in-memory IndexStore: embedded mode, the CLI and tests. Keeps full shingle sets. */
export function createMemoryIndexStore(from?: MemorySnapshot, options: MemoryIndexStoreOptions = {}): MemoryIndexStore {
  const docs = new Map<string, Entry>();
  // Buckets by kind, keyed by the hash itself (no key strings to build per claim).
  const byContent = new Map<string, Bucket>();
  const byBand = new Map<number, Bucket>();
  const byParagraph = new Map<number, Bucket>();
  const members = new Map<string, Set<string>>();
  const claimedSince = options.trackChanges ? new Set<string>() : null;
  const changedSince = options.trackChanges ? new Set<string>() : null;

  function setMembership(docId: string, before: DocState | null, after: DocState | null): void {
    if (before?.verdict === 'duplicate') members.get(before.canonicalId)?.delete(docId);
    if (after?.verdict === 'duplicate') {
      let m = members.get(after.canonicalId);
      if (!m) members.set(after.canonicalId, (m = new Set()));
      m.add(docId);
    }
  }

  /** Duplicates of a demoted document follow it to its canonical. */
  function moveMembers(from: string, to: DocState, changed: Map<string, DocState>): void {
    for (const m of [...(members.get(from) ?? [])]) {
      const me = docs.get(m);
      if (!me?.state || me.state.verdict !== 'duplicate') continue;
      const moved: DocState = { ...copy(me.state), canonicalId: to.canonicalId, clusterId: to.clusterId, version: me.state.version + 1 };
      setMembership(m, me.state, moved);
      me.state = moved;
      changed.set(m, moved);
    }
  }

  function file<K>(buckets: Map<K, Bucket>, key: K, id: string): void {
    const list = buckets.get(key);
    if (list === undefined) buckets.set(key, id);
    else if (typeof list === 'string') {
      if (list !== id) buckets.set(key, [list, id]);
    } else if (list.length < BUCKET_CAP && !list.includes(id)) list.push(id);
  }

  function index(id: string, f: Features): void {
    file(byContent, f.contentHash, id);
    for (let i = 0; i < f.bands.length; i++) file(byBand, f.bands[i]!, id);
    const n = Math.min(INDEXED_PARAGRAPHS, f.paragraphs.length);
    for (let i = 0; i < n; i++) file(byParagraph, f.paragraphs[i]!.hash, id);
  }

  function count<K>(hits: Map<string, number>, buckets: Map<K, Bucket>, key: K, id: string): void {
    const list = buckets.get(key);
    if (typeof list === 'string') {
      if (list !== id) hits.set(list, (hits.get(list) ?? 0) + 1);
    } else if (list) for (const other of list) if (other !== id) hits.set(other, (hits.get(other) ?? 0) + 1);
  }

  function collisions(id: string, f: Features): Map<string, number> {
    const hits = new Map<string, number>();
    count(hits, byContent, f.contentHash, id);
    for (let i = 0; i < f.bands.length; i++) count(hits, byBand, f.bands[i]!, id);
    const n = Math.min(INDEXED_PARAGRAPHS, f.paragraphs.length);
    for (let i = 0; i < n; i++) count(hits, byParagraph, f.paragraphs[i]!.hash, id);
    return hits;
  }

  function touched(id: string): void {
    changedSince?.add(id);
  }

  function apply(r: MemoryRecord): void {
    const f = featuresOfRecord(r);
    const old = docs.get(r.id);
    if (!f && !old) throw new DedupError(DEDUP_ERRORS.commitBeforeClaim, `state of a document never claimed: ${r.id}`);
    const entry: Entry = { features: f ?? old!.features, state: r.state, setBy: r.setBy, pendingSources: r.pendingSources, changed: r.changed };
    if (r.last !== undefined) entry.last = r.last;
    setMembership(r.id, old ? (old.state ?? old.last ?? null) : null, entry.state ?? entry.last ?? null);
    if (f) index(r.id, f);
    docs.set(r.id, entry);
  }

  if (from) {
    const legacy = from.version === 1;
    for (const e of from.entries) apply(legacy ? recordOfLegacy(e as LegacyEntry) : (e as MemoryRecord));
  }

  return {
    snapshot: () => ({ version: 2, featuresVersion: FEATURES_VERSION, entries: [...docs].map(([id, e]) => recordOf(id, e, e.features)) }),
    *records() {
      for (const [id, e] of docs) yield recordOf(id, e, e.features);
    },
    changes() {
      if (!claimedSince || !changedSince) return [];
      const out: MemoryRecord[] = [];
      for (const id of claimedSince) {
        const e = docs.get(id)!;
        out.push(recordOf(id, e, e.features));
        changedSince.delete(id);
      }
      for (const id of changedSince) out.push(recordOf(id, docs.get(id)!, null));
      claimedSince.clear();
      changedSince.clear();
      return out;
    },
    apply,

    async claim(f) {
      const id = f.provenance.docId;
      const old = docs.get(id);
      if (old && old.features.contentHash === f.contentHash && old.state) {
        const changed = old.changed.flatMap((c) => {
          const st = docs.get(c)?.state;
          return st ? [copy(st)] : [];
        });
        return { kind: 'redelivered', state: copy(old.state), changed } satisfies ClaimResult;
      }
      const hits = collisions(id, f);
      index(id, f);
      const entry: Entry = { features: f, state: null, setBy: null, pendingSources: [], changed: [] };
      if (old && old.features.contentHash === f.contentHash) entry.pendingSources = old.pendingSources;
      else if (old) entry.last = old.state ?? old.last ?? null;
      docs.set(id, entry);
      claimedSince?.add(id);
      // A small index is searched exhaustively: short texts (a sentence or two) rarely share an LSH
      // band even when they are near copies. Of the longer texts sharing no bucket, only those whose
      // signatures agree somewhere are verified: two in three share no slot at all (unrelated texts).
      const exhaustive = docs.size <= EXHAUSTIVE_UP_TO;
      if (exhaustive) {
        for (const [other, e] of docs) if (other !== id && !hits.has(other) && mayRelate(f, e.features)) hits.set(other, 0);
      }
      const candidates: Candidate[] = [...hits]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, exhaustive ? EXHAUSTIVE_UP_TO : MAX_CANDIDATES)
        .map(([other]) => {
          const e = docs.get(other)!;
          // Stored states are replaced, never changed in place (withSource): the judge reads them as they were.
          return { features: e.features, state: e.state };
        });
      return { kind: 'claimed', candidates };
    },

    async commit(state, updates: Update[]) {
      const self = state.docId;
      const entry = docs.get(self);
      if (!entry) throw new DedupError(DEDUP_ERRORS.commitBeforeClaim, `commit before claim: ${self}`);
      const changed = new Map<string, DocState>();
      let final = copy(state);
      if (entry.state && entry.setBy !== self) final = entry.state;
      else {
        // A document judged again (its content changed) continues from its last state.
        const before = entry.state ?? entry.last ?? null;
        for (const p of entry.pendingSources) final = withSource(final, p.source, p.covered) ?? final;
        final.version = (before?.version ?? 0) + 1;
        setMembership(self, before, final);
        entry.state = final;
        entry.setBy = self;
        delete entry.last;
      }
      entry.pendingSources = [];
      touched(self);
      for (const u of retarget(final, updates)) {
        const target = docs.get(u.kind === 'demote' ? u.state.docId : u.docId);
        if (!target) continue;
        const tid = target.features.provenance.docId;
        if (u.kind === 'add_source') {
          touched(tid);
          if (!target.state) target.pendingSources.push({ source: u.source, covered: u.covered });
          else {
            const next = withSource(target.state, u.source, u.covered);
            if (next) changed.set(tid, (target.state = next));
          }
          continue;
        }
        if (tid === u.state.canonicalId) continue;
        const next = { ...copy(u.state), version: (target.state?.version ?? 0) + 1 };
        setMembership(tid, target.state, next);
        target.state = next;
        target.setBy = self;
        changed.set(tid, next);
        moveMembers(tid, next, changed);
      }
      changed.delete(self);
      for (const id of changed.keys()) touched(id);
      entry.changed = [...changed.keys()];
      return { state: copy(final), changed: [...changed.values()].map(copy) };
    },

    async get(docId) {
      const s = docs.get(docId)?.state;
      return s ? copy(s) : null;
    },
  };
}

/** The in-memory Index: exact verification on full shingle sets. */
export function createMemoryIndex(options: Omit<IndexOptions, 'keepShingles'> = {}, store: MemoryIndexStore = createMemoryIndexStore()): Index {
  return createIndex(store, { ...options, keepShingles: true });
}
