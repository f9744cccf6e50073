import { isAscii, isUtf8 } from 'node:buffer';
import { analyse } from 'chardet';

/**
 * How the bytes read as UTF-8. Well-formed bytes (most pages) are told apart by native checks alone;
 * otherwise well-formed multi-byte sequences are counted against bytes that cannot be UTF-8.
 */
export type Utf8Evidence =
  | { wellFormed: true; ascii: boolean }
  | {
      wellFormed: false;
      /** Bytes >= 0x80 seen. */
      high: number;
      /** Well-formed multi-byte sequences. */
      valid: number;
      /** High bytes that start no well-formed sequence. */
      invalid: number;
    };

/** Bytes inspected for evidence: enough for any page's text, cheap even on a 10 MB body. */
const EVIDENCE_BYTES = 1 << 20;
/** Text bytes handed to the statistical detector. */
const SAMPLE_BYTES = 16 * 1024;

export function utf8Evidence(bytes: Uint8Array): Utf8Evidence {
  const n = Math.min(bytes.length, EVIDENCE_BYTES);
  const sample = bytes.subarray(0, n);
  // A sequence cut by the sample's end fails isUtf8 and is judged by the count below, as before.
  if (isUtf8(sample)) return { wellFormed: true, ascii: isAscii(sample) };
  let high = 0;
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b < 0x80) continue;
    high++;
    const k = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (k === 0) {
      invalid++;
      continue;
    }
    if (i + k >= n) break; // a sequence cut by the sample's end says nothing
    let ok = true;
    for (let j = 1; j <= k; j++) if (((bytes[i + j] as number) & 0xc0) !== 0x80) ok = false;
    if (ok) {
      valid++;
      high += k;
      i += k;
    } else {
      invalid++;
    }
  }
  return { wellFormed: false, high, valid, invalid };
}

/** No byte >= 0x80: nothing to tell encodings apart by. */
function plainAscii(e: Utf8Evidence): boolean {
  return e.wellFormed ? e.ascii : e.high === 0;
}

/** The bytes are UTF-8 beyond reasonable doubt: legacy text (Latin or CJK) breaks UTF-8's rules at once. */
export function looksUtf8(e: Utf8Evidence): boolean {
  if (e.wellFormed) return !e.ascii;
  return e.valid > 0 && e.invalid * 10 <= e.valid;
}

/** The bytes are not UTF-8: more broken sequences than whole ones. */
export function notUtf8(e: Utf8Evidence): boolean {
  return !e.wellFormed && e.invalid > e.valid;
}

/** chardet's (ICU's) names mapped to the WHATWG encoding the decoder uses. */
const FROM_DETECTOR: Record<string, string> = {
  'UTF-8': 'utf-8',
  'ISO-8859-1': 'windows-1252',
  'windows-1252': 'windows-1252',
  'ISO-8859-2': 'iso-8859-2',
  'windows-1250': 'windows-1250',
  'ISO-8859-5': 'iso-8859-5',
  'windows-1251': 'windows-1251',
  'KOI8-R': 'koi8-r',
  'ISO-8859-6': 'iso-8859-6',
  'windows-1256': 'windows-1256',
  'ISO-8859-7': 'iso-8859-7',
  'windows-1253': 'windows-1253',
  'ISO-8859-8': 'iso-8859-8',
  'windows-1255': 'windows-1255',
  'ISO-8859-9': 'windows-1254',
  'windows-1254': 'windows-1254',
  'windows-1257': 'windows-1257',
  'windows-1258': 'windows-1258',
  'windows-874': 'windows-874',
  'EUC-KR': 'euc-kr',
  'Shift_JIS': 'shift_jis',
  'EUC-JP': 'euc-jp',
  'GB18030': 'gb18030',
  'Big5': 'big5',
};

const DOUBLE_BYTE = new Set(['euc-kr', 'shift_jis', 'euc-jp', 'gb18030', 'big5']);

/**
 * The page's text bytes: markup, scripts, styles and comments left out, so that the detector's letter
 * statistics see words, not tag names. Stops at SAMPLE_BYTES.
 */
