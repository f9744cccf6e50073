import { collectDefaultMetrics, Counter, Histogram, register } from 'prom-client';

type Labels = 'method' | 'route' | 'status';

export interface HttpMetrics {
  requests: Counter<Labels>;
  duration: Histogram<Labels>;
}

let metrics: HttpMetrics | undefined;

/**
 * The API's metrics in prom-client's default registry, created once per process: several apps built
 * in one process (tests, embedded mode) share them, as they share the process.
 */
export function httpMetrics(): HttpMetrics {
  if (metrics) return metrics;
  if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
  metrics = {
    requests: new Counter({
      name: 'winnow_api_http_requests_total',
      help: 'HTTP requests answered, by route and status',
      labelNames: ['method', 'route', 'status'],
    }),
    duration: new Histogram({
      name: 'winnow_api_http_request_duration_seconds',
      help: 'HTTP request latency, by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
  };
  return metrics;
}
