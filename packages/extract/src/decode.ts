import iconv from 'iconv-lite';
import { guessCharset, looksUtf8, notUtf8, utf8Evidence, type Utf8Evidence } from './charset-guess.js';

const PRESCAN_BYTES = 1024;
const LATE_META_BYTES = 64 * 1024;

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
  'gb2312': 'gbk', 'x-gbk': 'gbk', 'cp936': 'gbk', 'euc-cn': 'gbk', 'gb_2312-80': 'gbk', 'chinese': 'gbk', 'csgb2312': 'gbk',
  'big5-hkscs': 'big5', 'cn-big5': 'big5', 'x-x-big5': 'big5', 'csbig5': 'big5',
  'x-euc-jp': 'euc-jp', 'cseucpkdfmtjapanese': 'euc-jp', 'csshiftjis': 'shift_jis',
  'iso-8859-9': 'windows-1254', 'iso8859-9': 'windows-1254', 'latin5': 'windows-1254', 'l5': 'windows-1254',
  'iso-8859-11': 'windows-874', 'tis-620': 'windows-874', 'iso8859-2': 'iso-8859-2', 'latin2': 'iso-8859-2',
  'cp1250': 'windows-1250', 'cp1251': 'windows-1251', 'x-cp1251': 'windows-1251', 'cp1254': 'windows-1254',
  'koi8': 'koi8-r', 'koi8_r': 'koi8-r', 'cskoi8r': 'koi8-r',
  'x-user-defined': 'windows-1252',
};

/** iconv-lite names for the encodings whose WHATWG decoder is a superset of the label's. */
const DECODER: Record<string, string> = { 'euc-kr': 'cp949', 'shift_jis': 'cp932', 'gbk': 'gb18030', 'big5': 'big5hkscs' };

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

/** Charsets declared by `<meta>` tags in the markup, in document order (comments skipped). */
function metaCharsets(markup: string, first: boolean): string[] {
  const found: string[] = [];
  const noComments = markup.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
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
    found.push(name.startsWith('utf-16') ? 'utf-8' : name);
    if (first) break;
  }
  return found;
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, Math.max(0, Math.min(to, bytes.length) - from)).toString('latin1');
}

/** The HTML spec's prescan, simplified: the first 1024 bytes, comments skipped, `<meta charset>` or http-equiv. */
export function prescanMeta(bytes: Uint8Array): string | null {
  return metaCharsets(latin1(bytes, 0, PRESCAN_BYTES), true)[0] ?? null;
}

/**
 * Declarations past the prescan, as a browser's parser meets them in the head and re-decodes the page:
 * every `<meta>` charset in the first 64 KB (script and style bodies skipped), in document order.
 */
function lateMetas(bytes: Uint8Array): string[] {
  if (bytes.length <= PRESCAN_BYTES) return [];
  const markup = latin1(bytes, 0, LATE_META_BYTES).replace(/<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
  return metaCharsets(markup, false);
}

/** The prescan's declaration, then (only if asked for more) the later ones. */
function* metaDeclarations(bytes: Uint8Array): Generator<string> {
  const prescanned = prescanMeta(bytes);
  if (prescanned !== null) yield prescanned;
  yield* lateMetas(bytes);
}

/** A declaration the bytes refute: UTF-8 declared over legacy bytes, or a legacy charset over well-formed UTF-8. */
function refuted(charset: string, evidence: Utf8Evidence): boolean {
  if (charset === 'utf-8') return notUtf8(evidence);
  if (charset.startsWith('utf-16')) return false;
  return looksUtf8(evidence);
}

function decodeWith(bytes: Uint8Array, charset: string, skip = 0): string {
  const body = skip > 0 ? bytes.subarray(skip) : bytes;
  if (charset === 'utf-8') return new TextDecoder('utf-8').decode(body);
  return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), DECODER[charset] ?? charset);
}

/** The encoding an HTML page's bytes are read in, where that was found, and the byte order mark's length to skip. */
export interface HtmlCharset {
  charset: string;
  source: CharsetSource;
  skip: number;
}

/**
 * Decides an HTML page's encoding in the WHATWG order: a byte order mark; the HTTP Content-Type charset; a
 * `<meta>` in the first 1024 bytes (the spec's prescan); a `<meta>` later in the first 64 KB (where a
 * browser's parser would switch to it); then a statistical guess; UTF-8 for plain ASCII. A declaration
 * the bytes refute (UTF-8 declared over Latin-1 bytes, Latin-1 declared over well-formed UTF-8) is
 * passed over for the next one, and for the guess after the last.
 */
export function htmlCharset(bytes: Uint8Array, contentType?: string): HtmlCharset {
  const bom = bomCharset(bytes);
  if (bom !== null) return { charset: bom.charset, source: 'bom', skip: bom.skip };
  const evidence = utf8Evidence(bytes);
  // Later candidates are read only when the earlier ones are missing or refuted.
  const header = charsetFromContentType(contentType);
  if (header !== null && !refuted(header, evidence)) return { charset: header, source: 'header', skip: 0 };
  const tried = new Set(header === null ? [] : [header]);
  for (const charset of metaDeclarations(bytes)) {
    if (tried.has(charset)) continue;
    tried.add(charset);
    if (!refuted(charset, evidence)) return { charset, source: 'meta', skip: 0 };
  }
  const guessed = guessCharset(bytes, evidence);
  if (guessed !== null) return { charset: guessed, source: 'detector', skip: 0 };
  return { charset: 'utf-8', source: 'default', skip: 0 };
}

/** An HTML page's bytes decoded in the encoding htmlCharset decided for them. */
export const decodeIn = (bytes: Uint8Array, { charset, skip }: HtmlCharset): string => decodeWith(bytes, charset, skip);

/** An HTML page's bytes decoded in the encoding htmlCharset decides. */
export function decodeHtml(bytes: Uint8Array, contentType?: string): DecodedHtml {
  const found = htmlCharset(bytes, contentType);
  return { text: decodeIn(bytes, found), charset: found.charset, source: found.source };
}
