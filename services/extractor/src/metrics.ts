import { counter, gauge } from '@winnow/runtime';

/** pages.fetched messages handled, by result and reason (`none` for extracted pages). */
export const pagesTotal = counter('winnow_extractor_pages_total', 'pages.fetched messages handled by the extractor', ['result', 'reason']);

/** Workers terminated for running past the time limit or dying, and replaced. */
export const workersReplacedTotal = counter('winnow_extractor_workers_replaced_total', 'Extraction workers terminated and replaced');

export const workersGauge = gauge('winnow_extractor_workers', 'Extraction worker threads in the pool');
