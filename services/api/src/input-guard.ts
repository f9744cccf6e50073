import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-errors.js';

/** A UTF-16 surrogate without its other half: no UTF-8 encoding exists for it, so PostgreSQL cannot hold it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 32;

function badText(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(s)) return 'contains a lone UTF-16 surrogate (not valid Unicode)';
  return null;
}

function check(value: unknown, path: string, depth: number): void {
  if (typeof value === 'string') {
    const why = badText(value);
    if (why) throw new ApiError('WINNOW_ERR_VALIDATION', `${path}: ${why}`, [{ path, message: why }]);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth > MAX_DEPTH) throw new ApiError('WINNOW_ERR_VALIDATION', `${path}: nested more than ${MAX_DEPTH} levels`, [{ path, message: 'nested too deeply' }]);
  for (const [key, v] of Object.entries(value)) {
    const at = `${path}.${key}`;
    const why = badText(key);
    if (why) throw new ApiError('WINNOW_ERR_VALIDATION', `${path}: a key ${why}`, [{ path, message: `a key ${why}` }]);
    check(v, at, depth + 1);
  }
}

/**
 * Text no route can store or search is refused up front, for every route (the console's too): NUL bytes
 * (PostgreSQL text and jsonb refuse them, which used to surface as a 500 on `?lang=%00`) and lone surrogates.
 * The 400 names the parameter.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    check(req.params, 'params', 0);
    check(req.query, 'query', 0);
    check(req.body, 'body', 0);
  });
}
