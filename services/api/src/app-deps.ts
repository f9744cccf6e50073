import type { Bus } from '@winnow/bus';
import type { Logger } from '@winnow/logging';
import type { JobProgress } from '@winnow/crawl-state';
import type { ReadModel } from '@winnow/read-model';

/** HTTP settings buildApp needs; everything has a default. */
interface ApiHttpConfig {
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
}

/** What the REST app talks to. Plain typed objects: tests pass the embedded ones, main.ts the real ones. */
export interface AppDeps {
  readModel: ReadModel;
  bus: Bus;
  progress: JobProgress;
  logger: Logger;
  config?: ApiHttpConfig;
}
