import type { FastCallbacks } from '@winnow/extract';

/** The only tags whose attributes are read; the longest name is LONGEST_LINK_TAG characters. */
const LINK_TAGS = new Set(['a', 'area', 'base', 'body', 'frame', 'iframe', 'link', 'meta']);
const LONGEST_LINK_TAG = 6;

/** Attribute names lower-cased, entities decoded; the first of repeated names wins, as in htmlparser2's Parser. */
export type Attributes = Partial<Record<string, string>>;

const ignore = (): void => undefined;

/** Elements that open foreign content (SVG, MathML), where <title> and <style> are ordinary tags. */
const FOREIGN_ROOTS = new Set(['svg', 'math']);
/** Elements inside foreign content whose own content is HTML again (htmlparser2's list, lower-cased). */
const HTML_INTEGRATION = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);
/** Elements without content, never on the element stack. */
const VOID_ELEMENTS = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen',
  'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

/** An open element inside foreign content: whether it starts foreign content (svg, math), HTML again, or neither. */
interface ForeignEntry {
  name: string;
  foreign: boolean | null;
}

/**
 * htmlparser2's tokenizer events turned into the opening tags of LINK_TAGS with their attributes: what its Parser
 * reports for them, without what the Parser does for every other tag (names lower-cased, attribute objects built,
 * the element stack kept), which cost as much as tokenizing itself. Tokenizing stays htmlparser2's (through extract's
 * FastTokenizer, which gives the same events and skips the attribute values of other tags unread), so what is a
 * tag (not inside a comment, a script, a style or an attribute value) is decided as before. The one thing the
 * tokenizer asks of the Parser, whether it is inside SVG or MathML (where <title> and <style> hold tags), is
 * answered from a stack of the elements open since the outermost svg or math; a closing tag of an element opened
 * before it leaves foreign content, as the Parser's stack would.
 */
export class LinkTags implements FastCallbacks {
  private tag: string | null = null;
  private attrs: Record<string, string> = {};
  private attrName = '';
  private attrValue = '';
  private readonly foreign: ForeignEntry[] = [];
  /** The tag being read went onto `foreign`. */
  private pushed = false;

  /** `text(start, end)`: the page's text between two of the tokenizer's offsets. */
  constructor(
    private readonly text: (start: number, end: number) => string,
    private readonly onTag: (name: string, attrs: Attributes) => void,
  ) {}

  isInForeignContext(): boolean {
    for (let i = this.foreign.length - 1; i >= 0; i--) {
      const f = this.foreign[i]!.foreign;
      if (f !== null) return f;
    }
    return false;
  }

  onopentagname(start: number, end: number): void {
    const inForeign = this.foreign.length > 0;
    // Outside foreign content only svg, math and LINK_TAGS matter: longer names are not worth a slice.
    const name = inForeign || end - start <= LONGEST_LINK_TAG ? this.text(start, end).toLowerCase() : '';
    this.pushed = inForeign ? !VOID_ELEMENTS.has(name) : FOREIGN_ROOTS.has(name);
    if (this.pushed) {
      const foreign = FOREIGN_ROOTS.has(name) ? true : HTML_INTEGRATION.has(name) ? false : null;
      this.foreign.push({ name, foreign });
    }
    this.tag = LINK_TAGS.has(name) ? name : null;
    if (this.tag !== null) this.attrs = {};
  }

  /** Attribute values of tags other than LINK_TAGS are never read: FastTokenizer skips them unread. */
  dropsAttributeValue(): boolean {
    return this.tag === null;
  }

  onattribname(start: number, end: number): void {
    if (this.tag !== null) this.attrName = this.text(start, end).toLowerCase();
  }

  onattribdata(start: number, end: number): void {
    if (this.tag !== null) this.attrValue += this.text(start, end);
  }

  onattribentity(codepoint: number): void {
    if (this.tag !== null) this.attrValue += String.fromCodePoint(codepoint);
  }

  onattribend(): void {
    if (this.tag === null) return;
    if (!Object.hasOwn(this.attrs, this.attrName)) this.attrs[this.attrName] = this.attrValue;
    this.attrValue = '';
  }

  onopentagend(): void {
    if (this.tag !== null) this.onTag(this.tag, this.attrs);
    this.tag = null;
  }

  /** `<a href=x />`: HTML ignores the slash; in foreign content it closes the element, as in the Parser. */
  onselfclosingtag(): void {
    if (this.pushed && this.isInForeignContext()) this.foreign.pop();
    this.onopentagend();
  }

  onclosetag(start: number, end: number): void {
    if (this.foreign.length === 0) return;
    const name = this.text(start, end).toLowerCase();
    let at = this.foreign.length - 1;
    while (at >= 0 && this.foreign[at]!.name !== name) at--;
    // Not opened inside foreign content: an element around it, whose end closes the svg or math too.
    this.foreign.length = Math.max(at, 0);
  }

  oncdata = ignore;
  oncomment = ignore;
  ondeclaration = ignore;
  onend = ignore;
  onprocessinginstruction = ignore;
  ontext = ignore;
  ontextentity = ignore;
}
