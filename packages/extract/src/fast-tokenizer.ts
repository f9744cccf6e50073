import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

export interface FastCallbacks extends TokenizerCallbacks {
  /** True when the attribute being read is dropped: its value is then skipped to the closing quote, entities undecoded. */
  dropsAttributeValue?(): boolean;
}

/**
 * htmlparser2's tokenizer with its character-at-a-time scans replaced by `indexOf`, which V8 runs as a
 * native search. The tokenizer visits every character through its state switch; on news pages, script
 * and style bodies, long attribute values (srcset, data URIs, inline JSON) and runs of text make up most
 * characters and nearly all of its time. Each replacement skips only characters on which the original
 * state does nothing but move on, so the events (and the tree) are exactly htmlparser2's: the tests parse
 * the same HTML with both tokenizers and compare. The methods replaced are internals of htmlparser2
 * 12.0.0, which package.json pins exactly.
 */
export class FastTokenizer extends Tokenizer {
  constructor(
    options: ConstructorParameters<typeof Tokenizer>[0],
    readonly reader: FastCallbacks,
  ) {
    super(options, reader);
  }

  /** Where the next `&` is at or after `ampFrom` in `ampBuffer` (-1: none), so text scans stay linear. */
  ampBuffer = '';
  ampFrom = 0;
  ampAt = -1;
}

/** The tokenizer's own fields and states that the fast paths use. */
interface Internals {
  buffer: string;
  offset: number;
  index: number;
  decodeEntities: boolean;
  reader: FastCallbacks;
  ampBuffer: string;
  ampFrom: number;
  ampAt: number;
  // Properties, not methods: they are read off the prototype and called with `.call`.
  fastForwardTo: (this: Internals, c: number) => boolean;
  stateText: (this: Internals, c: number) => void;
  stateInAttributeValueDoubleQuotes: (this: Internals, c: number) => void;
  stateInAttributeValueSingleQuotes: (this: Internals, c: number) => void;
}

const LT = 0x3c;
const AMP = 0x26;
const DQ = 0x22;
const SQ = 0x27;

const base = Tokenizer.prototype as unknown as Internals;
const fast = FastTokenizer.prototype as unknown as Internals;
if (typeof base.fastForwardTo !== 'function' || typeof base.stateText !== 'function' || typeof base.stateInAttributeValueDoubleQuotes !== 'function') {
  throw new Error('htmlparser2 changed its tokenizer: fast-tokenizer.ts needs a review');
}
const baseText = base.stateText;
const baseDq = base.stateInAttributeValueDoubleQuotes;
const baseSq = base.stateInAttributeValueSingleQuotes;

function nextAmp(t: Internals, from: number): number {
  if (t.ampBuffer !== t.buffer || from < t.ampFrom || (t.ampAt !== -1 && t.ampAt < from)) {
    t.ampBuffer = t.buffer;
    t.ampFrom = from;
    t.ampAt = t.buffer.indexOf('&', from);
  }
  return t.ampAt;
}

/** Moves to just before the nearer of two stops (the state loop then steps onto it), or to the end. */
function skipTo(t: Internals, a: number, b: number): void {
  const next = a === -1 ? b : b === -1 ? a : Math.min(a, b);
  t.index = (next === -1 ? t.buffer.length : next) + t.offset - 1;
}

// As the original, stops at the next `c` (true) or at the buffer's last character (false).
fast.fastForwardTo = function fastForwardTo(this: Internals, c: number): boolean {
  const at = this.buffer.indexOf(String.fromCharCode(c), this.index - this.offset + 1);
  if (at !== -1) {
    this.index = at + this.offset;
    return true;
  }
  this.index = this.buffer.length + this.offset - 1;
  return false;
};

// Text: only `<` and `&` do anything.
fast.stateText = function stateText(this: Internals, c: number): void {
  if (c === LT || c === AMP || !this.decodeEntities) {
    baseText.call(this, c);
    return;
  }
  const from = this.index - this.offset + 1;
  skipTo(this, this.buffer.indexOf('<', from), nextAmp(this, from));
};

// Quoted attribute values: only the closing quote and `&` do anything, and `&` nothing the reader keeps
// when it drops the value (an entity never consumes a quote, so the value ends where it would have).
fast.stateInAttributeValueDoubleQuotes = function stateInAttributeValueDoubleQuotes(this: Internals, c: number): void {
  if (c === DQ || (c === AMP && this.reader.dropsAttributeValue?.() !== true) || !this.decodeEntities) {
    baseDq.call(this, c);
    return;
  }
  const from = this.index - this.offset + 1;
  skipTo(this, this.buffer.indexOf('"', from), this.reader.dropsAttributeValue?.() === true ? -1 : nextAmp(this, from));
};

fast.stateInAttributeValueSingleQuotes = function stateInAttributeValueSingleQuotes(this: Internals, c: number): void {
  if (c === SQ || (c === AMP && this.reader.dropsAttributeValue?.() !== true) || !this.decodeEntities) {
    baseSq.call(this, c);
    return;
  }
  const from = this.index - this.offset + 1;
  skipTo(this, this.buffer.indexOf("'", from), this.reader.dropsAttributeValue?.() === true ? -1 : nextAmp(this, from));
};
