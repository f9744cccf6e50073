import { createHash } from 'node:crypto';
import { normalizeUrl } from './normalize-url.js';

/** The document id of a URL: the first 32 hex digits of SHA-256 of its normalized form. */
export function docIdFor(url: string): string {
  return createHash('sha256').update(normalizeUrl(url)).digest('hex').slice(0, 32);
}
