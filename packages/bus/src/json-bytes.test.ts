import { describe, expect, it } from 'vitest';
import { jsonBytes } from './json-bytes.js';

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
});
