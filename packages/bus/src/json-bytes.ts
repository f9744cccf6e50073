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
 * encode it. Here a long string is stringified slice by slice, each slice's JSON (quotes dropped) encoded on
 * its own, and the buffers joined once: no large string is made. A slice never ends between the two halves
 * of a surrogate pair, so JSON.stringify escapes exactly the lone surrogates it would escape in the whole.
 * A Utf8Text member is written from its bytes (utf8Json). Other members go through JSON.stringify one by one
 * (a member's toJSON then sees the key '', which Date's ignores).
 */
export function jsonBytes(value: unknown): Buffer {
  if (!hasLongString(value)) return Buffer.from(JSON.stringify(value), 'utf8');
  // Top-level members written as JSON.stringify writes them: in key order, skipping what it skips.
  const buffers: Buffer[] = [];
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
    buffers.push(Buffer.from(`${text}"`, 'utf8'));
    if (member instanceof Utf8Text) utf8Json(member.bytes, buffers);
    else for (let at = 0; at < member.length; ) {
      let end = Math.min(member.length, at + SLICE);
      const last = member.charCodeAt(end - 1);
      if (end < member.length && last >= 0xd800 && last <= 0xdbff) end++;
      const slice = JSON.stringify(member.slice(at, end));
      buffers.push(Buffer.from(slice.slice(1, -1), 'utf8'));
      at = end;
    }
    text = '"';
  }
  buffers.push(Buffer.from(`${text}}`, 'utf8'));
  return Buffer.concat(buffers);
}

/**
 * The JSON string content (no quotes) of well-formed UTF-8 bytes, as JSON.stringify and a UTF-8 encoding would
 * write their text, pushed in pieces. Read as Latin-1, each byte is one character: JSON.stringify escapes the
 * quote, the backslash and the control characters, all ASCII and so the same bytes in both readings, and
 * leaves every byte from 0x80 up as it is (it escapes only lone surrogates, which a one-byte string cannot
 * hold), so writing the result back as Latin-1 gives the escaped ASCII with the other bytes unchanged: what
 * encoding the decoded text's JSON to UTF-8 gives. One-byte slices of SLICE characters stay small objects.
 */
function utf8Json(bytes: Buffer, into: Buffer[]): void {
  for (let at = 0; at < bytes.length; at += SLICE) {
    const json = JSON.stringify(bytes.toString('latin1', at, Math.min(bytes.length, at + SLICE)));
    into.push(Buffer.from(json.slice(1, -1), 'latin1'));
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
