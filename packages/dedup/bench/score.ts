import type { Label } from '../testing/pair-set.js';

export const LABELS: Label[] = ['exact', 'near', 'contains', 'contained_by', 'distinct'];

export interface ClassScore {
  label: Label;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Score {
  perClass: ClassScore[];
  macroF1: number;
  accuracy: number;
  /** Share of truly distinct pairs judged related in any way. */
  falseMergeRate: number;
}

export function score(truth: Label[], predicted: Label[]): Score {
  const perClass = LABELS.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      const p = predicted[i];
      if (p === label && t === label) tp++;
      else if (p === label) fp++;
      else if (t === label) fn++;
    });
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, support: tp + fn, precision, recall, f1 };
  });
  const distinct = truth.map((t, i) => [t, predicted[i]] as const).filter(([t]) => t === 'distinct');
  return {
    perClass,
    macroF1: perClass.reduce((s, c) => s + c.f1, 0) / perClass.length,
    accuracy: truth.filter((t, i) => t === predicted[i]).length / truth.length,
    falseMergeRate: distinct.length === 0 ? 0 : distinct.filter(([, p]) => p !== 'distinct').length / distinct.length,
  };
}
