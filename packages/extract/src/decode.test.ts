import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHtml, normalizeCharset, prescanMeta } from './decode.js';

const korean = '<p>한국어 기사 본문입니다. 인공지능이 세상을 바꾼다.</p>';
const eucKr = (html: string): Uint8Array => new Uint8Array(iconv.encode(html, 'cp949'));

describe('decodeHtml', () => {
  it('takes the charset from the HTTP header first', () => {
    const d = decodeHtml(eucKr(`<meta charset="utf-8">${korean}`), 'text/html; charset=EUC-KR');
    expect(d).toMatchObject({ charset: 'euc-kr', source: 'header' });
    expect(d.text).toContain('인공지능이 세상을 바꾼다');
  });

  it('puts a byte order mark first, before the header, and never keeps it in the text', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(korean)]);
    const d = decodeHtml(bytes, 'text/html');
    expect(d).toMatchObject({ charset: 'utf-8', source: 'bom' });
    expect(d.text.startsWith('<p>한국어')).toBe(true);
    const withHeader = decodeHtml(bytes, 'text/html; charset=utf-8');
    expect(withHeader).toMatchObject({ charset: 'utf-8', source: 'bom' });
    expect(withHeader.text.startsWith('<p>한국어')).toBe(true);
  });

  it('reads <meta charset> and http-equiv in the first 1024 bytes', () => {
    expect(decodeHtml(eucKr(`<html><head><meta charset="euc-kr">${korean}`))).toMatchObject({ charset: 'euc-kr', source: 'meta' });
    const equiv = eucKr(`<meta http-equiv="Content-Type" content="text/html; charset=ks_c_5601-1987">${korean}`);
    const d = decodeHtml(equiv);
    expect(d).toMatchObject({ charset: 'euc-kr', source: 'meta' });
    expect(d.text).toContain('한국어 기사 본문입니다');
  });

  it('ignores a meta charset inside a comment or past 1024 bytes', () => {
    expect(prescanMeta(new TextEncoder().encode('<!-- <meta charset="euc-kr"> --><p>x</p>'))).toBeNull();
    expect(prescanMeta(new TextEncoder().encode(`${' '.repeat(1100)}<meta charset="euc-kr">`))).toBeNull();
  });

  it('follows a <meta> past the prescan only within the first 64 KB, and never one written by a script', () => {
    const latin = (html: string): Uint8Array => new Uint8Array(iconv.encode(html, 'latin1'));
    const text = '<p>Die Bürgermeisterin sagte, die Nachfrage sei größer als erwartet.</p>';
    const late = decodeHtml(latin(`<head>${' '.repeat(2000)}<meta charset="iso-8859-2"></head>${text}`));
    expect(late).toMatchObject({ charset: 'iso-8859-2', source: 'meta' });
    const scripted = decodeHtml(latin(`<head>${' '.repeat(2000)}<script>document.write('<meta charset="iso-8859-2">')</script></head>${text}`));
    expect(scripted.source).toBe('detector');
    const tooLate = decodeHtml(latin(`<head>${' '.repeat(70_000)}<meta charset="iso-8859-2"></head>${text}`));
    expect(tooLate.source).toBe('detector');
  });

  it('detects EUC-KR and UTF-8 bytes without any declaration', () => {
    const k = decodeHtml(eucKr(korean.repeat(3)));
    expect(k).toMatchObject({ charset: 'euc-kr', source: 'detector' });
    expect(k.text).toContain('인공지능');
    expect(decodeHtml(new TextEncoder().encode(korean))).toMatchObject({ charset: 'utf-8', source: 'detector' });
  });

  it('defaults to UTF-8 for plain ASCII', () => {
    expect(decodeHtml(new TextEncoder().encode('<p>hello</p>'))).toEqual({ text: '<p>hello</p>', charset: 'utf-8', source: 'default' });
  });

  it('keeps a legacy header over plain ASCII, and refutes it over UTF-8 that is well-formed or only loosely so', () => {
    const ascii = new TextEncoder().encode('<p>plain words</p>');
    expect(decodeHtml(ascii, 'text/html; charset=iso-8859-1')).toMatchObject({ charset: 'windows-1252', source: 'header' });
    const wellFormed = new TextEncoder().encode(korean);
    expect(decodeHtml(wellFormed, 'text/html; charset=iso-8859-1')).toMatchObject({ charset: 'utf-8', source: 'detector' });
    // An encoded surrogate is not strict UTF-8, but the rest of the page still reads as UTF-8, as before.
    const loose = new Uint8Array([...wellFormed, 0xed, 0xa0, 0x80]);
    const d = decodeHtml(loose, 'text/html; charset=iso-8859-1');
    expect(d).toMatchObject({ charset: 'utf-8', source: 'detector' });
    expect(d.text).toContain('인공지능이 세상을 바꾼다');
  });

  it('judges a body over 1 MB by its first megabyte, even when a character straddles the cut', () => {
    const head = new TextEncoder().encode(korean);
    const padding = (1 << 20) - head.length - 1;
    const bytes = new Uint8Array([...head, ...new TextEncoder().encode(' '.repeat(padding)), ...new TextEncoder().encode('기사 본문')]);
    expect(bytes[(1 << 20) - 1]).toBe(0xea); // the lead byte of 기 is the sample's last byte
    const d = decodeHtml(bytes, 'text/html; charset=windows-1252');
    expect(d).toMatchObject({ charset: 'utf-8', source: 'detector' });
    expect(d.text.endsWith('기사 본문')).toBe(true);
    expect(decodeHtml(bytes, 'text/html; charset=utf-8')).toMatchObject({ charset: 'utf-8', source: 'header' });
  });

  it('falls through an unknown header label', () => {
    expect(decodeHtml(new TextEncoder().encode('<p>hi</p>'), 'text/html; charset=bogus-9')).toMatchObject({ source: 'default' });
  });
});

describe('normalizeCharset', () => {
  it('folds Korean labels to euc-kr and latin1 to windows-1252', () => {
    expect(normalizeCharset('KS_C_5601-1987')).toBe('euc-kr');
    expect(normalizeCharset('CP949')).toBe('euc-kr');
    expect(normalizeCharset('ISO-8859-1')).toBe('windows-1252');
    expect(normalizeCharset('nope')).toBeNull();
  });
});
