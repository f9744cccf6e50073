import { gunzipIfNeeded, looksLikeXml, parseFeedOrSitemap, type XmlDiscovery } from './feeds-sitemaps.js';
import type { PageResult } from './fetch-page.js';

export interface EntryBatch {
  /** The sitemap or feed that listed the URLs (their discoveredFrom). */
  from: string;
  urls: string[];
}

export interface SitemapLimits {
  /** Sitemap documents fetched, indexes included. */
  maxDocuments: number;
  /** Entry URLs collected in total (the job's maxPages caps them later anyway). */
  maxUrls: number;
  maxBytes: number;
}

/** Reads a fetched body as a feed or sitemap (gzipped or not); null when it is neither. */
export function readXmlDiscovery(body: Buffer, url: string, limits: SitemapLimits): XmlDiscovery | null {
  const xml = gunzipIfNeeded(body, limits.maxBytes);
  if (xml === null || !looksLikeXml(xml)) return null;
  return parseFeedOrSitemap(xml.toString('utf8'), url, limits.maxUrls);
}

/**
 * Expands sitemaps breadth-first: indexes lead to their child sitemaps (gzipped ones included), urlsets
 * and feeds yield entry URLs. `roots` are documents to fetch; `first` is one already fetched and parsed.
 */
export async function expandSitemaps(
  fetch: (url: string) => Promise<PageResult>,
  roots: readonly string[],
  limits: SitemapLimits,
  first?: { url: string; doc: XmlDiscovery },
): Promise<EntryBatch[]> {
  const batches: EntryBatch[] = [];
  const queue = [...roots];
  const seen = new Set<string>(roots);
  let documents = 0;
  let total = 0;

  const take = (url: string, doc: XmlDiscovery): void => {
    if (doc.kind === 'sitemap_index') {
      for (const child of doc.urls) {
        if (!seen.has(child)) {
          seen.add(child);
          queue.push(child);
        }
      }
      return;
    }
    const urls = doc.urls.slice(0, Math.max(0, limits.maxUrls - total));
    total += urls.length;
    if (urls.length > 0) batches.push({ from: url, urls });
  };

  if (first) {
    seen.add(first.url);
    take(first.url, first.doc);
  }
  while (queue.length > 0 && documents < limits.maxDocuments && total < limits.maxUrls) {
    const url = queue.shift()!;
    documents += 1;
    const res = await fetch(url);
    if (res.outcome !== 'fetched') continue;
    const doc = readXmlDiscovery(res.body, res.finalUrl, limits);
    if (doc) take(res.finalUrl, doc);
  }
  return batches;
}
