import { dlq, drop, ok, type Bus, type Delivered, type Emit, type Outcome, type Subscription } from '@winnow/bus';
import type { Logger } from '@winnow/logging';
import type { Service } from '@winnow/runtime';
import { jobCompletedEvent, type JobProgress } from '@winnow/crawl-state';
import { DEFAULT_MAX_CHARS, DEFAULT_WORKER_HEAP_MB, type ExtractorSettings } from './config.js';
import { toDocExtracted } from './document-message.js';
import { ExtractPool } from './extract-pool.js';
import { pagesTotal, workersGauge, workersReplacedTotal } from './metrics.js';

/** Consumer group every extractor instance joins; instances share pages.fetched's partitions. */
const EXTRACTOR_GROUP = 'extractor';

/** Code of a dead-lettered page whose extracted document breaks the docs.extracted contract. */
const INVALID_DOCUMENT = 'WINNOW_ERR_EXTRACT_INVALID_DOCUMENT';

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
  const pool = new ExtractPool({
    workers: config.EXTRACT_WORKERS,
    timeoutMs: config.EXTRACT_TIMEOUT_MS,
    heapMb: config.EXTRACT_WORKER_HEAP_MB ?? DEFAULT_WORKER_HEAP_MB,
  });
  workersGauge.set(pool.size);
  const maxChars = config.EXTRACT_MAX_CHARS ?? DEFAULT_MAX_CHARS;
  let subscription: Subscription | null = null;
  let stopping: Promise<void> | undefined;

  /** The event of a job whose last URL just reached its final state here. */
  const completion = async (jobId: string): Promise<Emit[]> => [{ topic: 'jobs.events', key: jobId, value: await jobCompletedEvent(progress, jobId) }];

  async function handle(msg: Delivered<'pages.fetched'>): Promise<Outcome> {
    const page = msg.value;
    if (!page) return drop('tombstone');
    // Failed, skipped and unchanged pages already reached their final state at the crawler.
    if (page.outcome !== 'fetched') {
      pagesTotal.inc({ result: 'passed', reason: page.outcome });
      return drop(`outcome_${page.outcome}`);
    }
    const replacedBefore = pool.replaced;
    const result = page.body
      ? await pool.run({ html: page.body, url: page.url, maskPii: config.EXTRACT_MASK_PII, maxChars })
      : ({ ok: false, code: 'WINNOW_ERR_EXTRACT_EMPTY', reason: 'empty', message: 'the page has no body' } as const);
    if (pool.replaced > replacedBefore) workersReplacedTotal.inc(pool.replaced - replacedBefore);
    if (!result.ok) {
      log.info({ docId: page.docId, url: page.url, code: result.code, reason: result.message }, 'page not extracted');
      const completed = await progress.finish(page.jobId, page.requestUrl, 'failed', `extract_${result.reason}`);
      pagesTotal.inc({ result: 'failed', reason: result.reason });
      // The job's last URL failing here completes the job: its event is this message's one output.
      if (completed) return ok(await completion(page.jobId));
      return drop(`extract_${result.reason}`);
    }
    let doc;
    try {
      doc = toDocExtracted(page, result.doc);
    } catch (err) {
      // Not a property of the page but of the extractor: keep the message for operators.
      log.warn({ docId: page.docId, url: page.url, err }, 'extracted document breaks the contract');
      const completed = await progress.finish(page.jobId, page.requestUrl, 'failed', 'extract_invalid');
      pagesTotal.inc({ result: 'dead_lettered', reason: 'invalid' });
      // The URL failed all the same: when it was its job's last, the job's event goes out beside the dead letter.
      return dlq(INVALID_DOCUMENT, err, completed ? await completion(page.jobId) : []);
    }
    await progress.mark(page.jobId, page.requestUrl, 'extracted');
    pagesTotal.inc({ result: 'extracted', reason: 'none' });
    return ok([{ topic: 'docs.extracted', key: doc.docId, value: doc }]);
  }

  return {
    handle,
    async start() {
      if (subscription !== null || stopping) return;
      subscription = await bus.subscribe({
        group: EXTRACTOR_GROUP,
        topic: 'pages.fetched',
        handler: handle,
        concurrency: config.EXTRACT_CONCURRENCY,
      });
      log.info({ workers: pool.size, concurrency: config.EXTRACT_CONCURRENCY, timeoutMs: config.EXTRACT_TIMEOUT_MS }, 'extractor subscribed');
    },
    async ready() {
      return subscription !== null && !stopping && pool.warm && (await bus.ready());
    },
    stop() {
      stopping ??= (async () => {
        // Drain in-flight messages first: they still need their workers.
        await subscription?.stop();
        await pool.close();
      })();
      return stopping;
    },
  };
}
