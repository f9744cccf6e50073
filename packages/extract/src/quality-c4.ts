/**
 * C4's line filters (Raffel et al. 2020, section 2.2; as datatrove's C4QualityFilter runs them), annotated
 * rather than applied. C4 drops lines without terminal punctuation, with fewer than 3 words, mentioning
 * javascript or a cookie/terms policy, and drops the whole document for "lorem ipsum", a curly brace, or
 * fewer than 5 sentences in the lines it keeps: those three are the published document rules. The
 * per-reason line shares are Winnow's own reading of the line filters at document level: a document that
 * would lose most of its lines to one of them (a link list, a cookie wall) fails that rule: 80 % for lines
 * without terminal punctuation (headings, captions and lists lack it in good pages too), 50 % for the others.
 *
 * Korean and CJK: terminal punctuation includes the CJK full stops and closing quotes; the policy and
 * javascript phrases include their Korean forms (개인정보처리방침, 이용약관, 쿠키, 자바스크립트); lines of unspaced
 * scripts count their words by character, so their lines are not all "too short".
 */
import { atLeast, atMost, ratio, splitWords, type RuleResult, type TextShape } from './quality-text.js';

const CITATION = /\[\d*]|\[edit]|\[citation needed]/g;
const TERMINAL = /[.?!"'。！？」』”’]$/;
const POLICY = ['terms of use', 'privacy policy', 'cookie policy', 'uses cookies', 'use of cookies', 'use cookies', '개인정보처리방침', '개인정보 처리방침', '이용약관', '쿠키'];
const JAVASCRIPT = ['javascript', '자바스크립트'];
const SENTENCE_END = /[.?!。！？]+(?=\s|$)/g;

export interface C4Rules {
  c4Sentences: RuleResult;
  c4LoremIpsum: RuleResult;
  c4CurlyBracket: RuleResult;
  c4NoTerminalPunctLineRatio: RuleResult;
  c4JavascriptLineRatio: RuleResult;
  c4PolicyLineRatio: RuleResult;
}

/** Tokens of a trimmed line split at whitespace (JavaScript's `\s`), counted up to `cap`. */
function tokensUpTo(line: string, cap: number): number {
  let n = 1;
  let space = false;
  for (let i = 0; i < line.length && n < cap; i++) {
    const s = isSpace(line.charCodeAt(i));
    if (s && !space) n++;
    space = s;
  }
  return n;
}

function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export function c4Rules(shape: TextShape): C4Rules {
  const { script } = shape;
  const lines = shape.trimmed;
  let sentences = 0;
  let noPunct = 0;
  let javascript = 0;
  let policy = 0;
  let lorem = 0;
  let curly = 0;
  for (const raw of lines) {
    // A word over 1000 characters needs a line over 1000; only such lines (and unspaced ones) are split.
    const words = script === 'unspaced' ? splitWords(raw, script) : raw.length > 1000 ? raw.split(/\s+/) : null;
    if (words?.some((w) => w.length > 1000)) continue;
    const line = raw.includes('[') ? raw.replace(CITATION, '') : raw;
    if (!TERMINAL.test(line) || line.endsWith('...')) {
      noPunct++;
      continue;
    }
    if ((words === null ? tokensUpTo(raw, 3) : words.length) < 3) continue;
    const lower = line.toLowerCase();
    if (lower.includes('lorem ipsum')) lorem = 1;
    if (JAVASCRIPT.some((p) => lower.includes(p))) {
      javascript++;
      continue;
    }
    if (line.includes('{')) curly = 1;
    if (POLICY.some((p) => lower.includes(p))) {
      policy++;
      continue;
    }
    sentences += Math.max(1, line.match(SENTENCE_END)?.length ?? 0);
  }
  return {
    c4Sentences: atLeast(sentences, 5),
    c4LoremIpsum: atMost(lorem, 0),
    c4CurlyBracket: atMost(curly, 0),
    c4NoTerminalPunctLineRatio: atMost(ratio(noPunct, lines.length), 0.8),
    c4JavascriptLineRatio: atMost(ratio(javascript, lines.length), 0.5),
    c4PolicyLineRatio: atMost(ratio(policy, lines.length), 0.5),
  };
}
