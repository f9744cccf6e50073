import type { Relation } from '@winnow/types';
import { cites, urlKey, type Provenance } from './provenance.js';

type ElectionReason = 'cited_as_source' | 'earlier_published' | 'container' | 'self_canonical' | 'tie_break';

export interface Election {
  /** Which of the two is the original. */
  original: 'a' | 'b';
  reason: ElectionReason;
}

function selfCanonical(p: Provenance): boolean {
  if (!p.url || !p.canonicalUrl) return false;
  return urlKey(p.url) === urlKey(p.canonicalUrl);
}

/**
 * Elects the original of two related documents from evidence that does not depend on arrival order:
 * a citation one way only, then the earlier credible publish date, then (for containment) the
 * container, then a self-canonical page, then the smaller docId so that the outcome is stable.
 */
export function elect(a: Provenance, b: Provenance, relation: Relation): Election {
  const aCitesB = cites(a, b);
  const bCitesA = cites(b, a);
  if (aCitesB !== bCitesA) return { original: aCitesB ? 'b' : 'a', reason: 'cited_as_source' };
  if (a.publishedAt !== null && b.publishedAt !== null && a.publishedAt !== b.publishedAt) {
    return { original: a.publishedAt < b.publishedAt ? 'a' : 'b', reason: 'earlier_published' };
  }
  if (relation === 'contained_by') return { original: 'b', reason: 'container' };
  if (relation === 'contains') return { original: 'a', reason: 'container' };
  const sa = selfCanonical(a);
  const sb = selfCanonical(b);
  if (sa !== sb) return { original: sa ? 'a' : 'b', reason: 'self_canonical' };
  return { original: a.docId <= b.docId ? 'a' : 'b', reason: 'tie_break' };
}

/** The relation seen from the other side. */
export function inverse(r: Relation): Relation {
  if (r === 'contains') return 'contained_by';
  if (r === 'contained_by') return 'contains';
  return r;
}
