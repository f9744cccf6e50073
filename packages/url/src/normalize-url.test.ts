import { describe, expect, it } from 'vitest';
import { normalizeUrl, UrlError } from './normalize-url.js';

describe('normalizeUrl', () => {
  it.each([
    // scheme and host case, default ports
    ['HTTP://Example.COM/Path', 'http://example.com/Path'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['http://example.com:443/a', 'http://example.com:443/a'],
    ['https://example.com:8443/a', 'https://example.com:8443/a'],
    ['http://example.com', 'http://example.com/'],
    ['http://example.com./a', 'http://example.com/a'],
    ['http://bücher.example/', 'http://xn--bcher-kva.example/'],
    ['http://127.0.0.1:8080/x', 'http://127.0.0.1:8080/x'],
    ['http://[::1]:80/x', 'http://[::1]/x'],
    // dot segments
    ['http://example.com/a/./b/../c', 'http://example.com/a/c'],
    ['http://example.com/../../a', 'http://example.com/a'],
    ['http://example.com/a/%2e%2E/b', 'http://example.com/b'],
    // percent-encoding: upper-case hex, unreserved decoded, reserved kept
    ['http://example.com/a%2fb', 'http://example.com/a%2Fb'],
    ['http://example.com/%7euser/%41%42', 'http://example.com/~user/AB'],
    ['http://example.com/caf%c3%a9', 'http://example.com/caf%C3%A9'],
    ['http://example.com/café', 'http://example.com/caf%C3%A9'],
    ['http://example.com/a b', 'http://example.com/a%20b'],
    ['http://example.com/?q=%7e%3d', 'http://example.com/?q=~%3D'],
    // fragment
    ['http://example.com/a#section', 'http://example.com/a'],
    ['http://example.com/a?b=1#x', 'http://example.com/a?b=1'],
    // tracking parameters
    ['http://example.com/a?utm_source=x&utm_medium=y&utm_campaign=z', 'http://example.com/a'],
    ['http://example.com/a?id=3&fbclid=abc', 'http://example.com/a?id=3'],
    ['http://example.com/a?gclid=1&dclid=2&msclkid=3&mc_cid=4&mc_eid=5&yclid=6&_ga=7&igshid=8&ref_src=9', 'http://example.com/a'],
    ['http://example.com/a?UTM_Source=x&page=2', 'http://example.com/a?page=2'],
    ['http://example.com/a?ref=home', 'http://example.com/a?ref=home'],
    // query order and empty parts
    ['http://example.com/a?b=2&a=1&c=3', 'http://example.com/a?a=1&b=2&c=3'],
    ['http://example.com/a?tag=z&x=1&tag=a', 'http://example.com/a?tag=z&tag=a&x=1'],
    ['http://example.com/a?', 'http://example.com/a'],
    ['http://example.com/a?&&b=1&', 'http://example.com/a?b=1'],
    ['http://example.com/a?flag&b=', 'http://example.com/a?b=&flag'],
    ['http://example.com/search?q=a+b', 'http://example.com/search?q=a+b'],
    // userinfo is kept
    ['http://user:pw@Example.com/', 'http://user:pw@example.com/'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
    // Normalizing is idempotent.
    expect(normalizeUrl(expected)).toBe(expected);
  });

  it('resolves a relative reference against a base', () => {
    expect(normalizeUrl('../b?utm_source=x#f', 'https://Example.com/a/c/d')).toBe('https://example.com/a/b');
    expect(normalizeUrl('//cdn.example.com/x', 'https://example.com/')).toBe('https://cdn.example.com/x');
  });

  it('gives every tracking variant of a page the same URL', () => {
    const variants = [
      'https://example.com/post?id=7',
      'https://EXAMPLE.com:443/post?id=7&utm_source=tw',
      'https://example.com/./post?fbclid=XYZ&id=7#comments',
      'https://example.com/%70ost?gclid=1&id=7&',
    ];
    expect(new Set(variants.map((v) => normalizeUrl(v))).size).toBe(1);
  });

  it.each([
    ['not a url', 'not an absolute URL'],
    ['/relative/path', 'not an absolute URL'],
    ['ftp://example.com/file', 'scheme ftp'],
    ['mailto:someone@example.com', 'scheme mailto'],
    ['javascript:alert(1)', 'scheme javascript'],
    ['http://', 'not an absolute URL'],
    ['http://exa mple.com/', 'not an absolute URL'],
  ])('refuses %j with WINNOW_ERR_BAD_URL', (input, why) => {
    let caught: unknown;
    try {
      normalizeUrl(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UrlError);
    expect((caught as UrlError).code).toBe('WINNOW_ERR_BAD_URL');
    expect((caught as UrlError).input).toBe(input);
    expect((caught as UrlError).message).toContain(JSON.stringify(input));
    expect((caught as UrlError).message).toContain(why);
  });
});
