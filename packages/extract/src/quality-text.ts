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

/** Characters covered by the most frequent n-gram (its length times its count). */
export function topNgramChars(words: readonly string[], n: number): number {
  const counts = new Map<string, number>();
  let best = 0;
  for (let i = 0; i + n <= words.length; i++) {
    const gram = words.slice(i, i + n).join(' ');
    const c = (counts.get(gram) ?? 0) + 1;
    counts.set(gram, c);
    best = Math.max(best, gram.length * c);
  }
  return best;
}

/** Characters of the words inside n-grams that repeat an earlier n-gram (a repeat is skipped as a whole). */
export function duplicateNgramChars(words: readonly string[], n: number): number {
  const seen = new Set<string>();
  let chars = 0;
  let i = 0;
  while (i + n <= words.length) {
    const gram = words.slice(i, i + n).join('');
    if (seen.has(gram)) {
      chars += gram.length;
      i += n;
    } else {
      seen.add(gram);
      i++;
    }
  }
  return chars;
}

export const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
export const atMost = (value: number, max: number): RuleResult => ({ value, pass: value <= max });
export const atLeast = (value: number, min: number): RuleResult => ({ value, pass: value >= min });
