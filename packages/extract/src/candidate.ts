/**
 * From the best-scoring element to the content roots: climbing to a parent that scores higher, widening
 * over what reads as more of the text, and the units of repeated templates (a thread's posts, articles
 * appended one after another), then the siblings that are more of the same article.
 */
import type { StatsView } from './stats.js';
import { LEAF_BLOCKS, type Element } from './tree.js';

export function hasHeading(el: Element): boolean {
  const stack: Element[] = [el];
  for (let seen = 0; stack.length > 0 && seen < 300; seen++) {
    const n = stack.pop() as Element;
    if (n.tag === 'h1' || n.tag === 'h2') return true;
    for (const c of n.children) if (typeof c !== 'string') stack.push(c);
  }
  return false;
}

/** Moves up while a parent scores higher, or while the candidate is its parent's only content. */
export function climb(
  start: Element,
  startScore: number,
  scores: Map<Element, number>,
  body: Element,
  stats: StatsView,
): Element {
  let top = start;
  let last = startScore;
  const threshold = startScore / 3;
  let parent = top.parent;
  while (parent !== null && parent !== body && parent.tag !== '#root') {
    const ps = scores.get(parent);
    if (ps === undefined) {
      parent = parent.parent;
      continue;
    }
    if (ps < threshold) break;
    if (ps > last) {
      top = parent;
      break;
    }
    last = ps;
    parent = parent.parent;
  }
  // A candidate that is its parent's only child with text is the same block: widen to the parent.
  let p = top.parent;
  while (p !== null && p !== body && p.tag !== '#root') {
    const ts = stats.get(top)?.len ?? 0;
    const ps = stats.get(p)?.len ?? 0;
    if (ps === 0 || ps - ts > 0) break;
    top = p;
    p = top.parent;
  }
  return top;
}

/**
 * Moves up while what the parent adds to the candidate reads as more of the text: paragraphs with few
 * links (a lead in the header, a second body part in a cousin box), not link lists or bare labels.
 */
export function widen(start: Element, body: Element, stats: StatsView): Element {
  let top = start;
  for (let p = top.parent; p !== null && p !== body && p.tag !== '#root'; p = p.parent) {
    const ps = stats.get(p);
    const ts = stats.get(top);
    if (ps === undefined || ts === undefined) break;
    const len = ps.len - ts.len;
    const links = ps.linkLen - ts.linkLen;
    const paragraphs = ps.pLen - ts.pLen;
    if (len <= 0) {
      top = p;
      continue;
    }
    // One article of several is a unit of its own: what its parent adds is other articles.
    if (top.tag === 'article' && hasSiblingArticle(top)) break;
    if (paragraphs < WIDEN_MIN || paragraphs < len * 0.7 || links > len * 0.1) break;
    top = p;
  }
  return top;
}

const WIDEN_MIN = 100;

function hasSiblingArticle(el: Element): boolean {
  for (const c of el.parent?.children ?? []) if (c !== el && typeof c !== 'string' && c.tag === 'article' && !c.cut) return true;
  return false;
}

/**
 * When the candidate sits inside one of several items of one template (a thread's posts, a list of
 * entries), the item is the unit: its siblings of the same template then join it as more of the text. Null when
 * the candidate is in no such item.
 */
export function repeatedItem(start: Element, body: Element, stats: StatsView): Element | null {
  let el = start;
  for (let level = 0; level < 4 && el.parent !== null && el.parent !== body; level++, el = el.parent) {
    const cls = el.attrs.class ?? '';
    if (cls === '') continue;
    // Articles with a title each are whole articles one after another, not posts of one thread.
    if (el.tag === 'article' && hasHeading(el)) return null;
    let same = 0;
    for (const c of el.parent.children) {
      if (typeof c === 'string' || c === el || c.cut || c.tag !== el.tag || c.attrs.class !== cls) continue;
      const s = stats.get(c);
      if (s !== undefined && s.len - s.linkLen >= 100 && s.linkLen < s.len * 0.3) same++;
    }
    if (same >= 2) return el;
  }
  return null;
}

/**
 * A page that appends the next articles as the reader scrolls holds several `<article>`s of one
 * template; the page's own article is the first. When the candidate sits in a later one and an earlier
 * one holds paragraphs of its own, the earlier one is the text.
 */
export function earlierArticle(start: Element, body: Element, stats: StatsView): Element | null {
  for (let el: Element | null = start; el !== null && el !== body; el = el.parent) {
    if (el.tag !== 'article' || el.parent === null) continue;
    for (const c of el.parent.children) {
      if (c === el) return null;
      if (typeof c === 'string' || c.cut || c.tag !== 'article' || c.attrs.class !== el.attrs.class) continue;
      if ((stats.get(c)?.pLen ?? 0) >= EARLIER_ARTICLE_MIN) return c;
    }
    return null;
  }
  return null;
}

const EARLIER_ARTICLE_MIN = 500;

/** The candidate plus siblings that look like more of the same article. */
export function withSiblings(top: Element, scores: Map<Element, number>, stats: StatsView): Element[] {
  const parent = top.parent;
  if (parent === null) return [top];
  const topScore = scores.get(top) ?? 0;
  const threshold = Math.max(10, topScore * 0.2);
  const topClass = top.attrs.class ?? '';
  const roots: Element[] = [];
  for (const c of parent.children) {
    if (typeof c === 'string' || c.cut) continue;
    if (c === top) {
      roots.push(c);
      continue;
    }
    const s = stats.get(c);
    if (s === undefined || s.len === 0) continue;
    const bonus = topClass !== '' && c.attrs.class === topClass ? topScore * 0.2 : 0;
    const score = scores.get(c);
    if (score !== undefined && score + bonus >= threshold && s.linkLen / s.len < 0.3) {
      roots.push(c);
      continue;
    }
    const ld = s.linkLen / s.len;
    // Paragraph text with few links, or more of the same template as the candidate (a thread's posts).
    const sameKind = topClass !== '' && c.tag === top.tag && c.attrs.class === topClass;
    if (s.blockChild && ((s.pLen >= 150 && ld < 0.15) || (sameKind && s.len - s.linkLen >= 100 && ld < 0.3))) {
      roots.push(c);
      continue;
    }
    if (c.tag === 'p' || (!s.blockChild && LEAF_BLOCKS.has(c.tag))) {
      if (s.len > 80 && ld < 0.25) roots.push(c);
      else if (s.len <= 80 && ld === 0 && /[.!?다]\s*$/.test(c.children.filter((x) => typeof x === 'string').join(''))) roots.push(c);
    }
  }
  return roots;
}
