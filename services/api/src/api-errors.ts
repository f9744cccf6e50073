/**
 * Every error the API answers with: a stable code, its HTTP status and a title. Codes are never
 * reused; the error handler turns them into application/problem+json bodies (RFC 9457).
 */
export const API_ERRORS = {
  WINNOW_ERR_VALIDATION: { status: 400, title: 'The request is not valid' },
  WINNOW_ERR_INVALID_CURSOR: { status: 400, title: 'The cursor is not one this API returned' },
  WINNOW_ERR_BAD_REQUEST: { status: 400, title: 'The request could not be read' },
  WINNOW_ERR_UNAUTHENTICATED: { status: 401, title: 'A known API key is required' },
  WINNOW_ERR_FORBIDDEN: { status: 403, title: 'The API key lacks the scope this route needs' },
  WINNOW_ERR_JOB_NOT_FOUND: { status: 404, title: 'No such job' },
  WINNOW_ERR_DOCUMENT_NOT_FOUND: { status: 404, title: 'No such document' },
  WINNOW_ERR_CLUSTER_NOT_FOUND: { status: 404, title: 'No such cluster' },
  WINNOW_ERR_ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  WINNOW_ERR_PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  WINNOW_ERR_URI_TOO_LONG: { status: 414, title: 'A path parameter is too long' },
  WINNOW_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request body must be application/json' },
  WINNOW_ERR_JOB_EXISTS: { status: 409, title: 'A job with this id already exists' },
  WINNOW_ERR_JOB_FINISHED: { status: 409, title: 'The job has already finished' },
  WINNOW_ERR_RATE_LIMITED: { status: 429, title: 'Too many requests for this API key' },
  WINNOW_ERR_UNAVAILABLE: { status: 503, title: 'A backing service is unavailable' },
  WINNOW_ERR_INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export interface FieldIssue {
  /** Where the problem is, e.g. `body.seeds.0` or `query.limit`. */
  path: string;
  message: string;
}

/** An error meant for the client: its code decides the status; detail and issues are shown as is. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly detail: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export function isApiErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === 'string' && Object.hasOwn(API_ERRORS, code);
}
