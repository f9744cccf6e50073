// Every IsUserAgentAllowed expectation of Google's robots_test.cc
// (github.com/google/robotstxt), as data: the unit tests run them against
// isAllowed and bench/compare-robots-parser.ts runs them against a peer.
// Tests of other functions of that suite live beside those functions.

export interface GoogleCase {
  test: string;
  robotsTxt: string;
  userAgent: string;
  url: string;
  allowed: boolean;
}

type Expectation = readonly [userAgent: string, url: string, allowed: boolean];

const cases: GoogleCase[] = [];

function expectAll(test: string, robotsTxt: string, expectations: readonly Expectation[]): void {
  for (const [userAgent, url, allowed] of expectations) cases.push({ test, robotsTxt, userAgent, url, allowed });
}

const fooBotDisallowAll = 'user-agent: FooBot\ndisallow: /\n';
expectAll('GoogleOnly_SystemTest', '', [['FooBot', '', true]]);
expectAll('GoogleOnly_SystemTest', fooBotDisallowAll, [
  ['', '', true],
  ['FooBot', '', false],
]);
expectAll('GoogleOnly_SystemTest', '', [['', '', true]]);

expectAll('ID_LineSyntax_Line', fooBotDisallowAll, [['FooBot', 'http://foo.bar/x/y', false]]);
expectAll('ID_LineSyntax_Line', 'foo: FooBot\nbar: /\n', [['FooBot', 'http://foo.bar/x/y', true]]);
expectAll('ID_LineSyntax_Line', 'user-agent FooBot\ndisallow /\n', [['FooBot', 'http://foo.bar/x/y', false]]);

expectAll(
  'ID_LineSyntax_Groups',
  'allow: /foo/bar/\n\nuser-agent: FooBot\ndisallow: /\nallow: /x/\nuser-agent: BarBot\ndisallow: /\nallow: /y/\n\n\n' +
    'allow: /w/\nuser-agent: BazBot\n\nuser-agent: FooBot\nallow: /z/\ndisallow: /\n',
  [
    ['FooBot', 'http://foo.bar/x/b', true],
    ['FooBot', 'http://foo.bar/z/d', true],
    ['FooBot', 'http://foo.bar/y/c', false],
    ['BarBot', 'http://foo.bar/y/c', true],
    ['BarBot', 'http://foo.bar/w/a', true],
    ['BarBot', 'http://foo.bar/z/d', false],
    ['BazBot', 'http://foo.bar/z/d', true],
    ['FooBot', 'http://foo.bar/foo/bar/', false],
    ['BarBot', 'http://foo.bar/foo/bar/', false],
    ['BazBot', 'http://foo.bar/foo/bar/', false],
  ],
);

expectAll('ID_LineSyntax_Groups_OtherRules', 'User-agent: BarBot\nSitemap: https://foo.bar/sitemap\nUser-agent: *\nDisallow: /\n', [
  ['FooBot', 'http://foo.bar/', false],
  ['BarBot', 'http://foo.bar/', false],
]);
expectAll('ID_LineSyntax_Groups_OtherRules', 'User-agent: FooBot\nInvalid-Unknown-Line: unknown\nUser-agent: *\nDisallow: /\n', [
  ['FooBot', 'http://foo.bar/', false],
  ['BarBot', 'http://foo.bar/', false],
]);

for (const robotsTxt of [
  'USER-AGENT: FooBot\nALLOW: /x/\nDISALLOW: /\n',
  'user-agent: FooBot\nallow: /x/\ndisallow: /\n',
  'uSeR-aGeNt: FooBot\nAlLoW: /x/\ndIsAlLoW: /\n',
]) {
  expectAll('ID_REPLineNamesCaseInsensitive', robotsTxt, [
    ['FooBot', 'http://foo.bar/x/y', true],
    ['FooBot', 'http://foo.bar/a/b', false],
  ]);
}

