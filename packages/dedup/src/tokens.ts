import { fmix32 } from './hash32.js';

/**
 * Script-aware tokens: scripts written without spaces between words (Hangul, Han, Kana, and the
 * Southeast Asian abugidas) yield one token per character; every other script yields words (runs of
 * letters, digits and marks). Punctuation and symbols separate tokens and are dropped, so
 * punctuation variants never change a shingle. Tokens are hashed as they are scanned (FNV-1a over
 * UTF-16 units, finalized with fmix32), without building strings: this is the hot loop of dedup.
 */
const UNSPACED = String.raw`\p{sc=Hangul}\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}`;
const SEPARATOR = 0;
const WORD = 1;
const SINGLE = 2;

let table: Uint8Array | undefined;

/** Class of every BMP code unit, built once. */
function classes(): Uint8Array {
  if (table) return table;
  const t = new Uint8Array(65536);
  const single = new RegExp(`^[${UNSPACED}]$`, 'u');
  const word = /^[\p{L}\p{N}\p{M}]$/u;
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a)) t[c] = WORD;
    else if (c < 0x80) continue;
    else {
      const ch = String.fromCharCode(c);
      t[c] = single.test(ch) ? SINGLE : word.test(ch) ? WORD : SEPARATOR;
    }
  }
  table = t;
  return t;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * Appends the hash of every token of an already normalized string to `out`; returns the weight
 * (letters and digits, in UTF-16 units). Characters outside the BMP count as Han when they are in
 * the CJK extension planes, otherwise as separators.
 */
export function tokenStream(normalized: string, out: number[]): number {
  const cls = classes();
  let h = FNV_OFFSET;
  let len = 0;
  let weight = 0;
  const n = normalized.length;
  for (let i = 0; i < n; i++) {
    const c = normalized.charCodeAt(i);
    let k = cls[c]!;
    let units = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const cp = normalized.codePointAt(i)!;
      k = cp >= 0x20000 && cp <= 0x3ffff ? SINGLE : SEPARATOR;
      units = 2;
    }
    if (k === WORD) {
      h = Math.imul(h ^ c, FNV_PRIME);
      len++;
      continue;
    }
    if (len > 0) {
      out.push(fmix32(h));
      weight += len;
      h = FNV_OFFSET;
      len = 0;
    }
    if (k === SINGLE) {
      let s = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
      if (units === 2) s = Math.imul(s ^ normalized.charCodeAt(i + 1), FNV_PRIME);
      out.push(fmix32(s));
      weight += units;
    }
    i += units - 1;
  }
  if (len > 0) {
    out.push(fmix32(h));
    weight += len;
  }
  return weight;
}

/** Token hashes of a normalized string. */
export function tokenHashesOf(normalized: string): number[] {
  const out: number[] = [];
  tokenStream(normalized, out);
  return out;
}
