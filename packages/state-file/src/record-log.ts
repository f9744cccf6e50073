import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { BatchedWriter } from './batched-writer.js';

export interface RecordLogOptions {
  /** The log file: one JSON record a line. */
  file: string;
  /**
   * The log is rewritten with only its live records once this many bytes were appended since the
   * last rewrite (and more than that rewrite wrote). Default 64 MiB.
   */
  compactBytes?: number;
}

export interface RecordLog {
  /** Queues one record, a JSON text without line breaks; records queued in one event-loop turn are written in one write. */
  append(line: string): void;
  /** Resolves once every record queued so far is in the file (the OS has it: a kill -9 no longer loses it). */
  written(): Promise<void>;
  /** Rewrites the file with the live records now. */
  compact(): Promise<void>;
  /** Writes what is queued and closes the file; later appends are refused. */
  close(): Promise<void>;
}

/** Lines written a chunk at a time when compacting: no single string as large as the state. */
const CHUNK = 1 << 20;

/**
 * State kept as one file of records, a line each, replayed in order at start: for state too large
 * to be one JSON text (V8 caps a string near 512 MiB), which openAppendLog's snapshot is. A change
 * costs one line; once the lines appended since the last rewrite outweigh what it wrote, the file is
 * rewritten (through a temporary file renamed into place) with `live()`, the records that restore
 * the state as it is. A torn last line (a kill in the middle of a write) is dropped; any other
 * unreadable line is an error naming the file.
 */
export function openRecordLog(opts: RecordLogOptions, restore: (record: unknown) => void, live: () => Iterable<string>): RecordLog {
  const { file } = opts;
  const compactBytes = opts.compactBytes ?? 64 * 2 ** 20;
  mkdirSync(dirname(file), { recursive: true });
  readRecords(file, restore);

  let appended = 0;
  let limit = compactBytes;
  const writer = new BatchedWriter(openSync(file, 'a'), file, (written) => {
    appended += written;
    if (appended > limit) compactNow();
  });

  /** Rewrites the file with the live records; only between writes. Queued lines are already in live(). */
  const compactNow = (): void => {
    if (writer.closed) return;
    writer.takePending();
    const tmp = `${file}.${process.pid}.tmp`;
    const out = openSync(tmp, 'w');
    let size = 0;
    let chunk: string[] = [];
    let chunkLength = 0;
    const put = (): void => {
      const b = Buffer.from(`${chunk.join('\n')}\n`);
      writeSync(out, b);
      size += b.length;
      chunk = [];
      chunkLength = 0;
    };
    for (const line of live()) {
      chunk.push(line);
      chunkLength += line.length;
      if (chunkLength >= CHUNK) put();
    }
    if (chunk.length > 0) put();
    fsyncSync(out);
    closeSync(out);
    renameSync(tmp, file);
    writer.replace(openSync(file, 'a'));
    appended = 0;
    limit = Math.max(compactBytes, size);
  };

  return {
    append(line) {
      writer.append(line, '\n');
    },
    written: () => writer.written(),
    async compact() {
      await writer.idle();
      compactNow();
    },
    async close() {
      await writer.idle();
      writer.writePendingSync();
      writer.close();
    },
  };
}

/** Replays the file's records; read as bytes and parsed a line at a time, so its size is not bounded by a string's. */
function readRecords(file: string, restore: (record: unknown) => void): void {
  if (!existsSync(file)) return;
  const bytes = readFileSync(file);
  let start = 0;
  let line = 1;
  while (start < bytes.length) {
    const end = bytes.indexOf(0x0a, start);
    if (end < 0) break; // a torn last line: everything before it was written whole
    if (end > start) {
      let record: unknown;
      try {
        record = JSON.parse(bytes.toString('utf8', start, end));
      } catch (err) {
        throw new Error(`cannot read ${file} line ${line}: ${(err as Error).message}; move it away to start afresh`);
      }
      restore(record);
    }
    start = end + 1;
    line++;
  }
  if (start < bytes.length) {
    const fd = openSync(file, 'r+');
    ftruncateSync(fd, start);
    closeSync(fd);
  }
}
