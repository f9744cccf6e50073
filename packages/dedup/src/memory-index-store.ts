import type { SourceRef } from '@winnow/types';
import { DEDUP_ERRORS, DedupError } from './dedup-error.js';
import type { DocState, Update } from './decision.js';
import { createIndex, type Index, type IndexOptions } from './dedup-index.js';
import { FEATURES_VERSION, INDEXED_PARAGRAPHS, type Features } from './features.js';
import { decodeFeatures, encodeFeatures } from './features-codec.js';
import type { Candidate, ClaimResult, IndexStore } from './index-store.js';

/** Documents kept per bucket; a bucket this full is a template or a flood, and more entries add nothing. */
export const BUCKET_CAP = 64;
/** Candidates verified per document, the most-colliding first. */
export const MAX_CANDIDATES = 32;
/** Up to this many documents, an in-memory index verifies every pair. */
const EXHAUSTIVE_UP_TO = 64;

interface Entry {
  features: Features;
  state: DocState | null;
  /** Who wrote `state`: the document itself, or an earlier document that decided its fate. */
  setBy: string | null;
  pendingSources: Array<{ source: SourceRef; covered: number[] }>;
  /** Documents this one's commit changed. */
  changed: string[];
  /** While a document whose content changed is judged again: its last state. */
  last?: DocState | null;
}

function addSource(state: DocState, source: SourceRef, covered: readonly number[]): boolean {
  if (state.verdict !== 'unique' || state.sources.some((s) => s.id === source.id) || source.id === state.docId) {
    return false;
  }
  state.sources.push(source);
  state.covered = [...new Set([...state.covered, ...covered])];
  if (!state.evidence.includes('contains')) state.evidence.unshift('contains');
  state.version++;
  return true;
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

/** Everything a memory store holds, JSON-safe, so embedded mode can keep its index across restarts. */
export interface MemorySnapshot {
  version: 1;
  /** FEATURES_VERSION of the features held (absent: version 1). */
  featuresVersion?: number;
  entries: Array<{
    features: string;
    bands: string;
    shingles?: string;
    sequence?: string;
    state: DocState | null;
    setBy: string | null;
    pendingSources: Entry['pendingSources'];
    changed: string[];
  }>;
}

/** True when a snapshot's features were computed as this version computes them. */
export function isCurrentSnapshot(s: MemorySnapshot): boolean {
  return (s.featuresVersion ?? 1) === FEATURES_VERSION;
}

export interface MemoryIndexStore extends IndexStore {
  snapshot(): MemorySnapshot;
}

const b64 = (a: Uint32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const u32 = (s: string): Uint32Array => {
  const b = Buffer.from(s, 'base64');
  return new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

/** An in-memory IndexStore: embedded mode, the CLI and tests. Keeps full shingle sets. */
export function createMemoryIndexStore(from?: MemorySnapshot): MemoryIndexStore {
  const docs = new Map<string, Entry>();
  const buckets = new Map<string, string[]>();
  const members = new Map<string, Set<string>>();

  const bucketKeys = (f: Features): string[] => [
    `h${f.contentHash}`,
    ...Array.from(f.bands, (b) => `b${b}`),
    ...f.paragraphs.slice(0, INDEXED_PARAGRAPHS).map((p) => `p${p.hash}`),
  ];

  function setMembership(docId: string, before: DocState | null, after: DocState): void {
    if (before?.verdict === 'duplicate') members.get(before.canonicalId)?.delete(docId);
    if (after.verdict === 'duplicate') {
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
      changed.set(m, copy(moved));
    }
  }

  function index(id: string, f: Features): void {
    for (const key of bucketKeys(f)) {
      const list = buckets.get(key);
      if (!list) buckets.set(key, [id]);
      else if (list.length < BUCKET_CAP && !list.includes(id)) list.push(id);
    }
  }

  for (const e of from?.entries ?? []) {
    const features = decodeFeatures(Buffer.from(e.features, 'base64'));
    features.bands = u32(e.bands);
    if (e.shingles && e.sequence) {
      features.shingles = u32(e.shingles);
      features.sequence = u32(e.sequence);
    }
    const id = features.provenance.docId;
    docs.set(id, { features, state: e.state, setBy: e.setBy, pendingSources: e.pendingSources, changed: e.changed });
    index(id, features);
    if (e.state) setMembership(id, null, e.state);
  }

  return {
    snapshot() {
      return {
        version: 1,
        featuresVersion: FEATURES_VERSION,
        entries: [...docs.values()].map((e) => ({
          features: encodeFeatures(e.features).toString('base64'),
          bands: b64(e.features.bands),
          ...(e.features.shingles && e.features.sequence
            ? { shingles: b64(e.features.shingles), sequence: b64(e.features.sequence) }
            : {}),
          state: e.state,
          setBy: e.setBy,
          pendingSources: e.pendingSources,
          changed: e.changed,
        })),
      };
    },

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
      const hits = new Map<string, number>();
      for (const key of bucketKeys(f)) {
        const list = buckets.get(key);
        if (list) for (const other of list) if (other !== id) hits.set(other, (hits.get(other) ?? 0) + 1);
      }
      index(id, f);
      const entry: Entry = { features: f, state: null, setBy: null, pendingSources: [], changed: [] };
      if (old && old.features.contentHash === f.contentHash) entry.pendingSources = old.pendingSources;
      else if (old) entry.last = old.state ?? old.last ?? null;
      docs.set(id, entry);
      // A small index is searched exhaustively: verification is cheap at this size, and short texts
      // (a sentence or two) rarely share an LSH band even when they are near copies.
      const exhaustive = docs.size <= EXHAUSTIVE_UP_TO;
      if (exhaustive) for (const other of docs.keys()) if (other !== id && !hits.has(other)) hits.set(other, 0);
      const candidates: Candidate[] = [...hits]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, exhaustive ? EXHAUSTIVE_UP_TO : MAX_CANDIDATES)
        .map(([other]) => {
          const e = docs.get(other)!;
          return { features: e.features, state: e.state ? copy(e.state) : null };
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
        for (const p of entry.pendingSources) addSource(final, p.source, p.covered);
        final.version = (before?.version ?? 0) + 1;
        setMembership(self, before, final);
        entry.state = final;
        entry.setBy = self;
        delete entry.last;
      }
      entry.pendingSources = [];
      for (const u of retarget(final, updates)) {
        const target = docs.get(u.kind === 'demote' ? u.state.docId : u.docId);
        if (!target) continue;
        const tid = target.features.provenance.docId;
        if (u.kind === 'add_source') {
          if (!target.state) target.pendingSources.push({ source: u.source, covered: u.covered });
          else if (addSource(target.state, u.source, u.covered)) changed.set(tid, copy(target.state));
          continue;
        }
        if (tid === u.state.canonicalId) continue;
        const next = { ...copy(u.state), version: (target.state?.version ?? 0) + 1 };
        setMembership(tid, target.state, next);
        target.state = next;
        target.setBy = self;
        changed.set(tid, copy(next));
        moveMembers(tid, next, changed);
      }
      changed.delete(self);
      entry.changed = [...changed.keys()];
      return { state: copy(final), changed: [...changed.values()] };
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