for (const agentLine of ['FOO BAR', 'foo bar', 'FoO bAr']) {
  expectAll('ID_UserAgentValueCaseInsensitive', `User-Agent: ${agentLine}\nAllow: /x/\nDisallow: /\n`, [
    ['Foo', 'http://foo.bar/x/y', true],
    ['Foo', 'http://foo.bar/a/b', false],
    ['foo', 'http://foo.bar/x/y', true],
    ['foo', 'http://foo.bar/a/b', false],
  ]);
}

expectAll('GoogleOnly_AcceptUserAgentUpToFirstSpace', 'User-Agent: *\nDisallow: /\nUser-Agent: Foo Bar\nAllow: /x/\nDisallow: /\n', [
  ['Foo', 'http://foo.bar/x/y', true],
  ['Foo Bar', 'http://foo.bar/x/y', false],
]);

expectAll('ID_GlobalGroups_Secondary', '', [['FooBot', 'http://foo.bar/x/y', true]]);
expectAll('ID_GlobalGroups_Secondary', 'user-agent: *\nallow: /\nuser-agent: FooBot\ndisallow: /\n', [
  ['FooBot', 'http://foo.bar/x/y', false],
  ['BarBot', 'http://foo.bar/x/y', true],
]);
expectAll(
  'ID_GlobalGroups_Secondary',
  'user-agent: FooBot\nallow: /\nuser-agent: BarBot\ndisallow: /\nuser-agent: BazBot\ndisallow: /\n',
  [['QuxBot', 'http://foo.bar/x/y', true]],
);

expectAll('ID_AllowDisallow_Value_CaseSensitive', 'user-agent: FooBot\ndisallow: /x/\n', [['FooBot', 'http://foo.bar/x/y', false]]);
expectAll('ID_AllowDisallow_Value_CaseSensitive', 'user-agent: FooBot\ndisallow: /X/\n', [['FooBot', 'http://foo.bar/x/y', true]]);

const page = 'http://foo.bar/x/page.html';
expectAll('ID_LongestMatch', 'user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/\n', [['FooBot', page, false]]);
expectAll('ID_LongestMatch', 'user-agent: FooBot\nallow: /x/page.html\ndisallow: /x/\n', [
  ['FooBot', page, true],
  ['FooBot', 'http://foo.bar/x/', false],
]);
expectAll('ID_LongestMatch', 'user-agent: FooBot\ndisallow: \nallow: \n', [['FooBot', page, true]]);
expectAll('ID_LongestMatch', 'user-agent: FooBot\ndisallow: /\nallow: /\n', [['FooBot', page, true]]);
expectAll('ID_LongestMatch', 'user-agent: FooBot\ndisallow: /x\nallow: /x/\n', [
  ['FooBot', 'http://foo.bar/x', false],
  ['FooBot', 'http://foo.bar/x/', true],
]);
expectAll('ID_LongestMatch', 'user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/page.html\n', [['FooBot', page, true]]);
expectAll('ID_LongestMatch', 'user-agent: FooBot\nallow: /page\ndisallow: /*.html\n', [
  ['FooBot', 'http://foo.bar/page.html', false],
  ['FooBot', 'http://foo.bar/page', true],
]);
expectAll('ID_LongestMatch', 'user-agent: FooBot\nallow: /x/page.\ndisallow: /*.html\n', [
  ['FooBot', page, true],
  ['FooBot', 'http://foo.bar/x/y.html', false],
]);
expectAll('ID_LongestMatch', 'User-agent: *\nDisallow: /x/\nUser-agent: FooBot\nDisallow: /y/\n', [
  ['FooBot', 'http://foo.bar/x/page', true],
  ['FooBot', 'http://foo.bar/y/page', false],
]);

