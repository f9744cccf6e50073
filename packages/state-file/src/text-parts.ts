import { closeSync, openSync, renameSync, write, writev, writevSync } from 'node:fs';

/** A piece of text to write: a string, or text already encoded as UTF-8 (written as it is). */
export type TextPart = string | Uint8Array;

/**
 * JSON text already written, in parts, for a snapshot field (AppendLog's snapshot()): it is spliced into the
 * file as is, not escaped as a string once more, and its parts are never joined into one string.
 */
export class JsonText {
  constructor(readonly parts: TextPart[]) {}
}

/** Parts at least this long are encoded on their own; shorter ones are joined first (one buffer for many lines). */
const LARGE = 16 * 1024;

/**
 * The UTF-8 bytes of parts that make one text, as few buffers as make sense. A part already encoded is
 * written as it is; a string as large as a page is encoded on its own: joining it to its neighbours would
 * copy it once more (and flatten it, when it is itself a concatenation) before encoding it.
 */
export function encodeParts(parts: readonly TextPart[]): Buffer[] {
  const buffers: Buffer[] = [];
  let small: string[] = [];
  for (const part of parts) {
    if (typeof part !== 'string') {
      if (small.length > 0) buffers.push(Buffer.from(small.join('')));
      small = [];
      buffers.push(Buffer.isBuffer(part) ? part : Buffer.from(part.buffer, part.byteOffset, part.byteLength));
      continue;
    }
    if (part.length < LARGE) {
      small.push(part);
      continue;
    }
    if (small.length > 0) buffers.push(Buffer.from(small.join('')));
    small = [];
    buffers.push(Buffer.from(part));
  }
  if (small.length > 0) buffers.push(Buffer.from(small.join('')));
  return buffers;
}

/** The buffers after the first `written` bytes (what a short write left). */
function rest(buffers: Buffer[], written: number): Buffer[] {
  const out: Buffer[] = [];
  for (const b of buffers) {
    if (written >= b.length) {
      written -= b.length;
      continue;
    }
    out.push(written > 0 ? b.subarray(written) : b);
    written = 0;
  }
  return out;
}

/** The system's limit on buffers per writev call (IOV_MAX is 1024 on Linux and macOS). */
const MAX_BUFFERS = 1024;

/** Writes the buffers at the end of fd, off the main thread; loops over short writes. */
export async function writeAllBuffers(fd: number, buffers: Buffer[]): Promise<void> {
  for (let left = buffers; left.length > 0; ) {
    const batch = left.slice(0, MAX_BUFFERS);
    const n = await new Promise<number>((resolve, reject) =>
      batch.length === 1
        ? write(fd, batch[0]!, 0, batch[0]!.length, null, (err, bytes) => (err ? reject(err) : resolve(bytes)))
        : writev(fd, batch, null, (err, bytes) => (err ? reject(err) : resolve(bytes))),
    );
    left = rest(left, n);
  }
}

/** writeAllBuffers, synchronously. */
export function writeAllBuffersSync(fd: number, buffers: Buffer[]): void {
  for (let left = buffers; left.length > 0; ) left = rest(left, writevSync(fd, left.slice(0, MAX_BUFFERS)));
}

/** Writes the parts as a file through a temporary file renamed into place (json-file.ts's writeTextFileSync for parts). */
export function writePartsFileSync(file: string, parts: readonly TextPart[]): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeAllBuffersSync(fd, encodeParts(parts));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
