import { drop, ok, type Bus, type Delivered, type Outcome, type Subscription } from '@winnow/bus';
import type { Logger } from '@winnow/runtime/logger';
import type { Service } from '@winnow/runtime/service';
import type { JobProgress } from '@winnow/state/ports';
import type { ExtractorSettings } from './config.js';
import { toDocExtracted } from './document-message.js';
import { ExtractPool } from './extract-pool.js';

/** Consumer group every extractor instance joins; instances share pages.fetched's partitions. */
export const EXTRACTOR_GROUP = 'extractor';

export interface ExtractorDeps {
  bus: Bus;
  progress: JobProgress;
  logger: Logger;
  config: ExtractorSettings;
}

export interface ExtractorService extends Service {
  /** The message handler, for tests. */
  handle(msg: Delivered<'pages.fetched'>): Promise<Outcome>;
}

/** pages.fetched -> main text and metadata in a worker pool -> docs.extracted. */
export function createExtractorService(deps: ExtractorDeps): ExtractorService {
  const { bus, progress, config } = deps;
  const log = deps.logger.child({ component: 'extractor' });
  const pool = new ExtractPool({ workers: config.EXTRACT_WORKERS, timeoutMs: config.EXTRACT_TIMEOUT_MS });
  let subscription: Subscription | null = null;
  let stopping: Promise<void> | undefined;

  async function handle(msg: Delivered<'pages.fetched'>): Promise<Outcome> {
    const page = msg.value;
    if (!page) return drop('tombstone');
    // Failed, skipped and unchanged pages already reached their final state at the crawler.
    if (page.outcome !== 'fetched') return drop(`outcome_${page.outcome}`);
    const result = page.body
      ? await pool.run({ html: page.body, url: page.url, maskPii: config.EXTRACT_MASK_PII })
      : ({ ok: false, code: 'WINNOW_ERR_EXTRACT_EMPTY', reason: 'empty', message: 'the page has no body' } as const);
    if (!result.ok) {
      log.info({ docId: page.docId, url: page.url, code: result.code, reason: result.message }, 'page not extracted');
      await progress.finish(page.jobId, page.requestUrl, 'failed', `extract_${result.reason}`);
      return drop(`extract_${result.reason}`);
    }
    const doc = toDocExtracted(page, result.doc);
    await progress.mark(page.jobId, page.requestUrl, 'extracted');
    return ok([{ topic: 'docs.extracted', key: doc.docId, value: doc }]);
  }

  return {
    handle,
    async start() {
      subscription = await bus.subscribe({
        group: EXTRACTOR_GROUP,
        topic: 'pages.fetched',
        handler: handle,
        concurrency: config.EXTRACT_CONCURRENCY,
      });
      log.info({ workers: config.EXTRACT_WORKERS }, 'extractor subscribed');
    },
    async ready() {
      return subscription !== null && !stopping;
    },
    stop() {
      stopping ??= (async () => {
        await subscription?.stop();
        await pool.close();
      })();
      return stopping;
    },
  };
}
