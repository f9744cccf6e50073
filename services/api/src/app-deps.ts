import type { Bus } from '@winnow/bus';
import type { ApiKey } from './auth.js';
import type { Logger } from '@winnow/logging';
import type { JobProgress } from '@winnow/crawl-state';
import type { ReadModel } from '@winnow/read-model';

/** HTTP settings buildApp needs; everything has a default. */
interface ApiHttpConfig {
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  /** Keys from WINNOW_API_KEYS; unset or empty leaves the API open. */
  apiKeys?: readonly ApiKey[];
  /** Requests per key per window (WINNOW_API_RATE_LIMIT), and the window in milliseconds; none without keys. */
  rateLimitMax?: number;
  rateLimitWindowMs?: number;
}

/** What the REST app talks to. Plain typed objects: tests pass the embedded ones, main.ts the real ones. */
export interface AppDeps {
  readModel: ReadModel;
  bus: Bus;
  progress: JobProgress;
  logger: Logger;
  config?: ApiHttpConfig;
}
