import { z } from 'zod';
import { apiAuthSettings } from '@winnow/api';
import { crawlerConfigSchema } from '@winnow/crawler';
import { dedupSettings } from '@winnow/deduplicator';
import { extractorSettings } from '@winnow/extractor';

/**
 * Configuration of `winnow start`: every service's settings in one process. Connection variables are
 * optional here: each one that is unset is replaced by its embedded stand-in.
 */
export const pipelineConfigSchema = crawlerConfigSchema.extend({
  ...dedupSettings,
  ...extractorSettings,
  ...apiAuthSettings,
  /** Interface the REST API binds: this machine only unless set (e.g. 0.0.0.0 to serve the network). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * docs.* messages the read model takes at once per topic; what is in flight is written as one batch,
   * so more means fewer, larger transactions (the api service's variable of the same name, default 8 there).
   */
  API_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64),
  /** How often embedded mode writes its dedup index and judged documents to WINNOW_DATA_DIR, in milliseconds (the bus and job state log every change). */
  WINNOW_SNAPSHOT_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
});

export type PipelineConfig = Readonly<z.infer<typeof pipelineConfigSchema>>;
