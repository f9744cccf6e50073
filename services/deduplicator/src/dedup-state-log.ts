import { existsSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createMemoryIndexStore, FEATURES_VERSION, isCurrentSnapshot, type DocPlace, type FileJudgedDocStore, type MemoryIndexStore, type MemoryRecord, type MemorySnapshot, type SiteBoilerplateSnapshot } from '@winnow/dedup';
import type { DocExtracted } from '@winnow/types';
import { openRecordLog, readJsonFileSync, type RecordLog } from '@winnow/state-file';

/**
 * Embedded mode's dedup state, `<dataDir>/dedup-state.log`: one JSON record a line, replayed in order.
 *   {"v": n}                      FEATURES_VERSION of the index records that follow (first line)
 *   {"g": n}                      the documents file the places that follow point into (docsFile)
 *   {"B": site}                   a site's learned boilerplate, as compaction found it
 *   {"o": [site, docId, keys]}    a page observed by the site boilerplate since
 *   {"i": record}                 a document claimed (with its features) or its state changed
 *   {"f": docId, "p": offset, "n": length, "t": traceparent?}  a judged document, packed in dedup-docs.bin
 *   {"d": docId, "z": brotli JSON base64, "t": traceparent?}   a judged document, as versions before the
 *                                                              file kept it (moved into the file when read)
 */
type Line =
  | { v: number }
  | { g: number }
  | { B: SiteBoilerplateSnapshot['sites'][number] }
  | { o: [string, string, string[]] }
  | { i: MemoryRecord }
  | { f: string; p: number; n: number; t?: string }
  | { d: string; z: string; t?: string };

/** What a restart finds; the index records went into the store as they were read. */
export interface LoadedDedupState {
  /** False when the index was saved by a version that computed features differently: rebuild it from the documents. */
  current: boolean;
  documents: number;
  siteBoilerplate: SiteBoilerplateSnapshot;
  /** Pages the site boilerplate observed after the last compaction, to observe again in order. */
  observed: Array<[string, string, string[]]>;
  /** A dedup-state.json written before the log was kept was read (and is removed once the log holds it). */
  legacy: string | null;
  /** The log held documents themselves ("d" lines), now moved to the documents file: rewrite it once. */
  inlineDocs: boolean;
  /**
   * The documents file the log pointed into, when its live documents were moved to a new one (it held
   * more bytes of documents stored again since than of live ones): rewrite the log, then remove it.
   */
  movedDocs: string | null;
}

export interface DedupStateLog {
  loaded: LoadedDedupState;
  log: RecordLog;
}

/** The saved state of versions before the log: one JSON document rewritten whole. */
interface LegacyState {
  index: MemorySnapshot;
  docs: DocExtracted[];
  traces?: Record<string, string>;
  siteBoilerplate?: SiteBoilerplateSnapshot;
}

export interface DedupStateParts {
  store: MemoryIndexStore;
  /** Its file is emptied when there is no log yet: nothing points into it. */
  docs: FileJudgedDocStore;
  /** The site boilerplate as it is now, for compaction. */
  siteBoilerplate: () => SiteBoilerplateSnapshot;
}

/** The judged documents' file of a generation (each move to a new file is the next one). */
export const docsFile = (dataDir: string, generation: number): string => join(dataDir, generation === 0 ? 'dedup-docs.bin' : `dedup-docs.${generation}.bin`);

export interface DedupStateLogOptions {
  /** Bytes appended to the log before it is rewritten with the live records (default 64 MiB). */
  compactBytes?: number;
  /** At open, documents stored again since (dead bytes) beyond this and beyond the live ones move the live ones to a new file (default 64 MiB). */
  docsDeadBytes?: number;
}

/**
 * Opens (and replays) the log into `parts`; reads a legacy dedup-state.json when there is no log yet.
 * `parts.docs` must be open on docsFile(dataDir, 0).
 */
