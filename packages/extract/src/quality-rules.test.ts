import { describe, expect, it } from 'vitest';
import { qualityRules, type QualityRules } from './quality-rules.js';

const failed = (rules: QualityRules): string[] => Object.entries(rules).filter(([, r]) => !r.pass).map(([name]) => name);

const enProse = [
  'The council met on Monday to discuss the harbour, and members agreed that the old pier should be repaired before the winter storms arrive.',
  'Residents have asked for a clear timetable with costs, because the last repair took three years and ran far over its budget.',
  'Fishing crews said that the eastern berth is already unsafe at low tide, which forces boats to wait outside the breakwater.',
  'The mayor promised to publish the engineering report next week and to hold an open meeting in the library hall.',
  'Several shop owners on the quay welcomed the plan, although they worry about noise and closed roads during the summer season.',
  'A local historian noted that the pier was first built in 1887 with stone from a quarry that has long since closed.',
].join('\n\n');

const koProse = [
  '시의회는 월요일 항만 정비 계획을 논의했으며 위원들은 겨울 폭풍이 오기 전에 낡은 부두를 수리해야 한다는 데 뜻을 모았다.',
  '주민들은 비용과 일정을 분명히 밝혀 달라고 요구했다. 지난 공사는 3년이 걸렸고 예산도 크게 넘겼기 때문이다.',
  '어민들은 동쪽 선착장이 썰물 때 이미 위험해 배들이 방파제 밖에서 기다려야 한다고 말했다.',
  '시장은 다음 주 안전 진단 보고서를 공개하고 도서관 강당에서 주민 설명회를 열겠다고 약속했다.',
  '부두 주변 상인들은 계획을 반기면서도 여름철 공사 소음과 도로 통제를 걱정하는 목소리를 냈다.',
  '향토 사학자 김모 씨는 이 부두가 1887년 지금은 문을 닫은 채석장의 돌로 처음 지어졌다고 설명했다.',
].join('\n\n');

describe('qualityRules on built pages', () => {
  it('passes plain English and Korean prose', () => {
    expect(failed(qualityRules(enProse, 'en').rules)).toEqual([]);
    expect(failed(qualityRules(koProse, 'ko').rules)).toEqual([]);
  });

  it('Gopher quality: a link farm has no stop words, short words and too few words', () => {
    const farm = Array.from({ length: 30 }, (_, i) => `Cheap pills ${i}`).join('\n');
    const { rules, pass } = qualityRules(farm, 'en');
    expect(pass).toBe(false);
    expect(rules.gopherStopWords).toEqual({ value: 0, pass: false });
    const koFarm = Array.from({ length: 40 }, (_, i) => `최저가 대출 ${i}`).join('\n');
    expect(qualityRules(koFarm, 'ko').rules.gopherStopWords.pass).toBe(false);
  });

  it('Gopher repetition: a page of repeated lines fails the duplicate line and n-gram rules', () => {
    const repeated = Array.from({ length: 20 }, () => '오늘의 특가 상품을 지금 바로 확인하세요. 놓치면 후회합니다.').join('\n\n');
    const { rules, pass } = qualityRules(repeated, 'ko');
    expect(pass).toBe(false);
    expect(rules.gopherDupLineRatio.pass).toBe(false);
    expect(rules.gopherDupParagraphCharRatio.pass).toBe(false);
    expect(rules.gopherDup5gramCharRatio.pass).toBe(false);
    expect(rules.gopherDup10gramCharRatio.pass).toBe(false);
    // The most frequent 2-gram ("오늘의 특가", 20 times) covers 16 % of the characters: under the 20 % limit.
    expect(rules.gopherTop2gramCharRatio).toMatchObject({ pass: true });
    expect(rules.gopherTop2gramCharRatio.value).toBeGreaterThan(0.1);
    const spam = qualityRules('click here now '.repeat(100), 'en').rules;
    expect(spam.gopherTop2gramCharRatio.pass).toBe(false);
  });

  it('C4: a cookie wall loses its lines to the policy filter and keeps too few sentences', () => {
    const wall = [
      'This website uses cookies to improve your experience.',
      'Read our cookie policy and privacy policy before you continue.',
      'By clicking accept you agree to the use of cookies on this site.',
      'Manage settings',
      'Accept all',
    ].join('\n\n');
    const { rules } = qualityRules(wall, 'en');
    expect(rules.c4PolicyLineRatio.pass).toBe(false);
    expect(rules.c4Sentences).toEqual({ value: 0, pass: false });
    const koWall = '이 사이트는 쿠키를 사용합니다.\n\n개인정보처리방침과 이용약관에 동의하시면 계속 이용하실 수 있습니다.\n\n모두 동의';
    expect(qualityRules(koWall, 'ko').rules.c4PolicyLineRatio.pass).toBe(false);
  });

  it('C4: lorem ipsum, curly braces and javascript lines are named', () => {
    const lorem = `${enProse}\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit.`;
    expect(failed(qualityRules(lorem, 'en').rules)).toEqual(['c4LoremIpsum']);
    const code = `${enProse}\n\nThe config reads { "a": 1 } from the file we saw.`;
    expect(failed(qualityRules(code, 'en').rules)).toEqual(['c4CurlyBracket']);
    const js = Array.from({ length: 4 }, () => 'Please enable JavaScript in your browser to view this page.').join('\n');
    expect(qualityRules(js, 'en').rules.c4JavascriptLineRatio.pass).toBe(false);
  });

  it('FineWeb: a menu of short lines without punctuation fails the line rules', () => {
    const menu = ['Home', 'News', 'Sports', 'Weather', 'Contact us', 'About', 'Login', 'Subscribe now'].join('\n');
    const { rules } = qualityRules(`${menu}\n${menu}\n${enProse}`, 'en');
    expect(rules.finewebShortLineRatio.pass).toBe(false);
    expect(rules.finewebDupLineCharRatio.pass).toBe(false);
    expect(rules.finewebLinePunctRatio.pass).toBe(true);
    expect(qualityRules(menu, 'en').rules.finewebLinePunctRatio).toEqual({ value: 0, pass: false });
  });

  it('counts Korean words by eojeol with a mean length floor made for them, and unspaced scripts by character', () => {
    const ko = qualityRules(koProse, 'ko').rules;
    expect(ko.gopherMeanWordLength.value).toBeGreaterThan(1.5);
    expect(ko.gopherMeanWordLength.value).toBeLessThan(3.5);
    expect(ko.gopherMeanWordLength.pass).toBe(true);
    const zh = qualityRules('市议会今天讨论了港口的修缮计划，委员们同意在冬季风暴到来之前修好旧码头。'.repeat(1), 'zh').rules;
    expect(zh.gopherMeanWordLength.value).toBe(1);
    expect(zh.gopherWordCount.value).toBeGreaterThan(30);
  });

  it('never yields a number JSON or Parquet cannot hold', () => {
    for (const text of ['', '\n\n', '...', '#']) {
      for (const r of Object.values(qualityRules(text, 'en').rules)) expect(Number.isFinite(r.value)).toBe(true);
      expect(qualityRules(text, 'en').pass).toBe(false);
    }
  });
});
