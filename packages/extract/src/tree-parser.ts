import { FastTokenizer, type FastCallbacks } from './fast-tokenizer.js';

/**
 * The tree-building half of htmlparser2's Parser (12.0.0), HTML mode with lower-cased names and
 * self-closing tags recognized, written against the tokenizer's public callbacks. It makes the same
 * open, text and close events as `new Parser(handler, options)`, in the same order (the tests compare
 * them), but it does not build what the tree drops: no attribute map and no text for elements inside a
 * subtree the sink skips (scripts, SVG, forms), no comments, no location bookkeeping, and its stacks
 * grow at the end instead of `unshift`ing at the front.
 */
export interface TreeSink {
  onopentag(name: string, attrs: Record<string, string>): void;
  ontext(text: string): void;
  onclosetag(name: string): void;
  /** False while the sink discards what it is given: the next tags' attributes and the text are then not read. */
  wantsDetail(): boolean;
}

const pTag = new Set(['p']);
const headingTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);
const formTags = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const tableSectionTags = new Set(['thead', 'tbody']);
const ddtTags = new Set(['dd', 'dt']);
const rtpTags = new Set(['rt', 'rp']);
const OPEN_IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])], ['th', new Set(['th'])], ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])], ['a', new Set(['a'])], ['li', new Set(['li'])], ['p', pTag],
  ['h1', headingTags], ['h2', headingTags], ['h3', headingTags], ['h4', headingTags], ['h5', headingTags], ['h6', headingTags],
  ['select', formTags], ['input', formTags], ['output', formTags], ['button', formTags], ['datalist', formTags], ['textarea', formTags],
  ['option', new Set(['option'])], ['optgroup', new Set(['optgroup', 'option'])], ['dd', ddtTags], ['dt', ddtTags],
  ['address', pTag], ['article', pTag], ['aside', pTag], ['blockquote', pTag], ['details', pTag], ['div', pTag], ['dl', pTag],
  ['fieldset', pTag], ['figcaption', pTag], ['figure', pTag], ['footer', pTag], ['form', pTag], ['header', pTag], ['hr', pTag],
  ['main', pTag], ['nav', pTag], ['ol', pTag], ['pre', pTag], ['section', pTag], ['table', pTag], ['ul', pTag],
  ['rt', rtpTags], ['rp', rtpTags], ['tbody', tableSectionTags], ['tfoot', tableSectionTags],
]);
const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const FOREIGN = new Set(['math', 'svg']);
const INTEGRATION = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignObject', 'desc', 'title']);
const SVG_NAMES = new Map(
  ['altGlyph', 'altGlyphDef', 'altGlyphItem', 'animateColor', 'animateMotion', 'animateTransform', 'clipPath', 'feBlend', 'feColorMatrix',
    'feComponentTransfer', 'feComposite', 'feConvolveMatrix', 'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight', 'feDropShadow',
    'feFlood', 'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR', 'feGaussianBlur', 'feImage', 'feMerge', 'feMergeNode', 'feMorphology',
    'feOffset', 'fePointLight', 'feSpecularLighting', 'feSpotLight', 'feTile', 'feTurbulence', 'foreignObject', 'glyphRef',
    'linearGradient', 'radialGradient', 'textPath'].map((n) => [n.toLowerCase(), n]),
);
const NONE = 0;
const SVG = 1;
const MATHML = 2;
const NO_ATTRS: Record<string, string> = Object.freeze({});

class TreeParser implements FastCallbacks {
  private html = '';
  /** Open elements, innermost last. */
  private readonly stack: string[] = [];
  /** Foreign-content contexts, innermost last; the first entry is the document's (none). */
  private readonly foreign: number[] = [NONE];
  private tagname = '';
  /** An open tag is being read (htmlparser2 drops a second `<form>` by leaving it unset). */
  private opening = false;
  /** Attributes of the open tag, or null when the sink will not read them. */
  private attribs: Record<string, string> | null = null;
  /** The attribute being read, or '' when it is not kept. */
  private attribname = '';
  private attribvalue = '';

  constructor(
    private readonly keep: ReadonlySet<string>,
    private readonly sink: TreeSink,
  ) {}

  parse(html: string): void {
    this.html = html;
    const tokenizer = new FastTokenizer({ decodeEntities: true, recognizeSelfClosing: true }, this);
    tokenizer.write(html);
    tokenizer.end();
  }

  isInForeignContext(): boolean {
    return this.foreign[this.foreign.length - 1] !== NONE;
  }

  ontext(start: number, endIndex: number): void {
    if (this.sink.wantsDetail()) this.sink.ontext(this.html.slice(start, endIndex));
  }

