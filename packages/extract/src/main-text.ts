import { isChromeText } from './boilerplate.js';
import { selectContent } from './content.js';
import { ldBodyBlocks } from './ld-body.js';
import { renderBlocks, type Block } from './render.js';
import type { Element } from './tree.js';

export interface MainText {
  blocks: Block[];
  /** Visible characters on the whole page, chrome included. */
  pageChars: number;
  /** `By …` lines removed from the top of the text: byline candidates. */
  bylineLines: string[];
}

const BYLINE_LINE = /^(?:by|written by|posted by|words by|story by)\s+\S.{0,80}$/i;
/** Words a date stamp is made of, in English and Korean. */
const DATE_WORDS =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?|\b(?:[ap]\.?m\.?|posted|updated|published|last|modified|on|at|et|est|edt|cst|cdt|pst|pdt|gmt|utc|bst|cet|kst)\b|\b(?:januar|februar|märz|mai|juni|juli|oktober|dezember|uhr|am|um|stand|aktualisiert|veröffentlicht|erstellt|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|de|del|actualizado|publicado|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|le|publié)\b|입력|수정|등록|기사입력|최종수정|업데이트|승인|오전|오후|[년월일시분]/gi;

/** A line that is only a date stamp: `Posted: Fri 6:45 PM, Feb 16, 2018 |`, `입력 2017.07.04 17:32`. */
function isDateLine(text: string): boolean {
  if (text.length > 100 || !/\d/.test(text)) return false;
  const rest = text.replace(DATE_WORDS, ' ').replace(/[\d\s\p{P}\p{S}]+/gu, '');
  return rest.length <= 2;
}

/**
 * Headings that open what follows an article: related links, author boxes, reading tips. General
 * section titles in the languages the yardsticks cover, never a site's wording.
 */
const TAIL_HEADING = new RegExp(
  '^(?:' +
    [
      'related(?: articles| posts| stories| coverage| content| reading| news)?', 'you (?:may|might) also (?:like|enjoy)', 'read (?:also|more|next)',
      'more (?:from|on|stories|articles|news)(?: .{0,30})?', 'about the author', 'recommended(?: for you| articles| stories)?', 'also read', 'see also',
      'popular (?:posts|articles|stories)', 'latest (?:news|posts|articles|stories)', "don't miss",
      '(?:über|zum) (?:den |die )?autor(?:in)?', 'die autorin', 'der autor', 'das könnte (?:dich|sie) (?:auch )?interessieren', 'lesen sie (?:auch|mehr)(?: .{0,40})?',
      'auch interessant', 'mehr zum thema(?: .{0,30})?', 'mehr themen', 'schon gelesen', 'weitere (?:artikel|beiträge|themen|nachrichten|meldungen|tipps)(?: .{0,30})?',
      'ähnliche (?:artikel|beiträge)', 'verwandte (?:artikel|beiträge|themen)', 'empfehlungen(?: der redaktion)?', 'meistgelesen(?:e artikel)?',
      '(?:artículos|noticias|notas) relacionad[oa]s', '(?:también )?te puede interesar', 'lee también', 'sobre el autor', 'más noticias',
      'articles? (?:similaires|liés)', '(?:à )?lire aussi', 'sur le même sujet', "à propos de l'auteur", 'vous aimerez aussi',
      'czytaj (?:też|także|również)', 'zobacz (?:też|także|również)', 'powiązane(?: artykuły)?',
    ].join('|') +
    ')\\s*[:?!.…]*$',
  'i',
);

/** Cuts the text at a tail heading found in its second half. */
function cutTail(blocks: Block[]): Block[] {
  let total = 0;
  for (const b of blocks) total += b.text.length;
  let seen = 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i] as Block;
    if (i > 0 && seen >= total * 0.5 && b.text.length <= 60 && b.kind !== 'li' && TAIL_HEADING.test(b.text.trim())) return blocks.slice(0, i);
    seen += b.text.length;
  }
  return blocks;
}

