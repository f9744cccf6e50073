import { describe, expect, it } from 'vitest';
import { isAllowed, parseRobots } from './is-allowed.js';
import { MAX_ROBOTS_BYTES } from './parse-robots-txt.js';

const url = 'https://example.com/private/page';

describe('misspelled keys Google accepts', () => {
  it.each(['useragent', 'user agent', 'User-Agent', 'USERAGENT'])('%s starts a group', (key) => {
    expect(isAllowed(`${key}: FooBot\ndisallow: /private\n`, 'FooBot', url)).toBe(false);
  });
  it.each(['disallow', 'dissallow', 'dissalow', 'disalow', 'diasllow', 'disallaw', 'DISALOW'])('%s disallows', (key) => {
    expect(isAllowed(`user-agent: FooBot\n${key}: /private\n`, 'FooBot', url)).toBe(false);
  });
  it.each(['dissalow', 'disalloww', 'Disallows'])('prefix match: %s', (key) => {
    expect(isAllowed(`user-agent: FooBot\n${key}: /private\n`, 'FooBot', url)).toBe(false);
  });
  it.each(['disallo', 'dsallow', 'alow'])('an unknown key %s is ignored', (key) => {
    expect(isAllowed(`user-agent: FooBot\n${key}: /private\n`, 'FooBot', url)).toBe(true);
  });
  it('reads site-map as Sitemap', () => {
    expect(parseRobots('site-map: https://example.com/s.xml\n').sitemaps).toEqual(['https://example.com/s.xml']);
  });
});

describe('groups', () => {
  it('merges every group naming the same agent', () => {
    const txt = 'User-agent: FooBot\nDisallow: /a\n\nUser-agent: BarBot\nDisallow: /\n\nUser-agent: foobot\nDisallow: /b\n';
    expect(isAllowed(txt, 'FooBot', 'https://x.test/a')).toBe(false);
    expect(isAllowed(txt, 'FooBot', 'https://x.test/b')).toBe(false);
    expect(isAllowed(txt, 'FooBot', 'https://x.test/c')).toBe(true);
  });
  it('lets a group name several agents', () => {
    const txt = 'User-agent: FooBot\nUser-agent: BarBot\nDisallow: /\n';
    expect(isAllowed(txt, 'BarBot', url)).toBe(false);
    expect(isAllowed(txt, 'BazBot', url)).toBe(true);
  });
  it('reads "* something" as the global agent', () => {
    expect(isAllowed('User-agent: * # everyone\nDisallow: /\n', 'FooBot', url)).toBe(false);
    expect(isAllowed('User-agent: * Foo\nDisallow: /\n', 'FooBot', url)).toBe(false);
  });
  it('matches the product name of a full User-Agent header', () => {
    const txt = 'User-agent: *\nDisallow: /\nUser-agent: WinnowBot\nAllow: /\n';
    expect(isAllowed(txt, 'WinnowBot/1.0 (+https://winnow.example/bot)', url)).toBe(true);
    expect(isAllowed(txt, 'OtherBot/1.0', url)).toBe(false);
  });
  it('accepts several agents, the most specific groups applying', () => {
    const robots = parseRobots('User-agent: news-bot\nDisallow: /bar/\n\nUser-agent: *\nDisallow: /\n');
    expect(robots.isAllowed(['FooBot', 'news-bot'], 'https://x.test/bar/1')).toBe(false);
    expect(robots.isAllowed(['FooBot', 'news-bot'], 'https://x.test/qux')).toBe(true);
  });
});

