import { Counter } from 'prom-client';

/** Documents judged, by verdict and relation (`none` for unique documents without sources). */
export const judgedTotal = new Counter({
  name: 'winnow_dedup_documents_total',
  help: 'Documents judged by the deduplicator',
  labelNames: ['verdict', 'relation', 'redelivered'] as const,
});

/** Earlier documents published again because a later one changed their state. */
export const republishedTotal = new Counter({
  name: 'winnow_dedup_republished_total',
  help: 'Earlier documents republished after a later document changed their verdict or sources',
  labelNames: ['verdict'] as const,
});
