import { counter } from '@winnow/runtime';

/** Documents judged, by verdict and relation (`none` for unique documents without sources). */
export const judgedTotal = counter('winnow_dedup_documents_total', 'Documents judged by the deduplicator', ['verdict', 'relation', 'redelivered']);

/** Earlier documents published again because a later one changed their state. */
export const republishedTotal = counter(
  'winnow_dedup_republished_total',
  'Earlier documents republished after a later document changed their verdict or sources',
  ['verdict'],
);
