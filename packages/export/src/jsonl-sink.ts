import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { CorpusRecord } from './record.js';

/** Where records go, one at a time; `end` flushes and closes the output. */
export interface RecordSink {
  write(record: CorpusRecord): Promise<void>;
  end(): Promise<void>;
}

/** Lines are gathered up to this many bytes before a write, so a small record is not a syscall. */
const CHUNK_BYTES = 256 * 1024;

/** One JSON object per line, UTF-8; with `gzip`, through node:zlib. Waits for `drain` (backpressure). */
export function jsonlSink(out: Writable, gzip: boolean): RecordSink {
  const target: Writable = gzip ? createGzip({ level: 6 }) : out;
  if (gzip) target.pipe(out);
  let pending: string[] = [];
  let size = 0;

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const chunk = pending.join('');
    pending = [];
    size = 0;
    if (!target.write(chunk)) await once(target, 'drain');
  };

  return {
    async write(record) {
      const line = `${JSON.stringify(record)}\n`;
      pending.push(line);
      size += line.length;
      if (size >= CHUNK_BYTES) await flush();
    },
    async end() {
      await flush();
      target.end();
      await once(out, 'finish');
    },
  };
}
