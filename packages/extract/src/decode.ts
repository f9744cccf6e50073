import iconv from 'iconv-lite';

type CharsetSource = 'header' | 'bom' | 'meta' | 'detector' | 'default';

export interface DecodedHtml {
  text: string;
  /** WHATWG-style lower-case name of the encoding used, e.g. `utf-8`, `euc-kr`. */
  charset: string;
  source: CharsetSource;
}

/** Labels folded to one name, as the WHATWG Encoding Standard does (EUC-KR means windows-949). */
const ALIASES: Record<string, string> = {
  'utf8': 'utf-8', 'unicode-1-1-utf-8': 'utf-8', 'x-unicode20utf8': 'utf-8',
  'euc-kr': 'euc-kr', 'euckr': 'euc-kr', 'cp949': 'euc-kr', 'windows-949': 'euc-kr', 'x-windows-949': 'euc-kr',
  'ks_c_5601-1987': 'euc-kr', 'ks_c_5601-1989': 'euc-kr', 'ksc5601': 'euc-kr', 'ksc_5601': 'euc-kr', 'korean': 'euc-kr',
  'csksc56011987': 'euc-kr', 'iso-ir-149': 'euc-kr', 'x-euc-kr': 'euc-kr', 'uhc': 'euc-kr',
  'iso-8859-1': 'windows-1252', 'latin1': 'windows-1252', 'l1': 'windows-1252', 'ascii': 'windows-1252',
  'us-ascii': 'windows-1252', 'cp1252': 'windows-1252', 'iso8859-1': 'windows-1252',
  'sjis': 'shift_jis', 'shift-jis': 'shift_jis', 'x-sjis': 'shift_jis', 'ms_kanji': 'shift_jis', 'windows-31j': 'shift_jis',
  'gb2312': 'gbk', 'x-gbk': 'gbk', 'cp936': 'gbk', 'euc-cn': 'gbk',
  'x-user-defined': 'windows-1252',
};

/** iconv-lite names for the encodings whose WHATWG decoder is a superset of the label's. */
const DECODER: Record<string, string> = { 'euc-kr': 'cp949', 'shift_jis': 'cp932', 'gbk': 'gbk' };

/** The normalized encoding name for a label, or null when it is unknown. */
export function normalizeCharset(label: string): string | null {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (l === '') return null;
  const name = ALIASES[l] ?? l;
  return iconv.encodingExists(DECODER[name] ?? name) ? name : null;
}

function charsetFromContentType(contentType: string | undefined): string | null {
  if (contentType === undefined) return null;
  const m = /charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType);
  return m?.[1] === undefined ? null : normalizeCharset(m[1]);
}

function bomCharset(b: Uint8Array): { charset: string; skip: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (b[0] === 0xfe && b[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  if (b[0] === 0xff && b[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  return null;
}

/** The HTML spec's prescan, simplified: the first 1024 bytes, comments skipped, `<meta charset>` or http-equiv. */
export function prescanMeta(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(1024, bytes.length)).toString('latin1');
  const noComments = head.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  for (const m of noComments.matchAll(/<meta[\s/]([^>]*)>?/gi)) {
    const attrs = m[1] ?? '';
    const charset = /(?:^|[\s/])charset\s*=\s*["']?\s*([^"'\s/>;]+)/i.exec(attrs);
    let label = charset?.[1];
    if (label === undefined && /http-equiv\s*=\s*["']?\s*content-type/i.test(attrs)) {
      label = /content\s*=\s*["'][^"']*charset\s*=\s*["']?([^"'\s;]+)/i.exec(attrs)?.[1];
    }
    if (label === undefined) continue;
    const name = normalizeCharset(label);
    if (name === null) continue;
    // A page cannot declare UTF-16 in ASCII-compatible bytes; the spec reads that as UTF-8.
    return name.startsWith('utf-16') ? 'utf-8' : name;
  }
  return null;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Guesses between UTF-8, EUC-KR (CP949) and windows-1252 from the bytes themselves. */
function detectCharset(bytes: Uint8Array): string | null {
  let high = false;
  const n = Math.min(bytes.length, 65536);
  for (let i = 0; i < n; i++) {
    if ((bytes[i] as number) >= 0x80) {
      high = true;
      break;
    }
  }
  if (!high) return null;
  try {
    UTF8.decode(bytes.subarray(0, n === bytes.length ? n : trimUtf8(bytes, n)));
    return 'utf-8';
  } catch {
    // Not UTF-8: count pairs that fit CP949's Hangul area against stray high bytes.
  }
  let korean = 0;
  let other = 0;
  for (let i = 0; i < n - 1; i++) {
    const b = bytes[i] as number;
    if (b < 0x80) continue;
    const t = bytes[i + 1] as number;
    if (b >= 0xb0 && b <= 0xc8 && t >= 0xa1 && t <= 0xfe) korean++;
    else if (b >= 0x81 && b <= 0xfe && ((t >= 0x41 && t <= 0x5a) || (t >= 0x61 && t <= 0x7a) || (t >= 0x81 && t <= 0xfe))) korean += 0.5;
    else other++;
    i++;
  }
  return korean > other * 2 ? 'euc-kr' : 'windows-1252';
}

/** Cuts a sample at a UTF-8 character boundary so a split sequence does not look invalid. */
function trimUtf8(bytes: Uint8Array, n: number): number {
  let end = n;
  while (end > 0 && end > n - 4 && ((bytes[end - 1] as number) & 0xc0) === 0x80) end--;
  if (end > 0 && (bytes[end - 1] as number) >= 0xc0) end--;
  return end;
}

function decodeWith(bytes: Uint8Array, charset: string, skip = 0): string {
  const body = skip > 0 ? bytes.subarray(skip) : bytes;
  if (charset === 'utf-8') return new TextDecoder('utf-8').decode(body);
  return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), DECODER[charset] ?? charset);
}

/**
 * Decodes an HTML page's bytes. The charset comes from, in order: the HTTP Content-Type header, a byte
 * order mark, a `<meta>` in the first 1024 bytes (the HTML spec's prescan), a detector over the bytes,
 * and UTF-8 by default. (Browsers let a BOM outrank the header; the two disagree only on broken servers.)
 */
export function decodeHtml(bytes: Uint8Array, contentType?: string): DecodedHtml {
  const bom = bomCharset(bytes);
  const header = charsetFromContentType(contentType);
  if (header !== null) {
    const skip = bom !== null && bom.charset === header ? bom.skip : 0;
    return { text: decodeWith(bytes, header, skip), charset: header, source: 'header' };
  }
  if (bom !== null) return { text: decodeWith(bytes, bom.charset, bom.skip), charset: bom.charset, source: 'bom' };
  const meta = prescanMeta(bytes);
  if (meta !== null) return { text: decodeWith(bytes, meta), charset: meta, source: 'meta' };
  const detected = detectCharset(bytes);
  if (detected !== null) return { text: decodeWith(bytes, detected), charset: detected, source: 'detector' };
  return { text: decodeWith(bytes, 'utf-8'), charset: 'utf-8', source: 'default' };
}
