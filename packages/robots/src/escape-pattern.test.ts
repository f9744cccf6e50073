import { expect, it } from 'vitest';
import { maybeEscapePattern } from './escape-pattern.js';

// TestMaybeEscapePattern of Google's robots_test.cc, plus octets handed over raw.
it.each([
  ['http://www.example.com', 'http://www.example.com'],
  ['/a/b/c', '/a/b/c'],
  ['á', '%C3%A1'],
  ['%aa', '%AA'],
  ['/SanJoséSellers', '/SanJos%C3%A9Sellers'],
  ['/%2f%zz%4', '/%2F%zz%4'],
])('escapes %j as %j', (pattern, escaped) => {
  expect(maybeEscapePattern(pattern)).toBe(escaped);
});

it('escapes raw octets without decoding them', () => {
  expect(maybeEscapePattern(Uint8Array.from([0x2f, 0xe3, 0x83, 0x84]))).toBe('/%E3%83%84');
});
