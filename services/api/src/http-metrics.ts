import { collectProcessMetrics, counter, histogram } from '@winnow/runtime';

const LABELS = ['method', 'route', 'status'] as const;

/**
 * The API's metrics in prom-client's default registry: several apps built in one process (tests,
 * embedded mode) share them, as they share the process.
 */
export function httpMetrics() {
  collectProcessMetrics();
  return {
    requests: counter('winnow_api_http_requests_total', 'HTTP requests answered, by route and status', LABELS),
    duration: histogram('winnow_api_http_request_duration_seconds', 'HTTP request latency, by route and status', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], LABELS),
  };
}
