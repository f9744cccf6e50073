/**
 * Provenance facts used to elect the original: a credible publish date and what a document cites
 * (`출처`, `via`, source links, a cross-domain rel=canonical).
 */

const EARLIEST_CREDIBLE = Date.UTC(1995, 0, 1);
const FUTURE_SLACK_MS = 36 * 3600 * 1000;

/** publishedAt in ms when it is credible: parseable, after 1995 and not after the fetch (with slack). */
export function crediblePublishedAt(publishedAt: string | null | undefined, fetchedAt?: string | null): number | null {
  if (!publishedAt) return null;
  const t = Date.parse(publishedAt);
  if (!Number.isFinite(t) || t < EARLIEST_CREDIBLE) return null;
  const f = fetchedAt ? Date.parse(fetchedAt) : Number.NaN;
  if (Number.isFinite(f) && t > f + FUTURE_SLACK_MS) return null;
  return t;
}

const keyCache = new Map<string, string | null>();

/** host (without www.) + path (without trailing slash) + query without tracking parameters. */
export function urlKey(u: string): string | null {
  let k = keyCache.get(u);
  if (k !== undefined) return k;
  k = computeUrlKey(u);
  if (keyCache.size >= 10_000) keyCache.clear();
  keyCache.set(u, k);
  return k;
}

function computeUrlKey(u: string): string | null {
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase().replace(/^(www|m|mobile)\./, '');
  for (const k of [...url.searchParams.keys()]) {
    if (/^(utm_|fbclid|gclid|ref$|from$)/i.test(k)) url.searchParams.delete(k);
  }
  url.searchParams.sort();
  const q = url.searchParams.toString();
  const path = url.pathname.replace(/\/+$/, '');
  return `${host}${path}${q ? `?${q}` : ''}`;
}

/** Registrable-looking label of a host: `sedaily` for `www.sedaily.com`, `bbc` for `news.bbc.co.uk`. */
function hostLabel(host: string): string {
  const parts = host.toLowerCase().replace(/^(www|m|mobile|news|blog)\./, '').split('.');
  const sld = new Set(['co', 'com', 'or', 'ne', 'go', 'ac', 'org', 'net', 'gov']);
  let i = parts.length - 2;
  if (i > 0 && sld.has(parts[i]!)) i--;
  return parts[Math.max(0, i)] ?? host;
}

const CITATION_LINE = /^\s*(출처|출 처|원문|기사 ?원문|원본|참고|source|sources|via|originally published (at|on|by)|reposted from|credit)\s*\d*\s*[:：-]?\s*(.+)$/i;

/** Citation lines written in the text itself, e.g. `출처 1 : 서울경제`, `via The Verge`. */
export function citationLinesOf(text: string): string[] {
  const out: string[] = [];
  // Split on \n alone (a regex split costs several times more), then drop a \r ending the line.
  for (const raw of text.split('\n')) {
    if (raw.length > 201) continue;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length > 200) continue;
    const m = CITATION_LINE.exec(line);
    if (m?.[3]) out.push(m[3].trim());
  }
  return out;
}

/** What a document says about itself and its sources, compact enough to keep in the index. */
export interface Provenance {
  docId: string;
  url: string | null;
  canonicalUrl: string | null;
  site: string | null;
  siteName: string | null;
  title: string | null;
  /** Credible publish time in ms, or null. */
  publishedAt: number | null;
  /** urlKey of every cited URL (and of a cross-domain canonical). */
  citedUrls: string[];
  /** Normalized citation texts (site or outlet names). */
  citedTexts: string[];
}

const flat = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/** Names a citation may use for a document's outlet: its site name, host and host label. */
function outletNames(p: Provenance): string[] {
  const names: string[] = [];
  if (p.siteName && p.siteName.trim().length >= 2) names.push(flat(p.siteName));
  if (p.site) {
    const host = p.site.toLowerCase().replace(/:\d+$/, '');
    if (!/^[\d.]+$/.test(host) && host !== 'localhost') {
      names.push(host.replace(/^www\./, ''));
      const label = hostLabel(host);
      if (label.length >= 3) names.push(label);
    }
  }
  return names.filter((n) => n.length >= 2);
}

const keysCache = new WeakMap<Provenance, string[]>();
function ownKeys(p: Provenance): string[] {
  let keys = keysCache.get(p);
  if (!keys) {
    keys = [p.url, p.canonicalUrl].filter((x): x is string => !!x).flatMap((u) => urlKey(u) ?? []);
    keysCache.set(p, keys);
  }
  return keys;
}

/**
 * True when `a` names `b` as its source: a cited URL (or a cross-domain canonical) that is b's, or
 * a citation text naming b's title or outlet, unless that outlet is a's own (a site citing itself).
 */
export function cites(a: Provenance, b: Provenance): boolean {
  const bKeys = ownKeys(b);
  if (a.citedUrls.some((k) => bKeys.includes(k))) return true;
  if (a.citedTexts.length === 0) return false;
  const texts = a.citedTexts.map(flat);
  const title = b.title ? flat(b.title) : '';
  if (title.length >= 8 && texts.some((t) => t.includes(title) || (t.length >= 8 && title.includes(t)))) return true;
  const own = new Set(outletNames(a));
  const names = outletNames(b).filter((n) => !own.has(n));
  return texts.some((t) => names.some((n) => t.includes(n)));
}
