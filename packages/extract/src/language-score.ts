import { WORD_LANGS } from './lang.js';

/** The script each language detectLang names is written in. */
const SCRIPT_OF: Record<string, string> = { ko: 'hangul', ja: 'japanese', zh: 'han', ru: 'cyrillic', uk: 'cyrillic', bg: 'cyrillic', sr: 'cyrillic', ar: 'arabic', fa: 'arabic', ur: 'arabic', th: 'thai' };

const SCRIPTS: Array<[string, RegExp]> = [
  ['hangul', /\p{Script=Hangul}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['han', /\p{Script=Han}/u],
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['thai', /\p{Script=Thai}/u],
];
const LETTER = /\p{L}/u;
/** Letters needed for full confidence: below this, a text is too short to be sure of (detectLang needs 10). */
const ENOUGH_LETTERS = 100;

/** Letters of the first 3,000 characters (detectLang's sample) by script, Hangul, kana and Han weighted 3 as there. */
function scriptWeights(sample: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const ch of sample) {
    const c = ch.charCodeAt(0);
    let script: string;
    if (c < 0x80) {
      if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) continue;
      script = 'latin';
    } else if (c >= 0xac00 && c <= 0xd7a3) script = 'hangul';
    else if (!LETTER.test(ch)) continue;
    else script = SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? 'other';
    const w = script === 'hangul' || script === 'kana' || script === 'han' ? 3 : 1;
    weights.set(script, (weights.get(script) ?? 0) + w);
  }
  return weights;
}

/**
 * For a Latin-script language: its function-word hits among the first 250 words against those of the
 * strongest other language, `own / (own + rival)`, a two-way share (many function words belong to several
 * languages: Spanish `de` is also Portuguese and Dutch).
 */
function functionWordShare(text: string, lang: string): number {
  const counts = new Map<string, number>();
  const re = /[A-Za-zÀ-ÿ]+/g;
  let words = 0;
  for (let m = re.exec(text); m !== null && words < 250; m = re.exec(text)) {
    words++;
    for (const l of WORD_LANGS.get(m[0].toLowerCase()) ?? []) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const own = counts.get(lang) ?? 0;
  let rival = 0;
  for (const [l, n] of counts) if (l !== lang && n > rival) rival = n;
  return own === 0 ? 0 : own / (own + rival);
}

/**
 * How sure the extractor is of `lang`, from 0 to 1 (docs.extracted `langScore`, exported as FineWeb's
 * `language_score`). FineWeb's is fastText's probability of its top label; Winnow has no trained model,
 * so this is the same evidence detectLang weighs, as a share: the weight of the letters in the language's
 * script among all letters of the first 3,000 characters (Hangul, kana and Han weighted 3), times, for a
 * Latin-script language, its share of function words against the strongest other language's, times the sample's size
 * up to 100 weighted letters. A Korean article scores near 1, a Korean page half in English about 0.5,
 * an English text with German quotes less than 1; `und` scores 0.
 */
export function languageScore(text: string, lang: string): number {
  if (lang === 'und') return 0;
  const sample = text.length > 3000 ? text.slice(0, 3000) : text;
  const weights = scriptWeights(sample);
  let total = 0;
  for (const w of weights.values()) total += w;
  if (total === 0) return 0;
  const script = SCRIPT_OF[lang] ?? 'latin';
  const own = script === 'japanese' ? (weights.get('kana') ?? 0) + (weights.get('han') ?? 0) : (weights.get(script) ?? 0);
  let score = (own / total) * Math.min(1, total / ENOUGH_LETTERS);
  if (script === 'latin') score *= functionWordShare(sample, lang);
  return Math.round(score * 1e4) / 1e4;
}
