import { parseInto } from './tree-parser.js';

/**
 * The attributes the extractor reads; the parser keeps no others (most of a page's attributes are
 * srcset, data-* and event handlers, and storing them cost more than any other part of tree building).
 * `Attrs` is typed from this list, so reading an attribute not in it fails to compile.
 */
const KEPT_ATTRIBUTES = [
  'id', 'class', 'style', 'role', 'hidden', 'aria-hidden', 'itemprop', 'href', 'rel', 'datetime', 'pubdate',
  'lang', 'type', 'name', 'property', 'content',
] as const;
type Attrs = Partial<Record<(typeof KEPT_ATTRIBUTES)[number], string>>;

/** A light element: enough structure for scoring and rendering, nothing of the DOM API. */
export interface Element {
  tag: string;
  attrs: Attrs;
  children: Node[];
  parent: Element | null;
  /** Analysis fields, filled in by the scorer (kept on the node: a Map lookup per visit costs more). */
  raw: unknown;
  st: unknown;
  cut: boolean;
}
export type Node = Element | string;

/** What the page's head (and scripts anywhere) say about it. */
export interface PageHead {
  title: string | null;
  htmlLang: string | null;
  metas: Attrs[];
  links: Attrs[];
  jsonLd: string[];
}

export interface ParsedPage {
  root: Element;
  body: Element;
  head: PageHead;
  elements: number;
  /** True when a node or depth cap cut the tree short. */
  truncated: boolean;
}

export interface TreeLimits {
  /** Deeper elements are flattened into their ancestor at this depth. */
  maxDepth: number;
  /** Elements beyond this count are flattened (their text is kept). */
  maxElements: number;
}

export const DEFAULT_TREE_LIMITS: TreeLimits = { maxDepth: 256, maxElements: 60_000 };

const SOFT_HYPHEN = '\u00ad';

const KEPT: ReadonlySet<string> = new Set(KEPT_ATTRIBUTES);

/** Elements whose content is never visible text. */
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'canvas', 'iframe', 'object', 'embed',
  'select', 'option', 'textarea', 'button', 'input', 'audio', 'video', 'map', 'title', 'style',
]);

/**
 * Parses HTML into a light tree with htmlparser2's callbacks. Never recursive: a 10k-deep nesting is
 * flattened at `maxDepth`, and the element count is capped.
 */
export function parsePage(html: string, limits: TreeLimits = DEFAULT_TREE_LIMITS): ParsedPage {
  const root: Element = { tag: '#root', attrs: {}, children: [], parent: null, raw: null, st: null, cut: false };
  const head: PageHead = { title: null, htmlLang: null, metas: [], links: [], jsonLd: [] };
  let body: Element | null = null;
  // One entry per open tag; null marks a tag that was skipped or flattened.
  const stack: Array<Element | null> = [];
  let current = root;
  let depth = 0;
  let elements = 0;
  let truncated = false;
  let skip = 0;
  let capture: 'title' | 'jsonld' | null = null;
  let captured = '';

  parseInto(html, KEPT, {
    wantsDetail: () => capture !== null || skip === 0,
    onopentag(name, attribs) {
      if (skip > 0) {
        skip++;
        stack.push(null);
        return;
      }
      if (name === 'html' && attribs.lang && !head.htmlLang) head.htmlLang = attribs.lang;
      if (name === 'meta' || name === 'link') {
        (name === 'meta' ? head.metas : head.links).push(attribs);
        stack.push(null);
        return;
      }
      if (name === 'title' && head.title === null) {
        capture = 'title';
        captured = '';
      } else if (name === 'script' && (attribs.type ?? '').toLowerCase().includes('ld+json')) {
        capture = 'jsonld';
        captured = '';
      }
      if (SKIPPED.has(name)) {
        skip = 1;
        stack.push(null);
        return;
      }
      if (depth >= limits.maxDepth || elements >= limits.maxElements) {
        truncated = true;
        stack.push(null);
        return;
      }
      const el: Element = { tag: name, attrs: attribs, children: [], parent: current, raw: null, st: null, cut: false };
      current.children.push(el);
      if (name === 'body' && body === null) body = el;
      stack.push(el);
      current = el;
      depth++;
      elements++;
    },
    ontext(chunk) {
      // A soft hyphen only marks where a browser may break a word: it is no part of the text.
      const text = chunk.includes(SOFT_HYPHEN) ? chunk.replaceAll(SOFT_HYPHEN, '') : chunk;
      if (capture !== null) {
        captured += text;
        return;
      }
      if (skip > 0) return;
      const last = current.children.length - 1;
      const prev = current.children[last];
      if (typeof prev === 'string') current.children[last] = prev + text;
      else current.children.push(text);
    },
    onclosetag(name) {
      if (capture === 'title' && name === 'title') {
        head.title = captured;
        capture = null;
      } else if (capture === 'jsonld' && name === 'script') {
        head.jsonLd.push(captured);
        capture = null;
      }
      const entry = stack.pop();
      if (entry === undefined) return;
      if (entry === null) {
        if (skip > 0) skip--;
        return;
      }
      current = entry.parent ?? root;
      depth--;
    },
  });
  return { root, body: body ?? root, head, elements, truncated };
}

/** Elements of a subtree in document order (pre-order), without recursion. */
export function descendants(from: Element): Element[] {
  const out: Element[] = [];
  const stack: Element[] = [from];
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    out.push(el);
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i];
      if (typeof c !== 'string') stack.push(c as Element);
    }
  }
  return out;
}

/** Visible text of a subtree, whitespace collapsed, read only as far as `maxChars` of source text. */
export function textOf(from: Element, maxChars = Infinity): string {
  let taken = 0;
  const parts: string[] = [];
  const stack: Node[] = [from];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (typeof n === 'string') {
      parts.push(n);
      taken += n.length;
      if (taken >= maxChars) break;
      continue;
    }
    if (n.tag === 'br' || BLOCK_TAGS.has(n.tag)) parts.push(' ');
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Node);
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Elements that count as paragraphs when they have no block children (text in a bare div). */
export const LEAF_BLOCKS = new Set(['div', 'section', 'article', 'main', 'font', 'span', 'center', 'li']);

export const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'ul', 'caption', 'html', 'legend', 'article', 'frameset', 'noframes',
]);
