import type { DocExtracted } from '@winnow/types';

/** A judged document, with the W3C `traceparent` of the record that brought it: its own trace. */
export interface JudgedDoc {
  doc: DocExtracted;
  /** null for documents stored before traces were kept, or brought by a record without one. */
  traceparent: string | null;
}

/**
 * Keeps the extracted documents the deduplicator has judged, so that when a later document changes an
 * earlier one's verdict (a repost that proves to be a copy, a source found later) the earlier one can
 * be published again in full, in its own trace. Implementations: in-memory and Redis (compressed, with
 * expiry).
 */
export interface JudgedDocStore {
  put(doc: DocExtracted, traceparent?: string): Promise<void>;
  get(docId: string): Promise<JudgedDoc | null>;
}

export interface MemoryJudgedDocStore extends JudgedDocStore {
  /** Every stored document, for saving embedded mode's state. */
  all(): DocExtracted[];
  /** The trace of every stored document that has one, by docId, for saving embedded mode's state. */
  traces(): Record<string, string>;
}

export function createMemoryJudgedDocStore(
  initial: readonly DocExtracted[] = [],
  initialTraces: Readonly<Record<string, string>> = {},
): MemoryJudgedDocStore {
  const docs = new Map<string, DocExtracted>(initial.map((d) => [d.docId, d]));
  const traces = new Map<string, string>(Object.entries(initialTraces));
  return {
    all: () => [...docs.values()],
    traces: () => Object.fromEntries(traces),
    async put(doc, traceparent) {
      docs.set(doc.docId, structuredClone(doc));
      if (traceparent) traces.set(doc.docId, traceparent);
      else traces.delete(doc.docId);
    },
    async get(docId) {
      const d = docs.get(docId);
      return d ? { doc: structuredClone(d), traceparent: traces.get(docId) ?? null } : null;
    },
  };
}
