/**
 * Trafilatura's snippet metric (extraction-bench-2's SOURCE.md): per page, `with` snippets found in the
 * whitespace-normalized output are true positives (else false negatives), `without` snippets found are
 * false positives (else true negatives); counts are summed over all snippets of all pages.
 */

/** Python's `\s` (str patterns): JavaScript's `\s` adds U+FEFF and lacks U+001C-U+001F and U+0085. */
// U+001C-U+001F (file separators) are control characters: built from their codes, not written in the pattern.
const FILE_SEPARATORS = String.fromCharCode(0x1c, 0x1d, 0x1e, 0x1f);
const PY_SPACE = new RegExp(`[\\t\\n\\v\\f\\r${FILE_SEPARATORS} \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+`, 'g');

export function norm(s: string): string {
  return s.replace(PY_SPACE, ' ').replace(/^ | $/g, '');
}

export interface SnippetGold {
  with: readonly string[];
  without: readonly string[];
}

export interface SnippetCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function scoreSnippets(gold: SnippetGold, extracted: string): SnippetCounts {
  const out = norm(extracted);
  // Snippets are taken as written: only the output is normalized, as in trafilatura's evaluation.
  const found = (snippet: string): boolean => out !== '' && out.includes(snippet);
  const c: SnippetCounts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const s of gold.with) if (found(s)) c.tp++;
  else c.fn++;
  for (const s of gold.without) if (found(s)) c.fp++;
  else c.tn++;
  return c;
}

interface SnippetSummary extends SnippetCounts {
  precision: number;
  recall: number;
  accuracy: number;
  f1: number;
}

export function summarizeSnippets(pages: readonly SnippetCounts[]): SnippetSummary {
  const c: SnippetCounts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const p of pages) {
    c.tp += p.tp;
    c.fp += p.fp;
    c.tn += p.tn;
    c.fn += p.fn;
  }
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  return {
    ...c,
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    accuracy: ratio(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
  };
}