expectAll('ID_Encoding', 'User-agent: FooBot\nDisallow: /\nAllow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par\n', [
  ['FooBot', 'http://foo.bar/foo/bar?qux=taz&baz=http://foo.bar?tar&par', true],
]);
expectAll('ID_Encoding', 'User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/ツ\n', [
  ['FooBot', 'http://foo.bar/foo/bar/%E3%83%84', true],
  // The rule is encoded, but the URL is not: the caller must pass it escaped.
  ['FooBot', 'http://foo.bar/foo/bar/ツ', false],
]);
expectAll('ID_Encoding', 'User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%E3%83%84\n', [
  ['FooBot', 'http://foo.bar/foo/bar/%E3%83%84', true],
  ['FooBot', 'http://foo.bar/foo/bar/ツ', false],
]);
expectAll('ID_Encoding', 'User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%62%61%7A\n', [
  ['FooBot', 'http://foo.bar/foo/bar/baz', false],
  ['FooBot', 'http://foo.bar/foo/bar/%62%61%7A', true],
]);

expectAll('ID_SpecialCharacters', 'User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n', [
  ['FooBot', 'http://foo.bar/foo/bar/quz', false],
  ['FooBot', 'http://foo.bar/foo/quz', true],
  ['FooBot', 'http://foo.bar/foo//quz', true],
  ['FooBot', 'http://foo.bar/foo/bax/quz', true],
]);
expectAll('ID_SpecialCharacters', 'User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n', [
  ['FooBot', 'http://foo.bar/foo/bar', false],
  ['FooBot', 'http://foo.bar/foo/bar/qux', true],
  ['FooBot', 'http://foo.bar/foo/bar/', true],
  ['FooBot', 'http://foo.bar/foo/bar/baz', true],
]);
expectAll('ID_SpecialCharacters', 'User-agent: FooBot\n# Disallow: /\nDisallow: /foo/quz#qux\nAllow: /\n', [
  ['FooBot', 'http://foo.bar/foo/bar', true],
  ['FooBot', 'http://foo.bar/foo/quz', false],
]);

expectAll('GoogleOnly_IndexHTMLisDirectory', 'User-Agent: *\nAllow: /allowed-slash/index.html\nDisallow: /\n', [
  ['foobot', 'http://foo.com/allowed-slash/', true],
  ['foobot', 'http://foo.com/allowed-slash/index.htm', false],
  ['foobot', 'http://foo.com/allowed-slash/index.html', true],
  ['foobot', 'http://foo.com/anyother-url', false],
]);

// GoogleOnly_LineTooLong: lines are cut after 8 * 2083 octets.
{
  const maxLineLen = 2083 * 8;
  const eolLen = 1;
  const disallowLine = '/x/'.padEnd(maxLineLen - 'disallow: '.length + eolLen, 'a');
  expectAll('GoogleOnly_LineTooLong', `user-agent: FooBot\ndisallow: ${disallowLine}/qux\n`, [
    ['FooBot', 'http://foo.bar/fux', true],
    ['FooBot', `http://foo.bar${disallowLine}/fux`, false],
  ]);
  const length = maxLineLen - 'allow: '.length + eolLen;
  const lineA = '/x/'.padEnd(length, 'a');
  const lineB = '/x/'.padEnd(length, 'b');
  expectAll('GoogleOnly_LineTooLong', `user-agent: FooBot\ndisallow: /\nallow: ${lineA}/qux\nallow: ${lineB}/qux\n`, [
    ['FooBot', 'http://foo.bar/', false],
    ['FooBot', `http://foo.bar${lineA}/qux`, true],
    ['FooBot', `http://foo.bar${lineB}/fux`, true],
  ]);
}

