import type { ExtractedDocument } from '@winnow/types';
import { findCitedSources } from './cited.js';
import { datesInText, parseDate } from './dates.js';
import { ExtractError, EXTRACT_ERRORS } from './errors.js';
import { detectLang } from './lang.js';
import { languageScore } from './language-score.js';
import { mainText } from './main-text.js';
import { toMarkdown } from './markdown.js';
import { koreanByline, metaMap, readMetadata } from './metadata.js';
import { countPii, maskPii } from './pii.js';
import { qualitySignals } from './quality.js';
import { countTokens } from './token-count.js';
import type { Block } from './render.js';
import { DEFAULT_TREE_LIMITS, descendants, parsePage, textOf } from './tree.js';

/** Names the extraction code in every document it makes; bumped when its output changes (0.2: quality rules; 0.3: rules for every kind of page, langScore, tokenCount). */
export const EXTRACTOR_VERSION = 'winnow-extract/0.3.0';

export type { ExtractedDocument };

export interface ExtractOptions {
  /** The page's URL: the base for relative links and the canonical URL of last resort. */
  url: string;
  /** Replace e-mail addresses and phone numbers in text, markdown and paragraphs. */
  maskPii?: boolean;
  /** Inputs longer than this many characters fail with WINNOW_ERR_EXTRACT_TOO_LARGE. */
  maxChars?: number;
}

export const DEFAULT_MAX_CHARS = 32 * 1024 * 1024;

