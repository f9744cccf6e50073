export { startHealthServer, type HealthServer, type HealthServerOptions } from './health-server.js';
export { collectProcessMetrics, counter, gauge, histogram } from './metrics.js';
export { DEFAULT_DEADLINES, runService, type RunningService, type RunServiceOptions, type ShutdownDeadlines } from './run-service.js';
export type { Service } from './service.js';
