import { hashString } from './hash32.js';

/**
 * Script-aware tokens: scripts written without spaces between words (Hangul, Han, Kana, and the
 * Southeast Asian abugidas) yield one token per character; every other script yields words.
 * Punctuation and symbols are dropped, so punctuation variants never change a shingle.
 */
const UNSPACED = String.raw`\p{sc=Hangul}\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}`;
// The `v` flag (set subtraction) is built at run time: the compile target predates it, Node 20 has it.
const TOKEN_RE = new RegExp(String.raw`[${UNSPACED}]|[[\p{L}\p{N}\p{M}]--[${UNSPACED}]]+`, 'gv');

/** Tokens of an already normalized string. */
export function tokensOf(normalized: string): string[] {
  return normalized.match(TOKEN_RE) ?? [];
}

/** Characters that count toward a paragraph's weight (letters and digits, no spaces or punctuation). */
export function weightOf(tokens: readonly string[]): number {
  let w = 0;
  for (const t of tokens) w += t.length;
  return w;
}

/** Token hashes, in order. */
export function tokenHashes(tokens: readonly string[], out: number[] = []): number[] {
  for (const t of tokens) out.push(hashString(t));
  return out;
}
