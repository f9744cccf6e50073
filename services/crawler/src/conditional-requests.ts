import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { TtlCache } from '@winnow/crawl-state';

interface Stored {
  etag?: string;
  lastModified?: string;
  /**
   * The page's outgoing links, newline-joined, raw-deflated and base64-encoded (links compress about
   * fivefold), so a 304 still lets a new job walk past an unchanged hub page.
   */
  links?: string;
  /** The job that stored them. */
  jobId?: string;
}

/**
 * HTTP validators (ETag, Last-Modified) per URL, so a re-crawl asks "has it changed?" and a 304 costs
 * neither a download nor a new pages.fetched body.
 */
export class ConditionalRequests {
  constructor(
    private readonly cache: TtlCache,
    private readonly ttlSeconds: number,
    private readonly maxLinks = 200,
  ) {}

  /**
   * Nothing for validators this same job stored: within one job a URL is fetched again only when its
   * request is redelivered after a crash (or republished by a redelivered parent), and that fetch must
   * produce the page again, not a 304 that would leave the job without the document.
   */
  async conditionalHeaders(url: string, jobId?: string): Promise<Record<string, string>> {
    const v = await this.read(url);
    const headers: Record<string, string> = {};
    if (v?.jobId !== undefined && v.jobId === jobId) return headers;
    if (v?.etag) headers['if-none-match'] = v.etag;
    if (v?.lastModified) headers['if-modified-since'] = v.lastModified;
    return headers;
  }

  /** Links stored with the validators of an unchanged page. */
  async links(url: string): Promise<string[]> {
    const packed = (await this.read(url))?.links;
    if (!packed) return [];
    try {
      return inflateRawSync(Buffer.from(packed, 'base64')).toString('utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  }

  async remember(url: string, headers: Record<string, string>, links: readonly string[], jobId?: string): Promise<void> {
    if (!hasValidators(headers)) return;
    const etag = headers.etag;
    const lastModified = headers['last-modified'];
    const kept = links.slice(0, this.maxLinks);
    const stored: Stored = { etag, lastModified, ...(jobId !== undefined ? { jobId } : {}) };
    if (kept.length > 0) stored.links = deflateRawSync(kept.join('\n')).toString('base64');
    await this.cache.set(key(url), JSON.stringify(stored), this.ttlSeconds);
  }

  private async read(url: string): Promise<Stored | null> {
    const raw = await this.cache.get(key(url));
    if (!raw) return null;
    try {
      return JSON.parse(raw) as Stored;
    } catch {
      return null;
    }
  }
}

const key = (url: string): string => `validators:${url}`;

/** Whether a response carries validators, the only case in which `remember` keeps anything. */
export function hasValidators(headers: Record<string, string>): boolean {
  return Boolean(headers.etag || headers['last-modified']);
}
