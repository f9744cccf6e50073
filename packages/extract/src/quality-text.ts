/**
 * Text helpers the quality rules share: words, lines, paragraphs and duplicate counting, the way
 * datatrove's filters compute them (its `split_into_words`, `find_duplicates`, `find_top_duplicate`,
 * `find_all_duplicate`), with one difference of script: where words are not separated by spaces
 * (Chinese, Japanese, Thai) every character of that script counts as one word.
 */

/** A quality rule's measurement and whether it passes the rule's threshold. */
export interface RuleResult {
  value: number;
  pass: boolean;
}

/** How a language separates words: by spaces (English, and Korean between eojeol), or not at all. */
export type Script = 'spaced' | 'hangul' | 'unspaced';

export function scriptOf(lang: string): Script {
  if (lang === 'ko') return 'hangul';
  if (lang === 'zh' || lang === 'ja' || lang === 'th' || lang === 'lo' || lang === 'my' || lang === 'km') return 'unspaced';
  return 'spaced';
}

const EDGE_PUNCT = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;
const UNSPACED_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Khmer}]/u;
const UNSPACED_SPLIT = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Khmer}])/u;

/**
 * True when a code unit is a letter or digit for certain (ASCII, Latin-1 and Latin Extended letters,
 * Hangul syllables, CJK ideographs): a token that starts and ends with one has no punctuation to strip.
 */
function isSureAlnum(c: number): boolean {
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x4e00 && c <= 0x9fff);
}

/** True when a word holds a letter; the regex runs only when the first code unit does not settle it. */
export function hasLetter(w: string): boolean {
  const c = w.charCodeAt(0);
  if (isSureAlnum(c) && !(c >= 48 && c <= 57)) return true;
  return LETTER.test(w);
}

const LETTER = /\p{L}/u;

/**
 * Words without the punctuation around them (tokens made only of punctuation or symbols are dropped,
 * as datatrove counts its "non-symbol words"). Unspaced scripts: one word per character.
 */
export function splitWords(text: string, script: Script): string[] {
  const words: string[] = [];
  for (const token of text.split(/\s+/)) {
    if (token === '') continue;
    if (script === 'unspaced' && UNSPACED_CHAR.test(token)) {
      for (const part of token.split(UNSPACED_SPLIT)) {
        const w = part.replace(EDGE_PUNCT, '');
        if (w !== '') words.push(w);
      }
      continue;
    }
    if (isSureAlnum(token.charCodeAt(0)) && isSureAlnum(token.charCodeAt(token.length - 1))) {
      words.push(token);
      continue;
    }
    const w = token.replace(EDGE_PUNCT, '');
    if (w !== '') words.push(w);
  }
  return words;
}

/**
 * A text cut once into what every rule reads: its words (splitWords), its non-blank lines as written and
 * trimmed, and its paragraphs (blocks between blank lines). The rules share it instead of splitting again.
 */
export interface TextShape {
  text: string;
  script: Script;
  words: string[];
  /** Non-blank lines as written. */
  lines: string[];
  /** The same lines, trimmed. */
  trimmed: string[];
  paragraphs: string[];
}

export function shapeOf(text: string, script: Script): TextShape {
  const lines: string[] = [];
  const trimmed: string[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    lines.push(line);
    trimmed.push(t);
  }
  const paragraphs = text.trim().split(/\n{2,}/).filter((p) => p.trim() !== '');
  return { text, script, words: splitWords(text, script), lines, trimmed, paragraphs };
}

/** Occurrences of a substring, without building the pieces `split` would. */
export function countOf(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** How many elements repeat an earlier one, and how many characters those repeats hold. */
export function findDuplicates(items: readonly string[]): { count: number; chars: number } {
  const seen = new Set<string>();
  let count = 0;
  let chars = 0;
  for (const item of items) {
    if (seen.has(item)) {
      count++;
      chars += item.length;
    } else seen.add(item);
  }
  return { count, chars };
}

/**
 * N-grams compared by number, not by joined string: each distinct word gets an id, and an n-gram a
 * 53-bit key from two 32-bit hashes of its ids (a collision among a page's n-grams is about as likely as
 * 1 in 10^8 for 10^4 n-grams), so the nine n-gram sizes cost no string building. The hashes of the
 * n-gram starting at i are extended by one word to give the (n+1)-gram's, so all sizes cost one pass each.
 */
interface WordSeq {
  ids: Int32Array;
  /** prefix[i] = characters of words 0..i-1. */
  prefix: Float64Array;
}

function wordSeq(words: readonly string[]): WordSeq {
  const idOf = new Map<string, number>();
  const ids = new Int32Array(words.length);
  const prefix = new Float64Array(words.length + 1);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let id = idOf.get(w);
    if (id === undefined) idOf.set(w, (id = idOf.size + 1));
    ids[i] = id;
    prefix[i + 1] = prefix[i]! + w.length;
  }
  return { ids, prefix };
}

