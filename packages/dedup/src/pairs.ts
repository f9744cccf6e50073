import type { Relation } from '@winnow/types';
import { featuresOf } from './features.js';
import { createMemoryIndex } from './memory-index-store.js';
import { compare } from './verify.js';

type PairVerdict = Relation | 'distinct';

export interface PairResult {
  /** About b relative to a. */
  verdict: PairVerdict;
  jaccard: number;
  /** Containment of the smaller side in the other: b in a, or a in b for `contains`. */
  containment: number;
}

const ID_A = '0'.repeat(32);
const ID_B = '1'.repeat(32);

/** Judges b against a in a fresh in-memory index, through the deduplicator's own code path. */
export async function judgePair(a: string, b: string): Promise<PairResult> {
  const index = createMemoryIndex();
  await index.judge({ docId: ID_A, text: a });
  const decision = await index.judge({ docId: ID_B, text: b });
  const m = decision.match;
  const scores = m?.scores ?? compare(featuresOf({ docId: ID_B, text: b }), featuresOf({ docId: ID_A, text: a })).scores;
  const verdict: PairVerdict = m?.relation ?? 'distinct';
  const containment = verdict === 'contains' ? scores.containmentOther : verdict === 'contained_by' ? scores.containment : Math.max(scores.containment, scores.containmentOther);
  return { verdict, jaccard: scores.jaccard, containment };
}
