import { hostOf, registrableDomain } from './host.js';
import { tryNormalizeUrl } from './normalize-url.js';

export type CrawlScope = 'host' | 'domain' | 'any';

interface SeedSites {
  hosts: Set<string>;
  domains: Set<string>;
}

/**
 * Seed hosts and domains per seeds array: a page's links are all checked against the same job, and
 * normalizing every seed again for each of its hundred links cost more than the link itself.
 */
const seedSitesCache = new WeakMap<readonly string[], SeedSites>();

function seedSites(seeds: readonly string[]): SeedSites {
  let sites = seedSitesCache.get(seeds);
  if (!sites) {
    const hosts = new Set<string>();
    for (const s of seeds) {
      const n = tryNormalizeUrl(s);
      if (n !== null) hosts.add(hostOf(n));
    }
    sites = { hosts, domains: new Set([...hosts].map(registrableDomain)) };
    seedSitesCache.set(seeds, sites);
  }
  return sites;
}

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
  const sites = seedSites(seeds);
  const host = hostOf(normalized);
  if (scope === 'host') return sites.hosts.has(host);
  return sites.domains.has(registrableDomain(host));
}
