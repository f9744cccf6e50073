import { decodeHTML } from 'entities';
import { parseDate } from './dates.js';
import { readJsonLd, type LdArticle } from './json-ld.js';
import { resolveHref } from './render.js';
import { textOf, type Element, type PageHead } from './tree.js';

export interface PageMetadata {
  title: string | null;
  siteName: string | null;
  description: string | null;
  canonicalUrl: string;
  bylines: string[];
  publishedAt: string | null;
  modifiedAt: string | null;
  /** The first `<h1>` text, to drop a repeated title from the body. */
  h1: string | null;
}

/** Meta values by lower-cased name/property/itemprop; the first occurrence wins. */
export function metaMap(head: PageHead): Map<string, string> {
  const m = new Map<string, string>();
  for (const meta of head.metas) {
    const key = (meta.property ?? meta.name ?? meta.itemprop ?? '').toLowerCase().trim();
    if (key === '' || m.has(key)) continue;
    const value = decodeText(meta.content ?? '');
    if (value !== '') m.set(key, value);
  }
  return m;
}

/** Text some pages encode twice (`Bike &amp;amp; Style`, `&#8211;` inside JSON-LD), whitespace collapsed. */
function decodeText(s: string): string {
  const once = s.includes('&') ? decodeHTML(s) : s;
  return once.replace(/\s+/g, ' ').trim();
}

function first(m: Map<string, string>, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = m.get(k);
    if (v !== undefined) return v;
  }
  return null;
}

const SEPARATORS = /\s+(?:[|\-–—:·»›>‹<~/]|::)\s+|\s*[|｜]\s*/;

function normKey(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Drops a site-name suffix or prefix (`Title | Site`, `Site - Title`) from a page title. */
export function stripSiteName(title: string, siteName: string | null): { title: string; site: string | null } {
  const t = title.replace(/\s+/g, ' ').trim();
  const parts = t.split(SEPARATORS).map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length < 2) return { title: t, site: null };
  const site = siteName === null ? null : normKey(siteName);
  if (site !== null && site !== '') {
    const kept = parts.filter((p) => {
      const k = normKey(p);
      return !(k === site || (k.length > 0 && (site.includes(k) || k.includes(site)) && k.length <= site.length + 12));
    });
    if (kept.length > 0 && kept.length < parts.length) return { title: joinKept(t, kept), site: siteName };
  }
  const knownSiteAbsent = site !== null && site !== '';
  const words = (s: string): number => s.split(/\s+/).length;
  // `Title < Section < 기사본문 - Site`: one part reads as a headline, the rest are labels.
  if (parts.length >= 3) {
    const longest = parts.reduce((a, b) => (words(b) > words(a) ? b : a));
    if (words(longest) >= 3 && parts.every((p) => p === longest || words(p) <= 2)) {
      return { title: longest, site: parts[parts.length - 1] === longest ? null : (parts[parts.length - 1] as string) };
    }
  }
  const last = parts[parts.length - 1] as string;
  const firstPart = parts[0] as string;
  if (words(last) <= 4 && last.length <= 30 && words(t) - words(last) >= 3) {
    return { title: joinKept(t, parts.slice(0, -1)), site: last };
  }
  // With a known site name that is not in the title, a short first part is part of the headline (`[펌] 서울경제 - …`).
  if (!knownSiteAbsent && words(firstPart) <= 3 && firstPart.length <= 25 && words(t) - words(firstPart) >= 4) {
    return { title: joinKept(t, parts.slice(1)), site: firstPart };
  }
  return { title: t, site: null };
}

/** Re-joins kept title parts with the original text between them (`A: B | Site` keeps `A: B`). */
function joinKept(full: string, kept: readonly string[]): string {
  const firstPart = kept[0] as string;
  const lastPart = kept[kept.length - 1] as string;
  const start = full.indexOf(firstPart);
  const end = full.lastIndexOf(lastPart) + lastPart.length;
  return start >= 0 && end > start ? full.slice(start, end).trim() : kept.join(' - ');
}

/** A date or weekday trailing a name in a byline element (`Carlos Nadalim 27/09/2018`, `Jeff Foust Monday`). */
const BYLINE_TAIL = /\s+(?:(?:on\s+)?(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b.*|\d{1,4}[./-]\d.*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d.*|\|.*)$/i;

function cleanByline(s: string): string | null {
  const t = decodeText(s)
    .replace(BYLINE_TAIL, '')
    .replace(/^(?:by|written by|posted by|words by|story by|글|글쓴이|작성자)\s*[:：]?\s+/i, '')
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '')
    .replace(/\(\s*\)|\[\s*\]|<\s*>/g, '')
    .replace(/^[\s/|,·]+|[\s/|,·]+$/g, '')
    .trim();
  if (t === '' || t.length > 80 || /^https?:/i.test(t)) return null;
  return t;
}

const KO_REPORTER = /([가-힣]{2,4})\s?(기자|특파원|선임기자|객원기자|전문기자|대기자|논설위원|편집위원|칼럼니스트|에디터|통신원)(?=[\s=/·,.()[\]<>]|$)/;

/** Korean reporter lines such as `/홍길동기자 hong@example.com` or `[서울경제] 홍길동 기자`. */
export function koreanByline(line: string): string | null {
  const m = KO_REPORTER.exec(line);
  if (m === null) return null;
  return `${m[1]} ${m[2]}`;
}

