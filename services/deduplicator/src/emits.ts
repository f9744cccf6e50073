import type { Emit } from '@winnow/bus';
import type { DocState } from '@winnow/dedup';
import { VERSION_HEADER } from '@winnow/types';
import type { DocExtracted } from '@winnow/types';

/** The header that orders a document's records (tombstones included) by its state's version. */
export function versionHeaders(state: DocState): Record<string, string> {
  return { [VERSION_HEADER]: String(state.version) };
}

/**
 * What to publish for a document in a given state: a unique document on docs.unique (with its
 * sources and own text); a duplicate on docs.duplicates plus a docs.unique tombstone, so that a
 * document once published as unique disappears there. A duplicate in its first state (version 1)
 * was never unique, so it gets no tombstone: in a crawl that is mostly copies, those were most of
 * docs.unique's records, and each cost the api a read-model write. Every record carries the state's
 * version, as a field and as a header. `traceparent`, for an earlier document published again,
 * keeps its records in that document's own trace.
 */
export function emitsFor(doc: DocExtracted, state: DocState, novelText: string | null, traceparent: string | null = null): Emit[] {
  const headers = versionHeaders(state);
  const version = state.version > 0 ? { version: state.version } : {};
  const trace = traceparent ? { traceparent } : {};
  if (state.verdict === 'unique') {
    return [
      {
        topic: 'docs.unique',
        key: doc.docId,
        value: { ...doc, verdict: 'unique', clusterId: state.clusterId, sources: state.sources, novelText, ...version },
        headers,
        ...trace,
      },
    ];
  }
  const tombstone: Emit[] = state.version === 1 ? [] : [{ topic: 'docs.unique', key: doc.docId, value: null, headers, ...trace }];
  return [
    ...tombstone,
    {
      topic: 'docs.duplicates',
      key: doc.docId,
      value: {
        ...doc,
        verdict: 'duplicate',
        relation: state.relation ?? 'near',
        canonicalId: state.canonicalId,
        clusterId: state.clusterId,
        scores: state.scores ?? { jaccard: 0, containment: 0, containmentOther: 0 },
        evidence: state.evidence,
        ...version,
      },
      headers,
      ...trace,
    },
  ];
}
