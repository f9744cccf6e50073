/**
 * FineWeb's own quality rules (Penedo et al. 2024; thresholds as in datatrove's FineWebQualityFilter):
 * at least 12 % of lines end in terminal punctuation, at most 67 % of lines are short, at most 1 % of the
 * characters sit in lines that repeat an earlier line, and at most 0.3 newlines per word (lists).
 *
 * A "short" line is 30 characters or less in English. A Hangul syllable or a CJK character carries
 * about two Latin letters' worth of text, so for Korean, Chinese and Japanese a short line is 15
 * characters or less: a 20-syllable Korean line is a full sentence, not a menu item.
 */
import { atLeast, atMost, countOf, ratio, type RuleResult, type TextShape } from './quality-text.js';

const TERMINAL = /[.?!"'。！？」』”’…:;)\]]$/;

export interface FinewebRules {
  finewebLinePunctRatio: RuleResult;
  finewebShortLineRatio: RuleResult;
  finewebDupLineCharRatio: RuleResult;
  finewebNewlineWordRatio: RuleResult;
}

/** `lineDuplicates`: findDuplicates over the non-blank lines as written, shared with Gopher's rule. */
export function finewebRules(shape: TextShape, lineDuplicates: { chars: number }): FinewebRules {
  const { lines, words, text } = shape;
  const shortLength = shape.script === 'spaced' ? 30 : 15;
  let punct = 0;
  let short = 0;
  for (const l of lines) {
    if (TERMINAL.test(l)) punct++;
    if (l.length <= shortLength) short++;
  }
  // Winnow's text separates paragraphs by a blank line where FineWeb's (trafilatura's) uses one newline.
  const newlines = Math.max(0, lines.length - 1);
  return {
    finewebLinePunctRatio: atLeast(ratio(punct, lines.length), 0.12),
    finewebShortLineRatio: atMost(ratio(short, lines.length), 0.67),
    finewebDupLineCharRatio: atMost(ratio(lineDuplicates.chars, text.length - countOf(text, '\n')), 0.01),
    // A document without words fails; its value stays a finite number for JSON and Parquet.
    finewebNewlineWordRatio: { value: ratio(newlines, words.length), pass: words.length > 0 && newlines / words.length <= 0.3 },
  };
}
