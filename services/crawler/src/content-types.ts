/** Media types the crawler downloads: HTML, XHTML, feeds and sitemaps (plain or gzipped XML). */
const ALLOWED = new Set([
  'text/html',
  'application/xhtml+xml',
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/xml',
  'text/xml',
  'application/gzip',
  'application/x-gzip',
]);

export function mediaType(contentType: string | null): string | null {
  if (!contentType) return null;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === '' ? null : type;
}

/** A missing Content-Type is allowed; the body is sniffed instead. */
export function isAllowedContentType(contentType: string | null): boolean {
  const type = mediaType(contentType);
  return type === null || ALLOWED.has(type);
}

export function isHtmlType(contentType: string | null): boolean {
  const type = mediaType(contentType);
  return type === 'text/html' || type === 'application/xhtml+xml';
}
