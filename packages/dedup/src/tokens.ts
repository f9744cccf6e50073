/**
 * Script-aware tokens: scripts written without spaces between words (Hangul, Han, Kana, and the
 * Southeast Asian abugidas) yield one token per character; every other script yields words (runs of
 * letters, digits and marks). Punctuation and symbols separate tokens and are dropped, so
 * punctuation variants never change a shingle. Tokens are hashed as they are scanned (FNV-1a over
 * UTF-16 units, finalized with fmix32), without building strings, by scanLines (normalize.ts): the
 * hot loop of dedup. This module holds the character classes and the buffer tokens go to.
 */
const UNSPACED = String.raw`\p{sc=Hangul}\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}`;
const SEPARATOR = 0;
export const WORD = 1;
export const SINGLE = 2;

let table: Uint8Array | undefined;

/** Class of every BMP code unit (SEPARATOR, WORD or SINGLE), built once. */
export function classes(): Uint8Array {
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

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** The class of a surrogate pair: Han in the CJK extension planes, otherwise a separator. */
export function pairClass(hi: number, lo: number): number {
  const cp = ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
  return cp >= 0x20000 && cp <= 0x3ffff ? SINGLE : SEPARATOR;
}

/** Makes room for `n` more tokens. */
export function reserve(out: TokenBuffer, n: number): void {
  if (out.length + n <= out.hashes.length) return;
  const grown = new Int32Array(Math.max(out.hashes.length * 2, out.length + n));
  grown.set(out.hashes.subarray(0, out.length));
  out.hashes = grown;
}

/** Where scanLines writes: token hashes (int32) in `hashes[0..length)`, grown as needed. */
export interface TokenBuffer {
  hashes: Int32Array;
  length: number;
}

export function tokenBuffer(capacity = 1024): TokenBuffer {
  return { hashes: new Int32Array(capacity), length: 0 };
}
