// Port of RobotsTxtParser from Google's robots.cc: splits a robots.txt body into
// lines and emits typed key/value pairs to a handler. Works on octets, like the
// original, so line limits and the BOM are measured in bytes.
import { maybeEscapePattern } from './escape-pattern.js';

/** Google ignores the octets of a line past 8 * 2083 (a browser's URL limit, with room to spare). */
const MAX_LINE_BYTES = 2083 * 8 - 1;

/** RFC 9309 section 2.5 and Google: content past 500 KiB is ignored. */
export const MAX_ROBOTS_BYTES = 500 * 1024;

export interface RobotsParseHandler {
  handleRobotsStart?(): void;
  handleRobotsEnd?(): void;
  handleUserAgent(line: number, value: string): void;
  handleAllow(line: number, value: string): void;
  handleDisallow(line: number, value: string): void;
  handleSitemap(line: number, value: string): void;
  /** Any other "key: value" line, such as Crawl-delay; `action` is the key as written. */
  handleUnknownAction(line: number, action: string, value: string): void;
}

type KeyType = 'user-agent' | 'allow' | 'disallow' | 'sitemap' | 'unknown';

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

// The misspellings Google accepts (kAllowFrequentTypos in robots.cc), matched as
// case-insensitive prefixes of the key. There are none for "allow".
const USER_AGENT_KEYS = ['user-agent', 'useragent', 'user agent'];
const ALLOW_KEYS = ['allow'];
const DISALLOW_KEYS = ['disallow', 'dissallow', 'dissalow', 'disalow', 'diasllow', 'disallaw'];
const SITEMAP_KEYS = ['sitemap', 'site-map'];

function startsWithAny(keyLower: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => keyLower.startsWith(p));
}

function parseKey(key: string): KeyType {
  const k = key.toLowerCase();
  if (startsWithAny(k, USER_AGENT_KEYS)) return 'user-agent';
  if (startsWithAny(k, ALLOW_KEYS)) return 'allow';
  if (startsWithAny(k, DISALLOW_KEYS)) return 'disallow';
  if (startsWithAny(k, SITEMAP_KEYS)) return 'sitemap';
  return 'unknown';
}

/**
 * A string body starts with U+FEFF when its BOM was decoded as UTF-8 (encoding it
 * again gives the BOM's octets back), or with "\xEF\xBB\xBF" when it was decoded
 * byte for byte as Latin-1: those characters are turned back into the octets the
 * byte parser skips.
 */
function stringToBytes(body: string): Uint8Array {
  let n = 0;
  while (n < UTF8_BOM.length && body.charCodeAt(n) === UTF8_BOM[n]) n++;
  if (n === 0) return encoder.encode(body);
  const rest = encoder.encode(body.slice(n));
  const out = new Uint8Array(n + rest.length);
  out.set(UTF8_BOM.slice(0, n));
  out.set(rest, n);
  return out;
}

/** The body as octets, cut at MAX_ROBOTS_BYTES. */
function robotsBytes(body: string | Uint8Array): Uint8Array {
  const bytes = typeof body === 'string' ? stringToBytes(body) : body;
  return bytes.length > MAX_ROBOTS_BYTES ? bytes.subarray(0, MAX_ROBOTS_BYTES) : bytes;
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isBlank(c: number | undefined): boolean {
  return c === 0x20 || c === 0x09;
}

/** Index of `byte` in bytes[from, to), or -1. */
function find(bytes: Uint8Array, byte: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i] === byte) return i;
  return -1;
}

/** The octets as text: ASCII directly, anything else decoded as UTF-8. */
function text(bytes: Uint8Array, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const c = bytes[i]!;
    if (c & 0x80) return decoder.decode(bytes.subarray(from, to));
    out += String.fromCharCode(c);
  }
  return out;
}

