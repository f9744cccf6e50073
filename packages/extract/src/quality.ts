import { qualityRules, type QualityRules } from './quality-rules.js';
import type { Block } from './render.js';

export interface Quality {
  chars: number;
  words: number;
  hangulSyllables: number;
  linkDensity: number;
  boilerplateRatio: number;
  repetition: number;
  /** Gopher, C4 and FineWeb rules: each one's number and whether it passes (quality-rules.ts). */
  rules: QualityRules;
  /** Every rule passes. */
  pass: boolean;
}

/** Hangul syllables, and words of other scripts (runs of letters or digits), in one pass. */
function countWords(text: string): { hangul: number; words: number } {
  let hangul = 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xac00 && c <= 0xd7a3) {
      hangul++;
      inWord = false;
      continue;
    }
    const wordChar =
      (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000) || (c >= 0x3040 && c < 0xac00) || c > 0xd7ff;
    if (wordChar && !inWord) words++;
    inWord = wordChar;
  }
  return { hangul, words };
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/** Quality signals of the main text against the page it came from; `lang` picks the rules' word and script conventions. */
export function qualitySignals(blocks: readonly Block[], paragraphs: readonly string[], text: string, pageChars: number, lang: string): Quality {
  const { hangul: hangulSyllables, words: otherWords } = countWords(text);
  let linkChars = 0;
  let blockChars = 0;
  for (const b of blocks) {
    linkChars += b.linkChars;
    blockChars += b.text.length;
  }
  const seen = new Set<string>();
  let repeated = 0;
  for (const p of paragraphs) {
    const key = p.toLowerCase().replace(/\s+/g, ' ');
    if (seen.has(key)) repeated++;
    else seen.add(key);
  }
  return {
    chars: text.length,
    words: otherWords + hangulSyllables,
    hangulSyllables,
    linkDensity: blockChars === 0 ? 0 : clamp01(linkChars / blockChars),
    boilerplateRatio: pageChars === 0 ? 0 : clamp01(1 - blockChars / pageChars),
    repetition: paragraphs.length === 0 ? 0 : clamp01(repeated / paragraphs.length),
    ...qualityRules(text, lang),
  };
}
