/** A top-level string member whose JSON takes at least this many bytes is decoded on its own (a page's body). */
const LONG_MEMBER = 64 * 1024;

/** Bytes of a long string's JSON unescaped at a time: one-byte strings that stay small V8 objects. */
const PIECE = 32 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The shape is not one the fast path reads (or the JSON is broken): JSON.parse of the whole text decides. */
class NotFast extends Error {}

/**
 * `JSON.parse(bytes.toString('utf8'))`, with the same result, for a message with long string members (a page
 * body of 200 KB) at a fraction of the cost. The plain way makes the whole text one string (two bytes a
 * character as soon as one is not Latin-1) and JSON.parse copies the body out of it again: two V8 large
 * objects, each a fresh memory mapping (about 0.8 ms on a virtual machine), and a decode of every byte. Here
 * the top-level members are located in the bytes; the message without its long strings is parsed as usual,
 * and each long string is unescaped from its bytes read as Latin-1 (every escape is ASCII, and every byte
 * from 0x80 up stays as it is) and the result decoded from UTF-8 once: what decoding first gives, since
 * escapes that stand for ASCII never join the bytes around them into another character. A message whose long
 * strings escape characters from U+0080 up (`\u00e9`, as producers that write ASCII-only JSON do), that is no
 * object, or that has repeated keys, is parsed the plain way, and so is broken JSON, for JSON.parse's error.
 */
export function jsonParseBytes(bytes: Uint8Array): unknown {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return parseLongMembers(buf) ?? (JSON.parse(buf.toString('utf8')) as unknown);
}

/** The object, read around its long string members; null when it has none or is one jsonParseBytes leaves to JSON.parse. */
export function parseLongMembers(buf: Buffer): Record<string, unknown> | null {
  if (buf.length < LONG_MEMBER) return null;
  try {
    return parseAroundLongStrings(buf);
  } catch (err) {
    if (err instanceof NotFast || err instanceof SyntaxError) return null;
    throw err;
  }
}

function parseAroundLongStrings(buf: Buffer): Record<string, unknown> {
  const long: Array<{ key: string; start: number; end: number }> = [];
  const keys = new Set<string>();
  let i = skipSpace(buf, 0);
  if (buf[i] !== 0x7b) throw new NotFast(); // {
  i = skipSpace(buf, i + 1);
  if (buf[i] === 0x7d) throw new NotFast(); // {} has no long member
  for (;;) {
    if (buf[i] !== QUOTE) throw new NotFast();
    const keyEnd = stringEnd(buf, i);
    const key = JSON.parse(buf.toString('utf8', i, keyEnd + 1)) as string;
    if (keys.has(key) || key === '__proto__') throw new NotFast();
    keys.add(key);
    i = skipSpace(buf, keyEnd + 1);
    if (buf[i] !== 0x3a) throw new NotFast(); // :
    i = skipSpace(buf, i + 1);
    const end = valueEnd(buf, i);
    if (buf[i] === QUOTE && end - i >= LONG_MEMBER) long.push({ key, start: i, end });
    i = skipSpace(buf, end);
    if (buf[i] === 0x2c) i = skipSpace(buf, i + 1); // ,
    else if (buf[i] === 0x7d) break;
    else throw new NotFast();
  }
  if (long.length === 0 || skipSpace(buf, i + 1) !== buf.length) throw new NotFast();
  const rest: Buffer[] = [];
  let at = 0;
  for (const m of long) {
    rest.push(buf.subarray(at, m.start), NULL);
    at = m.end;
  }
  rest.push(buf.subarray(at));
  const value = JSON.parse(Buffer.concat(rest).toString('utf8')) as Record<string, unknown>;
  for (const m of long) value[m.key] = unescapeUtf8(buf, m.start + 1, m.end - 1);
  return value;
}

const NULL = Buffer.from('null');

/** The decoded text of a JSON string's content (`buf[from, to)`, quotes excluded), unescaped from its bytes. */
function unescapeUtf8(buf: Buffer, from: number, to: number): string {
  const pieces: Buffer[] = [];
  for (let at = from; at < to; ) {
    const end = pieceEnd(buf, at, Math.min(to, at + PIECE), to);
    if (escapesNonAscii(buf, at, end)) throw new NotFast();
    // JSON.parse also refuses what it would refuse in the whole text (a raw control character).
    pieces.push(Buffer.from(JSON.parse(`"${buf.toString('latin1', at, end)}"`) as string, 'latin1'));
    at = end;
  }
  return Buffer.concat(pieces).toString('utf8');
}

/**
 * The number of backslashes right before `i`, counted back no further than `floor`: odd when the character at
 * `i` is escaped (or, for a backslash at `i - 1`, when that one starts an escape).
 */
function backslashesBefore(buf: Buffer, i: number, floor: number): number {
  let run = 0;
  while (i - 1 - run >= floor && buf[i - 1 - run] === BACKSLASH) run++;
  return run;
}

/** The piece `buf[from, to)` escapes a character from U+0080 up, which the Latin-1 reading would take for a byte. */
function escapesNonAscii(buf: Buffer, from: number, to: number): boolean {
  const piece = buf.subarray(from, to);
  for (let at = piece.indexOf('\\u'); at !== -1; at = piece.indexOf('\\u', at + 2)) {
    // An escape when the backslash before the `u` ends an odd run (pieces never start inside an escape).
    if (backslashesBefore(piece, at + 1, 0) % 2 === 1 && Number.parseInt(piece.toString('latin1', at + 2, at + 6), 16) >= 0x80) return true;
  }
  return false;
}

/** `end`, or earlier so that the piece `[at, end)` does not divide an escape (`\x`, `\uXXXX`). */
function pieceEnd(buf: Buffer, at: number, end: number, to: number): number {
  if (end >= to) return to;
  // Only an escape that starts in the last six bytes can reach past `end`.
  const tail = Math.max(at, end - 6);
  const last = buf.subarray(tail, end).lastIndexOf(BACKSLASH);
  if (last === -1) return end;
  const q = tail + last;
  // An even run is complete pairs (\\); an odd one ends in an escape that starts at q.
  if (backslashesBefore(buf, q + 1, at) % 2 === 0) return end;
  const length = buf[q + 1] === 0x75 ? 6 : 2; // u
  return q + length > end ? q : end;
}

function skipSpace(buf: Buffer, i: number): number {
  while (i < buf.length) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** Index of the quote that closes the JSON string opening at `start`. */
function stringEnd(buf: Buffer, start: number): number {
  for (let i = buf.indexOf(QUOTE, start + 1); i !== -1; i = buf.indexOf(QUOTE, i + 1)) {
    if (backslashesBefore(buf, i, start + 1) % 2 === 0) return i;
  }
  throw new NotFast();
}

/** Index just past the JSON value starting at `start`: a string, an object or array (nesting followed), or a literal. */
function valueEnd(buf: Buffer, start: number): number {
  const c = buf[start];
  if (c === QUOTE) return stringEnd(buf, start) + 1;
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (let i = start; i < buf.length; i++) {
      const b = buf[i];
      if (b === QUOTE) i = stringEnd(buf, i);
      else if (b === 0x7b || b === 0x5b) depth++;
      else if ((b === 0x7d || b === 0x5d) && --depth === 0) return i + 1;
    }
    throw new NotFast();
  }
  let i = start;
  while (i < buf.length && buf[i] !== 0x2c && buf[i] !== 0x7d && buf[i] !== 0x20 && buf[i] !== 0x0a && buf[i] !== 0x0d && buf[i] !== 0x09) i++;
  if (i === start) throw new NotFast();
  return i;
}
