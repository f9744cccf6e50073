import { expect, it } from 'vitest';
import { robotsTxtUrlFor } from './robots-txt-url.js';

it.each([
  ['https://Example.com/a/b?c=d#e', 'https://example.com/robots.txt'],
  ['http://example.com:8080/x', 'http://example.com:8080/robots.txt'],
  ['https://user:pw@example.com:443/x', 'https://example.com/robots.txt'],
])('%s -> %s', (url, robots) => {
  expect(robotsTxtUrlFor(url)).toBe(robots);
});
