import { describe, expect, it } from 'vitest';
import { googleCases } from '../testing/google-cases.js';
import { isAllowed, parseRobots } from './is-allowed.js';

describe('Google robots_test.cc: IsUserAgentAllowed expectations', () => {
  it('holds every case of the suite', () => {
    expect(googleCases.length).toBe(145);
  });

  it.each(googleCases.map((c, i) => [i, c.test, c.userAgent, c.url.slice(0, 80), c] as const))(
    '#%i %s: %s %s',
    (_i, _test, _ua, _url, c) => {
      expect(isAllowed(c.robotsTxt, c.userAgent, c.url)).toBe(c.allowed);
      // The parsed form answers the same.
      expect(parseRobots(c.robotsTxt).isAllowed(c.userAgent, c.url)).toBe(c.allowed);
    },
  );
});
