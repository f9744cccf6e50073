import { chromeKind, classWeight, isCommentName, isWeakChromeName } from './boilerplate.js';
import { climb, earlierArticle, hasHeading, repeatedItem, widen, withSiblings } from './candidate.js';
import type { Stats, StatsView } from './stats.js';
import { BLOCK_TAGS, descendants, LEAF_BLOCKS, type Element } from './tree.js';

/** Elements whose text is scored as one paragraph. */
const PARAGRAPH_TAGS = new Set(['p', 'pre', 'td', 'blockquote', 'dd']);
const MIN_PARAGRAPH = 25;

const rawView: StatsView = { get: (el) => (el.raw as Stats | null) ?? undefined };
const finalView: StatsView = { get: (el) => (el.st as Stats | null) ?? undefined };

export interface ContentSelection {
  /** The elements that hold the main content, in document order. */
  roots: Element[];
  /** Characters of visible text in the whole body (chrome included). */
  pageChars: number;
  /** Per-element stats after chrome removal, for the renderer's link-density checks. */
  stats: StatsView;
}

/** Length with whitespace runs collapsed to one character, and commas, of one text node, in one pass. */
function measureText(s: string, into: Stats): void {
  let n = 0;
  let commas = 0;
  let space = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const isSpace = c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 160;
    if (isSpace) {
      if (!space) n++;
      space = true;
    } else {
      n++;
      space = false;
      if (c === 44 || c === 0xff0c || c === 0x3001) commas++;
    }
  }
  into.ownLen += n;
  into.ownCommas += commas;
}

/** Bottom-up text statistics over elements given in pre-order, skipping cut subtrees. */
function computeStats(els: readonly Element[], skipCut: boolean): StatsView {
  const stats = skipCut ? finalView : rawView;
  for (let i = els.length - 1; i >= 0; i--) {
    const el = els[i] as Element;
    if (skipCut && el.cut) {
      el.st = null;
      continue;
    }
    const s: Stats = { len: 0, linkLen: 0, commas: 0, inlineLen: 0, inlineCommas: 0, blockChild: false, pLen: 0, ownLen: 0, ownCommas: 0 };
    const raw = skipCut ? (el.raw as Stats | null) : null;
    if (raw !== null) {
      s.ownLen = raw.ownLen;
      s.ownCommas = raw.ownCommas;
    } else {
      for (const c of el.children) if (typeof c === 'string') measureText(c, s);
    }
    s.len = s.inlineLen = s.ownLen;
    s.commas = s.inlineCommas = s.ownCommas;
    for (const c of el.children) {
      if (typeof c === 'string') continue;
      const cs = stats.get(c);
      if (cs === undefined) continue;
      s.len += cs.len;
      s.linkLen += cs.linkLen;
      s.commas += cs.commas;
      s.pLen += cs.pLen;
      if (BLOCK_TAGS.has(c.tag) || cs.blockChild) {
        s.blockChild = true;
      } else {
        s.inlineLen += cs.len;
        s.inlineCommas += cs.commas;
      }
    }
    if (el.tag === 'a') s.linkLen = s.len;
    if (el.tag === 'p' || el.tag === 'pre') s.pLen = s.len - s.linkLen;
    if (skipCut) el.st = s;
    else el.raw = s;
  }
  return stats;
}

function tagBase(tag: string): number {
  switch (tag) {
    case 'div':
    case 'article':
    case 'main':
    case 'section':
      return 5;
    case 'pre':
    case 'td':
    case 'blockquote':
      return 3;
    case 'address':
    case 'ol':
    case 'ul':
    case 'dl':
    case 'dd':
    case 'dt':
    case 'li':
    case 'form':
      return -3;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'th':
      return -5;
    default:
      return 0;
  }
}

