import type { Relation, SourceRef } from '@winnow/types';
import type { PairScores } from './verify.js';

/** A document's current dedup state, as the index stores it. */
export interface DocState {
  docId: string;
  verdict: 'unique' | 'duplicate';
  /** For a duplicate: how it relates to its canonical document. */
  relation: Relation | null;
  /** The canonical document (itself when unique). */
  canonicalId: string;
  clusterId: string;
  /** For a duplicate: scores against the document it matched. */
  scores: PairScores | null;
  /** Why: `content_hash`, `shingles`, `minhash`, `paragraph_hash`, `cited_as_source`, `earlier_published`, ... */
  evidence: string[];
  /** For a unique document: documents it embeds. */
  sources: SourceRef[];
  /** Hashes of this document's paragraphs that belong to its sources (they are left out of novelText). */
  covered: number[];
  /**
   * Grows by one with every change to this state in the index (the document's own commit, a
   * demotion, a source added, a new canonical), atomically with it: published as the records'
   * `version`, so readers order them without trusting clocks. 0 in a state not yet committed.
   */
  version: number;
}

/** The best verified match of a judged document, seen from that document. */
export interface Match {
  id: string;
  relation: Relation;
  scores: PairScores;
}

export interface Decision {
  docId: string;
  /** Same docId and content seen before: the stored state is returned unchanged. */
  redelivered: boolean;
  state: DocState;
  match: Match | null;
  /** This document's own text when it embeds others; null otherwise. */
  novelText: string | null;
  /**
   * Earlier documents whose state this one changed and that must be published again: a unique
   * document that proved to be a copy (now a duplicate), a duplicate re-pointed to a new canonical,
   * or a unique document that gained a source. On a redelivery: their current state, so that a
   * retry after a failed publish still publishes them.
   */
  changed: DocState[];
}

/** A change to another document, applied atomically with the judged document's own state. */
export type Update =
  | { kind: 'demote'; state: DocState }
  | { kind: 'add_source'; docId: string; source: SourceRef; covered: number[] };
