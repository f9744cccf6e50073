import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, write, writeSync } from 'node:fs';
import { dirname } from 'node:path';

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

  let fd: number | null = openSync(file, 'a');
  let appended = 0;
  let limit = compactBytes;
  let pending: string[] = [];
  let waiters: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];
  let scheduled = false;
  let writing: Promise<void> | null = null;
  let failure: unknown = null;

  const settle = (done: typeof waiters): void => {
    for (const w of done) {
      if (failure === null) w.resolve();
      else w.reject(failure);
    }
  };

  const flush = (): void => {
    scheduled = false;
    if (writing !== null) return;
    const done = waiters;
    waiters = [];
    if (failure !== null || pending.length === 0) return settle(done);
    const buffer = Buffer.from(`${pending.join('\n')}\n`);
    pending = [];
    writing = writeAll(fd!, buffer).then(
      () => {
        appended += buffer.length;
        if (appended > limit) compactNow();
      },
      (err: unknown) => {
        failure ??= err;
      },
    );
    void writing.then(() => {
      writing = null;
      settle(done);
      if (pending.length > 0 || waiters.length > 0) flush();
    });
  };

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  /** Rewrites the file with the live records; only between writes. Queued lines are already in live(). */
  const compactNow = (): void => {
    if (fd === null) return;
    pending = [];
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
    closeSync(fd);
    fd = openSync(file, 'a');
    appended = 0;
    limit = Math.max(compactBytes, size);
  };

  const idle = async (): Promise<void> => {
    while (writing !== null) await writing;
  };

  return {
    append(line) {
      if (fd === null) throw new Error(`${file} is closed`);
      pending.push(line);
      schedule();
    },
    written() {
      if (pending.length === 0 && !scheduled && writing === null) return failure === null ? Promise.resolve() : Promise.reject(asError(failure));
      return new Promise((resolve, reject) => {
        waiters.push({ resolve, reject });
        schedule();
      });
    },
    async compact() {
      await idle();
      compactNow();
    },
    async close() {
      await idle();
      if (fd === null) return;
      if (pending.length > 0) writeSync(fd, `${pending.join('\n')}\n`);
      pending = [];
      closeSync(fd);
      fd = null;
    },
  };
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** Writes the whole buffer at the end of the file (a regular file takes it in one write; the loop is for the rest). */
async function writeAll(fd: number, buffer: Buffer): Promise<void> {
  for (let offset = 0; offset < buffer.length; ) {
    const n = await new Promise<number>((resolve, reject) =>
      write(fd, buffer, offset, buffer.length - offset, null, (err, written) => (err ? reject(err) : resolve(written))),
    );
    offset += n;
  }
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
