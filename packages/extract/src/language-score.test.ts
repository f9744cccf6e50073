import { describe, expect, it } from 'vitest';
import { detectLang } from './lang.js';
import { languageScore } from './language-score.js';

const KO = '기업들이 인공지능 인재를 확보하기 위해 치열하게 경쟁하고 있다. 정부도 관련 예산을 늘리기로 했다. '.repeat(3);
const EN = 'The council met on Tuesday to discuss the harbour repairs, which have been delayed for two years. Residents said that the work was overdue. ';

describe('languageScore', () => {
  it('is near 1 for a text wholly in the detected language', () => {
    expect(detectLang(KO, null)).toBe('ko');
    expect(languageScore(KO, 'ko')).toBeGreaterThan(0.95);
    expect(detectLang(EN, null)).toBe('en');
    expect(languageScore(EN, 'en')).toBeGreaterThan(0.9);
  });

  it('drops with the share of text in another script', () => {
    const mixed = `${KO.slice(0, 60)} ${EN.repeat(2)}`;
    const score = languageScore(mixed, detectLang(mixed, null));
    expect(score).toBeLessThan(0.8);
    expect(score).toBeGreaterThan(0.3);
  });

  it('is lower for a Latin-script language whose function words other languages share', () => {
    const es = 'El consejo se reunió el martes para discutir las reparaciones del puerto, que llevan dos años de retraso.';
    expect(detectLang(es, null)).toBe('es');
    expect(languageScore(es, 'es')).toBeLessThan(languageScore(EN, 'en'));
    expect(languageScore(es, 'es')).toBeGreaterThan(0.5);
  });

  it('is 0 for und and for a language the text shows no sign of, and low for a few words', () => {
    expect(languageScore(KO, 'und')).toBe(0);
    expect(languageScore(KO, 'en')).toBe(0);
    expect(languageScore('', 'en')).toBe(0);
    expect(languageScore('인재를', 'ko')).toBeLessThan(0.2);
  });

  it('stays within 0 and 1', () => {
    for (const [text, lang] of [[KO, 'ko'], [EN, 'en'], ['東京都は火曜日、会議を開きました。', 'ja'], ['人工智能的发展', 'zh'], ['Привет, как дела?', 'ru']] as const) {
      const s = languageScore(text, lang);
      expect(s, lang).toBeGreaterThan(0);
      expect(s, lang).toBeLessThanOrEqual(1);
    }
  });
});
