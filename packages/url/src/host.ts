import { getDomain } from 'tldts';
import { normalizeUrl } from './normalize-url.js';

/**
 * The host of a URL as robots.txt and politeness see it: the lower-cased host name
 * with its port when the port is not the scheme's default ("example.com",
 * "127.0.0.1:8080"). Throws UrlError for a URL normalizeUrl refuses.
 */
export function hostOf(url: string): string {
  return new URL(normalizeUrl(url)).host;
}

/** The host name without any port: "example.com:8080" -> "example.com", "[::1]:80" -> "[::1]". */
function hostnameOf(host: string): string {
  const h = host.trim().toLowerCase().replace(/\.+$/, '');
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.replace(/:\d*$/, '');
}

/**
 * The registrable domain of a host ("news.bbc.co.uk" -> "bbc.co.uk"), from the
 * Public Suffix List via tldts, private suffixes included so that
 * "alice.github.io" and "bob.github.io" are different sites. IP addresses,
 * single-label hosts ("localhost") and bare suffixes are their own domain.
 */
export function registrableDomain(host: string): string {
  const hostname = hostnameOf(host);
  if (hostname.startsWith('[') || /^\d+(\.\d+){3}$/.test(hostname)) return hostname;
  return getDomain(hostname, { allowPrivateDomains: true }) ?? hostname;
}
