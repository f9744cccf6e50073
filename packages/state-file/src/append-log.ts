import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { BatchedWriter } from './batched-writer.js';
import { basename, dirname, join } from 'node:path';
import { readJsonFileSync } from './json-file.js';
import { JsonText, writePartsFileSync, type TextPart } from './text-parts.js';

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
   * Queues one change, a JSON text without line breaks, given whole or in parts (a large value's text, or
   * its UTF-8 bytes, is then written as it is, never copied into a line first); changes queued in one
   * event-loop turn are written in one write.
   */
  append(...line: TextPart[]): void;
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

  let bytes = logged;
  let limit = compactBytes;
  const writer = new BatchedWriter(openSync(logFile(generation), 'a'), file, (written) => {
    bytes += written;
    if (bytes > limit) compactNow();
  });

  /** Folds the log into a new snapshot; only between writes. */
  const compactNow = (): void => {
    if (writer.closed) return;
    writer.writePendingSync();
    const next = generation + 1;
    const parts = snapshotParts(snapshot(), next);
    writePartsFileSync(file, parts);
    const old = logFile(generation);
    generation = next;
    writer.replace(openSync(logFile(generation), 'a'));
    unlinkSync(old);
    bytes = 0;
    limit = Math.max(compactBytes, 2 * parts.reduce((n, p) => n + p.length, 0));
  };

  return {
    append(...line) {
      writer.append(...line, '\n');
    },
    written: () => writer.written(),
    async compact() {
      await writer.idle();
      compactNow();
    },
    async close() {
      await writer.idle();
      if (writer.closed) return;
      compactNow();
      writer.close();
    },
  };
}

/** The snapshot file's text: the state's fields (JsonText ones spliced in as they are) and the log generation. */
function snapshotParts(state: Record<string, unknown>, generation: number): TextPart[] {
  const parts: TextPart[] = [`{${JSON.stringify(GENERATION)}:${generation}`];
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