describe('matching', () => {
  it('allows "index.htm" as its directory too', () => {
    const txt = 'User-agent: *\nDisallow: /\nAllow: /dir/index.htm\n';
    expect(isAllowed(txt, 'FooBot', 'https://x.test/dir/')).toBe(true);
    expect(isAllowed(txt, 'FooBot', 'https://x.test/dir/index.htm')).toBe(true);
    expect(isAllowed(txt, 'FooBot', 'https://x.test/dir/other')).toBe(false);
  });
  it('compares percent-escapes case-insensitively by upper-casing the rule', () => {
    expect(isAllowed('User-agent: *\nDisallow: /a%2fb\n', 'FooBot', 'https://x.test/a%2Fb')).toBe(false);
  });
  it('keeps $ literal when it is not last', () => {
    const txt = 'User-agent: *\nDisallow: /a$b\n';
    expect(isAllowed(txt, 'FooBot', 'https://x.test/a$b')).toBe(false);
    expect(isAllowed(txt, 'FooBot', 'https://x.test/a')).toBe(true);
  });
  it('survives a pathological pattern quickly', () => {
    const txt = `User-agent: *\nDisallow: /${'*a'.repeat(500)}$\n`;
    expect(isAllowed(txt, 'FooBot', `https://x.test/${'a'.repeat(2000)}b`)).toBe(true);
  });
});

describe('line endings, BOM and size', () => {
  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('reads %s line endings', (_name, eol) => {
    const txt = ['User-agent: FooBot', 'Disallow: /private', 'Allow: /private/page'].join(eol);
    expect(isAllowed(txt, 'FooBot', url)).toBe(true);
    expect(isAllowed(txt, 'FooBot', 'https://example.com/private/other')).toBe(false);
  });
  it('skips a BOM given as octets or as U+FEFF', () => {
    const body = 'User-agent: FooBot\nDisallow: /\n';
    expect(isAllowed('\ufeff' + body, 'FooBot', url)).toBe(false);
    expect(isAllowed(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(body)]), 'FooBot', url)).toBe(false);
  });
  it('ignores rules past 500 KiB', () => {
    const padding = `# ${'x'.repeat(MAX_ROBOTS_BYTES)}\n`;
    expect(isAllowed(`User-agent: *\n${padding}Disallow: /\n`, 'FooBot', url)).toBe(true);
    expect(isAllowed(`User-agent: *\nDisallow: /\n${padding}Allow: /\n`, 'FooBot', url)).toBe(false);
  });
});

describe('Crawl-delay and Sitemap', () => {
  const txt = [
    'Sitemap: https://example.com/a.xml',
    'User-agent: *',
    'Crawl-delay: 10',
    'Disallow: /tmp',
    '',
    'User-agent: FooBot',
    'Crawl-delay: 2.5',
    'Disallow: /private',
    '',
    'User-agent: BarBot',
    'Disallow: /',
    'sitemap: https://example.com/b.xml.gz # trailing comment',
    'Sitemap: https://example.com/a.xml',
  ].join('\n');
  const robots = parseRobots(txt);

  it('gives the delay of the agent group, else of the global group', () => {
    expect(robots.crawlDelay('FooBot')).toBe(2.5);
    expect(robots.crawlDelay('QuxBot')).toBe(10);
  });
  it('does not fall back to the global delay when the agent has its own group', () => {
    expect(robots.crawlDelay('BarBot')).toBeNull();
  });
  it('ignores invalid values and accepts the crawldelay spelling', () => {
    expect(parseRobots('User-agent: *\nCrawl-delay: soon\n').crawlDelay('FooBot')).toBeNull();
    expect(parseRobots('User-agent: *\nCrawl-delay: -5\n').crawlDelay('FooBot')).toBeNull();
    expect(parseRobots('User-agent: *\ncrawldelay: 3\n').crawlDelay('FooBot')).toBe(3);
  });
  it('does not end a group at Crawl-delay', () => {
    const r = parseRobots('User-agent: FooBot\nCrawl-delay: 10\nUser-agent: *\nDisallow: /\n');
    expect(r.isAllowed('FooBot', url)).toBe(false);
    expect(r.crawlDelay('BarBot')).toBe(10);
  });
  it('lists every sitemap once, in order, wherever it appears', () => {
    expect(robots.sitemaps).toEqual(['https://example.com/a.xml', 'https://example.com/b.xml.gz']);
  });
});