/** Marks chrome subtrees as cut. A named guess never cuts most of the page's text, unless it names comments. */
function cutChrome(els: readonly Element[], raw: StatsView, bodyPLen: number, byName: boolean): void {
  // Headers and teasers keep their lead paragraphs: only the rest of them (title, byline, date) is cut.
  const leadOnly = new Set<Element>();
  for (const el of els) {
    const parent = el.parent;
    if (parent?.cut) {
      el.cut = true;
      continue;
    }
    if (parent !== null && leadOnly.has(parent)) {
      if (isLead(el, raw)) continue;
      if (raw.get(el)?.blockChild === true) leadOnly.add(el);
      else el.cut = true;
      continue;
    }
    let kind = chromeKind(el);
    if (kind === null && el.tag === 'header') kind = 'name';
    if (kind === 'tag' && (el.tag === 'form' || el.tag === 'aside')) kind = 'name';
    if (kind === null || (kind === 'name' && !byName)) continue;
    if (kind === 'name' && !isCommentName(el)) {
      const s = raw.get(el);
      const pLen = s?.pLen ?? 0;
      if (pLen >= 0.5 * bodyPLen && bodyPLen > 200) continue;
      // `image`, `meta`, `widget` in a name are a guess: a box of prose with few links is text.
      if (s !== undefined && pLen >= WEAK_NAME_PROSE && s.linkLen < s.len * 0.2 && isWeakChromeName(el)) continue;
    }
    // A lead paragraph named as a teaser or intro is the text's first paragraph.
    if (kind === 'name' && isHeaderLike(el) && isLead(el, raw)) continue;
    if (kind === 'name' && isHeaderLike(el) && isArticleHeader(el, raw)) {
      if (isLead(el, raw)) continue;
      if (raw.get(el)?.blockChild === true) {
        leadOnly.add(el);
        continue;
      }
    }
    el.cut = true;
  }
}

const WEAK_NAME_PROSE = 300;

/** An article's header carries its headline and few links; a site's header carries menus. */
function isArticleHeader(el: Element, raw: StatsView): boolean {
  const s = raw.get(el);
  return s !== undefined && s.linkLen < s.len * 0.4 && hasHeading(el);
}

const HEADER_NAME = /(?:^|[\s_-])(?:header|teaser|intro|lead|standfirst|summary)(?:$|[\s_-])/i;

function isHeaderLike(el: Element): boolean {
  return el.tag === 'header' || HEADER_NAME.test(`${el.attrs.class ?? ''} ${el.attrs.id ?? ''}`);
}

/** A paragraph of prose: what a header holds besides title, byline and date. */
function isLead(el: Element, raw: StatsView): boolean {
  const s = raw.get(el);
  if (s === undefined || s.blockChild || s.len < LEAD_MIN) return false;
  if (!(el.tag === 'p' || LEAF_BLOCKS.has(el.tag))) return false;
  return s.linkLen < s.len * 0.2;
}

const LEAD_MIN = 80;

/** Picks the main-content elements of a page: readability-style scoring over paragraph units. */
export function selectContent(body: Element, els: readonly Element[] = descendants(body), byName = true): ContentSelection {
  const raw = computeStats(els, false);
  const pageChars = raw.get(body)?.len ?? 0;
  for (const el of els) el.cut = false;
  cutChrome(els, raw, raw.get(body)?.pLen ?? 0, byName);
  body.cut = false;
  const stats = computeStats(els, true);
  const scores = new Map<Element, number>();

  const addUnit = (start: Element | null, len: number, commas: number): void => {
    if (len < MIN_PARAGRAPH) return;
    const score = 1 + commas + Math.min(Math.floor(len / 100), 3);
    let el = start;
    for (let level = 0; level < 5 && el !== null; level++, el = el.parent) {
      // Only the document's own <html> stops the climb: a page pasted whole into an article nests another.
      if (el.tag === '#root' || (el.tag === 'html' && el.parent?.tag === '#root')) break;
      let cur = scores.get(el);
      if (cur === undefined) cur = tagBase(el.tag) + classWeight(el);
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      scores.set(el, cur + score / divider);
    }
  };

  for (const el of els) {
    if (el.cut) continue;
    const s = stats.get(el);
    if (s === undefined || s.len < MIN_PARAGRAPH) continue;
    if (PARAGRAPH_TAGS.has(el.tag) || (LEAF_BLOCKS.has(el.tag) && !s.blockChild)) {
      addUnit(el.parent, s.len, s.commas);
    } else if (s.blockChild && s.inlineLen >= MIN_PARAGRAPH) {
      addUnit(el, s.inlineLen, s.inlineCommas);
    }
  }

  const linkDensity = (el: Element): number => {
    const s = stats.get(el);
    return s === undefined || s.len === 0 ? 0 : s.linkLen / s.len;
  };
  let top: Element | null = null;
  let topScore = -Infinity;
  for (const [el, score] of scores) {
    const final = score * (1 - linkDensity(el));
    scores.set(el, final);
    if (final > topScore) {
      topScore = final;
      top = el;
    }
  }
  if (top === null) return { roots: [body], pageChars, stats };

  top = climb(top, topScore, scores, body, stats);
  top = widen(top, body, stats);
  const item = repeatedItem(top, body, stats);
  if (item === null) {
    const first = earlierArticle(top, body, stats);
    if (first !== null) return { roots: [first], pageChars, stats };
  }
  return { roots: withSiblings(item ?? top, scores, stats), pageChars, stats };
}
