/**
 * Gopher's quality and repetition rules (Rae et al. 2021, appendix A; thresholds as in datatrove's
 * GopherQualityFilter and GopherRepetitionFilter), annotated rather than applied.
 *
 * Korean and unspaced scripts: Korean puts spaces between eojeol (a stem with its particles), so its
 * words are eojeol; an eojeol averages about 3.4 syllables in news prose, right at Gopher's English floor
 * of 3 characters, so the mean-length range is 1.5-10 there. Unspaced scripts (Chinese, Japanese, Thai)
 * count one word per character, so a mean length near 1 is normal: the range is 1-10. English stop words
 * never occur in Korean text: Korean uses frequent function eojeol (및, 등, 있다, 것이다...) instead; other
 * languages use their own most frequent function words.
 */
import { atLeast, atMost, countOf, findDuplicates, hasLetter, ngramChars, ratio, type RuleResult, type Script, type TextShape } from './quality-text.js';

/**
 * Gopher's English stop words, and the most frequent function words of the languages detectLang names.
 * A language without a list here has no stop-word rule: it passes, with the count of English ones.
 */
const STOP_WORDS: Record<string, Set<string>> = {
  en: new Set(['the', 'be', 'to', 'of', 'and', 'that', 'have', 'with']),
  de: new Set(['der', 'die', 'und', 'das', 'ist', 'nicht', 'mit', 'den', 'ein', 'eine', 'auf', 'sich']),
  fr: new Set(['le', 'la', 'les', 'et', 'des', 'est', 'une', 'dans', 'pour', 'pas', 'qui', 'sur']),
  es: new Set(['el', 'la', 'los', 'las', 'y', 'es', 'en', 'que', 'por', 'una', 'con', 'para', 'del']),
  it: new Set(['il', 'di', 'che', 'e', 'per', 'una', 'sono', 'della', 'con', 'non', 'gli', 'del']),
  pt: new Set(['o', 'os', 'que', 'de', 'em', 'um', 'uma', 'para', 'com', 'não', 'do', 'da', 'são']),
  id: new Set(['yang', 'dan', 'di', 'ini', 'itu', 'dengan', 'untuk', 'tidak', 'dari', 'dalam', 'akan']),
  nl: new Set(['de', 'het', 'een', 'en', 'van', 'ik', 'te', 'dat', 'is', 'niet', 'op', 'zijn']),
  ru: new Set(['и', 'в', 'не', 'на', 'что', 'с', 'он', 'как', 'по', 'это', 'из', 'но', 'к', 'для']),
  ko: new Set([
    '및', '등', '또', '또한', '그리고', '하지만', '그러나', '이', '그', '더', '수', '것', '있다', '없다', '했다', '한다', '있는',
    '하는', '위해', '대한', '통해', '것으로', '것이다', '있습니다', '합니다', '이번', '이를', '따라', '이후', '가장', '같은',
  ]),
  zh: new Set(['的', '了', '是', '在', '和', '有', '也', '不', '这', '我']),
  ja: new Set(['の', 'に', 'は', 'を', 'た', 'が', 'で', 'と', 'し', 'て']),
};

/**
 * Korean grammar lives in particles attached to the eojeol (학교에서, 인재를): an eojeol of two or more
 * syllables ending in one of these counts as the particle, so prose finds several and a list of nouns none.
 */
const KO_PARTICLES = ['에서', '으로', '에게', '부터', '까지', '은', '는', '이', '가', '을', '를', '에', '의', '와', '과', '도', '로'];

/** Last syllables of the particles: a word ending otherwise carries none. */
const KO_PARTICLE_ENDS = new Set(KO_PARTICLES.map((p) => p.charCodeAt(p.length - 1)));

const longestStop = new Map<Set<string>, number>();

function longestOf(stop: Set<string>): number {
  let n = longestStop.get(stop);
  if (n === undefined) {
    n = 0;
    for (const w of stop) n = Math.max(n, w.length);
    longestStop.set(stop, n);
  }
  return n;
}

const BULLET = /^[•\-*·‣▪◦]/;

const MEAN_WORD_LENGTH: Record<Script, [number, number]> = { spaced: [3, 10], hangul: [1.5, 10], unspaced: [1, 10] };

export interface GopherQualityRules {
  gopherWordCount: RuleResult;
  gopherMeanWordLength: RuleResult;
  gopherHashWordRatio: RuleResult;
  gopherEllipsisWordRatio: RuleResult;
  gopherBulletLineRatio: RuleResult;
  gopherEllipsisLineRatio: RuleResult;
  gopherAlphaWordRatio: RuleResult;
  gopherStopWords: RuleResult;
}

