import { describe, expect, it } from 'vitest';
import { detectLang } from './lang.js';

describe('detectLang', () => {
  it('says ko for Hangul text even when html lang says en', () => {
    expect(detectLang('인공지능 연구자들이 새로운 언어 모델을 공개했다. GPU 4대로 학습했다.', 'en')).toBe('ko');
  });

  it('says en for English prose with a wrong Korean hint', () => {
    expect(detectLang('The committee said on Monday that the report was not ready for the public.', 'ko-KR')).toBe('en');
  });

  it('uses the hint between languages of one script', () => {
    expect(detectLang('Il presidente ha detto che la riforma non è pronta per il voto della camera.', 'it')).toBe('it');
  });

  it('says ja for kana and und for no text', () => {
    expect(detectLang('これは日本語の文章です。東京で会議が開かれました。', null)).toBe('ja');
    expect(detectLang('', null)).toBe('und');
  });
});
