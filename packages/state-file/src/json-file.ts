import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Reads a JSON state file; a missing file is `undefined`, an unreadable one an error naming the file. */
export async function readJsonFile(file: string): Promise<unknown> {
  return parse(file, await readFile(file, 'utf8').catch(missingAsUndefined));
}

/** readJsonFile for start-up code that must not yield (a constructor, a lock-holding script). */
export function readJsonFileSync(file: string): unknown {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    text = missingAsUndefined(err);
  }
  return parse(file, text);
}

/** The write in progress per file, so that a process's writes of one file land one after another. */
const writing = new Map<string, Promise<void>>();

/**
 * Writes a JSON state file through a temporary file renamed into place, so a crash mid-write never
 * leaves a torn file behind. Writes of one file queue behind each other in call order: two overlapping
 * saves (a slow snapshot and the next timer tick) would otherwise share the temporary file, and the
 * later rename fail, or an older state land last.
 */
export function writeJsonFile(file: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value);
  const write = async () => {
    await mkdir(dirname(file), { recursive: true });
    const tmp = tmpName(file);
    await writeFile(tmp, text);
    await rename(tmp, file);
  };
  const next = (writing.get(file) ?? Promise.resolve()).then(write, write);
  writing.set(file, next);
  const forget = () => {
    if (writing.get(file) === next) writing.delete(file);
  };
  next.then(forget, forget);
  return next;
}

/** writeJsonFile, synchronously. */
export function writeJsonFileSync(file: string, value: unknown): void {
  writeTextFileSync(file, JSON.stringify(value));
}

/** writeJsonFileSync for text already serialized. */
function writeTextFileSync(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tmpName(file);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

// The pid keeps two processes writing the same file from renaming each other's half-written file.
const tmpName = (file: string): string => `${file}.${process.pid}.tmp`;

function missingAsUndefined(err: unknown): undefined {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw err;
}

function parse(file: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}; move it away to start afresh`);
  }
}
