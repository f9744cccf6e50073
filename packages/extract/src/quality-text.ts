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
 * Words without the punctuation around them (tokens made only of punctuation or symbols are dropped,
 * as datatrove counts its "non-symbol words"). Unspaced scripts: one word per character.
 */
export function splitWords(text: string, script: Script): string[] {
  const words: string[] = [];
  for (const token of text.split(/\s+/)) {
    if (token === '') continue;
    const parts = script === 'unspaced' && UNSPACED_CHAR.test(token) ? token.split(UNSPACED_SPLIT) : [token];
    for (const part of parts) {
      const w = part.replace(EDGE_PUNCT, '');
      if (w !== '') words.push(w);
    }
  }
  return words;
}

/** Non-empty lines, trimmed. */
export function nonEmptyLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
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
 * 1 in 10^8 for 10^4 n-grams), so the nine n-gram sizes cost no string building.
 */
export interface WordSeq {
  ids: Int32Array;
  /** lengths[i] = characters of word i. */
  lengths: Int32Array;
}

export function wordSeq(words: readonly string[]): WordSeq {
  const idOf = new Map<string, number>();
  const ids = new Int32Array(words.length);
  const lengths = new Int32Array(words.length);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    let id = idOf.get(w);
    if (id === undefined) idOf.set(w, (id = idOf.size + 1));
    ids[i] = id;
    lengths[i] = w.length;
  }
  return { ids, lengths };
}

function ngramKey(ids: Int32Array, at: number, n: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x27d4eb2f;
  for (let k = 0; k < n; k++) {
    const id = ids[at + k]!;
    h1 = Math.imul(h1 ^ id, 0x01000193);
    h2 = Math.imul(h2 + id, 0x85ebca6b) ^ (h2 >>> 13);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

function ngramChars(seq: WordSeq, at: number, n: number): number {
  let chars = 0;
  for (let k = 0; k < n; k++) chars += seq.lengths[at + k]!;
  return chars;
}

/**
 * Characters covered by the most frequent n-gram: its length (words joined by spaces) times its count.
 * As datatrove's `Counter.most_common(1)`: the highest count wins, a tie goes to the n-gram seen first.
 */
export function topNgramChars(seq: WordSeq, n: number): number {
  const counts = new Map<number, { count: number; at: number }>();
  for (let i = 0; i + n <= seq.ids.length; i++) {
    const key = ngramKey(seq.ids, i, n);
    const entry = counts.get(key);
    if (entry === undefined) counts.set(key, { count: 1, at: i });
    else entry.count++;
  }
  let best: { count: number; at: number } | undefined;
  for (const entry of counts.values()) if (best === undefined || entry.count > best.count) best = entry;
  return best === undefined ? 0 : (ngramChars(seq, best.at, n) + n - 1) * best.count;
}

/** Characters of the words inside n-grams that repeat an earlier n-gram (a repeat is skipped as a whole). */
export function duplicateNgramChars(seq: WordSeq, n: number): number {
  const seen = new Set<number>();
  let chars = 0;
  let i = 0;
  while (i + n <= seq.ids.length) {
    const key = ngramKey(seq.ids, i, n);
    if (seen.has(key)) {
      chars += ngramChars(seq, i, n);
      i += n;
    } else {
      seen.add(key);
      i++;
    }
  }
  return chars;
}

export const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
export const atMost = (value: number, max: number): RuleResult => ({ value, pass: value <= max });
export const atLeast = (value: number, min: number): RuleResult => ({ value, pass: value >= min });
