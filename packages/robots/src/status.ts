// What the HTTP status of a robots.txt fetch means for crawling a host
// (RFC 9309 section 2.3.1 and Google's documented behaviour).

export type RobotsStatusPolicy = 'parse' | 'allow-all' | 'disallow-all';

/**
 * - 2xx: parse the body.
 * - 3xx: the fetcher follows redirects itself (RFC 9309: at least five); a 3xx that
 *   is still left after that means robots.txt is unavailable, which RFC 9309 treats
 *   like a 4xx: allow everything.
 * - 4xx (other than 429): unavailable, allow everything.
 * - 429, 5xx and 0 (no response: DNS, connect or timeout failure): unreachable,
 *   disallow everything. So is any status outside 100-599 or a 1xx that leaked through.
 */
export function robotsStatusPolicy(status: number): RobotsStatusPolicy {
  if (status >= 200 && status < 300) return 'parse';
  if (status === 429) return 'disallow-all';
  if (status >= 300 && status < 500) return 'allow-all';
  return 'disallow-all';
}

/**
 * Whether the status of a robots.txt fetch permits crawling the host. For 2xx it is
 * true, meaning "decided by the body": the caller then parses the body with isAllowed.
 */
export function isAllowedForStatus(status: number): boolean {
  return robotsStatusPolicy(status) !== 'disallow-all';
}