export async function openDedupStateLog(dataDir: string, parts: DedupStateParts, opts: DedupStateLogOptions = {}): Promise<DedupStateLog> {
  const file = join(dataDir, 'dedup-state.log');
  const legacyFile = join(dataDir, 'dedup-state.json');
  const loaded: LoadedDedupState = { current: true, documents: 0, siteBoilerplate: { version: 1, sites: [] }, observed: [], legacy: null, inlineDocs: false, movedDocs: null };
  const fresh = !existsSync(file);
  if (fresh) parts.docs.clear();
  let generation = 0;
  const restore = (raw: unknown): void => {
    const line = raw as Line;
    if ('v' in line) loaded.current = line.v === FEATURES_VERSION;
    else if ('g' in line) {
      generation = line.g;
      parts.docs.reopen(docsFile(dataDir, generation));
    }
    else if ('B' in line) loaded.siteBoilerplate.sites.push(line.B);
    else if ('o' in line) loaded.observed.push(line.o);
    else if ('i' in line) {
      if (loaded.current) parts.store.apply(line.i);
    } else if ('f' in line) {
      // A place past the file's end was logged by a write the file lost (a crash before the OS kept it):
      // the document's earlier place, if any, stands, and its record was never acknowledged.
      if (parts.docs.restore({ docId: line.f, offset: line.p, length: line.n, traceparent: line.t ?? null })) loaded.documents++;
    } else {
      parts.docs.putPacked(line.d, Buffer.from(line.z, 'base64'), line.t ?? null);
      loaded.documents++;
      loaded.inlineDocs = true;
    }
  };
  function* live(): Iterable<string> {
    yield JSON.stringify({ v: FEATURES_VERSION });
    yield JSON.stringify({ g: generation });
    for (const site of parts.siteBoilerplate().sites) yield JSON.stringify({ B: site });
    for (const r of parts.store.records()) yield JSON.stringify({ i: r });
    for (const p of parts.docs.places()) yield placeLine(p);
  }
  const log = openRecordLog({ file, ...(opts.compactBytes !== undefined && { compactBytes: opts.compactBytes }) }, restore, live);
  removeOtherDocsFiles(dataDir, generation);
  const dead = parts.docs.deadBytes();
  if (dead > Math.max(opts.docsDeadBytes ?? 64 * 2 ** 20, parts.docs.liveBytes())) {
    loaded.movedDocs = docsFile(dataDir, generation);
    generation++;
    parts.docs.moveTo(docsFile(dataDir, generation));
  }
  if (fresh && existsSync(legacyFile)) {
    const saved = readJsonFileSync(legacyFile) as LegacyState | undefined;
    if (saved) {
      loaded.current = isCurrentSnapshot(saved.index);
      if (loaded.current) for (const r of snapshotRecords(saved.index)) parts.store.apply(r);
      for (const d of saved.docs) await parts.docs.put(d, saved.traces?.[d.docId]);
      loaded.documents = saved.docs.length;
      if (saved.siteBoilerplate && loaded.current) loaded.siteBoilerplate = saved.siteBoilerplate;
      loaded.legacy = legacyFile;
    }
  } else if (fresh) log.append(JSON.stringify({ v: FEATURES_VERSION }));
  else if (existsSync(legacyFile)) loaded.legacy = legacyFile; // left by a stop between writing the log and removing it
  return { loaded, log };
}

/** A legacy snapshot's entries as records (a store built from it, which reads version 1, then read back). */
function snapshotRecords(snapshot: MemorySnapshot): Iterable<MemoryRecord> {
  return createMemoryIndexStore(snapshot).records();
}

export const placeLine = (p: DocPlace): string =>
  JSON.stringify(p.traceparent ? { f: p.docId, p: p.offset, n: p.length, t: p.traceparent } : { f: p.docId, p: p.offset, n: p.length });

/** Removes the legacy file, and a documents file moved from, once the log holds their state. */
export function dropLegacy(loaded: LoadedDedupState): void {
  if (loaded.legacy && existsSync(loaded.legacy)) unlinkSync(loaded.legacy);
  if (loaded.movedDocs && existsSync(loaded.movedDocs)) unlinkSync(loaded.movedDocs);
}

/** Documents files of other generations: left by a stop between moving the documents and rewriting the log. */
function removeOtherDocsFiles(dataDir: string, generation: number): void {
  const current = docsFile(dataDir, generation);
  for (const name of readdirSync(dataDir)) {
    if (/^dedup-docs(\.\d+)?\.bin$/.test(name) && join(dataDir, name) !== current) unlinkSync(join(dataDir, name));
  }
}
