import { describe, expect, it } from 'vitest';
import { jsonParseBytes, parseLongMembers } from './json-parse-bytes.js';

/** A long body with every kind of character JSON escapes or carries as UTF-8, escapes falling at varied offsets. */
function bodyLike(size: number, seed: number): string {
  const pieces = ['<p class="lead">기사 본문 \\ 인재를</p>\n', '\t<a href=\'x\'>Ünïcödé 😀</a>\r\n', 'ctl \u0001\u001f\u007f', '\\\\u00e9 "q" \u2028', 'x'];
  let s = '';
  for (let i = seed; s.length < size; i = (i * 7 + 3) % 1009) s += `${pieces[i % pieces.length]}${'.'.repeat(i % 7)}`;
  return s;
}

const plain = (bytes: Buffer): unknown => JSON.parse(bytes.toString('utf8'));
const errorOf = (parse: () => unknown): string => {
  try {
    parse();
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

describe('jsonParseBytes', () => {
  it('parses messages with long string members exactly as JSON.parse of their text', () => {
    for (let seed = 1; seed < 12; seed++) {
      const body = bodyLike(70_000 + seed * 9_001, seed);
      const cases: unknown[] = [
        { docId: 'd', headers: { 'content-type': 'text/html', body: '"body":"x' }, body, charset: 'utf-8', n: -1.5e3, ok: true, none: null },
        { body, after: [1, { deep: ['"}', body.slice(0, 100)] }], tail: false },
        { a: body, b: body.toUpperCase(), 'key "quoted" 키': 'short' },
      ];
      for (const value of cases) {
        const bytes = Buffer.from(JSON.stringify(value, null, seed % 2 === 0 ? 1 : undefined), 'utf8');
        expect(parseLongMembers(bytes)).toEqual(plain(bytes));
        expect(jsonParseBytes(bytes)).toEqual(plain(bytes));
      }
    }
  });

  it('reads what producers other than Winnow write: ASCII-only escapes, spacing, and malformed UTF-8, as JSON.parse does', () => {
    const body = bodyLike(100_000, 5);
    const asciiOnly = JSON.stringify({ body }).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const spaced = `\n { "body" : ${JSON.stringify(body)} , "n" : 1 }\r\n`;
    const malformed = Buffer.concat([Buffer.from('{"body":"'), Buffer.from([...body].filter((c) => c !== '"' && c !== '\\' && c >= ' ').join(''), 'utf8'), Buffer.from([0xe2, 0x82, 0x5c, 0x6e, 0xff, 0xc3]), Buffer.from('"}')]);
    for (const bytes of [Buffer.from(asciiOnly), Buffer.from(spaced), malformed]) expect(jsonParseBytes(bytes)).toEqual(plain(bytes));
    // Escapes of characters from U+0080 up are JSON.parse's to read; the rest is read around the body.
    expect(parseLongMembers(Buffer.from(asciiOnly))).toBeNull();
    const loneSurrogate = Buffer.from(JSON.stringify({ body: `${body}\ud800` }));
    expect(parseLongMembers(loneSurrogate)).toBeNull();
    expect(jsonParseBytes(loneSurrogate)).toEqual(plain(loneSurrogate));
    expect(parseLongMembers(Buffer.from(spaced))).toEqual(plain(Buffer.from(spaced)));
    expect(parseLongMembers(malformed)).toEqual(plain(malformed));
  });

  it('keeps JSON.parse\'s answer for repeated keys, __proto__, and values that are not objects', () => {
    const body = JSON.stringify(bodyLike(80_000, 3));
    for (const text of [`{"body":${body},"body":"later"}`, `{"__proto__":${body}}`, `[${body}]`, body, `{"x":1,"body":${body}}`]) {
      const bytes = Buffer.from(text, 'utf8');
      const parsed = jsonParseBytes(bytes);
      expect(parsed).toEqual(plain(bytes));
      expect(Object.getPrototypeOf(parsed)).toBe(Object.getPrototypeOf(plain(bytes)));
      expect(parseLongMembers(bytes) === null).toBe(!text.startsWith('{"x"'));
    }
  });

  it('refuses broken JSON with JSON.parse\'s own error, wherever the break is', () => {
    const body = JSON.stringify(bodyLike(80_000, 7)).slice(1, -1);
    const broken = [
      `{"body":"${body}`, // unterminated
      `{"body":"${body}\u0001"}`, // a raw control character
      `{"body":"${body}\\x"}`, // an unknown escape
      `{"body":"${body}\\u12G4"}`,
      `{"body":"${body}","n":tru}`,
      `{"body":"${body}"} trailing`,
      `{"body":"${body}",}`,
    ];
    for (const text of broken) {
      const bytes = Buffer.from(text, 'utf8');
      expect(errorOf(() => jsonParseBytes(bytes))).toBe(errorOf(() => plain(bytes)));
      expect(errorOf(() => plain(bytes))).not.toBe('no error');
    }
  });
});
