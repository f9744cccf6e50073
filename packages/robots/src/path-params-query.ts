// Port of GetPathParamsQuery from Google's robots.cc. The URL is expected to be
// escaped already (as a crawler's normalized URL is); it is not re-encoded here.

function findFirstOf(s: string, chars: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (chars.includes(s[i]!)) return i;
  }
  return -1;
}

/**
 * Extracts path, params and query from a URL, dropping scheme, authority and
 * fragment. The result always starts with "/"; "/" when there is no path or the
 * URL is not valid.
 */
export function getPathParamsQuery(url: string): string {
  const searchStart = url.length >= 2 && url[0] === '/' && url[1] === '/' ? 2 : 0;
  const earlyPath = findFirstOf(url, '/?;', searchStart);
  let protocolEnd = url.indexOf('://', searchStart);
  // A path, param or query that starts before "://" means "://" is no scheme separator.
  if (earlyPath !== -1 && earlyPath < protocolEnd) protocolEnd = -1;
  protocolEnd = protocolEnd === -1 ? searchStart : protocolEnd + 3;

  const pathStart = findFirstOf(url, '/?;', protocolEnd);
  if (pathStart === -1) return '/';
  const hashPos = url.indexOf('#', searchStart);
  if (hashPos !== -1 && hashPos < pathStart) return '/';
  const pathEnd = hashPos === -1 ? url.length : hashPos;
  const path = url.slice(pathStart, pathEnd);
  return url[pathStart] === '/' ? path : '/' + path;
}
