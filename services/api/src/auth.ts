import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-errors.js';

/** What a key may do: `read` the GET routes, `crawl` create and cancel jobs, `admin` operate (DLQ replay). */
export const SCOPES = ['read', 'crawl', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** One WINNOW_API_KEYS entry. Only the token's SHA-256 is held, never the token. */
export interface ApiKey {
  /** The first 12 hex digits of the hash: names the key in logs and rate limits without revealing it. */
  id: string;
  hash: Buffer;
  scopes: ReadonlySet<Scope>;
}

/** The caller a request was resolved to; absent when the API is open (no keys configured). */
interface Caller {
  keyId: string;
  scopes: ReadonlySet<Scope>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a key needs for this route; a route without one is public (health, metrics, docs). */
    scope?: Scope;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

/** The cookie the console sets from its key field; read when no Authorization header is sent. */
const KEY_COOKIE = 'winnow_key';
const ENTRY = /^sha256:([0-9a-f]{64}):([a-z+]+)$/;

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A fresh random token (256 bits) and the WINNOW_API_KEYS entry that admits it. */
export function newKey(scopes: readonly Scope[]): { token: string; entry: string } {
  const token = `wnw_${randomBytes(32).toString('base64url')}`;
  return { token, entry: `sha256:${hashToken(token)}:${scopes.join('+')}` };
}

/** Parses `read+crawl`; throws naming the bad scope. */
export function parseScopes(text: string): Scope[] {
  const scopes = text.split('+');
  for (const s of scopes) {
    if (!(SCOPES as readonly string[]).includes(s)) throw new Error(`unknown scope "${s}" (expected ${SCOPES.join(', ')} joined by +)`);
  }
  return [...new Set(scopes)] as Scope[];
}

/**
 * Parses WINNOW_API_KEYS (`sha256:<hex>:<scopes>,...`). Throws an error naming the entry by position (never
 * its content, which might be a token pasted by mistake).
 */
export function parseApiKeys(value: string): ApiKey[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((entry, i) => {
      const m = ENTRY.exec(entry.toLowerCase());
      if (!m) throw new Error(`entry ${i + 1} is not sha256:<64 hex digits>:<scopes> (did you paste the token itself? use \`winnow keys new\`)`);
      let scopes: Scope[];
      try {
        scopes = parseScopes(m[2]!);
      } catch (err) {
        throw new Error(`entry ${i + 1}: ${(err as Error).message}`);
      }
      return { id: m[1]!.slice(0, 12), hash: Buffer.from(m[1]!, 'hex'), scopes: new Set(scopes) };
    });
}

export interface AuthOptions {
  /** The configured keys; undefined leaves the API open. */
  keys?: readonly ApiKey[];
  /** Requests per key per window. */
  rateLimitMax?: number;
  rateLimitWindowMs?: number;
}

/** The token a request carries: `Authorization: Bearer <token>`, else the `winnow_key` cookie. */
function presentedToken(app: FastifyInstance, req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new ApiError('WINNOW_ERR_UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
    return m[1]!;
  }
  const cookies = req.headers.cookie ? app.parseCookie(req.headers.cookie) : {};
  const fromCookie = cookies[KEY_COOKIE];
  return fromCookie !== undefined && fromCookie !== '' ? fromCookie : null;
}

/** Compares the token's hash with every key's, always all of them, in constant time each. */
function findKey(keys: readonly ApiKey[], token: string): ApiKey | null {
  const hash = createHash('sha256').update(token, 'utf8').digest();
  let found: ApiKey | null = null;
  for (const key of keys) {
    if (timingSafeEqual(hash, key.hash) && found === null) found = key;
  }
  return found;
}

/**
 * The one place that resolves the caller. Every route declares `config: { scope }`; this hook answers
 * 401 without a known key and 403 without the scope, before the body is read. The token is never logged:
 * only the key's id is, and the logger redacts the Authorization and Cookie headers. Without keys the
 * API is open, as before, with one warning at start, and unlimited. Rate limits count per key.
 */
export function registerAuth(app: FastifyInstance, opts: AuthOptions): void {
  const keys = opts.keys && opts.keys.length > 0 ? opts.keys : null;
  if (keys === null) app.log.warn('WINNOW_API_KEYS is not set: the API is open to anyone who can reach its port');
  void app.register(cookie);
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (req) => {
    const scope = req.routeOptions.config.scope;
    if (keys === null || scope === undefined) return;
    const token = presentedToken(app, req);
    if (token === null) throw new ApiError('WINNOW_ERR_UNAUTHENTICATED', 'this route needs an API key: send Authorization: Bearer <token>');
    const key = findKey(keys, token);
    if (!key) throw new ApiError('WINNOW_ERR_UNAUTHENTICATED', 'the API key is not one this API knows');
    req.caller = { keyId: key.id, scopes: key.scopes };
    if (!key.scopes.has(scope)) {
      req.log.info({ keyId: key.id, scope }, 'api key lacks scope');
      throw new ApiError('WINNOW_ERR_FORBIDDEN', `this route needs the "${scope}" scope, which the key does not have`);
    }
  });
  // Routes registered after this plugin loads get its limit: buildApp registers them in a plugin of their own.
  void app.register(rateLimit, {
    global: true,
    max: opts.rateLimitMax ?? 600,
    timeWindow: opts.rateLimitWindowMs ?? 60_000,
    keyGenerator: (req) => req.caller?.keyId ?? req.ip,
    // Limits are per key: an open API (as today) and public routes (probes, metrics, docs) are never limited,
    // so a scraper cannot lock out the health check.
    allowList: (req) => req.caller === null,
    errorResponseBuilder: (_req, ctx) =>
      new ApiError('WINNOW_ERR_RATE_LIMITED', `more than ${ctx.max} requests in ${ctx.after}; retry after ${Math.ceil(ctx.ttl / 1000)} s`),
  });
}
