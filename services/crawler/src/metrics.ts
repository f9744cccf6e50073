import { counter, histogram } from '@winnow/runtime';

export const crawlerMetrics = {
  /** Crawl requests handled, by outcome (fetched, failed, skipped, unchanged) and typed reason. */
  requests: counter('winnow_crawler_requests_total', 'Crawl requests handled, by outcome and reason', ['outcome', 'reason']),
  /** URLs newly admitted to jobs by this crawler (links, sitemap and feed entries). */
  discovered: counter('winnow_crawler_discovered_total', 'URLs newly discovered and enqueued'),
  /** Wall time from taking a crawl request to having its results, politeness waits included. */
  duration: histogram('winnow_crawler_request_seconds', 'Time to handle one crawl request', [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]),
};
