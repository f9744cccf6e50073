import type { TtlCache } from '@winnow/state/ports';

/**
 * HTTP validators (ETag, Last-Modified) per URL, so a re-crawl asks "has it changed?" and a 304 costs
 * neither a download nor a new pages.fetched body.
 */
export class Validators {
  constructor(
    private readonly cache: TtlCache,
    private readonly ttlSeconds: number,
  ) {}

  async conditionalHeaders(url: string): Promise<Record<string, string>> {
    const raw = await this.cache.get(key(url));
    if (!raw) return {};
    try {
      const v = JSON.parse(raw) as { etag?: string; lastModified?: string };
      const headers: Record<string, string> = {};
      if (v.etag) headers['if-none-match'] = v.etag;
      if (v.lastModified) headers['if-modified-since'] = v.lastModified;
      return headers;
    } catch {
      return {};
    }
  }

  async remember(url: string, headers: Record<string, string>): Promise<void> {
    const etag = headers.etag;
    const lastModified = headers['last-modified'];
    if (!etag && !lastModified) return;
    await this.cache.set(key(url), JSON.stringify({ etag, lastModified }), this.ttlSeconds);
  }
}

const key = (url: string): string => `validators:${url}`;
