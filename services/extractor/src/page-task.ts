import { decodeValue } from '@winnow/bus/decode';
import { catalog, type DocExtracted, type PageFetched } from '@winnow/types';
import { toDocExtracted } from './document-message.js';
import { runExtractTask, type ExtractTaskResult } from './extract-task.js';

/**
 * A pages.fetched value as Kafka delivered it (Delivered.raw), decoded, validated and extracted in a worker: a
 * page of a few hundred KB is then never decoded, parsed or copied as text on the main thread.
 */
export interface PageTask {
  bytes: Uint8Array;
  maskPii: boolean;
  maxChars?: number;
}

/** The page without its body and headers, for the handler's bookkeeping. */
export type PageSummary = Omit<PageFetched, 'body' | 'headers'>;

export type PageTaskResult =
  /** The value breaks the pages.fetched contract: the bus's decodeValue error, for the dead letter. */
  | { kind: 'invalid'; error: string }
  /** A page that was not fetched (the crawler finished it). */
  | { kind: 'passed'; page: PageSummary }
  | { kind: 'failed'; page: PageSummary; failure: Extract<ExtractTaskResult, { ok: false }> }
  /** The extracted document breaks the docs.extracted contract (an extractor bug). */
  | { kind: 'broken'; page: PageSummary; error: string }
  | { kind: 'extracted'; page: PageSummary; doc: DocExtracted };

/** A fetched page with no body: nothing to extract. */
export const EMPTY_PAGE = { ok: false, code: 'WINNOW_ERR_EXTRACT_EMPTY', reason: 'empty', message: 'the page has no body' } as const;

function summarize(page: PageFetched): PageSummary {
  const { body: _body, headers: _headers, ...summary } = page;
  return summary;
}

/** A fetched page's extraction result as the handler acts on it: a failure, or its docs.extracted document. */
export function pageResult(page: PageFetched, result: ExtractTaskResult): PageTaskResult {
  const summary = summarize(page);
  if (!result.ok) return { kind: 'failed', page: summary, failure: result };
  try {
    return { kind: 'extracted', page: summary, doc: toDocExtracted(page, result.doc) };
  } catch (err) {
    return { kind: 'broken', page: summary, error: err instanceof Error ? err.message : String(err) };
  }
}

/** What the extractor does with one page, as the handler would do it inline; runs in a worker thread. */
export function runPageTask(task: PageTask): PageTaskResult {
  const decoded = decodeValue(catalog['pages.fetched'], task.bytes);
  if (!decoded.ok) return { kind: 'invalid', error: decoded.error };
  const page = decoded.value as PageFetched;
  if (page.outcome !== 'fetched') return { kind: 'passed', page: summarize(page) };
  const result = page.body
    ? runExtractTask({ html: page.body, url: page.url, maskPii: task.maskPii, ...(task.maxChars === undefined ? {} : { maxChars: task.maxChars }) })
    : EMPTY_PAGE;
  return pageResult(page, result);
}
