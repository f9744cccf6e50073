import { Utf8Text } from './utf8-text.js';

/**
 * A top-level string at least this long is written in slices (a page's body, a document's text); shorter
 * ones go through JSON.stringify as usual.
 */
const LONG_STRING = 8 * 1024;

/**
 * UTF-16 code units per slice of a long string: its JSON text stays below V8's large-object size (128 KB)
 * even as two-byte text with an escape in every twentieth character.
 */
const SLICE = 16 * 1024;

/**
 * `Buffer.from(JSON.stringify(value), 'utf8')`, byte for byte, at a fraction of the CPU for a value with long
 * string fields. JSON.stringify's text of a 200 KB page is a V8 large object (a fresh memory mapping, about
 * 0.8 ms on a virtual machine), and a rope of pieces that V8 must copy into one flat string before it can
 * encode it. Here a long string is stringified slice by slice (quotes dropped), and the pieces are written
 * into one buffer of their total length: no large string is made, and the bytes are allocated and copied once.
 * A slice never ends between the two halves of a surrogate pair, so JSON.stringify escapes exactly the lone
 * surrogates it would escape in the whole. A Utf8Text member is written from its bytes (utf8Json). Other
 * members go through JSON.stringify one by one (a member's toJSON then sees the key '', which Date's ignores).
 */
export function jsonBytes(value: unknown): Buffer {
  if (!hasLongString(value)) return Buffer.from(JSON.stringify(value), 'utf8');
  const pieces = new Pieces();
  // Top-level members written as JSON.stringify writes them: in key order, skipping what it skips.
  let text = '{';
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    const long = (typeof member === 'string' && member.length >= LONG_STRING) || member instanceof Utf8Text;
    const json = long ? '' : (JSON.stringify(member) as string | undefined);
    if (json === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (!long) {
      text += json;
      continue;
    }
    pieces.utf8(`${text}"`);
    if (member instanceof Utf8Text) utf8Json(member.bytes, pieces);
    else for (let at = 0; at < member.length; ) {
      let end = Math.min(member.length, at + SLICE);
      const last = member.charCodeAt(end - 1);
      if (end < member.length && last >= 0xd800 && last <= 0xdbff) end++;
      pieces.utf8(JSON.stringify(member.slice(at, end)).slice(1, -1));
      at = end;
    }
    text = '"';
  }
  pieces.utf8(`${text}}`);
  return pieces.join();
}

/** Strings to be written one after another into one buffer, each in its encoding. */
class Pieces {
  private readonly texts: string[] = [];
  private readonly latin1: boolean[] = [];
  private bytes = 0;

  utf8(text: string): void {
    this.texts.push(text);
    this.latin1.push(false);
    this.bytes += Buffer.byteLength(text, 'utf8');
  }

  /** Text of one-byte characters, each written as that byte. */
  oneByte(text: string): void {
    this.texts.push(text);
    this.latin1.push(true);
    this.bytes += text.length;
  }

  join(): Buffer {
    const out = Buffer.allocUnsafe(this.bytes);
    let at = 0;
    this.texts.forEach((text, i) => {
      at += out.write(text, at, this.latin1[i] ? 'latin1' : 'utf8');
    });
    return out;
  }
}

/**
 * The JSON string content (no quotes) of well-formed UTF-8 bytes, as JSON.stringify and a UTF-8 encoding would
 * write their text, added in pieces. Read as Latin-1, each byte is one character: JSON.stringify escapes the
 * quote, the backslash and the control characters, all ASCII and so the same bytes in both readings, and
 * leaves every byte from 0x80 up as it is (it escapes only lone surrogates, which a one-byte string cannot
 * hold), so writing the result back as Latin-1 gives the escaped ASCII with the other bytes unchanged: what
 * encoding the decoded text's JSON to UTF-8 gives. One-byte slices of SLICE characters stay small objects.
 */
function utf8Json(bytes: Buffer, into: Pieces): void {
  for (let at = 0; at < bytes.length; at += SLICE) {
    into.oneByte(JSON.stringify(bytes.toString('latin1', at, Math.min(bytes.length, at + SLICE))).slice(1, -1));
  }
}

/** A plain object (no toJSON of its own, which would decide the whole output) with a long string or Utf8Text member. */
function hasLongString(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const member of Object.values(value)) {
    if ((typeof member === 'string' && member.length >= LONG_STRING) || member instanceof Utf8Text) return true;
  }
  return false;
}
