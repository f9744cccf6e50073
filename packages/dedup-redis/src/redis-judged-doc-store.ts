import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { Redis } from 'ioredis';
import type { JudgedDocStore } from '@winnow/dedup';
import type { DocExtracted } from '@winnow/types';
import { keyPrefix } from './key-prefix.js';

/**
 * Quality 2: on the pipeline bench's documents (~17 KB of JSON) 0.21 ms a document for 20.0 % of the size,
 * where quality 5 took 0.61 ms for 17.8 % (about a sixth of the deduplicator's CPU profile in a distributed
 * run). Synchronous on purpose: zlib's asynchronous form cost the deduplicator about 1 ms more CPU per
 * document (a thread-pool task and a stream per call), more than the compression itself. The size hint lets
 * brotli size its window to the document.
 */
function compress(json: Buffer): Buffer {
  return brotliCompressSync(json, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 2,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
    },
  });
}

export interface RedisJudgedDocStoreOptions {
  redis: Redis;
  namespace: string;
  /** How long a judged document is kept for republishing. */
  ttlSeconds: number;
}

/** What a key holds: the document and its trace. Entries written before traces were kept are the bare document. */
type Stored = { doc: DocExtracted; traceparent: string | null } | DocExtracted;

/**
 * JudgedDocStore in Redis: brotli-compressed JSON of the document and its `traceparent` under
 * `winnow:dedup:<namespace>:doc:<docId>`, with expiry.
 */
export function createRedisJudgedDocStore(opts: RedisJudgedDocStoreOptions): JudgedDocStore {
  const prefix = `${keyPrefix(opts.namespace)}doc:`;
  return {
    async put(doc, traceparent) {
      const stored: Stored = { doc, traceparent: traceparent ?? null };
      const body = compress(Buffer.from(JSON.stringify(stored)));
      await opts.redis.set(prefix + doc.docId, body, 'EX', opts.ttlSeconds);
    },
    async get(docId) {
      const body = await opts.redis.getBuffer(prefix + docId);
      if (!body) return null;
      const stored = JSON.parse(brotliDecompressSync(body).toString('utf8')) as Stored;
      return 'docId' in stored ? { doc: stored, traceparent: null } : { doc: stored.doc, traceparent: stored.traceparent ?? null };
    },
  };
}
