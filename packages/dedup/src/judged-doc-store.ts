import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, brotliDecompressSync, constants } from 'node:zlib';
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
 * be published again in full, in its own trace. Implementations: in-memory and Redis (both compressed;
 * Redis's with expiry).
 */
export interface JudgedDocStore {
  put(doc: DocExtracted, traceparent?: string): Promise<void>;
  get(docId: string): Promise<JudgedDoc | null>;
}

/** A stored document as the memory store keeps it: brotli JSON, and its trace. */
export interface StoredDoc {
  docId: string;
  packed: Buffer;
  traceparent: string | null;
}

export interface MemoryJudgedDocStore extends JudgedDocStore {
  /** Every stored document, packed, for saving embedded mode's state. */
  stored(): Iterable<StoredDoc>;
  /** Adds a document as stored() gave it (embedded mode's restore). */
  restore(doc: StoredDoc): void;
  /** Every stored document, unpacked (rebuilding an index from them). */
  all(): DocExtracted[];
}

export interface MemoryJudgedDocStoreOptions {
  /** Called with each document put, once packed (embedded mode logs it). */
  onPut?: (doc: StoredDoc) => void;
}

// Quality 1: a tenth of quality 5's time (the Redis store's), within a tenth of its size. Documents
// are read again only when a later one changes their verdict, and packed they take a fifth of the
// memory (text, markdown and paragraphs carry the text three times).
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } };
const pack = promisify(brotliCompress);
const unpack = promisify(brotliDecompress);

/** Judged documents in memory, packed (brotli JSON, compressed off the main thread in libuv's pool). */
export function createMemoryJudgedDocStore(options: MemoryJudgedDocStoreOptions = {}): MemoryJudgedDocStore {
  const docs = new Map<string, StoredDoc>();
  return {
    stored: () => docs.values(),
    restore(doc) {
      docs.set(doc.docId, doc);
    },
    all: () => [...docs.values()].map((d) => JSON.parse(brotliDecompressSync(d.packed).toString('utf8')) as DocExtracted),
    async put(doc, traceparent) {
      const stored: StoredDoc = { docId: doc.docId, packed: await pack(JSON.stringify(doc), BROTLI), traceparent: traceparent ?? null };
      docs.set(doc.docId, stored);
      options.onPut?.(stored);
    },
    async get(docId) {
      const d = docs.get(docId);
      return d ? { doc: JSON.parse((await unpack(d.packed)).toString('utf8')) as DocExtracted, traceparent: d.traceparent } : null;
    },
  };
}
