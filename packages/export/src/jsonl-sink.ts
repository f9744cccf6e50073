import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { CorpusRecord } from './record.js';

/** Where records go, one at a time; `end` flushes and closes the output. */
export interface RecordSink {
  write(record: CorpusRecord): Promise<void>;
  end(): Promise<void>;
}

/** Lines are encoded into a buffer of this size before a write, so a small record is not a syscall. */
const CHUNK_BYTES = 256 * 1024;

/**
 * One JSON object per line, UTF-8; with `gzip`, through node:zlib. Each line is encoded straight into the
 * current chunk (no joined string to build and encode again); a full chunk is handed on and a new one
 * started, since the stream may still hold the old one. Waits for `drain` (backpressure).
 */
export function jsonlSink(out: Writable, gzip: boolean): RecordSink {
  const target: Writable = gzip ? createGzip({ level: 6 }) : out;
  if (gzip) target.pipe(out);
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;

  const flush = async (): Promise<void> => {
    if (used === 0) return;
    const full = chunk.subarray(0, used);
    chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    used = 0;
    if (!target.write(full)) await once(target, 'drain');
  };

  return {
    async write(record) {
      const line = `${JSON.stringify(record)}\n`;
      // A UTF-16 code unit takes at most 3 bytes in UTF-8.
      if (used + line.length * 3 > chunk.length) {
        await flush();
        if (line.length * 3 > chunk.length) chunk = Buffer.allocUnsafe(line.length * 3);
      }
      used += chunk.write(line, used);
    },
    async end() {
      await flush();
      target.end();
      await once(out, 'finish');
    },
  };
}
