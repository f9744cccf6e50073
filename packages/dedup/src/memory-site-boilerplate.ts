import { SITE_BOILERPLATE_DEFAULTS, type SiteBoilerplate, type SiteBoilerplateOptions } from './site-boilerplate.js';

/** Everything the in-memory site boilerplate holds, JSON-safe, saved with embedded mode's index. */
export interface SiteBoilerplateSnapshot {
  version: 1;
  sites: Array<{
    site: string;
    /** [line key, distinct pages holding it]. */
    lines: Array<[string, number]>;
    /** [docId, the boilerplate keys it was given]: pages seen, and their answers for redelivery. */
    pages: Array<[string, string[]]>;
  }>;
}

export interface MemorySiteBoilerplate extends SiteBoilerplate {
  snapshot(): SiteBoilerplateSnapshot;
}

interface SiteState {
  lines: Map<string, number>;
  pages: Map<string, string[]>;
}

/** SiteBoilerplate in memory: embedded mode and tests. */
export function createMemorySiteBoilerplate(options: SiteBoilerplateOptions = {}, from?: SiteBoilerplateSnapshot): MemorySiteBoilerplate {
  const { minPages, minSitePages, maxLines } = { ...SITE_BOILERPLATE_DEFAULTS, ...options };
  const sites = new Map<string, SiteState>();
  for (const s of from?.sites ?? []) sites.set(s.site, { lines: new Map(s.lines), pages: new Map(s.pages) });

  return {
    async observe(site, docId, lineKeys) {
      let s = sites.get(site);
      if (!s) sites.set(site, (s = { lines: new Map(), pages: new Map() }));
      const prior = s.pages.get(docId);
      if (prior) return new Set(prior);
      const keys = [...new Set(lineKeys)];
      for (const k of keys) {
        const n = s.lines.get(k);
        if (n !== undefined) s.lines.set(k, n + 1);
        else if (s.lines.size < maxLines) s.lines.set(k, 1);
      }
      const boilerplate = s.pages.size + 1 >= minSitePages ? keys.filter((k) => (s.lines.get(k) ?? 0) >= minPages) : [];
      s.pages.set(docId, boilerplate);
      return new Set(boilerplate);
    },
    snapshot() {
      return {
        version: 1,
        sites: [...sites].map(([site, s]) => ({ site, lines: [...s.lines], pages: [...s.pages] })),
      };
    },
  };
}
