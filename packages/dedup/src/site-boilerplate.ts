import { paragraphUnits, type ParagraphUnit } from './features.js';

/**
 * Lines a site repeats across many of its pages (newsletter blurbs, "Related:" rows, section
 * footers): learned per site from the pages seen so far, and removed before a page is hashed, so
 * that two articles sharing only a site's template are not taken for copies of each other.
 */
export interface SiteBoilerplate {
  /**
   * Records that page `docId` of `site` holds these line keys (each page counted once per line, and
   * once only: a redelivered page changes no count) and returns the keys that are boilerplate on
   * that site. A redelivered page gets the same answer as the first time, so it hashes the same.
   * Keys are siteLineKeys' (SITE_LINE_KEY_LENGTH latin1 characters each).
   */
  observe(site: string, docId: string, lineKeys: readonly string[]): Promise<Set<string>>;
}

export interface SiteBoilerplateOptions {
  /** A line is boilerplate once this many distinct pages of the site hold it. */
  minPages?: number;
  /** Nothing is boilerplate before the site has this many pages: a few pages prove no template. */
  minSitePages?: number;
  /** Lines tracked per site; lines first seen past the cap are not tracked, bounding memory. */
  maxLines?: number;
}

export const SITE_BOILERPLATE_DEFAULTS: Required<SiteBoilerplateOptions> = { minPages: 5, minSitePages: 8, maxLines: 5000 };

/** Normalized lines of this length (characters) are tracked: shorter ones are chrome the fixed rules handle, longer ones are prose. */
const MIN_SITE_LINE = 8;
const MAX_SITE_LINE = 200;

/** Characters in a line key. */
export const SITE_LINE_KEY_LENGTH = 8;

/**
 * The key of a paragraph that can be site boilerplate: its hash and weight (punctuation and spacing
 * do not change it) as 8 characters of 8 bits each, so a key is 8 bytes in latin1; null for lines
 * too short or too long, and for lines with no letters or digits.
 */
function candidateKey(u: ParagraphUnit): string | null {
  const n = u.normalized.length;
  if (n < MIN_SITE_LINE || n > MAX_SITE_LINE || u.weight === 0) return null;
  const h = u.hash;
  const w = u.weight;
  return String.fromCharCode(h >>> 24, (h >>> 16) & 255, (h >>> 8) & 255, h & 255, (w >>> 24) & 255, (w >>> 16) & 255, (w >>> 8) & 255, w & 255);
}

/** The key of a normalized line, as siteLineKeys gives it (null when it cannot be site boilerplate). */
export function siteLineKey(normalized: string): string | null {
  return candidateKey(paragraphUnits([{ raw: normalized, normalized }])[0]!);
}

/** Distinct keys of the lines that can be site boilerplate, in text order. */
export function siteLineKeys(units: readonly ParagraphUnit[]): string[] {
  const keys = new Set<string>();
  for (const u of units) {
    const k = candidateKey(u);
    if (k) keys.add(k);
  }
  return [...keys];
}

/**
 * The paragraphs whose key is not in `learned`. When nothing would remain (the same page published
 * at several addresses of one site), all are kept: an empty text would look like an exact copy of
 * every other empty one.
 */
export function withoutSiteBoilerplate(paragraphs: readonly ParagraphUnit[], learned: ReadonlySet<string>): readonly ParagraphUnit[] {
  if (learned.size === 0) return paragraphs;
  const kept = paragraphs.filter((p) => {
    const k = candidateKey(p);
    return k === null || !learned.has(k);
  });
  return kept.length === 0 ? paragraphs : kept;
}

/**
 * What this instance knows of each site's template, for a store that records site lines with the
 * claim: the guess the store checks (and corrects when it is wrong). Bounded: the least recently
 * used sites are forgotten.
 */
export interface TemplateCache {
  /** The page's keys known to be template on its site. */
  assumed(site: string, keys: readonly string[]): string[];
  /** The store's answer for a page: which of its keys are template on its site. */
  learn(site: string, keys: readonly string[], learned: ReadonlySet<string>): void;
}

export function createTemplateCache(maxSites = 10_000): TemplateCache {
  const sites = new Map<string, Set<string>>();
  const touch = (site: string, known: Set<string>): void => {
    sites.delete(site);
    sites.set(site, known);
    if (sites.size > maxSites) sites.delete(sites.keys().next().value!);
  };
  return {
    assumed(site, keys) {
      const known = sites.get(site);
      if (!known) return [];
      touch(site, known);
      return keys.filter((k) => known.has(k));
    },
    learn(site, keys, learned) {
      const known = sites.get(site) ?? new Set<string>();
      for (const k of keys) {
        if (learned.has(k)) known.add(k);
        else known.delete(k);
      }
      touch(site, known);
    },
  };
}
