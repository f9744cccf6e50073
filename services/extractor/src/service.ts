import { annotateMessage, BUS_ERRORS, dlq, drop, ok, type Bus, type Delivered, type Emit, type Outcome, type Subscription } from '@winnow/bus';
import { decodeValue } from '@winnow/bus/decode';
import type { Logger } from '@winnow/logging';
import type { Service } from '@winnow/runtime';
import { jobCompletedEvent, type JobProgress } from '@winnow/crawl-state';
import { catalog, type DocExtracted, type PageFetched } from '@winnow/types';
import { DEFAULT_MAX_CHARS, DEFAULT_WORKER_HEAP_MB, type ExtractorSettings } from './config.js';
import { ExtractPool, type PoolFailure } from './extract-pool.js';
import { EMPTY_PAGE, pageResult, type PageSummary, type PageTaskResult } from './page-task.js';
import { pagesTotal, workersGauge, workersReplacedTotal } from './metrics.js';

/** Consumer group every extractor instance joins; instances share pages.fetched's partitions. */
const EXTRACTOR_GROUP = 'extractor';

/**
 * Pages are ~200 KB: fetches of ~1 MiB rather than one page each (a consumer alone, 400 pages at 50/s:
 * 2.8-3.0 -> 2.2-2.4 CPU ms per page, the broker 2.9-4.3 -> 2.4-2.5). At most 100 ms more latency when
 * pages trickle; at 20 pages/s a fetch holds one or two pages either way and costs the same.
 */
const PAGE_FETCH = { minBytes: 2 ** 20, maxWaitMs: 100 };

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

  /** A page the crawler already finished (failed, skipped, unchanged). */
  function passed(page: PageSummary): Outcome {
    pagesTotal.inc({ result: 'passed', reason: page.outcome });
    return drop(`outcome_${page.outcome}`);
  }

  async function failed(page: PageSummary, result: PoolFailure): Promise<Outcome> {
    log.info({ docId: page.docId, url: page.url, code: result.code, reason: result.message }, 'page not extracted');
    const completed = await progress.finish(page.jobId, page.requestUrl, 'failed', `extract_${result.reason}`);
    pagesTotal.inc({ result: 'failed', reason: result.reason });
    // The job's last URL failing here completes the job: its event is this message's one output.
    if (completed) return ok(await completion(page.jobId));
    return drop(`extract_${result.reason}`);
  }

  /** Not a property of the page but of the extractor: keep the message for operators. */
  async function broken(page: PageSummary, err: unknown): Promise<Outcome> {
    log.warn({ docId: page.docId, url: page.url, err }, 'extracted document breaks the contract');
    const completed = await progress.finish(page.jobId, page.requestUrl, 'failed', 'extract_invalid');
    pagesTotal.inc({ result: 'dead_lettered', reason: 'invalid' });
    // The URL failed all the same: when it was its job's last, the job's event goes out beside the dead letter.
    return dlq(INVALID_DOCUMENT, err, completed ? await completion(page.jobId) : []);
  }

  async function extracted(page: PageSummary, doc: DocExtracted): Promise<Outcome> {
    await progress.mark(page.jobId, page.requestUrl, 'extracted');
    pagesTotal.inc({ result: 'extracted', reason: 'none' });
    return ok([{ topic: 'docs.extracted', key: doc.docId, value: doc }]);
  }

  /** Runs a worker task, counting the workers it cost. */
  async function inPool<R>(run: () => Promise<R>): Promise<R> {
    const replacedBefore = pool.replaced;
    const result = await run();
    if (pool.replaced > replacedBefore) workersReplacedTotal.inc(pool.replaced - replacedBefore);
    return result;
  }

  /** The handler's outcome for a page's result, wherever it was extracted. */
  function settle(result: PageTaskResult): Promise<Outcome> | Outcome {
    switch (result.kind) {
      case 'invalid':
        return dlq(BUS_ERRORS.invalidMessage, result.error);
      case 'passed':
        return passed(result.page);
      case 'failed':
        return failed(result.page, result.failure);
      case 'broken':
        return broken(result.page, new Error(result.error));
      case 'extracted':
        return extracted(result.page, result.doc);
    }
  }

  async function handle(msg: Delivered<'pages.fetched'>): Promise<Outcome> {
    if (msg.raw) return handleRaw(msg.raw);
    const page = msg.value;
    if (!page) return drop('tombstone');
    if (page.outcome !== 'fetched') return passed(page);
    const result = page.body ? await inPool(() => pool.run({ html: page.body!, url: page.url, maskPii: config.EXTRACT_MASK_PII, maxChars })) : EMPTY_PAGE;
    return settle(pageResult(page, result));
  }

  /** The page's bytes go to a worker, which decodes, validates and extracts them (Delivered.raw). */
  async function handleRaw(bytes: Uint8Array): Promise<Outcome> {
    const result = await inPool(() => pool.runPage({ bytes, maskPii: config.EXTRACT_MASK_PII, maxChars }));
    if ('ok' in result) {
      // The worker timed out or died, so its answer is lost: the page is decoded here to finish its URL.
      const decoded = decodeValue(catalog['pages.fetched'], bytes);
      if (!decoded.ok) return dlq(BUS_ERRORS.invalidMessage, decoded.error);
      const page = decoded.value as PageFetched;
      return page.outcome === 'fetched' ? failed(page, result) : passed(page);
    }
    if (result.kind !== 'invalid') annotateMessage(result.page);
    return settle(result);
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
        // Pages are decoded and validated in the workers, not on this thread (handleRaw).
        raw: true,
        fetch: PAGE_FETCH,
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
