import { normalizeUrl } from './normalize-url.js';

/** Where the robots.txt governing a URL lives: scheme, host and port of the URL plus "/robots.txt" (RFC 9309 2.3). */
export function robotsTxtUrlFor(url: string): string {
  const { protocol, host } = new URL(normalizeUrl(url));
  return `${protocol}//${host}/robots.txt`;
}
