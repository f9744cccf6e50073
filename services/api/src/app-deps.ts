import type { Bus } from '@winnow/bus';
import type { Logger } from '@winnow/runtime/logger';
import type { JobProgress } from '@winnow/state/ports';
import type { Store } from '@winnow/store/store';

/** HTTP settings buildApp needs; everything has a default. */
export interface ApiHttpConfig {
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
}

/** What the REST app talks to. Plain typed objects: tests pass the embedded ones, main.ts the real ones. */
export interface AppDeps {
  store: Store;
  bus: Bus;
  progress: JobProgress;
  logger: Logger;
  config?: ApiHttpConfig;
}
