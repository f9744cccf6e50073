/** Stable error codes the store raises for caller mistakes (infrastructure faults stay plain errors). */
export const STORE_ERRORS = {
  invalidCursor: 'WINNOW_ERR_INVALID_CURSOR',
  jobExists: 'WINNOW_ERR_JOB_EXISTS',
} as const;

export type StoreErrorCode = (typeof STORE_ERRORS)[keyof typeof STORE_ERRORS];

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
