import { describe, expect, it } from 'vitest';
import { extractUserAgent, isValidUserAgentToObey, productToken } from './user-agent.js';

describe('ID_VerifyValidUserAgentsToObey (Google robots_test.cc)', () => {
  it.each(['Foobot', 'Foobot-Bar', 'Foo_Bar'])('accepts %j', (ua) => {
    expect(isValidUserAgentToObey(ua)).toBe(true);
  });
  it.each([undefined, '', 'ツ', 'Foobot*', ' Foobot ', 'Foobot/2.1', 'Foobot Bar'])('rejects %j', (ua) => {
    expect(isValidUserAgentToObey(ua)).toBe(false);
  });
});

describe('product tokens', () => {
  it('keeps the [a-zA-Z_-] prefix of a user-agent line', () => {
    expect(extractUserAgent('Googlebot-News/2.1')).toBe('Googlebot-News');
    expect(extractUserAgent('Foo Bar')).toBe('Foo');
  });
  it('reduces an HTTP User-Agent header to its product name', () => {
    expect(productToken('WinnowBot/1.0 (+https://example.org/bot)')).toBe('WinnowBot');
    // Google's matcher compares other values verbatim: "Foo Bar" is not "Foo".
    expect(productToken('Foo Bar')).toBe('Foo Bar');
    expect(productToken('FooBot')).toBe('FooBot');
  });
});
