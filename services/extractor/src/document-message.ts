import { createHash } from 'node:crypto';
import { EXTRACTOR_VERSION } from '@winnow/extract';
import { docIdFor } from '@winnow/url';
import { hostOf } from '@winnow/url';
import { docExtractedSchema, type DocExtracted, type ExtractedDocument } from '@winnow/types';
import type { PageFetched } from '@winnow/types';

/** Text as compared for exact copies: Unicode-compatible forms, case and whitespace folded. */
function contentHash(text: string): string {
  const normalized = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(normalized).digest('hex');
}

/**
 * The document's id comes from its canonical URL when the canonical stays on the page's own host, so a
 * re-crawl or a URL variant updates the same document. A cross-host canonical names another site's
 * document (a repost citing its source): the page keeps an id of its own and the link stays evidence.
 */
function documentId(doc: ExtractedDocument, pageUrl: string): string {
  const sameHost = hostOf(doc.canonicalUrl) === hostOf(pageUrl);
  return docIdFor(sameHost ? doc.canonicalUrl : pageUrl);
}

const httpUrl = docExtractedSchema.shape.url;
const isContractUrl = (u: string): boolean => httpUrl.safeParse(u).success;

/**
 * Keeps what the contract accepts: links and citation URLs it rejects are dropped, and a canonical URL
 * it rejects falls back to the page URL. `new URL` accepts some URLs the contract's check does not.
 */
function conform(doc: ExtractedDocument, pageUrl: string): ExtractedDocument {
  const canonicalOk = isContractUrl(doc.canonicalUrl);
  return {
    ...doc,
    canonicalUrl: canonicalOk ? doc.canonicalUrl : pageUrl,
    site: canonicalOk ? doc.site : new URL(pageUrl).hostname,
    links: doc.links.filter((l) => isContractUrl(l.url)),
    citedSources: doc.citedSources.map((c) => (c.url !== null && !isContractUrl(c.url) ? { ...c, url: null } : c)),
  };
}

/** The docs.extracted message for a page; throws a ZodError when the document breaks the contract. */
export function toDocExtracted(page: PageFetched, extracted: ExtractedDocument): DocExtracted {
  const doc = conform(extracted, page.url);
  return docExtractedSchema.parse({
    ...doc,
    docId: documentId(doc, page.url),
    jobId: page.jobId,
    requestUrl: page.requestUrl,
    fetchedAt: page.fetchedAt,
    charset: page.charset,
    charsetSource: page.charsetSource,
    contentHash: contentHash(doc.text),
    extractorVersion: EXTRACTOR_VERSION,
  });
}