  ontextentity(cp: number): void {
    if (this.sink.wantsDetail()) this.sink.ontext(String.fromCodePoint(cp));
  }

  private readTagName(start: number, endIndex: number): string {
    const name = this.html.slice(start, endIndex).toLowerCase();
    const context = this.foreign[this.foreign.length - 1];
    if (context === SVG) return SVG_NAMES.get(name) ?? name;
    if (this.foreign.length > 1) {
      const adjusted = SVG_NAMES.get(name);
      if (adjusted !== undefined && this.stack.includes(adjusted)) return adjusted;
    }
    if (context === NONE) return name === 'image' ? 'img' : name;
    return name;
  }

  onopentagname(start: number, endIndex: number): void {
    this.emitOpenTag(this.readTagName(start, endIndex));
  }

  private emitOpenTag(name: string): void {
    this.tagname = name;
    if (name === 'form' && this.stack.includes('form')) {
      this.tagname = '';
      return;
    }
    const impliesClose = OPEN_IMPLIES_CLOSE.get(name);
    if (impliesClose) {
      while (this.stack.length > 0 && impliesClose.has(this.stack[this.stack.length - 1] as string)) this.popElement();
    }
    if (!VOID.has(name)) {
      this.stack.push(name);
      if (name === 'svg') this.foreign.push(SVG);
      else if (name === 'math') this.foreign.push(MATHML);
      else if (INTEGRATION.has(name)) this.foreign.push(NONE);
    }
    this.opening = true;
    this.attribs = this.sink.wantsDetail() ? {} : null;
  }

  private endOpenTag(): void {
    if (this.opening) {
      this.sink.onopentag(this.tagname, this.attribs ?? NO_ATTRS);
      this.opening = false;
      this.attribs = null;
    }
    if (VOID.has(this.tagname)) this.sink.onclosetag(this.tagname);
    this.tagname = '';
  }

  onopentagend(): void {
    this.endOpenTag();
  }

  onclosetag(start: number, endIndex: number): void {
    const name = this.readTagName(start, endIndex);
    if (!VOID.has(name)) {
      const pos = this.stack.lastIndexOf(name);
      if (pos !== -1) {
        while (this.stack.length > pos) this.popElement();
      } else if (name === 'p') {
        // `</p>` without an open `<p>` makes an empty paragraph.
        this.emitOpenTag('p');
        this.closeCurrentTag();
      }
    } else if (name === 'br') {
      // `</br>` is a line break.
      this.sink.onopentag('br', this.sink.wantsDetail() ? {} : NO_ATTRS);
      this.sink.onclosetag('br');
    }
  }

  onselfclosingtag(): void {
    this.closeCurrentTag();
  }

  private popElement(): void {
    const element = this.stack.pop() as string;
    if (FOREIGN.has(element) || INTEGRATION.has(element)) this.foreign.pop();
    this.sink.onclosetag(element);
  }

  private closeCurrentTag(): void {
    const name = this.tagname;
    this.endOpenTag();
    if (this.stack[this.stack.length - 1] === name) this.popElement();
  }

  onattribname(start: number, endIndex: number): void {
    if (this.attribs === null) return;
    const name = this.html.slice(start, endIndex).toLowerCase();
    this.attribname = this.keep.has(name) ? name : '';
  }

  dropsAttributeValue(): boolean {
    return this.attribname === '';
  }

  onattribdata(start: number, endIndex: number): void {
    if (this.attribname !== '') this.attribvalue += this.html.slice(start, endIndex);
  }

  onattribentity(cp: number): void {
    if (this.attribname !== '') this.attribvalue += String.fromCodePoint(cp);
  }

  onattribend(): void {
    // As htmlparser2: the first of two same-named attributes wins.
    if (this.attribname !== '' && this.attribs !== null && !Object.hasOwn(this.attribs, this.attribname)) this.attribs[this.attribname] = this.attribvalue;
    this.attribname = '';
    this.attribvalue = '';
  }

  oncdata(start: number, endIndex: number, offset: number): void {
    // CDATA is text inside SVG and MathML, a comment elsewhere.
    if (this.isInForeignContext() && this.sink.wantsDetail()) this.sink.ontext(this.html.slice(start, endIndex - offset));
  }

  oncomment(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}

  onend(): void {
    for (let i = this.stack.length - 1; i >= 0; i--) this.sink.onclosetag(this.stack[i] as string);
  }
}

/** Parses a whole page into the sink's events; the attribute maps hold only the names in `keep`. */
export function parseInto(html: string, keep: ReadonlySet<string>, sink: TreeSink): void {
  new TreeParser(keep, sink).parse(html);
}
