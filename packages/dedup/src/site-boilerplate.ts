import { fmix32 } from './hash32.js';
import type { Paragraph } from './normalize.js';

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
export const MIN_SITE_LINE = 8;
export const MAX_SITE_LINE = 200;

/** 16 hex digits (two independent 32-bit hashes) of a normalized line. */
export function siteLineKey(normalized: string): string {
  // hashString(normalized) and hashString(normalized, 0x9747b28c), in one pass over the line.
  let a = 0x811c9dc5 | 0;
  let b = 0x9747b28c | 0;
  for (let i = 0; i < normalized.length; i++) {
    const c = normalized.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return hex8(fmix32(a)) + hex8(fmix32(b));
}

const hex8 = (x: number): string => x.toString(16).padStart(8, '0');

/** The key of a normalized line that can be site boilerplate; null for lines too short or too long. */
function candidateKey(normalized: string): string | null {
  return normalized.length >= MIN_SITE_LINE && normalized.length <= MAX_SITE_LINE ? siteLineKey(normalized) : null;
}

/** Distinct keys of the lines that can be site boilerplate, in text order. */
export function siteLineKeys(paragraphs: readonly Paragraph[]): string[] {
  const keys = new Set<string>();
  for (const p of paragraphs) {
    const k = candidateKey(p.normalized);
    if (k) keys.add(k);
  }
  return [...keys];
}

/**
 * The paragraphs whose key is not in `learned`. When nothing would remain (the same page published
 * at several addresses of one site), all are kept: an empty text would look like an exact copy of
 * every other empty one.
 */
export function withoutSiteBoilerplate(paragraphs: readonly Paragraph[], learned: ReadonlySet<string>): readonly Paragraph[] {
  if (learned.size === 0) return paragraphs;
  const kept = paragraphs.filter((p) => {
    const k = candidateKey(p.normalized);
    return k === null || !learned.has(k);
  });
  return kept.length === 0 ? paragraphs : kept;
}
