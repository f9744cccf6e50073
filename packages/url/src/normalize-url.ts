// One canonical string per page: every variant a crawler meets (case, default
// port, dot segments, escape case, fragment, tracking parameters, parameter
// order) normalizes to the same URL, so it is fetched once and has one docId.
import { isTrackingParam } from './tracking-params.js';
import { UrlError } from './url-error.js';

export { UrlError } from './url-error.js';

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Upper-cases the hex of every %XX escape and decodes those of unreserved characters (RFC 3986 6.2.2). */
function normalizePercentEncoding(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Drops empty and tracking parameters and sorts the rest by name, keeping the order of repeated names. */
function normalizeQuery(search: string): string {
  const params = search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair.length > 0)
    .map(normalizePercentEncoding)
    .map((pair) => ({ pair, name: pair.split('=', 1)[0]! }))
    .filter(({ name }) => !isTrackingParam(safeDecode(name)));
  params.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return params.length === 0 ? '' : `?${params.map((p) => p.pair).join('&')}`;
}

function parse(input: string, base?: string): URL {
  try {
    return base === undefined ? new URL(input.trim()) : new URL(input.trim(), base);
  } catch {
    throw new UrlError(input, base === undefined ? 'not an absolute URL' : `cannot be resolved against ${base}`);
  }
}

/**
 * Normalizes an http(s) URL (resolved against `base` when given): lower-case scheme
 * and host (IDNs as punycode), no default port, no trailing dot on the host, dot
 * segments resolved, percent-escapes upper-cased and unreserved ones decoded, no
 * fragment, no tracking parameters (utm_*, fbclid, gclid, ...), query parameters
 * sorted by name, no empty "?". Throws UrlError (WINNOW_ERR_BAD_URL) otherwise.
 */
export function normalizeUrl(input: string, base?: string): string {
  const url = parse(input, base);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UrlError(input, `scheme ${url.protocol.slice(0, -1)} is not http or https`);
  }
  if (url.hostname === '') throw new UrlError(input, 'no host');
  if (url.hostname.endsWith('.') && !url.hostname.startsWith('[')) {
    url.hostname = url.hostname.replace(/\.+$/, '');
    if (url.hostname === '') throw new UrlError(input, 'no host');
  }
  const userinfo = url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  return `${url.protocol}//${userinfo}${url.host}${normalizePercentEncoding(url.pathname)}${normalizeQuery(url.search)}`;
}

/** Like normalizeUrl, but null instead of an error. */
export function tryNormalizeUrl(input: string, base?: string): string | null {
  try {
    return normalizeUrl(input, base);
  } catch (err) {
    if (err instanceof UrlError) return null;
    throw err;
  }
}