/** Lines are the non-empty ones, trimmed (paragraphs sit between blank lines). */
export function gopherQuality(shape: TextShape, lang: string): GopherQualityRules {
  const { text, words, script } = shape;
  const n = words.length;
  const stop = STOP_WORDS[lang] ?? STOP_WORDS.en!;
  const found = new Set<string>();
  let letters = 0;
  let alphaWords = 0;
  const longest = longestOf(stop);
  for (const w of words) {
    letters += w.length;
    if (hasLetter(w)) alphaWords++;
    // A word longer than every stop word is none of them: no lower-casing needed to know it.
    if (w.length <= longest) {
      const lower = w.toLowerCase();
      if (stop.has(lower)) {
        found.add(lower);
        continue;
      }
    }
    if (lang === 'ko' && w.length >= 2 && KO_PARTICLE_ENDS.has(w.charCodeAt(w.length - 1))) {
      const particle = KO_PARTICLES.find((p) => w.endsWith(p) && w.length > p.length);
      if (particle !== undefined) found.add(`-${particle}`);
    }
  }
  const mean = ratio(letters, n);
  const [minLen, maxLen] = MEAN_WORD_LENGTH[script];
  const lines = shape.trimmed;
  let bullets = 0;
  let ellipses = 0;
  for (const l of lines) {
    if (BULLET.test(l)) bullets++;
    if (l.endsWith('...') || l.endsWith('…')) ellipses++;
  }
  return {
    gopherWordCount: { value: n, pass: n >= 50 && n <= 100_000 },
    gopherMeanWordLength: { value: mean, pass: mean >= minLen && mean <= maxLen },
    gopherHashWordRatio: atMost(ratio(countOf(text, '#'), n), 0.1),
    gopherEllipsisWordRatio: atMost(ratio(countOf(text, '...') + countOf(text, '…'), n), 0.1),
    gopherBulletLineRatio: atMost(ratio(bullets, lines.length), 0.9),
    gopherEllipsisLineRatio: atMost(ratio(ellipses, lines.length), 0.3),
    gopherAlphaWordRatio: atLeast(n === 0 ? 0 : alphaWords / n, 0.8),
    gopherStopWords: { value: found.size, pass: found.size >= 2 || STOP_WORDS[lang] === undefined },
  };
}

export interface GopherRepetitionRules {
  gopherDupLineRatio: RuleResult;
  gopherDupParagraphRatio: RuleResult;
  gopherDupLineCharRatio: RuleResult;
  gopherDupParagraphCharRatio: RuleResult;
  gopherTop2gramCharRatio: RuleResult;
  gopherTop3gramCharRatio: RuleResult;
  gopherTop4gramCharRatio: RuleResult;
  gopherDup5gramCharRatio: RuleResult;
  gopherDup6gramCharRatio: RuleResult;
  gopherDup7gramCharRatio: RuleResult;
  gopherDup8gramCharRatio: RuleResult;
  gopherDup9gramCharRatio: RuleResult;
  gopherDup10gramCharRatio: RuleResult;
}

export function gopherRepetition(shape: TextShape, lineDuplicates: { count: number; chars: number }): GopherRepetitionRules {
  const { paragraphs, lines } = shape;
  const chars = shape.text.length;
  const para = findDuplicates(paragraphs);
  const line = lineDuplicates;
  const grams = ngramChars(shape.words, [2, 3, 4], [5, 6, 7, 8, 9, 10]);
  const top = (n: number, max: number) => atMost(ratio(grams.get(n) ?? 0, chars), max);
  const dup = (n: number, max: number) => atMost(ratio(grams.get(n) ?? 0, chars), max);
  return {
    gopherDupLineRatio: atMost(ratio(line.count, lines.length), 0.3),
    gopherDupParagraphRatio: atMost(ratio(para.count, paragraphs.length), 0.3),
    gopherDupLineCharRatio: atMost(ratio(line.chars, chars), 0.2),
    gopherDupParagraphCharRatio: atMost(ratio(para.chars, chars), 0.2),
    gopherTop2gramCharRatio: top(2, 0.2),
    gopherTop3gramCharRatio: top(3, 0.18),
    gopherTop4gramCharRatio: top(4, 0.16),
    gopherDup5gramCharRatio: dup(5, 0.15),
    gopherDup6gramCharRatio: dup(6, 0.14),
    gopherDup7gramCharRatio: dup(7, 0.13),
    gopherDup8gramCharRatio: dup(8, 0.12),
    gopherDup9gramCharRatio: dup(9, 0.11),
    gopherDup10gramCharRatio: dup(10, 0.1),
  };
}
