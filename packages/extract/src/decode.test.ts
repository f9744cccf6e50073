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
