/** Stable error codes of the extractor; never reused for another meaning. */
export const EXTRACT_ERRORS = {
  /** The page has no usable main text. */
  empty: 'WINNOW_ERR_EXTRACT_EMPTY',
  /** The page exceeds the input size limit. */
  tooLarge: 'WINNOW_ERR_EXTRACT_TOO_LARGE',
  /** The input is not HTML text (binary junk). */
  notHtml: 'WINNOW_ERR_EXTRACT_NOT_HTML',
  /** The page URL given with the HTML is not an absolute http(s) URL. */
  badUrl: 'WINNOW_ERR_EXTRACT_BAD_URL',
  /** Extraction did not finish within its time limit (raised by the worker pool). */
  timeout: 'WINNOW_ERR_EXTRACT_TIMEOUT',
  /** The worker running the extraction died (out of memory, crash); raised by the worker pool. */
  crashed: 'WINNOW_ERR_EXTRACT_CRASHED',
} as const;

export type ExtractErrorCode = (typeof EXTRACT_ERRORS)[keyof typeof EXTRACT_ERRORS];

/** Short reasons used in job progress, e.g. `extract_empty`. */
const REASONS: Record<ExtractErrorCode, string> = {
  WINNOW_ERR_EXTRACT_EMPTY: 'empty',
  WINNOW_ERR_EXTRACT_TOO_LARGE: 'too_large',
  WINNOW_ERR_EXTRACT_NOT_HTML: 'not_html',
  WINNOW_ERR_EXTRACT_BAD_URL: 'bad_url',
  WINNOW_ERR_EXTRACT_TIMEOUT: 'timeout',
  WINNOW_ERR_EXTRACT_CRASHED: 'crashed',
};

export class ExtractError extends Error {
  override readonly name = 'ExtractError';
  constructor(
    readonly code: ExtractErrorCode,
    message: string,
  ) {
    super(message);
  }

  /** The short reason, e.g. `empty` for WINNOW_ERR_EXTRACT_EMPTY. */
  get reason(): string {
    return REASONS[this.code];
  }
}

export function isExtractError(err: unknown): err is ExtractError {
  return err instanceof ExtractError;
}
