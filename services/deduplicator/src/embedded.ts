import type { Bus } from '@winnow/bus';
import type { Index } from '@winnow/dedup';
import type { Thresholds } from '@winnow/dedup';
import { createFileJudgedDocStore, createMemoryJudgedDocStore, type FileJudgedDocStore } from '@winnow/dedup';
import { createMemoryIndex, createMemoryIndexStore } from '@winnow/dedup';
import { createMemorySiteBoilerplate, type SiteBoilerplate } from '@winnow/dedup';
import type { RecordLog } from '@winnow/state-file';
import type { Logger } from '@winnow/logging';
import { docsFile, dropLegacy, openDedupStateLog, placeLine } from './dedup-state-log.js';
import { createDeduplicatorService, type DeduplicatorService } from './service.js';

export interface EmbeddedDeduplicatorOptions {
  bus: Bus;
  logger: Logger;
  /** Where the index and judged documents are saved (WINNOW_DATA_DIR); null keeps them in memory only. */
  dataDir: string | null;
  concurrency?: number;
  /** Unused: changes are logged as they happen (WINNOW_SNAPSHOT_INTERVAL_MS once set how often the whole state was rewritten). */
  saveEveryMs?: number;
  /** Verdict thresholds; the defaults when absent. */
  thresholds?: Thresholds;
  /** Bytes appended to the state log before it is rewritten with the live records (default 64 MiB). */
  compactBytes?: number;
  /** At start, bytes of documents stored again since (dead) beyond which, and beyond the live ones, the documents file is rewritten (default 64 MiB). */
  docsDeadBytes?: number;
}

/**
 * The deduplicator for embedded mode: the in-memory index and the judged documents in
 * `<dataDir>/dedup-docs.bin` (only their places in memory), each change appended to
 * `<dataDir>/dedup-state.log` as it happens (dedup-state-log.ts) and replayed at creation, so that
 * documents crawled before a restart are still found as originals of copies crawled after it. A
 * judgement is acknowledged only once its changes are written.
 */
export async function createEmbeddedDeduplicator(opts: EmbeddedDeduplicatorOptions): Promise<DeduplicatorService> {
  const log = opts.logger.child({ component: 'dedup-state' });
  let records: RecordLog | null = null;
  const store = createMemoryIndexStore(undefined, { trackChanges: opts.dataDir !== null });
  // With a data directory, judged documents wait on disk (dedup-docs.bin) and only their places stay in memory.
  const docFile: FileJudgedDocStore | null = opts.dataDir
    ? createFileJudgedDocStore({ file: docsFile(opts.dataDir, 0), onPut: (p) => records?.append(placeLine(p)) })
    : null;
  const docs = docFile ?? createMemoryJudgedDocStore();
  let boilerplate = createMemorySiteBoilerplate({});
  const siteBoilerplate: SiteBoilerplate = {
    async observe(site, docId, keys) {
      const template = await boilerplate.observe(site, docId, keys);
      records?.append(JSON.stringify({ o: [site, docId, keys] }));
      return template;
    },
  };
  const inner = createMemoryIndex({ siteBoilerplate, ...(opts.thresholds ? { thresholds: opts.thresholds } : {}) }, store);

  if (opts.dataDir && docFile) {
    const opened = await openDedupStateLog(opts.dataDir, { store, docs: docFile, siteBoilerplate: () => boilerplate.snapshot() }, {
      ...(opts.compactBytes !== undefined && { compactBytes: opts.compactBytes }),
      ...(opts.docsDeadBytes !== undefined && { docsDeadBytes: opts.docsDeadBytes }),
    });
    const { loaded } = opened;
    boilerplate = createMemorySiteBoilerplate({}, loaded.current ? loaded.siteBoilerplate : undefined);
    if (loaded.current) for (const [site, docId, keys] of loaded.observed) await boilerplate.observe(site, docId, keys);
    if (loaded.documents > 0) log.info({ documents: loaded.documents, from: loaded.legacy ?? 'dedup-state.log' }, 'dedup state loaded');
    if (!loaded.current) {
      const all = docFile.all();
      log.warn({ documents: all.length }, 'dedup index saved by an older version: rebuilding it from the saved documents');
      for (const d of all) await inner.judge(d);
      log.info({ documents: all.length }, 'dedup index rebuilt');
    }
    store.changes(); // what the replay applied is in the file already; a rebuild or migration is written whole below
    records = opened.log;
    // A legacy file, a rebuilt index or documents moved to (or within) the documents file are written out whole, once.
    if (!loaded.current || loaded.legacy || loaded.inlineDocs || loaded.movedDocs) await records.compact();
    dropLegacy(loaded);
  }

  /** Appends the index records the judgements so far changed. */
  const logChanges = (): void => {
    if (!records) return;
    for (const r of store.changes()) records.append(JSON.stringify({ i: r }));
  };
  const index: Index = {
    judge: async (doc) => {
      const decision = await inner.judge(doc);
      logChanges();
      await records?.written();
      return decision;
    },
    get: (docId) => inner.get(docId),
  };
  const service = createDeduplicatorService({ bus: opts.bus, index, docs, logger: opts.logger, config: { concurrency: opts.concurrency ?? 8 } });
  return {
    ...service,
    async stop() {
      await service.stop();
      logChanges();
      await records?.close();
      records = null;
      docFile?.close();
    },
  };
}
