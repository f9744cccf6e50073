// Port of MaybeEscapePattern from Google's robots.cc: rule values are compared
// octet by octet with the (already escaped) URL path, so a rule's non-ASCII
// octets are %-escaped and existing escapes get upper-case hex digits.
// Nothing else is decoded or encoded: `/%62az` stays `/%62az`.

const HEX = '0123456789ABCDEF';
const encoder = new TextEncoder();

function isHexDigit(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

function upper(c: number): string {
  return String.fromCharCode(c >= 0x61 && c <= 0x7a ? c - 0x20 : c);
}

/** Escapes a robots.txt allow/disallow value (UTF-8 octets, or bytes[from, to), or a string) as Google's parser does. */
export function maybeEscapePattern(src: Uint8Array | string, from = 0, to?: number): string {
  const bytes = typeof src === 'string' ? encoder.encode(src) : src;
  const end = to ?? bytes.length;
  let out = '';
  for (let i = from; i < end; i++) {
    const c = bytes[i]!;
    if (c === 0x25 && i + 2 < end && isHexDigit(bytes[i + 1]) && isHexDigit(bytes[i + 2])) {
      out += '%' + upper(bytes[i + 1]!) + upper(bytes[i + 2]!);
      i += 2;
    } else if (c & 0x80) {
      out += '%' + HEX[c >> 4]! + HEX[c & 0xf]!;
    } else {
      out += String.fromCharCode(c);
    }
  }
  return out;
}
