/** Stable code of every URL refusal; never reused for another meaning. */
const BAD_URL = 'WINNOW_ERR_BAD_URL';

/** An input that is not an absolute (or base-resolvable) http(s) URL. */
export class UrlError extends Error {
  override readonly name = 'UrlError';
  readonly code = BAD_URL;

  constructor(
    /** The input as given, so callers can log or report it. */
    readonly input: string,
    reason: string,
  ) {
    super(`bad URL ${JSON.stringify(input.length > 200 ? `${input.slice(0, 200)}...` : input)}: ${reason}`);
  }
}
