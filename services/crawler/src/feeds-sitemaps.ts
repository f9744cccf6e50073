import { gunzipSync } from 'node:zlib';
import { Parser } from 'htmlparser2';

type XmlDiscoveryKind = 'sitemap_index' | 'sitemap' | 'feed';

export interface XmlDiscovery {
  kind: XmlDiscoveryKind;
  /** Absolute URLs the document lists: child sitemaps for an index, pages for a sitemap or feed. */
  urls: string[];
}

/**
 * Reads a sitemap (urlset, news and image extensions included), a sitemap index, an RSS 0.9x/1.0/2.0
 * feed or an Atom feed. Returns null for any other XML. Only the entry URLs are kept.
 */
export function parseFeedOrSitemap(xml: string, docUrl: string, maxUrls: number): XmlDiscovery | null {
  let kind: XmlDiscoveryKind | null = null;
  const urls: string[] = [];
  const seen = new Set<string>();
  const stack: string[] = [];
  let text = '';

  const add = (raw: string | undefined): void => {
    if (!raw || urls.length >= maxUrls) return;
    try {
      const url = new URL(raw.trim(), docUrl);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && !seen.has(url.href)) {
        seen.add(url.href);
        urls.push(url.href);
      }
    } catch {
      // An entry without a usable URL is ignored.
    }
  };

  const parser = new Parser(
    {
      onopentag(rawName, attrs) {
        const name = rawName.toLowerCase();
        if (stack.length === 0) {
          if (name === 'urlset') kind = 'sitemap';
          else if (name === 'sitemapindex') kind = 'sitemap_index';
          else if (name === 'rss' || name === 'feed' || name === 'rdf:rdf') kind = 'feed';
        }
        const parent = stack[stack.length - 1];
        // Atom: <entry><link href rel="alternate"> (rel defaults to alternate).
        if (name === 'link' && parent === 'entry' && attrs.href && (attrs.rel ?? 'alternate') === 'alternate') {
          add(attrs.href);
        }
        // RSS 1.0 names its items by rdf:about.
        if (name === 'item' && attrs['rdf:about']) add(attrs['rdf:about']);
        stack.push(name);
        text = '';
      },
      ontext(chunk) {
        text += chunk;
      },
      onclosetag(rawName) {
        const name = rawName.toLowerCase();
        const parent = stack[stack.length - 2];
        if (name === 'loc' && (parent === 'url' || parent === 'sitemap')) add(text);
        if (name === 'link' && parent === 'item') add(text);
        stack.pop();
        text = '';
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return kind ? { kind, urls } : null;
}

/** Bodies served gzipped as files (sitemap.xml.gz), not as Content-Encoding; null when too large. */
export function gunzipIfNeeded(body: Buffer, maxBytes: number): Buffer | null {
  if (body.length < 2 || body[0] !== 0x1f || body[1] !== 0x8b) return body;
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch {
    return null;
  }
}

/** Whether the start of a body looks like XML rather than HTML. */
export function looksLikeXml(body: Buffer): boolean {
  const head = body.subarray(0, 512).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  return /^<\?xml|^<(rss|feed|urlset|sitemapindex|rdf:RDF)\b/i.test(head);
}