/** A trailing reporter line: `/홍길동기자 hong@example.com`, `홍길동 기자 = 서울`, `By Jane Doe`. */
const TRAILING_BYLINE = /^[\s/([]*[가-힣]{2,4}\s?(?:기자|특파원|선임기자|객원기자|전문기자|대기자|논설위원|편집위원|칼럼니스트|에디터|통신원)(?=[\s=/·,.()[\]<>]|$).{0,60}$/;
const EMAIL_ONLY = /^[\s/(]*[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}[\s)]*$/;

function normKey(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function checkInput(html: string, url: string, maxChars: number): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ExtractError(EXTRACT_ERRORS.badUrl, `page URL is not absolute: ${url.slice(0, 200)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ExtractError(EXTRACT_ERRORS.badUrl, `page URL is not http(s): ${url.slice(0, 200)}`);
  }
  if (html.length > maxChars) {
    throw new ExtractError(EXTRACT_ERRORS.tooLarge, `page has ${html.length} characters, limit ${maxChars}`);
  }
  const head = html.slice(0, 4096);
  let junk = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) junk++;
  }
  if (head.length > 0 && junk / head.length > 0.1) {
    throw new ExtractError(EXTRACT_ERRORS.notHtml, 'input looks binary, not HTML text');
  }
}

/**
 * Extracts the main text and metadata of one HTML page. Pure and synchronous; bounded in depth and
 * node count. Throws ExtractError when nothing usable is found.
 */
export function extract(html: string, opts: ExtractOptions): ExtractedDocument {
  checkInput(html, opts.url, opts.maxChars ?? DEFAULT_MAX_CHARS);
  const page = parsePage(html, DEFAULT_TREE_LIMITS);
  const els = descendants(page.body);
  const metas = metaMap(page.head);
  const roughTitle = metas.get('og:title') ?? page.head.title ?? null;
  const main = mainText(page.body, els, opts.url, roughTitle, page.head.jsonLd);
  let blocks = main.blocks;

  const sample = blocks.length > 0 ? blocks.map((b) => b.text).join('\n') : textOf(page.body, 20000);
  const lang = detectLang(sample, page.head.htmlLang);
  const offset = lang === 'ko' || lang === 'ja' ? '+09:00' : 'Z';
  const meta = readMetadata(page.head, els, opts.url, offset, metas);

  // Reporter lines and bare addresses at the end are metadata, not text. A site name is no byline.
  const site = meta.siteName === null ? null : normKey(meta.siteName);
  const bylines = meta.bylines.filter((b) => site === null || normKey(b) !== site);
  let bylineDate: string | null = null;
  while (blocks.length > 1) {
    const last = blocks[blocks.length - 1] as Block;
    if (last.text.length > 100 || !(TRAILING_BYLINE.test(last.text) || EMAIL_ONLY.test(last.text))) break;
    const name = koreanByline(last.text);
    if (name !== null && !bylines.includes(name)) bylines.push(name);
    const year = /(?:19|20)\d\d\s*[./년-]/.exec(last.text);
    if (year !== null) bylineDate ??= parseDate(last.text.slice(year.index), offset);
    blocks = blocks.slice(0, -1);
  }
  if (bylines.length === 0) {
    // `[서울=한빛일보] 홍길동 기자 = …` opens the first paragraph; a reporter line may close the text.
    const head = blocks.slice(0, 2).map((b) => b.text.slice(0, 80));
    const tail = blocks.slice(-3).filter((b) => b.text.length <= 200).map((b) => b.text);
    for (const line of [...head, ...tail]) {
      const name = koreanByline(line);
      if (name !== null && !bylines.includes(name)) bylines.push(name);
    }
  }
  if (bylines.length === 0) {
    for (const line of main.bylineLines) {
      const name = line.replace(/^(?:by|written by|posted by|words by|story by)\s+/i, '').split(/\s*[|,·]\s*|\s+(?:and|&)\s+/);
      for (const n of name) if (n.trim() !== '' && n.length <= 60 && !bylines.includes(n.trim())) bylines.push(n.trim());
    }
  }
  if (meta.title !== null) {
    // The headline repeated at the top of the text (as a heading or a bold line) is not body text.
    const key = normKey(meta.title);
    const raw = normKey(roughTitle ?? meta.title);
    blocks = blocks.filter((b, i) => {
      if (i >= 3 || b.text.length > 200) return true;
      const k = normKey(b.text);
      return !(k === key || (k.length >= key.length * 0.6 && k.length > 0 && raw.includes(k) && b.text.length < 150));
    });
  }

  const paragraphsRaw = blocks.map((b) => b.text);
  const textRaw = paragraphsRaw.join('\n\n');
  if (textRaw.trim() === '') throw new ExtractError(EXTRACT_ERRORS.empty, 'no main text found');

  let publishedAt = meta.publishedAt ?? bylineDate;
  let modifiedAt = meta.modifiedAt;
  // Korean pages print 입력/수정 stamps; elsewhere the page text is read only when no date was declared.
  if (publishedAt === null || (modifiedAt === null && lang === 'ko')) {
    const inText = datesInText(textOf(page.body, 30000), offset);
    publishedAt ??= inText.published;
    modifiedAt ??= inText.modified;
  }

  const mask = opts.maskPii === true ? maskPii : (s: string): string => s;
  const paragraphs = paragraphsRaw.map(mask);
  const text = paragraphs.join('\n\n');
  const linkSeen = new Set<string>();
  const links: Array<{ url: string; text: string }> = [];
  for (const b of blocks) {
    for (const l of b.links) {
      if (linkSeen.has(l.url)) continue;
      linkSeen.add(l.url);
      links.push(l);
    }
  }

  return {
    url: opts.url,
    canonicalUrl: meta.canonicalUrl,
    site: new URL(meta.canonicalUrl).hostname,
    siteName: meta.siteName,
    title: meta.title,
    byline: bylines[0] ?? null,
    bylines,
    publishedAt,
    modifiedAt,
    description: meta.description,
    lang,
    langScore: languageScore(text, lang),
    tokenCount: countTokens(text),
    text,
    markdown: toMarkdown(blocks, mask),
    paragraphs,
    links,
    citedSources: findCitedSources(blocks),
    quality: qualitySignals(blocks, paragraphsRaw, textRaw, main.pageChars, lang),
    pii: countPii(textRaw),
  };
}
