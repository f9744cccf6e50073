import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, read, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import type { DocExtracted } from '@winnow/types';
import { packJudgedDoc, unpackJudgedDoc, unpackJudgedDocSync, type JudgedDocStore } from './judged-doc-store.js';

/** Where a judged document's packed bytes sit in the file, and its trace: all the memory holds of it. */
export interface DocPlace {
  docId: string;
  offset: number;
  length: number;
  traceparent: string | null;
}

export interface FileJudgedDocStore extends JudgedDocStore {
  /** Every stored document's place, for saving the map (embedded mode's state log). */
  places(): Iterable<DocPlace>;
  /** Adds a place as places() or onPut gave it; false (and nothing added) when the file does not hold it whole. */
  restore(place: DocPlace): boolean;
  /** Appends a document already packed (brotli JSON, as packJudgedDoc makes it) and returns its place. */
  putPacked(docId: string, packed: Buffer, traceparent: string | null): DocPlace;
  /** Every stored document, unpacked (rebuilding an index from them). */
  all(): DocExtracted[];
  /** Empties the file and the map: the state that pointed into the file is gone. */
  clear(): void;
  /** Bytes of the file no place points at: documents stored again since. */
  deadBytes(): number;
  /** Bytes the places point at. */
  liveBytes(): number;
  /** Reads and appends to `file` from now on (the one the places about to be restored point into); the map is emptied. */
  reopen(file: string): void;
  /**
   * Copies every stored document into `file` (made anew, synced), and keeps to it from now on, the places
   * changed to match; the old file is left for the caller to remove once nothing points into it. Only
   * while no read is in flight (at start).
   */
  moveTo(file: string): void;
  close(): void;
}

export interface FileJudgedDocStoreOptions {
  /** The file of packed documents, appended to; created when missing. */
  file: string;
  /** Called with each document's place once its bytes are in the file (embedded mode logs it). */
  onPut?: (place: DocPlace) => void;
}

const readAt = promisify(read);

/**
 * Judged documents in an append-only file, packed as the memory store packs them, with only their
 * places in memory: a document is read back when a later one changes its verdict, rarely, while the
 * packed text of every document (some 15 KB each) made the in-memory store most of a long run's
 * growth. Bytes are written synchronously before the place is reported, so a place always points at
 * whole bytes the OS has, and the place is taken from the file's size at that moment, so two stores
 * appending to one file (an instance and its replacement after a kill) never mix their places. A
 * document stored again is appended again; its earlier bytes stay in the file, unread.
 */
export function createFileJudgedDocStore(opts: FileJudgedDocStoreOptions): FileJudgedDocStore {
  mkdirSync(dirname(opts.file), { recursive: true });
  let path = opts.file;
  let fd: number | null = openSync(path, 'a+');
  const places = new Map<string, DocPlace>();
  /** Bytes the places point at. */
  let live = 0;
  const place = (p: DocPlace): void => {
    live += p.length - (places.get(p.docId)?.length ?? 0);
    places.set(p.docId, p);
  };
  const open = (): number => {
    if (fd === null) throw new Error(`${path} is closed`);
    return fd;
  };

  function putPacked(docId: string, packed: Buffer, traceparent: string | null): DocPlace {
    const f = open();
    const offset = fstatSync(f).size;
    for (let at = 0; at < packed.length; ) at += writeSync(f, packed, at, packed.length - at);
    const p: DocPlace = { docId, offset, length: packed.length, traceparent };
    place(p);
    return p;
  }

  function readSyncAt(p: DocPlace): Buffer {
    const b = Buffer.allocUnsafe(p.length);
    for (let at = 0; at < p.length; ) {
      const n = readSync(open(), b, at, p.length - at, p.offset + at);
      if (n === 0) throw new Error(`${path} ends inside ${p.docId}'s bytes`);
      at += n;
    }
    return b;
  }

  return {
    places: () => places.values(),
    restore(p) {
      if (p.offset + p.length > fstatSync(open()).size) return false;
      place(p);
      return true;
    },
    putPacked,
    all: () => [...places.values()].map((p) => unpackJudgedDocSync(readSyncAt(p))),
    clear() {
      ftruncateSync(open(), 0);
      places.clear();
      live = 0;
    },
    deadBytes: () => fstatSync(open()).size - live,
    liveBytes: () => live,
    reopen(file) {
      const next = openSync(file, 'a+');
      if (fd !== null) closeSync(fd);
      fd = next;
      path = file;
      places.clear();
      live = 0;
    },
    moveTo(file) {
      const out = openSync(file, 'w+');
      const moved: DocPlace[] = [];
      let offset = 0;
      for (const p of places.values()) {
        const b = readSyncAt(p);
        for (let at = 0; at < b.length; ) at += writeSync(out, b, at, b.length - at);
        moved.push({ ...p, offset });
        offset += b.length;
      }
      fsyncSync(out);
      closeSync(out);
      if (fd !== null) closeSync(fd);
      fd = openSync(file, 'a+');
      path = file;
      for (const p of moved) places.set(p.docId, p);
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
    async put(doc, traceparent) {
      const place = putPacked(doc.docId, packJudgedDoc(doc), traceparent ?? null);
      opts.onPut?.(place);
    },
    async get(docId) {
      const p = places.get(docId);
      if (!p) return null;
      const b = Buffer.allocUnsafe(p.length);
      for (let at = 0; at < p.length; ) {
        const { bytesRead } = await readAt(open(), b, at, p.length - at, p.offset + at);
        if (bytesRead === 0) throw new Error(`${path} ends inside ${docId}'s bytes`);
        at += bytesRead;
      }
      return { doc: await unpackJudgedDoc(b), traceparent: p.traceparent };
    },
  };
}
