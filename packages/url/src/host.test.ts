import { describe, expect, it } from 'vitest';
import { docIdFor } from './doc-id.js';
import { hostOf, registrableDomain } from './host.js';
import { inScope } from './scope.js';

describe('hostOf', () => {
  it.each([
    ['https://WWW.Example.com/a', 'www.example.com'],
    ['http://example.com:80/', 'example.com'],
    ['http://127.0.0.1:8080/x', '127.0.0.1:8080'],
    ['http://[::1]:3000/', '[::1]:3000'],
  ])('%s -> %s', (url, host) => {
    expect(hostOf(url)).toBe(host);
  });
});

describe('registrableDomain', () => {
  it.each([
    ['www.example.com', 'example.com'],
    ['news.bbc.co.uk', 'bbc.co.uk'],
    ['a.b.naver.co.kr', 'naver.co.kr'],
    ['www.korea.go.kr', 'korea.go.kr'],
    ['shop.example.com.au', 'example.com.au'],
    ['www.asahi.ne.jp', 'asahi.ne.jp'],
    ['alice.github.io', 'alice.github.io'],
    ['Example.COM:8080', 'example.com'],
    ['localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['127.0.0.1:3000', '127.0.0.1'],
    ['[::1]:3000', '[::1]'],
  ])('%s -> %s', (host, domain) => {
    expect(registrableDomain(host)).toBe(domain);
  });
});

describe('docIdFor', () => {
  it('is 32 hex digits shared by all variants of a URL', () => {
    const id = docIdFor('https://example.com/a?b=1&a=2');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(docIdFor('HTTPS://example.com:443/a?a=2&b=1&utm_medium=x#top')).toBe(id);
    expect(docIdFor('https://example.com/b')).not.toBe(id);
  });
});

describe('inScope', () => {
  const seeds = ['https://www.example.co.uk/start'];
  it.each([
    ['https://www.example.co.uk/other', 'host', true],
    ['http://www.example.co.uk/other', 'host', true],
    ['https://blog.example.co.uk/', 'host', false],
    ['https://blog.example.co.uk/', 'domain', true],
    ['https://example.co.uk/', 'domain', true],
    ['https://other.co.uk/', 'domain', false],
    ['https://other.co.uk/', 'any', true],
    ['mailto:a@example.co.uk', 'any', false],
    ['not a url', 'domain', false],
  ] as const)('%s with scope %s: %s', (url, scope, expected) => {
    expect(inScope(url, seeds, scope)).toBe(expected);
  });
  it('tells loopback hosts apart by port under host scope', () => {
    expect(inScope('http://127.0.0.1:4001/a', ['http://127.0.0.1:4000/'], 'host')).toBe(false);
    expect(inScope('http://127.0.0.1:4000/a', ['http://127.0.0.1:4000/'], 'host')).toBe(true);
  });
  it('checks link after link against every seed of the job, by host and by domain', () => {
    const many = ['https://news.example.org/', 'garbage', 'http://127.0.0.1:4000/a', 'https://www.example.co.uk/'];
    for (let round = 0; round < 2; round++) {
      expect(inScope('https://news.example.org/x', many, 'host')).toBe(true);
      expect(inScope('https://blog.example.org/x', many, 'host')).toBe(false);
      expect(inScope('https://blog.example.org/x', many, 'domain')).toBe(true);
      expect(inScope('http://127.0.0.1:4000/b', many, 'host')).toBe(true);
      expect(inScope('https://shop.example.co.uk/', many, 'domain')).toBe(true);
      expect(inScope('https://example.com/', many, 'domain')).toBe(false);
    }
  });
  it('ignores seeds that are not URLs', () => {
    expect(inScope('https://example.com/', ['garbage', 'https://example.com/x'], 'host')).toBe(true);
    expect(inScope('https://example.com/', ['garbage'], 'host')).toBe(false);
  });
});