/**
 * An open-addressing table of n-gram keys (h1, and the 21 bits of h2 the key keeps) mapped to slots in
 * first-seen order: typed arrays instead of a Map of 53-bit numbers, which boxes every key.
 */
interface KeyTable {
  hi: Int32Array;
  lo: Int32Array;
  slots: Int32Array;
  mask: number;
  size: number;
}

function keyTable(capacity: number): KeyTable {
  let n = 16;
  while (n < capacity * 2) n *= 2;
  return { hi: new Int32Array(n), lo: new Int32Array(n), slots: new Int32Array(n), mask: n - 1, size: 0 };
}

function clearTable(t: KeyTable): void {
  t.slots.fill(0);
  t.size = 0;
}

/** The key's slot; a new key takes the next one (its slot is then `size - 1`). */
function slotOf(t: KeyTable, h1: number, h2: number): number {
  const lo = h2 & 0x1fffff;
  let i = (h1 ^ Math.imul(lo, 0x9e3779b1)) & t.mask;
  for (;;) {
    const s = t.slots[i]!;
    if (s === 0) {
      t.hi[i] = h1;
      t.lo[i] = lo;
      t.slots[i] = ++t.size;
      return t.size - 1;
    }
    if (t.hi[i] === h1 && t.lo[i] === lo) return s - 1;
    i = (i + 1) & t.mask;
  }
}

/** Gopher's n-gram figures: for each n in `top`, the top n-gram's characters; for each n in `dup`, the repeats' characters. */
export function ngramChars(words: readonly string[], top: readonly number[], dup: readonly number[]): Map<number, number> {
  const { ids, prefix } = wordSeq(words);
  const count = ids.length;
  const h1 = new Int32Array(count).fill(0x811c9dc5 | 0);
  const h2 = new Int32Array(count).fill(0x27d4eb2f);
  const maxN = Math.max(0, ...top, ...dup);
  const table = keyTable(count);
  const counts = new Int32Array(count);
  const out = new Map<number, number>();
  for (let n = 1; n <= maxN; n++) {
    const last = count - n;
    for (let i = 0; i <= last; i++) {
      const id = ids[i + n - 1]!;
      const a = h2[i]!;
      h1[i] = Math.imul(h1[i]! ^ id, 0x01000193);
      h2[i] = Math.imul(a + id, 0x85ebca6b) ^ (a >>> 13);
    }
    if (top.includes(n)) {
      clearTable(table);
      out.set(n, topChars(last, n, h1, h2, prefix, table, counts));
    }
    if (dup.includes(n)) {
      clearTable(table);
      out.set(n, dupChars(last, n, h1, h2, prefix, table));
    }
  }
  return out;
}

/**
 * Characters covered by the most frequent n-gram: its length (words joined by spaces) times its count.
 * As datatrove's `Counter.most_common(1)`: the highest count wins, a tie goes to the n-gram seen first.
 */
function topChars(last: number, n: number, h1: Int32Array, h2: Int32Array, prefix: Float64Array, table: KeyTable, counts: Int32Array): number {
  if (last < 0) return 0;
  const firstAt = new Int32Array(last + 1);
  counts.fill(0);
  for (let i = 0; i <= last; i++) {
    const before = table.size;
    const slot = slotOf(table, h1[i]!, h2[i]!);
    if (table.size > before) firstAt[slot] = i;
    counts[slot]!++;
  }
  let best = 0;
  for (let slot = 1; slot < table.size; slot++) if (counts[slot]! > counts[best]!) best = slot;
  const at = firstAt[best]!;
  return (prefix[at + n]! - prefix[at]! + n - 1) * counts[best]!;
}

/** Characters of the words inside n-grams that repeat an earlier n-gram (a repeat is skipped as a whole). */
function dupChars(last: number, n: number, h1: Int32Array, h2: Int32Array, prefix: Float64Array, table: KeyTable): number {
  let chars = 0;
  let i = 0;
  while (i <= last) {
    const before = table.size;
    slotOf(table, h1[i]!, h2[i]!);
    if (table.size === before) {
      chars += prefix[i + n]! - prefix[i]!;
      i += n;
    } else {
      i++;
    }
  }
  return chars;
}

export const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
export const atMost = (value: number, max: number): RuleResult => ({ value, pass: value <= max });
export const atLeast = (value: number, min: number): RuleResult => ({ value, pass: value >= min });
