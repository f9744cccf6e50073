import { describe, expect, it } from 'vitest';
import { decodeEmitted } from './decode-value.js';
import { jsonBytes } from './json-bytes.js';
import { Utf8Text } from './utf8-text.js';
import { catalog } from '@winnow/types';

const stringified = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

/** A long page-like string with every kind of character JSON escapes or must carry as UTF-8. */
function pageLike(size: number): string {
  const pieces = [
    '<p class="lead">기사 본문 \\ 인재를 </p>\n',
    '\t<a href=\'x\'>Ünïcödé 😀 𝄞</a>\r\n',
    'control \u0000\u0001\u0008\u000b\u000c\u001f\u007f end',
    ' \u2028 \u2029 "quoted" ',
  ];
  let s = '';
  for (let i = 0; s.length < size; i++) s += pieces[i % pieces.length];
  return s;
}

describe('jsonBytes', () => {
  it('writes exactly the UTF-8 bytes of JSON.stringify for a record with a long body', () => {
    const page = {
      docId: 'd1',
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', etag: '"abc"' },
      body: pageLike(300_000),
      charset: 'utf-8',
      reason: null,
      skipped: undefined,
      depth: 2,
    };
    expect(jsonBytes(page).equals(stringified(page))).toBe(true);
    expect(JSON.parse(jsonBytes(page).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(page)));
  });

  it('matches JSON.stringify whatever the long strings\' places and number', () => {
    const long = pageLike(20_000);
    const cases: unknown[] = [
      { body: long },
      { body: long, after: 'x' },
      { before: 1, body: long },
      { a: long, b: long.toUpperCase(), c: [long.slice(0, 10)], 'key "quoted"': long },
      { 2: long, 1: 'numeric keys first', z: long },
      { fn: () => 1, body: long, sym: Symbol('s'), nested: { when: new Date(0), list: [undefined, null] } },
      { only: 'a'.repeat(50_000) },
      // Escapes of six bytes each (\u0001) outgrow the room made for two-byte escapes.
      { controls: `${'\u0001'.repeat(30_000)}"end` },
      { mixed: `${'x'.repeat(20_000)}${'\u001f"'.repeat(10_000)}`, after: 1 },
    ];
    for (const value of cases) expect(jsonBytes(value).equals(stringified(value))).toBe(true);
  });

  it('leaves values without long strings, and lone surrogates, to JSON.stringify with the same bytes', () => {
    const loneSurrogate = `${pageLike(20_000)}\ud800 tail`;
    const cases: unknown[] = [
      { short: 'text "q"', n: 1 },
      [pageLike(20_000)],
      pageLike(20_000),
      null,
      42,
      { body: loneSurrogate },
      { toJSON: () => ({ replaced: true }), body: pageLike(20_000) },
    ];
    for (const value of cases) expect(jsonBytes(value).equals(stringified(value))).toBe(true);
    expect(JSON.parse(jsonBytes({ body: loneSurrogate }).toString('utf8')).body).toBe(loneSurrogate);
  });

  it('keeps surrogate pairs and lone surrogates whole wherever a long string is cut', () => {
    // Pairs and lone halves at every offset around the slice length (16 Ki code units) and its multiples.
    for (let shift = 0; shift < 4; shift++) {
      const pairs = `${'x'.repeat(shift)}${'😀'.repeat(20_000)}`;
      const lone = `${'y'.repeat(16 * 1024 - 1 - shift)}\ud800${'z'.repeat(shift)}\udc00\ud83d${'한'.repeat(16 * 1024)}\ud800`;
      for (const value of [{ body: pairs }, { body: lone, n: shift }]) expect(jsonBytes(value).equals(stringified(value))).toBe(true);
    }
  });

  it('writes a Utf8Text member as the JSON of its decoded text, byte for byte, and any reader gets that text back', () => {
    for (const text of [pageLike(300_000), pageLike(100), '', 'plain ascii', '\u0000'.repeat(40_000)]) {
      const bytes = Buffer.from(text, 'utf8');
      const value = { docId: 'd1', body: Utf8Text.of(bytes), depth: 2 };
      expect(jsonBytes(value).equals(stringified({ docId: 'd1', body: text, depth: 2 }))).toBe(true);
      expect(JSON.stringify(value)).toBe(JSON.stringify({ docId: 'd1', body: text, depth: 2 }));
    }
  });

  it('takes only well-formed UTF-8 as a Utf8Text: other bytes must be decoded, replacing what is not', () => {
    expect(Utf8Text.of(Buffer.from([0x61, 0xff, 0x62]))).toBeNull();
    expect(Utf8Text.of(Buffer.from([0xea, 0xb8]))).toBeNull(); // a character cut short
    expect(Utf8Text.of(Buffer.from([0xed, 0xa0, 0x80]))).toBeNull(); // an encoded surrogate
    expect(Utf8Text.of(Buffer.from('기사 😀', 'utf8'))?.toString()).toBe('기사 😀');
  });

  it('hands an in-process consumer the decoded text of a Utf8Text field', () => {
    const page = {
      docId: 'd'.repeat(32), jobId: 'j1', requestUrl: 'https://example.com/', url: 'https://example.com/', depth: 0, outcome: 'fetched',
      reason: null, status: 200, headers: {}, contentType: 'text/html', charset: 'utf-8', charsetSource: 'header',
      fetchedAt: new Date(0).toISOString(), body: Utf8Text.of(Buffer.from('<p>기사 본문</p>', 'utf8')),
    };
    expect(decodeEmitted(catalog['pages.fetched'], page)).toMatchObject({ body: '<p>기사 본문</p>' });
  });
});
