import { paragraphUnits } from './features.js';
import { intersectionSize, shingleSet } from './shingles.js';

/** Share of a paragraph's shingles that must lie in the sources for it to count as theirs. */
const COVERED_SHARE = 0.8;

/**
 * Hashes of the paragraphs of `text` that belong to the given sources: equal paragraph hashes, or,
 * when the sources' full shingle sets are known, paragraphs mostly made of their shingles.
 */
export function coveredParagraphs(
  text: string,
  sourceParagraphs: ReadonlySet<number>,
  sourceShingles: readonly Uint32Array[] = [],
): number[] {
  const out: number[] = [];
  for (const u of paragraphUnits(text)) {
    if (sourceParagraphs.has(u.hash)) {
      out.push(u.hash);
      continue;
    }
    if (sourceShingles.length === 0) continue;
    const own = shingleSet(u.tokens);
    if (own.length < 3) continue;
    const best = Math.max(...sourceShingles.map((s) => intersectionSize(own, s)));
    if (best / own.length >= COVERED_SHARE) out.push(u.hash);
  }
  return out;
}

/** The document's own part: its paragraphs (as written) minus those that belong to its sources. */
export function novelTextOf(text: string, covered: readonly number[]): string {
  const skip = new Set(covered);
  return paragraphUnits(text)
    .filter((u) => !skip.has(u.hash))
    .map((u) => u.raw)
    .join('\n\n');
}
