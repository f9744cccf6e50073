import type { DocState, Update } from './decision.js';
import type { Features } from './features.js';

/** A previously indexed document found by the exact hash, an LSH band or a paragraph hash. */
export interface Candidate {
  features: Features;
  /** null while the document's own judgement is still in flight on another instance. */
  state: DocState | null;
}

export type ClaimResult =
  /** `changed`: the current state of the documents this one changed, so a retry can publish them again. */
  | { kind: 'redelivered'; state: DocState; changed: DocState[] }
  | { kind: 'claimed'; candidates: Candidate[] }
  /**
   * No indexed document shares a bucket with this new one: it is unique, and the store committed
   * that state with the claim (what decide and commit would store), so no commit follows.
   */
  | { kind: 'alone'; state: DocState }
  /** The page's site template is `learned`, not what the features assumed: nothing was claimed. */
  | { kind: 'template'; learned: Set<string> };

/**
 * A page's site lines, for a store that records them with the claim (what SiteBoilerplate.observe
 * does, in the same round trip).
 */
export interface SiteLines {
  site: string;
  /** siteLineKeys of the page. */
  keys: readonly string[];
  /** Those the features were computed without: the site's template as this instance knows it. */
  assumed: readonly string[];
}

/**
 * Storage behind an Index. `claim` atomically registers a document (exact hash, LSH bands, paragraph
 * hashes, features) and returns the documents it collides with; `commit` atomically stores its state
 * together with the changes it makes to earlier documents. Implementations: in-memory and Redis.
 */
export interface IndexStore {
  /** With `lines` (only when recordsSiteLines), the page's site lines are recorded first. */
  claim(features: Features, lines?: SiteLines): Promise<ClaimResult>;
  /** True when claims record site lines themselves: the index then needs no SiteBoilerplate. */
  readonly recordsSiteLines?: boolean;
  /**
   * Stores `state` unless another document already decided this one's fate while it was in flight
   * (that state wins); applies `updates`. Returns the final state of the document and every other
   * document whose state changed (cascades included).
   */
  commit(state: DocState, updates: Update[]): Promise<{ state: DocState; changed: DocState[] }>;
  get(docId: string): Promise<DocState | null>;
}
