// Ports of the RobotsStatsReporter tests of Google's robots_test.cc, plus the 500 KiB limit.
import { describe, expect, it } from 'vitest';
import { MAX_ROBOTS_BYTES, parseRobotsTxt, type RobotsParseHandler } from './parse-robots-txt.js';

class StatsReporter implements RobotsParseHandler {
  lastLineSeen = 0;
  validDirectives = 0;
  unknownDirectives = 0;
  sitemap = '';
  handleRobotsStart(): void {
    this.lastLineSeen = 0;
    this.validDirectives = 0;
    this.unknownDirectives = 0;
    this.sitemap = '';
  }
  handleUserAgent(line: number): void {
    this.digest(line);
  }
  handleAllow(line: number): void {
    this.digest(line);
  }
  handleDisallow(line: number): void {
    this.digest(line);
  }
  handleSitemap(line: number, value: string): void {
    this.digest(line);
    this.sitemap += value;
  }
  handleUnknownAction(line: number): void {
    this.lastLineSeen = line;
    this.unknownDirectives++;
  }
  private digest(line: number): void {
    expect(line).toBeGreaterThanOrEqual(this.lastLineSeen);
    this.lastLineSeen = line;
    this.validDirectives++;
  }
}

function report(body: string | Uint8Array): StatsReporter {
  const reporter = new StatsReporter();
  parseRobotsTxt(body, reporter);
  return reporter;
}

const bytes = (...parts: Array<number[] | string>): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('ID_LinesNumbersAreCountedCorrectly: CR, LF and CRLF all end a line', () => {
  it.each([
    ['unix', 'User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /\n'],
    ['dos', 'User-Agent: foo\r\nAllow: /some/path\r\nUser-Agent: bar\r\n\r\n\r\nDisallow: /\r\n'],
    ['mac', 'User-Agent: foo\rAllow: /some/path\rUser-Agent: bar\r\r\rDisallow: /\r'],
    ['no final newline', 'User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /'],
    ['mixed', 'User-Agent: foo\nAllow: /some/path\r\nUser-Agent: bar\n\r\n\nDisallow: /'],
  ])('%s file', (_name, body) => {
    const r = report(body);
    expect(r.validDirectives).toBe(4);
    expect(r.lastLineSeen).toBe(6);
  });
});

describe('ID_UTF8ByteOrderMarkIsSkipped', () => {
  const rest = 'User-Agent: foo\nAllow: /AnyValue\n';
  it.each([
    ['full BOM', [0xef, 0xbb, 0xbf], 2, 0],
    ['partial BOM (2 octets)', [0xef, 0xbb], 2, 0],
    ['partial BOM (1 octet)', [0xef], 2, 0],
    ['broken BOM: the first line is garbage', [0xef, 0x11, 0xbf], 1, 1],
  ])('%s', (_name, prefix, valid, unknown) => {
    const asBytes = report(bytes(prefix, rest));
    expect([asBytes.validDirectives, asBytes.unknownDirectives]).toEqual([valid, unknown]);
    // The same body handed over as a string decoded byte for byte.
    const asLatin1 = report(String.fromCharCode(...prefix) + rest);
    expect([asLatin1.validDirectives, asLatin1.unknownDirectives]).toEqual([valid, unknown]);
  });

  it('skips a BOM decoded to U+FEFF', () => {
    const r = report('\ufeff' + rest);
    expect([r.validDirectives, r.unknownDirectives]).toEqual([2, 0]);
  });

  it('treats a BOM in the middle of the file as garbage', () => {
    const r = report(bytes('User-Agent: foo\n', [0xef, 0xbb, 0xbf], 'Allow: /AnyValue\n'));
    expect([r.validDirectives, r.unknownDirectives]).toEqual([1, 1]);
  });
});

describe('ID_NonStandardLineExample_Sitemap', () => {
  const loc = 'http://foo.bar/sitemap.xml';
  const groups = 'User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\n';
  it('reads a Sitemap line after the groups', () => {
    expect(report(`${groups}Sitemap: ${loc}\n`).sitemap).toBe(loc);
  });
  it('reads a Sitemap line anywhere in the file', () => {
    expect(report(`Sitemap: ${loc}\n${groups}`).sitemap).toBe(loc);
  });
});

describe('size limit', () => {
  it('ignores everything past 500 KiB', () => {
    const padding = `# ${'x'.repeat(MAX_ROBOTS_BYTES)}\n`;
    const r = report(`User-agent: *\n${padding}Disallow: /\n`);
    expect(r.validDirectives).toBe(1);
  });
  it('reads a rule that ends just inside the limit', () => {
    const rule = 'Disallow: /\n';
    const head = 'User-agent: *\n';
    const padding = `#${'x'.repeat(MAX_ROBOTS_BYTES - head.length - rule.length - 2)}\n`;
    const r = report(head + padding + rule);
    expect(r.validDirectives).toBe(2);
  });
});
