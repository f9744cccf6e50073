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
 * Other members go through JSON.stringify one by one (a member's toJSON then sees the key '', which Date's
 * ignores).
 */
export function jsonBytes(value: unknown): Buffer {
  if (!hasLongString(value)) return Buffer.from(JSON.stringify(value), 'utf8');
  // Top-level members written as JSON.stringify writes them: in key order, skipping what it skips.
  const buffers: Buffer[] = [];
  let text = '{';
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    const long = typeof member === 'string' && member.length >= LONG_STRING;
    const json = long ? '' : (JSON.stringify(member) as string | undefined);
    if (json === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (!long) {
      text += json;
      continue;
    }
    buffers.push(Buffer.from(`${text}"`, 'utf8'));
    for (let at = 0; at < member.length; ) {
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

/** A plain object (no toJSON of its own, which would decide the whole output) with a long string member. */
function hasLongString(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const member of Object.values(value)) if (typeof member === 'string' && member.length >= LONG_STRING) return true;
  return false;
}
