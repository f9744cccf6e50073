import { FastTokenizer } from '@winnow/extract';
import { LinkTags, type Attributes } from './link-tags.js';

export interface PageLinks {
  /** Absolute http(s) URLs in document order, without duplicates, before normalization. */
  links: string[];
  /** `<link rel=canonical>`, resolved; null when absent. */
  canonical: string | null;
  /** The page asked crawlers not to follow its links (`<meta name=robots content=nofollow>`). */
  nofollow: boolean;
}

const FOLLOWED_LINK_RELS = new Set(['canonical', 'alternate', 'next']);

/**
 * Collects the links a crawler follows from one HTML page: `a[href]`, `link[href]` with rel canonical,
 * alternate or next, frame and iframe sources, and meta refresh targets, resolved against `<base href>`
 * and the page URL. Links marked rel=nofollow are left
 * out, and so is everything when the page's robots meta says nofollow.
 */
export function extractLinks(html: string, pageUrl: string, maxLinks: number): PageLinks {
  let base: URL;
  try {
    base = new URL(pageUrl);
  } catch {
    return { links: [], canonical: null, nofollow: false };
  }
  const seen = new Set<string>();
  const links: string[] = [];
  let canonical: string | null = null;
  let nofollow = false;
  let sawBody = false;

  const add = (href: string | undefined): string | null => {
    if (href === undefined) return null;
    const trimmed = href.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return null;
    let url: URL;
    try {
      url = new URL(trimmed, base);
    } catch {
      return null;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    const abs = url.href;
    if (!seen.has(abs) && links.length < maxLinks) {
      seen.add(abs);
      links.push(abs);
    }
    return abs;
  };

  const onTag = (name: string, attrs: Attributes): void => {
    if (name === 'body') sawBody = true;
    if (name === 'base' && !sawBody && attrs.href) {
      try {
        base = new URL(attrs.href.trim(), base);
      } catch {
        // A broken <base> is ignored, as browsers do.
      }
    } else if (name === 'meta') {
      // <meta http-equiv=refresh content="0; url=..."> is how many old portals redirect.
      if ((attrs['http-equiv'] ?? '').toLowerCase() === 'refresh') {
        const target = /url\s*=\s*['"]?([^'"]+)/i.exec(attrs.content ?? '')?.[1];
        add(target);
      }
      const metaName = (attrs.name ?? '').toLowerCase();
      if ((metaName === 'robots' || metaName === 'winnowbot') && /\bnofollow\b|\bnone\b/i.test(attrs.content ?? '')) {
        nofollow = true;
      }
    } else if (name === 'frame' || name === 'iframe') {
      // Naver-style blogs serve the post itself in a frame; its document is the page worth crawling.
      add(attrs.src);
    } else if (name === 'a' || name === 'area') {
      if (!/\bnofollow\b/i.test(attrs.rel ?? '')) add(attrs.href);
    } else if (name === 'link') {
      const rels = (attrs.rel ?? '').toLowerCase().split(/\s+/);
      if (rels.includes('canonical')) {
        const abs = add(attrs.href);
        canonical ??= abs;
      } else if (rels.some((r) => FOLLOWED_LINK_RELS.has(r))) {
        add(attrs.href);
      }
    }
  };
  const tokenizer = new FastTokenizer({ decodeEntities: true }, new LinkTags(html, onTag));
  tokenizer.write(html);
  tokenizer.end();
  return { links: nofollow ? [] : links, canonical, nofollow };
}