function bylineElements(els: readonly Element[]): string[] {
  const out: string[] = [];
  for (const el of els) {
    if (out.length >= 3) break;
    const a = el.attrs;
    const name = `${a.class ?? ''} ${a.id ?? ''}`;
    if (a.rel === undefined && a.itemprop === undefined && !/by|author|writer|nick/i.test(name)) continue;
    const isAuthor =
      a.rel === 'author' ||
      a.itemprop === 'author' ||
      /(^|[\s_-])(byline|author-?name|byline-?name|writer|nick|nickname)([\s_-]|$)/i.test(name);
    if (!isAuthor) continue;
    const t = textOf(el);
    if (t.length > 0 && t.length <= 100) out.push(t);
  }
  return out;
}

export function readMetadata(
  head: PageHead,
  els: readonly Element[],
  pageUrl: string,
  defaultOffset: string,
  metas: Map<string, string> = metaMap(head),
): PageMetadata & { ld: LdArticle | null } {
  const ld = readJsonLd(head.jsonLd);
  const siteNameRaw = first(metas, ['og:site_name', 'application-name', 'al:android:app_name', 'twitter:app:name:iphone']) ?? ld?.publisher ?? null;
  const siteNameMeta = siteNameRaw === null || /^(?:https?:\/\/|www\.)/i.test(siteNameRaw) ? null : decodeText(siteNameRaw);

  let h1: string | null = null;
  for (const el of els) {
    if (el.tag === 'h1') {
      const t = textOf(el);
      if (t !== '') {
        h1 = t;
        break;
      }
    }
  }
  const rawTitleAny = ld?.headline ?? first(metas, ['og:title', 'twitter:title', 'title', 'dc.title']) ?? head.title ?? h1;
  const rawTitle = rawTitleAny === null ? null : decodeText(rawTitleAny);
  let title: string | null = null;
  let siteFromTitle: string | null = null;
  if (rawTitle !== null && rawTitle.trim() !== '') {
    const stripped = stripSiteName(rawTitle, siteNameMeta);
    title = stripped.title;
    siteFromTitle = stripped.site;
    if (h1 !== null && normKey(h1) !== '' && normKey(title) !== normKey(h1) && normKey(rawTitle).includes(normKey(h1)) && h1.length >= title.length * 0.6) {
      title = h1;
    }
  }
  const siteName = siteNameMeta ?? (head.title !== null ? stripSiteName(head.title, null).site : null) ?? siteFromTitle;

  const canonicalHref = head.links.find((l) => (l.rel ?? '').toLowerCase().split(/\s+/).includes('canonical'))?.href;
  const canonicalUrl = resolveHref(canonicalHref, pageUrl) ?? resolveHref(first(metas, ['og:url']) ?? undefined, pageUrl) ?? pageUrl;

  const bylines: string[] = [];
  const addByline = (s: string | null): void => {
    if (s === null) return;
    for (const part of s.split(/\s*(?:,|\band\b|&|·)\s*/)) {
      const c = cleanByline(part);
      if (c !== null && !bylines.some((b) => normKey(b) === normKey(c))) bylines.push(c);
    }
  };
  for (const a of ld?.authors ?? []) addByline(a);
  if (bylines.length === 0) {
    const metaAuthor = first(metas, ['author', 'article:author', 'by', 'byl', 'sailthru.author', 'parsely-author', 'dc.creator']);
    if (metaAuthor !== null && !/^https?:/.test(metaAuthor) && !metaAuthor.startsWith('@')) addByline(metaAuthor);
  }
  if (bylines.length === 0) for (const t of bylineElements(els)) addByline(koreanByline(t) ?? t);

  // The page's own <time> elements are searched only when nothing declares the date.
  const published =
    parseMaybe(ld?.datePublished, defaultOffset) ??
    parseMaybe(first(metas, ['article:published_time', 'og:published_time', 'datepublished', 'pubdate', 'publishdate', 'publish-date', 'date', 'dc.date', 'dc.date.issued', 'dcterms.created', 'sailthru.date', 'parsely-pub-date', 'article.published', 'published_time', 'og:regdate', 'article:published']), defaultOffset) ??
    parseMaybe(firstTime(els), defaultOffset);
  const modified =
    parseMaybe(ld?.dateModified, defaultOffset) ??
    parseMaybe(first(metas, ['article:modified_time', 'og:updated_time', 'datemodified', 'last-modified', 'dcterms.modified', 'article.updated', 'modified_time']), defaultOffset);

  return {
    title,
    siteName,
    description: first(metas, ['description', 'og:description', 'twitter:description']) ?? (ld?.description ? decodeText(ld.description) : null),
    canonicalUrl,
    bylines,
    publishedAt: published,
    modifiedAt: modified,
    h1,
    ld,
  };
}

function parseMaybe(s: string | null | undefined, offset: string): string | null {
  return s === null || s === undefined ? null : parseDate(s, offset);
}

const DATE_NAME = /(?:^|[\s_-])(?:se_)?(?:date|publish|published|publishdate|pubdate|regdate|write-?date|timestamp|posted|post-?date|entry-?date)(?:[\s_-]|$)/i;

/** The page's first `<time>` (one marked as the publication date wins), else a date-named element. */
function firstTime(els: readonly Element[]): string | null {
  let fallback: string | null = null;
  for (const el of els) {
    if (el.tag !== 'time') continue;
    const v = el.attrs.datetime ?? textOf(el);
    if (el.attrs.itemprop === 'datePublished' || el.attrs.pubdate !== undefined) return v;
    fallback ??= v;
  }
  if (fallback !== null) return fallback;
  for (const el of els) {
    const name = el.attrs.class ?? el.attrs.id;
    if (name === undefined || !DATE_NAME.test(`${el.attrs.class ?? ''} ${el.attrs.id ?? ''}`)) continue;
    const t = textOf(el, 200);
    if (t.length <= 60 && parseDate(t) !== null) return t;
  }
  return null;
}
