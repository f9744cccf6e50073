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

/** host (without www.) + path (without trailing slash) + query without tracking parameters. */
export function urlKey(u: string): string | null {
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
export function hostLabel(host: string): string {
  const parts = host.toLowerCase().replace(/^(www|m|mobile|news|blog)\./, '').split('.');
  const sld = new Set(['co', 'com', 'or', 'ne', 'go', 'ac', 'org', 'net', 'gov']);
  let i = parts.length - 2;
  if (i > 0 && sld.has(parts[i]!)) i--;
  return parts[Math.max(0, i)] ?? host;
}

const CITATION_LINE = /^\s*(출처|출 처|원문|기사 ?원문|원본|참고|source|sources|via|originally published (at|on|by)|reposted from|credit)\s*\d*\s*[:：\-]?\s*(.+)$/i;

/** Citation lines written in the text itself, e.g. `출처 1 : 서울경제`, `via The Verge`. */
export function citationLinesOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
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
  /** Credible publish time in ms, or null. */
  publishedAt: number | null;
  /** urlKey of every cited URL (and of a cross-domain canonical). */
  citedUrls: string[];
  /** Normalized citation texts (site or outlet names). */
  citedTexts: string[];
}

/** True when `a` names `b` as its source. */
export function cites(a: Provenance, b: Provenance): boolean {
  const bKeys = [b.url, b.canonicalUrl].filter((x): x is string => !!x).map(urlKey);
  if (a.citedUrls.some((k) => bKeys.includes(k))) return true;
  const names: string[] = [];
  if (b.siteName && b.siteName.trim().length >= 2) names.push(b.siteName.toLowerCase().replace(/\s+/g, ''));
  if (b.site) {
    const host = b.site.toLowerCase();
    names.push(host.replace(/^www\./, ''));
    const label = hostLabel(host);
    if (label.length >= 3) names.push(label);
  }
  if (b.site && a.site && hostLabel(a.site) === hostLabel(b.site)) return false;
  return a.citedTexts.some((t) => {
    const flat = t.replace(/\s+/g, '');
    return names.some((n) => n.length >= 2 && flat.includes(n));
  });
}
