import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants } from 'node:zlib';
import type { Redis } from 'ioredis';
import type { JudgedDocStore } from '@winnow/dedup';
import type { DocExtracted } from '@winnow/types';
import { keyPrefix } from './key-prefix.js';

const compress = promisify(brotliCompress);
const decompress = promisify(brotliDecompress);

export interface RedisJudgedDocStoreOptions {
  redis: Redis;
  namespace: string;
  /** How long a judged document is kept for republishing. */
  ttlSeconds: number;
}

/** JudgedDocStore in Redis: brotli-compressed JSON under `winnow:dedup:<namespace>:doc:<docId>`, with expiry. */
export function createRedisJudgedDocStore(opts: RedisJudgedDocStoreOptions): JudgedDocStore {
  const prefix = `${keyPrefix(opts.namespace)}doc:`;
  return {
    async put(doc) {
      const body = await compress(Buffer.from(JSON.stringify(doc)), {
        params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
      });
      await opts.redis.set(prefix + doc.docId, body, 'EX', opts.ttlSeconds);
    },
    async get(docId) {
      const body = await opts.redis.getBuffer(prefix + docId);
      return body ? (JSON.parse((await decompress(body)).toString('utf8')) as DocExtracted) : null;
    },
  };
}
