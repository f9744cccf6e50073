import type { Block } from './render.js';

export interface Quality {
  chars: number;
  words: number;
  hangulSyllables: number;
  linkDensity: number;
  boilerplateRatio: number;
  repetition: number;
}

const HANGUL_SYLLABLE = /[\uac00-\ud7a3]/g;
const NON_HANGUL_WORD = /[\p{L}\p{N}]+/gu;

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/** Quality signals of the main text against the page it came from. */
export function qualitySignals(blocks: readonly Block[], paragraphs: readonly string[], text: string, pageChars: number): Quality {
  const hangulSyllables = text.match(HANGUL_SYLLABLE)?.length ?? 0;
  const otherWords = (text.replace(HANGUL_SYLLABLE, ' ').match(NON_HANGUL_WORD) ?? []).length;
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
    boilerplateRatio: pageChars === 0 ? 0 : clamp01(1 - text.replace(/\s+/g, ' ').length / pageChars),
    repetition: paragraphs.length === 0 ? 0 : clamp01(repeated / paragraphs.length),
  };
}
