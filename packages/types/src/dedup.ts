import { z } from 'zod';
import { docId } from './common.js';

export const relation = z.enum(['exact', 'near', 'contains', 'contained_by']);
export type Relation = z.infer<typeof relation>;

export const verdict = z.enum(['unique', 'duplicate']);

/** A document this one embeds (a repost's source). */
export const sourceRef = z.object({
  id: docId,
  relation: z.literal('contains'),
  /** Share of the source's text found inside this document. */
  containment: z.number().min(0).max(1),
});
export type SourceRef = z.infer<typeof sourceRef>;

/**
 * The deduplicator's version of a document's state: it grows by one with every change to that state
 * (its own verdict, a demotion, a source added), counted atomically in the shared index, so readers
 * merging docs.unique and docs.duplicates order a document's records by it rather than by clocks.
 * Also sent as the `winnow_version` header, which tombstones carry too. Absent in records published
 * before it existed.
 */
export const stateVersion = z.number().int().positive();

/** Header carrying stateVersion on docs.unique and docs.duplicates messages, tombstones included. */
export const VERSION_HEADER = 'winnow_version';

export const scores = z.object({
  jaccard: z.number().min(0).max(1),
  /** Share of this document's shingles found in the canonical one. */
  containment: z.number().min(0).max(1),
  /** Share of the canonical document's shingles found in this one. */
  containmentOther: z.number().min(0).max(1),
});
