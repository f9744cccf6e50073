import { createHash } from 'node:crypto';
import { docIdFor } from '@winnow/url/doc-id';
import { hostOf } from '@winnow/url/host';
import type { DocExtracted, ExtractedDocument } from '@winnow/types/doc-extracted';
import type { PageFetched } from '@winnow/types/page-fetched';

/** Text as compared for exact copies: Unicode-compatible forms, case and whitespace folded. */
export function contentHash(text: string): string {
  const normalized = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(normalized).digest('hex');
}

/**
 * The document's id comes from its canonical URL when the canonical stays on the page's own host, so a
 * re-crawl or a URL variant updates the same document. A cross-host canonical names another site's
 * document (a repost citing its source): the page keeps an id of its own and the link stays evidence.
 */
export function documentId(doc: ExtractedDocument, pageUrl: string): string {
  const sameHost = hostOf(doc.canonicalUrl) === hostOf(pageUrl);
  return docIdFor(sameHost ? doc.canonicalUrl : pageUrl);
}

export function toDocExtracted(page: PageFetched, doc: ExtractedDocument): DocExtracted {
  return {
    ...doc,
    docId: documentId(doc, page.url),
    jobId: page.jobId,
    requestUrl: page.requestUrl,
    fetchedAt: page.fetchedAt,
    charset: page.charset,
    charsetSource: page.charsetSource,
    contentHash: contentHash(doc.text),
  };
}
