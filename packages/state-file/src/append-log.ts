import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readJsonFileSync } from './json-file.js';
import { encodeParts, JsonText, writeAllBuffers, writeAllBuffersSync, writePartsFileSync } from './text-parts.js';

export interface AppendLogOptions {
  /** The snapshot file (JSON); the log of changes since it is `<file>.<generation>.log` beside it. */
  file: string;
  /** The log is compacted into a new snapshot once it holds this many bytes (and more than twice the last snapshot). Default 64 MiB. */
  compactBytes?: number;
}

/** What a restart finds: the last snapshot (its own fields, undefined when there is none) and the changes logged since. */
export interface LoadedState {
  snapshot: Record<string, unknown> | undefined;
  entries: unknown[];
}

export interface AppendLog {
  /**
   * Queues one change, a JSON text without line breaks, given whole or in parts (a large value's text is
   * then written as it is, never copied into a line first); changes queued in one event-loop turn are
   * written in one write.
   */
  append(...line: string[]): void;
  /** Resolves once every change queued so far is in the file (the OS has it: a kill -9 no longer loses it). */
  written(): Promise<void>;
  /** Writes a snapshot now and starts an empty log. */
  compact(): Promise<void>;
  /** Writes what is queued, compacts and closes the file; later appends are refused. */
  close(): Promise<void>;
}

const GENERATION = 'logGeneration';

/**
 * State kept as a snapshot plus an append-only log of changes: a change costs one line, not a rewrite of the
 * whole state, and the log is folded into a new snapshot once it grows. Each snapshot names its log's
 * generation, so a crash between writing a snapshot and starting its log never replays changes twice. A
 * torn last line (a kill in the middle of a write) is dropped; any other unreadable line is an error naming
 * the file. A snapshot field may be JsonText, written as it is.
 */
export function openAppendLog(
  opts: AppendLogOptions,
  restore: (loaded: LoadedState) => void,
  snapshot: () => Record<string, unknown>,
): AppendLog {
  const { file } = opts;
  const compactBytes = opts.compactBytes ?? 64 * 2 ** 20;
  mkdirSync(dirname(file), { recursive: true });
  const saved = readJsonFileSync(file) as Record<string, unknown> | undefined;
  let generation = typeof saved?.[GENERATION] === 'number' ? saved[GENERATION] : 0;
  const logFile = (g: number) => `${file}.${g}.log`;
  const { entries, bytes: logged } = readLog(logFile(generation));
  if (saved) delete saved[GENERATION];
  restore({ snapshot: saved, entries });
  removeStaleLogs(file, logFile(generation));

  let fd: number | null = openSync(logFile(generation), 'a');
  let bytes = logged;
  let limit = compactBytes;
  let pending: string[] = [];
  let waiters: Waiter[] = [];
  let scheduled = false;
  /** The write in progress, off the main thread; the next one starts when it ends, so lines stay in order. */
  let writing: Promise<void> | null = null;
  let failure: unknown = null;

  const settle = (done: Waiter[], err: unknown): void => {
    for (const w of done) {
      if (err === null) w.resolve();
      else w.reject(err);
    }
  };

  const flush = (): void => {
    scheduled = false;
    if (writing !== null) return;
    const done = waiters;
    waiters = [];
    if (failure !== null || pending.length === 0) return settle(done, failure);
    const buffers = encodeParts(pending);
    pending = [];
    writing = writeAllBuffers(fd!, buffers).then(
      () => {
        for (const b of buffers) bytes += b.length;
        if (bytes > limit) compactNow();
      },
      (err: unknown) => {
        failure ??= err;
      },
    );
    void writing.then(() => {
      writing = null;
      settle(done, failure);
      if (pending.length > 0 || waiters.length > 0) flush();
    });
  };

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  /** Folds the log into a new snapshot; only between writes. */
  const compactNow = (): void => {
    if (fd === null) return;
    if (pending.length > 0) {
      writeAllBuffersSync(fd, encodeParts(pending));
      pending = [];
    }
    const next = generation + 1;
    const parts = snapshotParts(snapshot(), next);
    writePartsFileSync(file, parts);
    closeSync(fd);
    unlinkSync(logFile(generation));
    generation = next;
    fd = openSync(logFile(generation), 'a');
    bytes = 0;
    limit = Math.max(compactBytes, 2 * parts.reduce((n, p) => n + p.length, 0));
  };

  const idle = async (): Promise<void> => {
    while (writing !== null) await writing;
  };

  return {
    append(...line) {
      if (fd === null) throw new Error(`${file} is closed`);
      pending.push(...line, '\n');
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
      compactNow();
      closeSync(fd);
      fd = null;
    },
  };
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** The snapshot file's text: the state's fields (JsonText ones spliced in as they are) and the log generation. */
function snapshotParts(state: Record<string, unknown>, generation: number): string[] {
  const parts = [`{${JSON.stringify(GENERATION)}:${generation}`];
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined) continue;
    parts.push(`,${JSON.stringify(key)}:`);
    if (value instanceof JsonText) parts.push(...value.parts);
    else parts.push(JSON.stringify(value));
  }
  parts.push('}');
  return parts;
}

function readLog(path: string): { entries: unknown[]; bytes: number } {
  if (!existsSync(path)) return { entries: [], bytes: 0 };
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const entries: unknown[] = [];
  let good = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const last = i === lines.length - 1;
    if (line === '') {
      if (!last) good += 1;
      continue;
    }
    try {
      entries.push(JSON.parse(line));
      good += Buffer.byteLength(line) + 1;
    } catch (err) {
      // Only the last line can be torn (a kill while writing): everything before it was written whole.
      if (last) break;
      throw new Error(`cannot read ${path} line ${i + 1}: ${(err as Error).message}; move it away to start afresh`);
    }
  }
  if (good < Buffer.byteLength(text)) {
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, good);
    closeSync(fd);
  }
  return { entries, bytes: good };
}

/** Logs of other generations: left behind by a crash between writing a snapshot and removing the old log. */
function removeStaleLogs(file: string, current: string): void {
  const dir = dirname(file);
  const prefix = `${basename(file)}.`;
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix) && name.endsWith('.log') && join(dir, name) !== current) unlinkSync(join(dir, name));
  }
}
