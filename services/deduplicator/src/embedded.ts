import { join } from 'node:path';
import type { Bus } from '@winnow/bus';
import type { Index } from '@winnow/dedup';
import type { Thresholds } from '@winnow/dedup';
import { createMemoryJudgedDocStore } from '@winnow/dedup';
import { createMemoryIndex, createMemoryIndexStore, isCurrentSnapshot, type MemorySnapshot } from '@winnow/dedup';
import { createMemorySiteBoilerplate, type SiteBoilerplateSnapshot } from '@winnow/dedup';
import type { DocExtracted } from '@winnow/types';
import { readJsonFile, writeJsonFile } from '@winnow/state-file';
import type { Logger } from '@winnow/logging';
import { createDeduplicatorService, type DeduplicatorService } from './service.js';

export interface EmbeddedDeduplicatorOptions {
  bus: Bus;
  logger: Logger;
  /** Where the index and judged documents are saved (WINNOW_DATA_DIR); null keeps them in memory only. */
  dataDir: string | null;
  concurrency?: number;
  /** How often unsaved changes are written, in ms. */
  saveEveryMs?: number;
  /** Verdict thresholds; the defaults when absent. */
  thresholds?: Thresholds;
}

interface SavedState {
  index: MemorySnapshot;
  docs: DocExtracted[];
  /** Each document's own `traceparent`, by docId; absent in files saved before traces were kept. */
  traces?: Record<string, string>;
  /** Absent in files saved before site boilerplate was learned. */
  siteBoilerplate?: SiteBoilerplateSnapshot;
}

/**
 * The deduplicator for embedded mode: the in-memory index and document store, saved to
 * `<dataDir>/dedup-state.json` periodically and on stop, and loaded at creation, so that documents
 * crawled before a restart are still found as originals of copies crawled after it.
 */
export async function createEmbeddedDeduplicator(opts: EmbeddedDeduplicatorOptions): Promise<DeduplicatorService> {
  const log = opts.logger.child({ component: 'dedup-state' });
  const file = opts.dataDir ? join(opts.dataDir, 'dedup-state.json') : null;
  const saved = file ? ((await readJsonFile(file)) as SavedState | undefined) : undefined;
  if (saved) log.info({ file, documents: saved.docs.length }, 'dedup state loaded');
  // An index saved by a version that computed features differently is rebuilt from the saved documents.
  const current = !saved || isCurrentSnapshot(saved.index);
  const store = createMemoryIndexStore(current ? saved?.index : undefined);
  const docs = createMemoryJudgedDocStore(saved?.docs, saved?.traces);
  const siteBoilerplate = createMemorySiteBoilerplate({}, current ? saved?.siteBoilerplate : undefined);
  const inner = createMemoryIndex({ siteBoilerplate, ...(opts.thresholds ? { thresholds: opts.thresholds } : {}) }, store);
  let dirty = !current;
  if (!current) {
    log.warn({ file, documents: saved.docs.length }, 'dedup index saved by an older version: rebuilding it from the saved documents');
    for (const d of saved.docs) await inner.judge(d);
    log.info({ documents: saved.docs.length }, 'dedup index rebuilt');
  }
  const index: Index = {
    judge: async (doc) => {
      dirty = true;
      return inner.judge(doc);
    },
    get: (docId) => inner.get(docId),
  };
  const save = async (): Promise<void> => {
    if (!file || !dirty) return;
    dirty = false;
    const state: SavedState = { index: store.snapshot(), docs: docs.all(), traces: docs.traces(), siteBoilerplate: siteBoilerplate.snapshot() };
    await writeJsonFile(file, state);
  };
  const timer = setInterval(() => {
    save().catch((err: unknown) => log.error({ err }, 'dedup state not saved'));
  }, opts.saveEveryMs ?? 5000);
  timer.unref();
  const service = createDeduplicatorService({ bus: opts.bus, index, docs, logger: opts.logger, config: { concurrency: opts.concurrency ?? 8 } });
  return {
    ...service,
    async stop() {
      await service.stop();
      clearInterval(timer);
      await save();
    },
  };
}
