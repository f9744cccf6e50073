/** Han ideographs and kana: scripts written without spaces, where every character counts as a token. */
const isCjkChar = (c: number): boolean =>
  (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x3040 && c <= 0x30ff);
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/**
 * The document's token count (docs.extracted `tokenCount`, exported as FineWeb's `token_count`), counted
 * the way BERT's basic tokenizer splits text, without a vocabulary: a run of letters, marks and digits is
 * one token (an English word, a Korean eojeol such as `인재를`), every Han or kana character is one token,
 * and every other non-space character (punctuation, symbols) is one token. Deterministic and the same in
 * every Node version. It is not FineWeb's GPT-2 count: English BPE gives about 1.3 tokens per word, and
 * Korean several per eojeol, so use it to compare documents and budget a corpus, not to bill a model.
 */
export function countTokens(text: string): number {
  let tokens = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let word: boolean;
    if (c < 0x80) {
      word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
      if (!word) {
        inWord = false;
        if (c > 32 && c !== 127) tokens++;
        continue;
      }
    } else if (c >= 0xac00 && c <= 0xd7a3) {
      word = true;
    } else if (isCjkChar(c)) {
      inWord = false;
      tokens++;
      continue;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      // An astral character (emoji, rare Han): one code point, two code units.
      const cp = text.codePointAt(i)!;
      i++;
      word = WORD_CHAR.test(String.fromCodePoint(cp));
    } else {
      const ch = text[i]!;
      if (ch.trim() === '') {
        inWord = false;
        continue;
      }
      word = WORD_CHAR.test(ch);
    }
    if (word) {
      if (!inWord) tokens++;
      inWord = true;
    } else {
      inWord = false;
      tokens++;
    }
  }
  return tokens;
}
