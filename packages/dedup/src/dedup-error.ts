/** Stable codes of the dedup packages' errors. */
export const DEDUP_ERRORS = {
  /** A store was asked to commit a document it never claimed (a bug in the caller). */
  commitBeforeClaim: 'WINNOW_ERR_DEDUP_COMMIT_BEFORE_CLAIM',
  /** An index namespace that would break the key layout. */
  invalidNamespace: 'WINNOW_ERR_DEDUP_NAMESPACE',
  /** A shared index built by another version of the features (rebuild it into a fresh namespace). */
  indexFormat: 'WINNOW_ERR_DEDUP_INDEX_FORMAT',
  /** A store kept answering a claim with a different site template (its site records expiring meanwhile). */
  templateUnsettled: 'WINNOW_ERR_DEDUP_TEMPLATE_UNSETTLED',
} as const;

export type DedupErrorCode = (typeof DEDUP_ERRORS)[keyof typeof DEDUP_ERRORS];

export class DedupError extends Error {
  constructor(
    readonly code: DedupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DedupError';
  }
}
