import type { StatsView } from './stats.js';
import { BLOCK_TAGS, type Element, type Node } from './tree.js';

type BlockKind = 'p' | 'h' | 'li' | 'pre' | 'quote' | 'row';

/** One paragraph-level piece of the main content. */
export interface Block {
  kind: BlockKind;
  /** Plain text, whitespace collapsed; single `<br>` kept as a newline. */
  text: string;
  /** The same content as markdown, without the block prefix. */
  md: string;
  /** Heading level (1-6), list depth, or quote depth. */
  level: number;
  /** `1.` style marker for ordered list items, else null. */
  ordinal: number | null;
  linkChars: number;
  links: Array<{ url: string; text: string }>;
  /** True when this block starts a new table (the first row gets a header rule). */
  tableStart: boolean;
}

const BR = '\u0001';
const NOT_BLANK = new RegExp(`[^\\s${BR}]`);
const SPACED_BR = new RegExp(` ?${BR} ?`, 'g');
/** Rendering stops after this many blocks: no article has more, and a junk page must stay cheap. */
const MAX_BLOCKS = 5000;
/** Containers dropped from the content when most of their text is links (menus, link lists). */
const LINKY_CONTAINERS = new Set(['div', 'section', 'ul', 'ol', 'dl', 'table', 'header', 'nav', 'aside', 'figure']);
const SENTENCE_END = /[.!?。．！？다요죠함음임됨)"'”’]$/;

interface Context {
  kind: BlockKind;
  level: number;
  ordinal: number | null;
  pre: boolean;
  quote: number;
  listDepth: number;
}

interface Frame {
  el: Element;
  i: number;
  ctx: Context;
  onExit: (() => void) | null;
}

