import { Counter, Gauge } from 'prom-client';

/** pages.fetched messages handled, by result and reason (`none` for extracted pages). */
export const pagesTotal = new Counter({
  name: 'winnow_extractor_pages_total',
  help: 'pages.fetched messages handled by the extractor',
  labelNames: ['result', 'reason'] as const,
});

/** Workers terminated for running past the time limit or dying, and replaced. */
export const workersReplacedTotal = new Counter({
  name: 'winnow_extractor_workers_replaced_total',
  help: 'Extraction workers terminated and replaced',
});

export const workersGauge = new Gauge({
  name: 'winnow_extractor_workers',
  help: 'Extraction worker threads in the pool',
});