const docs = 'GoogleOnly_DocumentationChecks';
const fishCommon: Expectation[] = [
  ['FooBot', 'http://foo.bar/bar', false],
  ['FooBot', 'http://foo.bar/fish', true],
  ['FooBot', 'http://foo.bar/fish.html', true],
  ['FooBot', 'http://foo.bar/fish/salmon.html', true],
  ['FooBot', 'http://foo.bar/fishheads', true],
  ['FooBot', 'http://foo.bar/fishheads/yummy.html', true],
  ['FooBot', 'http://foo.bar/fish.html?id=anything', true],
  ['FooBot', 'http://foo.bar/catfish', false],
  ['FooBot', 'http://foo.bar/?id=fish', false],
];
expectAll(docs, 'user-agent: FooBot\ndisallow: /\nallow: /fish\n', [...fishCommon, ['FooBot', 'http://foo.bar/Fish.asp', false]]);
expectAll(docs, 'user-agent: FooBot\ndisallow: /\nallow: /fish*\n', [...fishCommon, ['FooBot', 'http://foo.bar/Fish.bar', false]]);
expectAll(docs, 'user-agent: FooBot\ndisallow: /\nallow: /fish/\n', [
  ['FooBot', 'http://foo.bar/bar', false],
  ['FooBot', 'http://foo.bar/fish/', true],
  ['FooBot', 'http://foo.bar/fish/salmon', true],
  ['FooBot', 'http://foo.bar/fish/?salmon', true],
  ['FooBot', 'http://foo.bar/fish/salmon.html', true],
  ['FooBot', 'http://foo.bar/fish/?id=anything', true],
  ['FooBot', 'http://foo.bar/fish', false],
  ['FooBot', 'http://foo.bar/fish.html', false],
  ['FooBot', 'http://foo.bar/Fish/Salmon.html', false],
]);
expectAll(docs, 'user-agent: FooBot\ndisallow: /\nallow: /*.php\n', [
  ['FooBot', 'http://foo.bar/bar', false],
  ['FooBot', 'http://foo.bar/filename.php', true],
  ['FooBot', 'http://foo.bar/folder/filename.php', true],
  ['FooBot', 'http://foo.bar/folder/filename.php?parameters', true],
  ['FooBot', 'http://foo.bar//folder/any.php.file.html', true],
  ['FooBot', 'http://foo.bar/filename.php/', true],
  ['FooBot', 'http://foo.bar/index?f=filename.php/', true],
  ['FooBot', 'http://foo.bar/php/', false],
  ['FooBot', 'http://foo.bar/index?php', false],
  ['FooBot', 'http://foo.bar/windows.PHP', false],
]);
expectAll(docs, 'user-agent: FooBot\ndisallow: /\nallow: /*.php$\n', [
  ['FooBot', 'http://foo.bar/bar', false],
  ['FooBot', 'http://foo.bar/filename.php', true],
  ['FooBot', 'http://foo.bar/folder/filename.php', true],
  ['FooBot', 'http://foo.bar/filename.php?parameters', false],
  ['FooBot', 'http://foo.bar/filename.php/', false],
  ['FooBot', 'http://foo.bar/filename.php5', false],
  ['FooBot', 'http://foo.bar/php/', false],
  ['FooBot', 'http://foo.bar/filename?php', false],
  ['FooBot', 'http://foo.bar/aaaphpaaa', false],
  ['FooBot', 'http://foo.bar//windows.PHP', false],
]);
expectAll(docs, 'user-agent: FooBot\ndisallow: /\nallow: /fish*.php\n', [
  ['FooBot', 'http://foo.bar/bar', false],
  ['FooBot', 'http://foo.bar/fish.php', true],
  ['FooBot', 'http://foo.bar/fishheads/catfish.php?parameters', true],
  ['FooBot', 'http://foo.bar/Fish.PHP', false],
]);
// Section "Order of precedence for group-member records".
expectAll(docs, 'user-agent: FooBot\nallow: /p\ndisallow: /\n', [['FooBot', 'http://example.com/page', true]]);
expectAll(docs, 'user-agent: FooBot\nallow: /folder\ndisallow: /folder\n', [['FooBot', 'http://example.com/folder/page', true]]);
expectAll(docs, 'user-agent: FooBot\nallow: /page\ndisallow: /*.htm\n', [['FooBot', 'http://example.com/page.htm', false]]);
expectAll(docs, 'user-agent: FooBot\nallow: /$\ndisallow: /\n', [
  ['FooBot', 'http://example.com/', true],
  ['FooBot', 'http://example.com/page.html', false],
]);

export const googleCases: readonly GoogleCase[] = cases;
