import { expect, it } from 'vitest';
import { patternMatches } from './pattern-match.js';

it.each([
  ['/fish', '/fish', true],
  ['/fish/salmon', '/fish', true],
  ['/Fish', '/fish', false],
  ['/fish', '/fish$', true],
  ['/fish/', '/fish$', false],
  ['/a$b', '/a$b', true],
  ['/a$b/c', '/a$b', true],
  ['/a', '/a$b', false],
  ['/x/y.php', '/*.php$', true],
  ['/x/y.php5', '/*.php$', false],
  ['/', '', true],
  ['/anything', '*', true],
  ['/a/b/c', '/a/*/c', true],
  ['/a/c', '/a/*/c', false],
  ['/a$', '/a$$', true],
])('%j against %j: %s', (path, pattern, expected) => {
  expect(patternMatches(path, pattern)).toBe(expected);
});
