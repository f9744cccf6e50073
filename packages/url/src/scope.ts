import { hostOf, registrableDomain } from './host.js';
import { tryNormalizeUrl } from './normalize-url.js';

export type CrawlScope = 'host' | 'domain' | 'any';

/**
 * Whether a discovered URL belongs to a job started from `seeds`:
 * - host: same host (and port) as a seed;
 * - domain: same registrable domain as a seed ("blog.example.co.uk" for seed "www.example.co.uk");
 * - any: every http(s) URL.
 * A URL that does not normalize is never in scope; seeds that do not are ignored.
 */
export function inScope(url: string, seeds: readonly string[], scope: CrawlScope): boolean {
  const normalized = tryNormalizeUrl(url);
  if (normalized === null) return false;
  if (scope === 'any') return true;
  const seedHosts = seeds.flatMap((s) => {
    const n = tryNormalizeUrl(s);
    return n === null ? [] : [hostOf(n)];
  });
  const host = hostOf(normalized);
  if (scope === 'host') return seedHosts.includes(host);
  const domain = registrableDomain(host);
  return seedHosts.some((h) => registrableDomain(h) === domain);
}