/** A citation line is kept even when it is mostly a link. */
const CITATION_LINE = /^\s*[[(]?\s*(?:사진\s*|자료\s*|원문\s*)?(?:출처|sources?|via)(?=[\s:：=]|$)/i;

function linkDensity(b: Block): number {
  return b.text.length === 0 ? 0 : b.linkChars / b.text.length;
}

function norm(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Main text blocks of a page, chrome lines and title/byline/date lines around the body removed. */
export function mainText(body: Element, els: readonly Element[], baseUrl: string, title: string | null, jsonLd: readonly string[] = []): MainText {
  const best = fromMarkup(body, els, baseUrl, title);
  const chars = textLength(best.blocks);
  if (chars >= SHORT_TEXT) return best;
  // The markup holds next to nothing: the article may be stated only in the page's JSON-LD.
  const ld = ldBodyBlocks(jsonLd);
  return textLength(ld) > Math.max(chars * 2, chars + 200) ? { ...best, blocks: ld } : best;
}

function fromMarkup(body: Element, els: readonly Element[], baseUrl: string, title: string | null): MainText {
  const first = blocksOf(body, els, baseUrl, title, true);
  const chars = textLength(first.blocks);
  if (chars >= SHORT_TEXT) return first;
  // Class names can mislead (a page wrapped in `widget` or `share-enabled`, a forum thread named as
  // replies): when they leave little text, read the page again trusting tags only, and keep the reading
  // that finds clearly more.
  const byTags = blocksOf(body, els, baseUrl, title, false);
  const best = textLength(byTags.blocks) > Math.max(chars * 2, chars + 200) ? byTags : first.blocks.length > 0 ? first : byTags;
  const bestChars = textLength(best.blocks);
  if (bestChars >= SHORT_TEXT) return best;
  // Still next to nothing: every paragraph of the page outside its chrome, as a last resort (a page
  // whose text is spread over one box per paragraph gives no container a score).
  const fallback = baseline(body, els, baseUrl, title);
  return textLength(fallback.blocks) > Math.max(bestChars * 2, bestChars + 200) ? fallback : best;
}

function baseline(body: Element, els: readonly Element[], baseUrl: string, title: string | null): MainText {
  const selection = selectContent(body, els, true);
  const roots = els.filter((el) => {
    if (el.cut || el.tag !== 'p') return false;
    const s = selection.stats.get(el);
    return s !== undefined && s.len >= MIN_BASELINE_PARAGRAPH && s.linkLen < s.len * 0.3;
  });
  return finish(renderBlocks(roots, selection.stats, baseUrl), selection.pageChars, title);
}

const MIN_BASELINE_PARAGRAPH = 40;

/**
 * Below this many characters a reading is short: it is checked against one that ignores class names,
 * then against all the page's paragraphs.
 */
const SHORT_TEXT = 500;

function textLength(blocks: readonly Block[]): number {
  let n = 0;
  for (const b of blocks) n += b.text.length;
  return n;
}

function blocksOf(body: Element, els: readonly Element[], baseUrl: string, title: string | null, byName: boolean): MainText {
  const selection = selectContent(body, els, byName);
  return finish(renderBlocks(selection.roots, selection.stats, baseUrl), selection.pageChars, title);
}

/** Chrome lines dropped, and title/byline lines before the body taken off as metadata. */
function finish(rendered: Block[], pageChars: number, title: string | null): MainText {
  const titleKey = title === null ? null : norm(title);
  const blocks = cutTail(rendered).filter((b) => {
    if (isChromeText(b.text) || ((b.kind === 'p' || b.kind === 'h') && isDateLine(b.text))) return false;
    if (b.kind !== 'row' && linkDensity(b) > 0.6 && !CITATION_LINE.test(b.text)) return false;
    return true;
  });
  // Title and byline lines sit before the body text; they are metadata, not text.
  const bylineLines: string[] = [];
  while (blocks.length > 1) {
    const b = blocks[0] as Block;
    const key = norm(b.text);
    const isTitle = titleKey !== null && key.length > 0 && (key === titleKey || (b.kind === 'h' && titleKey.includes(key)));
    const isByline = b.text.length < 120 && BYLINE_LINE.test(b.text);
    if (isByline) bylineLines.push(b.text);
    if (isTitle || isByline) blocks.shift();
    else break;
  }
  return { blocks, pageChars, bylineLines };
}
