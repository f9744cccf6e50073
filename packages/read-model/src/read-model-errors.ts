/** Stable error codes the store raises for caller mistakes (infrastructure faults stay plain errors). */
export const READ_MODEL_ERRORS = {
  invalidCursor: 'WINNOW_ERR_INVALID_CURSOR',
  jobExists: 'WINNOW_ERR_JOB_EXISTS',
} as const;

export type ReadModelErrorCode = (typeof READ_MODEL_ERRORS)[keyof typeof READ_MODEL_ERRORS];

export class ReadModelError extends Error {
  constructor(
    readonly code: ReadModelErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReadModelError';
  }
}
