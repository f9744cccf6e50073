import type { DocExtracted } from '@winnow/types';

/**
 * Keeps the extracted documents the deduplicator has judged, so that when a later document changes an
 * earlier one's verdict (a repost that proves to be a copy, a source found later) the earlier one can
 * be published again in full. Implementations: in-memory and Redis (compressed, with expiry).
 */
export interface JudgedDocStore {
  put(doc: DocExtracted): Promise<void>;
  get(docId: string): Promise<DocExtracted | null>;
}

export interface MemoryJudgedDocStore extends JudgedDocStore {
  /** Every stored document, for saving embedded mode's state. */
  all(): DocExtracted[];
}

export function createMemoryJudgedDocStore(initial: readonly DocExtracted[] = []): MemoryJudgedDocStore {
  const docs = new Map<string, DocExtracted>(initial.map((d) => [d.docId, d]));
  return {
    all: () => [...docs.values()],
    async put(doc) {
      docs.set(doc.docId, structuredClone(doc));
    },
    async get(docId) {
      const d = docs.get(docId);
      return d ? structuredClone(d) : null;
    },
  };
}
