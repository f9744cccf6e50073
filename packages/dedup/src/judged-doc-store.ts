import { promisify } from 'node:util';
import { brotliCompressSync, brotliDecompress, brotliDecompressSync, constants } from 'node:zlib';
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
 * be published again in full, in its own trace. Implementations: in-memory, in a file (embedded mode) and Redis
 * (all compressed; Redis's with expiry).
 */
export interface JudgedDocStore {
  put(doc: DocExtracted, traceparent?: string): Promise<void>;
  get(docId: string): Promise<JudgedDoc | null>;
}

// Quality 1: a tenth of quality 5's time (the Redis store's), within a tenth of its size. Documents
// are read again only when a later one changes their verdict, and packed they take a fifth of the
// space (text, markdown and paragraphs carry the text three times). Compressed in one synchronous call
// with the size hint (brotli then sizes its window to the document): the async form's stream and
// thread-pool task per document cost more than the compression (all threads, 72 extracted articles:
// 0.38-0.46 -> 0.09-0.16 CPU ms per document, the same bytes).
const BROTLI = { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT };
const unpack = promisify(brotliDecompress);

/** A document as the memory and file stores keep it: brotli JSON. */
export function packJudgedDoc(doc: DocExtracted): Buffer {
  const json = Buffer.from(JSON.stringify(doc));
  return brotliCompressSync(json, { params: { ...BROTLI, [constants.BROTLI_PARAM_SIZE_HINT]: json.length } });
}

export const unpackJudgedDoc = async (packed: Buffer): Promise<DocExtracted> => JSON.parse((await unpack(packed)).toString('utf8')) as DocExtracted;
export const unpackJudgedDocSync = (packed: Buffer): DocExtracted => JSON.parse(brotliDecompressSync(packed).toString('utf8')) as DocExtracted;

/** Judged documents in memory, packed: tests, the CLI, and embedded mode without a data directory. */
export function createMemoryJudgedDocStore(): JudgedDocStore {
  const docs = new Map<string, { packed: Buffer; traceparent: string | null }>();
  return {
    async put(doc, traceparent) {
      docs.set(doc.docId, { packed: packJudgedDoc(doc), traceparent: traceparent ?? null });
    },
    async get(docId) {
      const d = docs.get(docId);
      return d ? { doc: await unpackJudgedDoc(d.packed), traceparent: d.traceparent } : null;
    },
  };
}
