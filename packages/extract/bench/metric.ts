/**
 * The article-extraction-benchmark's metric: word 4-gram (shingle) multisets compared per page,
 * precision and recall averaged over pages, F1 from the two averages.
 */

/** Words are runs of letters, digits or underscore (Python's `\w+` with re.UNICODE), case kept. */
const WORD = /[\p{L}\p{M}\p{Nd}\p{Pc}]+/gu;

export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Multiset of word n-grams. Texts shorter than n words yield one shingle of all their words. */
export function shingles(text: string, n = 4): Map<string, number> {
  const tokens = words(text);
  const out = new Map<string, number>();
  const count = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < count; i++) {
    const shingle = tokens.slice(i, i + n).join(' ');
    if (shingle) out.set(shingle, (out.get(shingle) ?? 0) + 1);
  }
  return out;
}

interface PageScore {
  /** null when the prediction is empty: such a page is left out of precision. */
  precision: number | null;
  recall: number;
  /** Word sequences match exactly. */
  exact: boolean;
}

export function scorePage(truth: string, prediction: string): PageScore {
  const t = shingles(truth);
  const p = shingles(prediction);
  const exact = words(truth).join(' ') === words(prediction).join(' ');
  if (p.size === 0) return { precision: null, recall: t.size === 0 ? 1 : 0, exact };
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [k, pc] of p) {
    const tc = t.get(k) ?? 0;
    tp += Math.min(tc, pc);
    fp += Math.max(0, pc - tc);
  }
  for (const [k, tc] of t) fn += Math.max(0, tc - (p.get(k) ?? 0));
  return {
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    exact,
  };
}

interface Summary {
  pages: number;
  precision: number;
  recall: number;
  f1: number;
  /** Share of pages whose word sequence matches the truth exactly. */
  accuracy: number;
}

export function summarize(scores: readonly PageScore[]): Summary {
  const withPrecision = scores.filter((s) => s.precision !== null);
  const precision = mean(withPrecision.map((s) => s.precision ?? 0));
  const recall = mean(scores.map((s) => s.recall));
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const accuracy = mean(scores.map((s) => (s.exact ? 1 : 0)));
  return { pages: scores.length, precision, recall, f1, accuracy };
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}
