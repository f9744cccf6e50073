/**
 * The published heuristic quality rules (Gopher quality and repetition, C4, FineWeb) measured on a
 * document's main text: each rule's number and whether it passes, and `pass` when every rule does.
 * Annotations only: nothing is dropped here; the export's `--min-quality pass` is the one filter.
 */
import { c4Rules, type C4Rules } from './quality-c4.js';
import { finewebRules, type FinewebRules } from './quality-fineweb.js';
import { gopherQuality, gopherRepetition, type GopherQualityRules, type GopherRepetitionRules } from './quality-gopher.js';
import { findDuplicates, scriptOf, shapeOf, type RuleResult } from './quality-text.js';

export type QualityRules = GopherQualityRules & GopherRepetitionRules & C4Rules & FinewebRules;

export function qualityRules(text: string, lang: string): { rules: QualityRules; pass: boolean } {
  const shape = shapeOf(text, scriptOf(lang));
  const lineDuplicates = findDuplicates(shape.lines);
  const rules: QualityRules = {
    ...gopherQuality(shape, lang),
    ...gopherRepetition(shape, lineDuplicates),
    ...c4Rules(shape),
    ...finewebRules(shape, lineDuplicates),
  };
  return { rules, pass: Object.values(rules).every((r: RuleResult) => r.pass) };
}

