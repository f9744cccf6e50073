import { z } from 'zod';
import { docId } from './common.js';

export const relation = z.enum(['exact', 'near', 'contains', 'contained_by']);
export type Relation = z.infer<typeof relation>;

export const verdict = z.enum(['unique', 'duplicate']);
export type Verdict = z.infer<typeof verdict>;

/** A document this one embeds (a repost's source). */
export const sourceRef = z.object({
  id: docId,
  relation: z.literal('contains'),
  /** Share of the source's text found inside this document. */
  containment: z.number().min(0).max(1),
});
export type SourceRef = z.infer<typeof sourceRef>;

export const scores = z.object({
  jaccard: z.number().min(0).max(1),
  /** Share of this document's shingles found in the canonical one. */
  containment: z.number().min(0).max(1),
  /** Share of the canonical document's shingles found in this one. */
  containmentOther: z.number().min(0).max(1),
});