/** Resolves an href against the page URL; null for anything but http(s). */
export function resolveHref(href: string | undefined, base: string): string | null {
  if (href === undefined) return null;
  const h = href.trim();
  if (h === '' || h.startsWith('#') || /^(javascript|mailto|tel|data):/i.test(h)) return null;
  try {
    const u = new URL(h, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

function isDataTable(table: Element): boolean {
  let rows = 0;
  let maxCells = 0;
  const stack: Node[] = [...table.children];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (typeof n === 'string') continue;
    if (n.tag === 'table') return false;
    if (n.tag === 'tr') {
      rows++;
      const cells = n.children.filter((c) => typeof c !== 'string' && (c.tag === 'td' || c.tag === 'th')).length;
      maxCells = Math.max(maxCells, cells);
    }
    if (n.tag === 'p' || n.tag === 'div' || n.tag === 'ul' || n.tag === 'blockquote' || n.tag === 'br') return false;
    for (const c of n.children) stack.push(c);
  }
  return rows >= 2 && maxCells >= 2;
}

/** Renders content roots into blocks. Iterative: deep nesting cannot exhaust the stack. */
export function renderBlocks(roots: readonly Element[], stats: StatsView, baseUrl: string): Block[] {
  const blocks: Block[] = [];
  let plain: string[] = [];
  let md: string[] = [];
  let linkChars = 0;
  let links: Array<{ url: string; text: string }> = [];
  let tableStart = false;
  let cells: Array<{ text: string; md: string }> | null = null;

  const flush = (ctx: Context): void => {
    if (plain.length === 0) {
      linkChars = 0;
      if (links.length > 0) links = [];
      return;
    }
    const p = plain.join('');
    const m = md.join('');
    plain = [];
    md = [];
    const lc = linkChars;
    const ls = links;
    linkChars = 0;
    links = [];
    if (!NOT_BLANK.test(p)) return;
    if (cells !== null) {
      if (p.trim() !== '') cells.push({ text: clean(p, ctx.pre), md: clean(m, ctx.pre) });
      return;
    }
    const pParts = splitParagraphs(p, ctx.pre);
    const mParts = splitParagraphs(m, ctx.pre, pParts.map((x) => x.lines));
    pParts.forEach((part, idx) => {
      if (part.text === '') return;
      blocks.push({
        kind: ctx.kind,
        text: part.text,
        md: mParts[idx]?.text ?? part.text,
        level: ctx.level,
        ordinal: ctx.ordinal,
        linkChars: idx === 0 ? lc : 0,
        links: idx === 0 ? ls : [],
        tableStart: false,
      });
    });
  };

  for (const root of roots) {
    const rootCtx: Context = { kind: 'p', level: 0, ordinal: null, pre: false, quote: 0, listDepth: 0 };
    const stack: Frame[] = [{ el: root, i: 0, ctx: rootCtx, onExit: null }];
    while (stack.length > 0 && blocks.length < MAX_BLOCKS) {
      const frame = stack[stack.length - 1] as Frame;
      if (frame.i >= frame.el.children.length) {
        stack.pop();
        if (BLOCK_TAGS.has(frame.el.tag)) flush(frame.ctx);
        frame.onExit?.();
        continue;
      }
      const child = frame.el.children[frame.i++] as Node;
      const ctx = frame.ctx;
      if (typeof child === 'string') {
        plain.push(child);
        md.push(ctx.pre ? child : escapeMd(child));
        continue;
      }
      if (child.cut) continue;
      const tag = child.tag;
      if (tag === 'br') {
        plain.push(BR);
        md.push(BR);
        continue;
      }
      if (tag === 'img' || tag === 'hr' || tag === 'wbr') continue;
      const s = stats.get(child);
      if (s !== undefined && s.len > 0 && LINKY_CONTAINERS.has(tag) && s.linkLen / s.len > 0.5) continue;
      if (s !== undefined && (tag === 'div' || tag === 'section' || tag === 'ul' || tag === 'ol') && s.blockChild && isCardList(child, stats)) continue;
      let next = ctx;
      let onExit: (() => void) | null = null;
      if (BLOCK_TAGS.has(tag)) {
        flush(ctx);
        next = { ...ctx, kind: ctx.quote > 0 ? 'quote' : ctx.listDepth > 0 ? ctx.kind : 'p', ordinal: ctx.ordinal };
        if (/^h[1-6]$/.test(tag)) next = { ...next, kind: 'h', level: Number(tag[1]) };
        else if (tag === 'pre') next = { ...next, kind: 'pre', pre: true };
        else if (tag === 'blockquote') next = { ...next, kind: 'quote', quote: ctx.quote + 1, level: ctx.quote + 1 };
        else if (tag === 'ul' || tag === 'ol') {
          next = { ...next, listDepth: ctx.listDepth + 1, ordinal: tag === 'ol' ? 0 : null };
        } else if (tag === 'li') {
          const ordinal = ctx.ordinal === null ? null : ++ctx.ordinal;
          next = { ...next, kind: 'li', level: Math.max(1, ctx.listDepth), ordinal, listDepth: ctx.listDepth };
        } else if (tag === 'table' && isDataTable(child)) {
          tableStart = true;
        } else if (tag === 'tr' && cells === null && (tableStart || isInDataTable(child))) {
          cells = [];
          const startsTable = tableStart;
          tableStart = false;
          onExit = () => {
            const row = cells ?? [];
            cells = null;
            if (row.length === 0) return;
            blocks.push({
              kind: 'row',
              text: row.map((c) => c.text).join(' '),
              md: `| ${row.map((c) => c.md.replace(/\|/g, '\\|')).join(' | ')} |`,
              level: row.length,
              ordinal: null,
              linkChars: 0,
              links: [],
              tableStart: startsTable,
            });
          };
        }
      } else if (tag === 'a') {
        const url = resolveHref(child.attrs.href, baseUrl);
        if (url !== null) {
          const startPlain = plain.length;
          md.push('[');
          const mdOpen = md.length - 1;
          onExit = () => {
            const text = plain.slice(startPlain).join('').replace(/\s+/g, ' ').replace(BR, ' ').trim();
            if (text === '') {
              md[mdOpen] = '';
              return;
            }
            md.push(`](${url})`);
            linkChars += text.length;
            links.push({ url, text });
          };
        } else {
          const startPlain = plain.length;
          onExit = () => {
            linkChars += plain.slice(startPlain).join('').replace(/\s+/g, ' ').trim().length;
          };
        }
      }
      stack.push({ el: child, i: 0, ctx: next, onExit });
    }
    flush(rootCtx);
  }
  return blocks;
}

/**
 * A teaser rail or grid: at least three same-looking children (same tag and class), most of them
 * holding a link and an image or led by their link, each short. Story lists, not story text.
 */
function isCardList(el: Element, stats: StatsView): boolean {
  const groups = new Map<string, Element[]>();
  let children = 0;
  for (const c of el.children) {
    if (typeof c === 'string' || c.cut || (stats.get(c)?.len ?? 0) === 0) continue;
    children++;
    const key = `${c.tag}.${c.attrs.class ?? ''}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [c]);
    else g.push(c);
  }
  let cards: Element[] = [];
  for (const g of groups.values()) if (g.length > cards.length) cards = g;
  if (cards.length < 3 || cards.length < children * 0.6) return false;
  let teasers = 0;
  let chars = 0;
  for (const card of cards) {
    const s = stats.get(card);
    if (s === undefined) continue;
    chars += s.len;
    let link = false;
    let img = false;
    const stack: Node[] = [card];
    for (let seen = 0; stack.length > 0 && seen < 200; seen++) {
      const n = stack.pop() as Node;
      if (typeof n === 'string') continue;
      if (n.tag === 'a' && n.attrs.href !== undefined) link = true;
      if (n.tag === 'img' || n.tag === 'picture') img = true;
      for (const c of n.children) stack.push(c);
    }
    // A teaser's own words are a title and a line or two; a post or an entry with a paragraph is text.
    if (link && (img || s.linkLen >= s.len * 0.4) && s.len - s.linkLen < TEASER_MAX_TEXT) teasers++;
  }
  return teasers >= cards.length * 0.75 && chars / cards.length < 300;
}

const TEASER_MAX_TEXT = 250;

function isInDataTable(tr: Element): boolean {
  let p = tr.parent;
  while (p !== null && p.tag !== 'table') p = p.parent;
  return p !== null && isDataTable(p);
}

export function escapeMd(s: string): string {
  return s.replace(/([\\`*_[\]])/g, '\\$1');
}