/** [keyStart, keyEnd, valueStart, valueEnd] of a line (Google's GetKeyAndValueFrom), or null without a directive. */
function keyAndValue(bytes: Uint8Array, from: number, to: number): [number, number, number, number] | null {
  // The C original stops at a NUL octet; a comment runs to the end of the line.
  const nul = find(bytes, 0, from, to);
  if (nul !== -1) to = nul;
  const comment = find(bytes, 0x23 /* # */, from, to);
  if (comment !== -1) to = comment;
  while (from < to && isSpace(bytes[from]!)) from++;
  while (to > from && isSpace(bytes[to - 1]!)) to--;

  let sep = find(bytes, 0x3a /* : */, from, to);
  if (sep === -1) {
    // Google: a missing colon is accepted when the line is exactly two words ("disallow /").
    for (let i = from; i < to && sep === -1; i++) if (isBlank(bytes[i])) sep = i;
    if (sep !== -1) {
      let val = sep;
      while (val < to && isBlank(bytes[val])) val++;
      for (let i = val; i < to; i++) if (isBlank(bytes[i])) return null;
    }
  }
  if (sep === -1) return null;
  let keyEnd = sep;
  while (keyEnd > from && isSpace(bytes[keyEnd - 1]!)) keyEnd--;
  if (keyEnd === from) return null;
  let valueStart = sep + 1;
  while (valueStart < to && isSpace(bytes[valueStart]!)) valueStart++;
  return [from, keyEnd, valueStart, to];
}

function emitLine(lineNum: number, bytes: Uint8Array, from: number, to: number, handler: RobotsParseHandler): void {
  const kv = keyAndValue(bytes, from, to);
  if (!kv) return;
  const [keyStart, keyEnd, valueStart, valueEnd] = kv;
  let key = '';
  for (let i = keyStart; i < keyEnd; i++) key += String.fromCharCode(bytes[i]!);
  switch (parseKey(key)) {
    case 'user-agent':
      handler.handleUserAgent(lineNum, text(bytes, valueStart, valueEnd));
      break;
    case 'allow':
      handler.handleAllow(lineNum, maybeEscapePattern(bytes, valueStart, valueEnd));
      break;
    case 'disallow':
      handler.handleDisallow(lineNum, maybeEscapePattern(bytes, valueStart, valueEnd));
      break;
    case 'sitemap':
      handler.handleSitemap(lineNum, text(bytes, valueStart, valueEnd));
      break;
    case 'unknown':
      handler.handleUnknownAction(lineNum, key, maybeEscapePattern(bytes, valueStart, valueEnd));
      break;
  }
}

/**
 * Parses a robots.txt body (UTF-8 octets or a string) and reports every
 * directive with its 1-based line number. CR, LF and CRLF all end a line; a
 * (possibly partial) UTF-8 BOM at the start is skipped; each line keeps at most
 * MAX_LINE_BYTES octets; octets past MAX_ROBOTS_BYTES are ignored.
 */
export function parseRobotsTxt(body: string | Uint8Array, handler: RobotsParseHandler): void {
  const bytes = robotsBytes(body);
  let lineNum = 0;
  let bomPos = 0;
  let lastWasCarriageReturn = false;
  let lineStart = 0;
  let lineLen = 0;
  handler.handleRobotsStart?.();
  for (let i = 0; i < bytes.length; i++) {
    const ch = bytes[i]!;
    if (bomPos < UTF8_BOM.length && ch === UTF8_BOM[bomPos++]) continue;
    bomPos = UTF8_BOM.length;
    if (ch !== 0x0a && ch !== 0x0d) {
      if (lineLen === 0) lineStart = i;
      if (lineLen < MAX_LINE_BYTES) lineLen++;
    } else {
      // The LF of a CRLF pair does not end another (empty) line.
      const isCrlfContinuation = lineLen === 0 && lastWasCarriageReturn && ch === 0x0a;
      if (!isCrlfContinuation) emitLine(++lineNum, bytes, lineStart, lineStart + lineLen, handler);
      lineLen = 0;
      lastWasCarriageReturn = ch === 0x0d;
    }
  }
  emitLine(lineNum + 1, bytes, lineStart, lineStart + lineLen, handler);
  handler.handleRobotsEnd?.();
}
