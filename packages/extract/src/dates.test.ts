import { describe, expect, it } from 'vitest';
import { datesInText, parseDate } from './dates.js';

describe('parseDate', () => {
  it('keeps the offset of an ISO timestamp', () => {
    expect(parseDate('2019-11-18T09:30:00+0900')).toBe('2019-11-18T09:30:00+09:00');
    expect(parseDate('2019-11-18T09:30:00.123Z')).toBe('2019-11-18T09:30:00Z');
  });

  it('gives a zoneless Korean time the page default offset', () => {
    expect(parseDate('2017.07.04 17:32', '+09:00')).toBe('2017-07-04T17:32:00+09:00');
    expect(parseDate('2017년 7월 4일 오후 5시 32분', '+09:00')).toBe('2017-07-04T17:32:00+09:00');
  });

  it('reads English month names', () => {
    expect(parseDate('Nov. 18, 2019 at 3:05 p.m.')).toBe('2019-11-18T15:05:00Z');
    expect(parseDate('18 November 2019')).toBe('2019-11-18T00:00:00Z');
  });

  it('rejects what is not a date', () => {
    expect(parseDate('version 2.3.4')).toBeNull();
    expect(parseDate('1234-99-99')).toBeNull();
  });
});

describe('datesInText', () => {
  it('reads a bracketed stamp', () => {
    expect(datesInText('기사입력 :[ 2018-08-25 15:24 ]', '+09:00').published).toBe('2018-08-25T15:24:00+09:00');
  });

  it('finds Korean published and modified stamps', () => {
    expect(datesInText('입력 2017.07.04 17:32 | 수정 2017.07.05 09:01', '+09:00')).toEqual({
      published: '2017-07-04T17:32:00+09:00',
      modified: '2017-07-05T09:01:00+09:00',
    });
  });
});