function clean(s: string, pre: boolean): string {
  if (pre) return s.replace(new RegExp(BR, 'g'), '\n').replace(/^\n+|\s+$/g, '');
  return s
    .replace(/[ \t\n\r\f\v\u00a0\u200b]+/g, ' ')
    .replace(SPACED_BR, BR)
    .trim()
    .replace(new RegExp(`^${BR}+|${BR}+$`, 'g'), '')
    .replace(new RegExp(BR, 'g'), '\n')
    .trim();
}

/**
 * Splits inline content at `<br><br>` into paragraphs; a single `<br>` after a finished sentence also
 * ends a paragraph (Korean news often puts one sentence per line), otherwise it stays a line break.
 * `plan` replays the split decided on the plain text onto the markdown text.
 */
function splitParagraphs(
  s: string,
  pre: boolean,
  plan?: number[][],
): Array<{ text: string; lines: number[] }> {
  if (pre) return [{ text: clean(s, true), lines: [] }];
  if (!s.includes(BR)) return [{ text: s.replace(/[ \t\n\r\f\v\u00a0\u200b]+/g, ' ').trim(), lines: [0] }];
  const lines = s.replace(/[ \t\n\r\f\v\u00a0\u200b]+/g, ' ').split(BR);
  const out: Array<{ text: string; lines: number[] }> = [];
  if (plan !== undefined) {
    for (const idxs of plan) out.push({ text: idxs.map((i) => (lines[i] ?? '').trim()).filter((l) => l !== '').join('\n'), lines: idxs });
    return out;
  }
  let cur: number[] = [];
  let curText: string[] = [];
  const push = (): void => {
    out.push({ text: curText.join('\n'), lines: cur });
    cur = [];
    curText = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') {
      if (curText.length > 0) push();
      else cur.push(i);
      continue;
    }
    cur.push(i);
    curText.push(line);
    if (i < lines.length - 1 && line.length >= 20 && SENTENCE_END.test(line)) push();
  }
  if (cur.length > 0) push();
  return out.filter((x) => x.text !== '' || plan !== undefined);
}
