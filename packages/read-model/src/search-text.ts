import { createHash } from 'node:crypto';

/**
 * CJK-aware search without a tokenizer. Korean attaches particles to words ("인재를" = "인재" + "를")
 * and Chinese and Japanese use no spaces at all, so word-based full-text search misses most queries.
 * Instead a document is indexed by its characters and the character bigrams inside each word; a query
 * needs all of its own bigrams (a cheap GIN filter) and then each query word as a substring (exact).
 * Both steps use plain PostgreSQL (text[] GIN and strpos), so PGlite runs the same SQL.
 */

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The form both documents and queries are compared in: NFKC, lower case, single spaces. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Words of already-normalized text: runs of letters, digits and combining marks. */
function searchWords(normalized: string): string[] {
  return normalized.match(WORD) ?? [];
}

/** Every distinct character and in-word character bigram of the normalized text. */
export function documentTokens(normalized: string): string[] {
  const tokens = new Set<string>();
  for (const word of searchWords(normalized)) {
    const chars = Array.from(word);
    for (let i = 0; i < chars.length; i++) {
      tokens.add(chars[i]!);
      if (i + 1 < chars.length) tokens.add(chars[i]! + chars[i + 1]!);
    }
  }
  return [...tokens];
}

/** Documents whose search fields are remembered: exact copies (reposts, syndication) tend to arrive close together. */
const REMEMBERED = 128;
/** Longer documents are not remembered, so that what is held stays a few megabytes (128 x 3 x 64K chars at most). */
const REMEMBERED_CHARS = 64 * 1024;
const remembered = new Map<string, SearchFields>();

export interface SearchFields {
  searchText: string;
  /** The tokens as one space-separated string (the database splits it). */
  tokens: string;
  /** md5 of searchText in hex, as PostgreSQL's md5() gives it: the key of its search_texts row. */
  hash: string;
}

/**
 * A document's search text, its tokens and the text's hash, from its title and text. An exact copy of one of
 * the last REMEMBERED documents (up to REMEMBERED_CHARS long) gets the fields computed for it.
 */
export function searchFields(title: string | null, text: string): SearchFields {
  const source = `${title ?? ''}\n${text}`;
  const compute = () => {
    const searchText = normalizeSearchText(source);
    return { searchText, tokens: documentTokens(searchText).join(' '), hash: createHash('md5').update(searchText, 'utf8').digest('hex') };
  };
  // A document too long to be remembered is not looked up either (hashing it would be work for nothing).
  if (source.length > REMEMBERED_CHARS) return compute();
  const known = remembered.get(source);
  if (known !== undefined) return known;
  const fields = compute();
  if (remembered.size >= REMEMBERED) remembered.delete(remembered.keys().next().value!);
  remembered.set(source, fields);
  return fields;
}

export interface SearchQuery {
  /** Words that must each occur as a substring of the document's normalized text. */
  words: string[];
  /** Tokens the document must hold (GIN-indexed prefilter). */
  tokens: string[];
}

/** A query's words and required tokens; null when it has no searchable character. */
export function parseSearchQuery(q: string): SearchQuery | null {
  const words = [...new Set(searchWords(normalizeSearchText(q)))];
  if (words.length === 0) return null;
  const tokens = new Set<string>();
  for (const word of words) {
    const chars = Array.from(word);
    if (chars.length === 1) tokens.add(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i]! + chars[i + 1]!);
  }
  return { words, tokens: [...tokens] };
}
