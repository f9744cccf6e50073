import type { FastifyInstance, FastifyRequest } from 'fastify';

/** What the JSON API answered: the parsed body and the status, so a page can show a 401/403/404 as such. */
export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** A problem+json body, as the API's error handler writes it. */
export interface Problem {
  status: number;
  title: string;
  detail: string;
  code: string;
}

/**
 * The console is a client of the JSON API: each page asks /v1 in-process (`inject`), forwarding the caller's
 * key (its Authorization header and its `winnow_key` cookie), so that keys, scopes and validation apply to
 * the console exactly as to any other client.
 */
export function apiClient(app: FastifyInstance, req: FastifyRequest) {
  const headers: Record<string, string> = {};
  if (req.headers.authorization) headers.authorization = req.headers.authorization;
  if (req.headers.cookie) headers.cookie = req.headers.cookie;
  const call = async <T>(method: 'GET' | 'POST', url: string, payload?: object): Promise<ApiAnswer<T>> => {
    const res = await app.inject({
      method,
      url,
      headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(payload !== undefined && { payload }),
    });
    return { status: res.statusCode, body: res.json<T>() };
  };
  return {
    get: <T>(url: string) => call<T>('GET', url),
    post: <T>(url: string, payload: object = {}) => call<T>('POST', url, payload),
  };
}

export const isOk = (a: ApiAnswer<unknown>): boolean => a.status >= 200 && a.status < 300;

/** `?a=1&b=` from an object, leaving out empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
