import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { API_ERRORS, ApiError, isApiErrorCode, type ApiErrorCode, type FieldIssue } from './api-errors.js';

const PROBLEM_CONTENT_TYPE = 'application/problem+json';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ApiErrorCode;
  instance: string;
  errors?: FieldIssue[];
}

/** Fastify's own client errors (body parsing, limits), by status, mapped onto our codes. */
const FRAMEWORK_CODES: Record<number, ApiErrorCode> = {
  400: 'WINNOW_ERR_BAD_REQUEST',
  413: 'WINNOW_ERR_PAYLOAD_TOO_LARGE',
  414: 'WINNOW_ERR_URI_TOO_LONG',
  415: 'WINNOW_ERR_UNSUPPORTED_MEDIA_TYPE',
};

function toProblem(err: unknown, req: FastifyRequest): Problem {
  let code: ApiErrorCode = 'WINNOW_ERR_INTERNAL';
  let detail: string = API_ERRORS.WINNOW_ERR_INTERNAL.title;
  let issues: FieldIssue[] = [];
  if (err instanceof ApiError) {
    ({ code, detail, issues } = err);
  } else if (hasZodFastifySchemaValidationErrors(err)) {
    // A route's zod schema refused the request: name each field as `body.seeds.0` or `query.limit`.
    const where = err.validationContext === 'querystring' ? 'query' : (err.validationContext ?? 'body');
    issues = err.validation.map((v) => ({
      path: [where, ...v.instancePath.split('/').filter((p) => p !== '')].join('.'),
      message: v.message ?? 'invalid',
    }));
    code = 'WINNOW_ERR_VALIDATION';
    detail = `${issues[0]?.path}: ${issues[0]?.message}`;
  } else if (isApiErrorCode((err as { code?: unknown })?.code)) {
    // Coded errors from lower layers (e.g. the store's WINNOW_ERR_INVALID_CURSOR) carry safe messages.
    code = (err as { code: ApiErrorCode }).code;
    detail = (err as Error).message;
  } else {
    const fe = err as Partial<FastifyError>;
    const mapped = fe.statusCode !== undefined ? FRAMEWORK_CODES[fe.statusCode] : undefined;
    if (mapped && typeof fe.code === 'string' && fe.code.startsWith('FST_')) {
      code = mapped;
      detail = fe.message ?? API_ERRORS[mapped].title;
    }
  }
  const { status, title } = API_ERRORS[code];
  return {
    type: `urn:winnow:problem:${code}`,
    title,
    status,
    detail,
    code,
    instance: req.url,
    ...(issues.length > 0 ? { errors: issues } : {}),
  };
}

function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** Errors the router raises before any route or hook runs (a malformed URL, an overlong path parameter). */
export function frameworkErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  void sendProblem(reply, toProblem(err, req));
}

/** The API's one error handler: coded errors become problems; 5xx internals are logged, never shown. */
export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const problem = toProblem(err, req);
    if (problem.status >= 500) req.log.error({ err, code: problem.code }, 'request failed');
    else req.log.debug({ code: problem.code, detail: problem.detail }, 'request rejected');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, toProblem(new ApiError('WINNOW_ERR_ROUTE_NOT_FOUND', `no route for ${req.method} ${req.url.split('?')[0]}`), req)),
  );
}
