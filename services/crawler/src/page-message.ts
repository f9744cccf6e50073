import type { Emit } from '@winnow/bus';
import type { CrawlRequest } from '@winnow/types';
import type { PageFetched } from '@winnow/types';
import { docIdFor } from '@winnow/url';

type Outcome = PageFetched['outcome'];

export interface PageFields {
  finalUrl: string;
  outcome: Outcome;
  reason: string | null;
  status: number;
  headers: Record<string, string>;
  body?: string | null;
  charset?: string | null;
  charsetSource?: PageFetched['charsetSource'];
}

/** Headers a downstream consumer has no use for, or that may carry a visitor's state. */
const DROPPED_HEADERS = new Set(['set-cookie', 'set-cookie2']);

/** The pages.fetched message for a crawl request, keyed by the docId of the final URL. */
export function pageMessage(req: CrawlRequest, f: PageFields): Emit<'pages.fetched'> {
  let docId: string;
  try {
    docId = docIdFor(f.finalUrl);
  } catch {
    docId = docIdFor(req.url);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(f.headers)) if (!DROPPED_HEADERS.has(name)) headers[name] = value;
  return {
    topic: 'pages.fetched',
    key: docId,
    value: {
      docId,
      jobId: req.jobId,
      requestUrl: req.url,
      url: f.finalUrl,
      depth: req.depth,
      outcome: f.outcome,
      reason: f.reason,
      status: f.status,
      headers,
      contentType: headers['content-type'] ?? null,
      body: f.body ?? null,
      charset: f.charset ?? null,
      charsetSource: f.charsetSource ?? null,
      fetchedAt: new Date().toISOString(),
    },
  };
}