function textSample(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.min(bytes.length, SAMPLE_BYTES));
  let o = 0;
  let i = 0;
  const n = bytes.length;
  const startsWith = (at: number, s: string): boolean => {
    for (let k = 0; k < s.length; k++) if (((bytes[at + k] ?? 0) | 0x20) !== s.charCodeAt(k)) return false;
    return true;
  };
  const skipTo = (from: number, s: string): number => {
    for (let k = from; k < n; k++) if (bytes[k] === 0x3c && startsWith(k + 1, s)) return k;
    return n;
  };
  while (i < n && o < out.length) {
    const b = bytes[i] as number;
    if (b !== 0x3c) {
      out[o++] = b;
      i++;
      continue;
    }
    if (bytes[i + 1] === 0x21 && bytes[i + 2] === 0x2d && bytes[i + 3] === 0x2d) {
      let k = i + 4;
      while (k < n && !(bytes[k] === 0x2d && bytes[k + 1] === 0x2d && bytes[k + 2] === 0x3e)) k++;
      i = k + 3;
      continue;
    }
    const raw = startsWith(i + 1, 'script') ? '/script' : startsWith(i + 1, 'style') ? '/style' : null;
    if (raw !== null) i = skipTo(i + 1, raw);
    while (i < n && bytes[i] !== 0x3e) i++;
    i++;
    if (o > 0 && out[o - 1] !== 0x20) out[o++] = 0x20;
  }
  return out.subarray(0, o);
}

/**
 * Share of high bytes that stand alone between ASCII bytes. Latin text puts one accented letter among
 * ASCII letters (`für`, `été`); double-byte text (Hangul, Kanji, Hanzi) comes in runs of high bytes.
 */
function isolatedShare(sample: Uint8Array): number {
  let high = 0;
  let alone = 0;
  for (let i = 0; i < sample.length; i++) {
    if ((sample[i] as number) < 0x80) continue;
    high++;
    if ((sample[i - 1] ?? 0) < 0x80 && (sample[i + 1] ?? 0) < 0x80) alone++;
  }
  return high === 0 ? 0 : alone / high;
}

/**
 * Share of high bytes in KS X 1001 pairs (both bytes 0xA1-0xFE), the part of EUC-KR that Korean text
 * lives in. CP949's extension takes ASCII letters as trail bytes, which is how `é` + `s` in Latin text
 * turns into a Hangul syllable: Korean pages use it rarely.
 */
function ksx1001Share(sample: Uint8Array): number {
  let high = 0;
  let paired = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i] as number;
    if (b < 0x80) continue;
    const t = sample[i + 1] ?? 0;
    if (b >= 0xa1 && b <= 0xfe && t >= 0xa1 && t <= 0xfe) {
      high += 2;
      paired += 2;
      i++;
    } else {
      high++;
    }
  }
  return high === 0 ? 0 : paired / high;
}

/**
 * Guesses the encoding of bytes that declare none (or declare one they contradict): null for pure ASCII,
 * UTF-8 when the bytes are well-formed UTF-8, otherwise chardet's best guess among the encodings it
 * knows, where a double-byte guess must look like double-byte text. Latin text never becomes Hangul.
 */
export function guessCharset(bytes: Uint8Array, evidence: Utf8Evidence = utf8Evidence(bytes)): string | null {
  if (plainAscii(evidence)) return null;
  if (looksUtf8(evidence)) return 'utf-8';
  const sample = textSample(bytes);
  const scan = sample.some((b) => b >= 0x80) ? sample : bytes.subarray(0, SAMPLE_BYTES);
  const alone = isolatedShare(scan);
  for (const match of analyse(scan)) {
    const name = FROM_DETECTOR[match.name];
    if (name === undefined || match.confidence <= 0) continue;
    if (name === 'utf-8') {
      if (notUtf8(evidence)) continue;
      return name;
    }
    if (DOUBLE_BYTE.has(name)) {
      if (alone > 0.3) continue;
      if (name === 'euc-kr' && ksx1001Share(scan) < 0.9) continue;
    }
    return name;
  }
  return 'windows-1252';
}
