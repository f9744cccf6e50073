/**
 * Language of a text from its scripts, Hangul-aware. `<html lang>` is only a hint: it decides between
 * languages of the same script, never against the script itself (Korean text in a page tagged `en`).
 */

const EN_WORDS = new Set(['the', 'and', 'of', 'to', 'in', 'is', 'that', 'for', 'it', 'was', 'with', 'on', 'as', 'are', 'this', 'be', 'by', 'he', 'she', 'they', 'have', 'from', 'at', 'not']);
const LATIN_LANGS: Array<[string, Set<string>]> = [
  ['de', new Set(['der', 'die', 'und', 'das', 'ist', 'nicht', 'mit', 'den', 'ein', 'eine', 'auf', 'sich'])],
  ['fr', new Set(['le', 'la', 'les', 'et', 'des', 'est', 'une', 'dans', 'pour', 'pas', 'qui', 'sur'])],
  ['es', new Set(['el', 'la', 'los', 'las', 'y', 'es', 'en', 'que', 'por', 'una', 'con', 'para', 'del'])],
  ['it', new Set(['il', 'di', 'che', 'e', 'per', 'una', 'sono', 'della', 'con', 'non', 'gli', 'del'])],
  ['pt', new Set(['o', 'os', 'que', 'de', 'em', 'um', 'uma', 'para', 'com', 'não', 'do', 'da', 'são'])],
  ['id', new Set(['yang', 'dan', 'di', 'ini', 'itu', 'dengan', 'untuk', 'tidak', 'dari', 'dalam', 'akan'])],
  ['nl', new Set(['de', 'het', 'een', 'en', 'van', 'ik', 'te', 'dat', 'is', 'niet', 'op', 'zijn'])],
];

function primaryTag(hint: string | null): string | null {
  if (hint === null) return null;
  const t = hint.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return /^[a-z]{2,3}$/.test(t) ? t : null;
}

export function detectLang(text: string, htmlLang: string | null): string {
  let hangul = 0;
  let kana = 0;
  let han = 0;
  let latin = 0;
  let cyrillic = 0;
  let arabic = 0;
  let thai = 0;
  const sample = text.length > 3000 ? text.slice(0, 3000) : text;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
    } else if ((c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) hangul++;
    else if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if (c >= 0x4e00 && c <= 0x9fff) han++;
    else if (c >= 0x0400 && c <= 0x04ff) cyrillic++;
    else if (c >= 0x0600 && c <= 0x06ff) arabic++;
    else if (c >= 0x0e00 && c <= 0x0e7f) thai++;
    else if (c >= 0xc0 && c <= 0x24f) latin++;
  }
  const hint = primaryTag(htmlLang);
  // A Hangul syllable carries about as much as three Latin letters.
  const scores: Array<[string, number]> = [
    ['ko', hangul * 3],
    ['ja', kana * 3 + (kana > 0 ? han : 0)],
    ['zh', kana > 0 ? 0 : han * 3],
    ['latin', latin],
    ['ru', cyrillic],
    ['ar', arabic],
    ['th', thai],
  ];
  scores.sort((a, b) => b[1] - a[1]);
  const [best, score] = scores[0] as [string, number];
  if (score < 10) return hint ?? 'und';
  if (best === 'ru') return hint === 'uk' || hint === 'bg' || hint === 'sr' ? hint : 'ru';
  if (best === 'ar') return hint === 'fa' || hint === 'ur' ? hint : 'ar';
  if (best !== 'latin') return best;
  return latinLang(sample, hint);
}

/** Which Latin-script languages each common function word belongs to. */
export const WORD_LANGS = new Map<string, string[]>();
for (const w of EN_WORDS) WORD_LANGS.set(w, ['en']);
for (const [lang, set] of LATIN_LANGS) for (const w of set) WORD_LANGS.set(w, [...(WORD_LANGS.get(w) ?? []), lang]);

function latinLang(text: string, hint: string | null): string {
  const counts = new Map<string, number>([['en', 0]]);
  const re = /[A-Za-zÀ-ÿ]+/g;
  let total = 0;
  for (let m = re.exec(text); m !== null && total < 250; m = re.exec(text)) {
    total++;
    const langs = WORD_LANGS.get(m[0].toLowerCase());
    if (langs !== undefined) for (const l of langs) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  let best = 'und';
  let bestCount = 0;
  for (const [lang, n] of counts) {
    if (n > bestCount) {
      best = lang;
      bestCount = n;
    }
  }
  total = Math.max(1, total);
  if (hint !== null && hint !== 'ko' && hint !== 'ja' && hint !== 'zh' && (counts.get(hint) ?? 0) >= bestCount * 0.8) return hint;
  if (bestCount / total < 0.05) return hint !== null && !['ko', 'ja', 'zh', 'ru', 'ar'].includes(hint) ? hint : 'und';
  return best;
}
