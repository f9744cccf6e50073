import type { Delivered } from '@winnow/bus';
import type { PageFetched } from '@winnow/types';
import { docIdFor } from '@winnow/url';

/** A fetched page as the crawler publishes it: `url` and `body` given, the rest a plain 200 HTML response. */
export function fetchedPage(url: string, body: string | null, over: Partial<PageFetched> = {}): PageFetched {
  return {
    docId: docIdFor(url),
    jobId: 'job-1',
    requestUrl: url,
    url,
    depth: 0,
    outcome: 'fetched',
    reason: null,
    status: 200,
    headers: { 'content-type': 'text/html' },
    contentType: 'text/html',
    body,
    charset: 'utf-8',
    charsetSource: 'header',
    fetchedAt: new Date().toISOString(),
    ...over,
  };
}

/** The page as a handler receives it from the bus. */
export function delivered(value: PageFetched): Delivered<'pages.fetched'> {
  return { topic: 'pages.fetched', partition: 0, offset: '0', key: value.docId, value, headers: {}, attempt: 1 };
}
