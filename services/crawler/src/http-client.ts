import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable, Transform } from 'node:stream';
import { Agent } from 'undici';
import { guardedLookup, PRIVATE_NETWORK_CODE, systemResolver, type Resolver } from './guarded-lookup.js';
import { ipLiteral, isPrivateAddress } from './private-network.js';

/** One HTTP exchange, without following redirects: the caller decides about every hop. */
export type HopResult =
  | {
      kind: 'response';
      url: string;
      status: number;
      /** Lower-cased names; repeated headers joined with ", ". */
      headers: Record<string, string>;
      /** Absolute redirect target for a 3xx with a usable Location, else null. */
      location: string | null;
      /** Decompressed body for a 2xx; null otherwise. */
      body: Buffer | null;
    }
  | { kind: 'failure'; url: string; status: number; headers: Record<string, string>; reason: string };

export interface HttpClientOptions {
  userAgent: string;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  totalTimeoutMs: number;
  connections: number;
  allowPrivate: boolean;
  resolver?: Resolver;
  /** Which addresses count as private; tests let one loopback address stand in for the internet. */
  isPrivate?: (address: string) => boolean;
}

export interface GetOptions {
  maxBytes: number;
  headers?: Record<string, string>;
  /** Decides from the Content-Type (null when absent) whether a 2xx body is worth downloading. */
  accept?: (contentType: string | null) => boolean;
  /** Keep the first maxBytes of a longer body instead of failing with `too_large` (robots.txt). */
  truncate?: boolean;
  /** Extra cancellation, e.g. service shutdown. */
  signal?: AbortSignal;
}

/** HTTP GET over undici with the crawler's guards: private networks, timeouts, size after decompression. */
export class HttpClient {
  private readonly agent: Agent;

  constructor(private readonly opts: HttpClientOptions) {
    this.agent = new Agent({
      connections: opts.connections,
      headersTimeout: opts.headersTimeoutMs,
      bodyTimeout: opts.bodyTimeoutMs,
      connect: {
        timeout: opts.connectTimeoutMs,
        lookup: guardedLookup(opts.resolver ?? systemResolver, opts.allowPrivate, opts.isPrivate ?? isPrivateAddress),
      },
    });
  }

  async get(rawUrl: string, o: GetOptions): Promise<HopResult> {
    const fail = (reason: string, status = 0, headers: Record<string, string> = {}): HopResult => ({
      kind: 'failure',
      url: rawUrl,
      status,
      headers,
      reason,
    });
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return fail('invalid_url');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail('unsupported_scheme');
    // net.connect skips `lookup` for IP literals, so those are checked here.
    const literal = ipLiteral(url.hostname);
    if (literal && !this.opts.allowPrivate && (this.opts.isPrivate ?? isPrivateAddress)(literal)) return fail('private_network');

    const timeout = AbortSignal.timeout(this.opts.totalTimeoutMs);
    const signal = o.signal ? AbortSignal.any([timeout, o.signal]) : timeout;
    let stream: Readable | null = null;
    try {
      const res = await this.agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        signal,
        headers: {
          'user-agent': this.opts.userAgent,
          accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
          'accept-encoding': 'gzip, deflate, br',
          ...o.headers,
        },
      });
      stream = res.body;
      // Destroying a body we do not want emits an error; it is expected, not a crash.
      res.body.on('error', ignore);
      const headers = flattenHeaders(res.headers);
      const status = res.statusCode;
      if (status >= 300 && status < 400) {
        await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        return { kind: 'response', url: rawUrl, status, headers, location: resolveLocation(headers.location, url), body: null };
      }
      if (status < 200 || status >= 300) {
        await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        return { kind: 'response', url: rawUrl, status, headers, location: null, body: null };
      }
      const contentType = headers['content-type'] ?? null;
      if (o.accept && !o.accept(contentType)) {
        res.body.destroy();
        return fail('content_type_not_allowed', status, headers);
      }
      const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      const declared = Number(headers['content-length']);
      if (!o.truncate && (encoding === 'identity' || encoding === '') && Number.isFinite(declared) && declared > o.maxBytes) {
        res.body.destroy();
        return fail('too_large', status, headers);
      }
      const body = await readBody(res.body, encoding, o.maxBytes, o.truncate ?? false);
      if (typeof body === 'string') return fail(body, status, headers);
      return { kind: 'response', url: rawUrl, status, headers, location: null, body };
    } catch (err) {
      stream?.destroy();
      if (timeout.aborted) return fail('timeout');
      return fail(classifyError(err));
    }
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => this.agent.destroy());
  }
}

const ignore = (): void => undefined;

/** Reads and decompresses a body, stopping as soon as the decompressed size passes maxBytes. */
async function readBody(raw: Readable, encoding: string, maxBytes: number, truncate: boolean): Promise<Buffer | string> {
  let decoder: Transform | null;
  if (encoding === 'identity' || encoding === '') decoder = null;
  else if (encoding === 'gzip' || encoding === 'x-gzip') decoder = createGunzip();
  else if (encoding === 'deflate') decoder = createInflate();
  else if (encoding === 'br') decoder = createBrotliDecompress();
  else {
    raw.destroy();
    return 'unsupported_encoding';
  }
  const source: Readable = decoder ? raw.pipe(decoder) : raw;
  if (decoder) {
    decoder.on('error', ignore);
    raw.on('error', (err) => decoder.destroy(err));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > maxBytes) {
        raw.destroy();
        decoder?.destroy();
        if (!truncate) return 'too_large';
        chunks.push(buf.subarray(0, buf.length - (size - maxBytes)));
        return Buffer.concat(chunks, maxBytes);
      }
      chunks.push(buf);
    }
  } catch (err) {
    raw.destroy();
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code.startsWith('ERR__ZLIB')) return 'decoding_error';
    throw err;
  }
  return Buffer.concat(chunks, size);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function resolveLocation(location: string | undefined, base: URL): string | null {
  if (!location) return null;
  try {
    const target = new URL(location.trim(), base);
    return target.protocol === 'http:' || target.protocol === 'https:' ? target.href : null;
  } catch {
    return null;
  }
}

/** Maps a transport error to a typed reason. */
function classifyError(err: unknown): string {
  const e = err as { code?: string; name?: string; cause?: { code?: string; name?: string } };
  const code = e?.code ?? e?.cause?.code ?? '';
  const name = e?.name ?? e?.cause?.name ?? '';
  if (code === PRIVATE_NETWORK_CODE) return 'private_network';
  if (['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'ENODATA', 'ESERVFAIL', 'EAI_NONAME'].includes(code)) return 'dns_error';
  if (
    ['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT'].includes(code) ||
    name === 'TimeoutError'
  ) {
    return 'timeout';
  }
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(code)) return 'connection_reset';
  if (code.startsWith('ERR_TLS') || code.startsWith('CERT_') || code.includes('CERT') || code.includes('SSL')) {
    return 'tls_error';
  }
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED') return 'aborted';
  return 'fetch_error';
}
