import type { SourceRef } from '@winnow/types';
import type { DocState } from './decision.js';
import type { Features } from './features.js';
import { decodeFeatures, encodeFeatures } from './features-codec.js';
import { shingledText } from './shingles.js';

/** What the memory store keeps per document besides its features. */
export interface EntryState {
  state: DocState | null;
  /** Who wrote `state`: the document itself, or an earlier document that decided its fate. */
  setBy: string | null;
  pendingSources: Array<{ source: SourceRef; covered: number[] }>;
  /** Documents this one's commit changed. */
  changed: string[];
  /** While a document whose content changed is judged again: its last state. */
  last?: DocState | null;
}

/**
 * One document of a memory store, JSON-safe: a line of embedded mode's state log. With `features`
 * (and the rest of the binary fields, base64) it files the document anew, as a claim did; without,
 * it replaces the document's state only.
 */
export interface MemoryRecord extends EntryState {
  id: string;
  /** encodeFeatures, base64. */
  features?: string;
  bands?: string;
  shingles?: string;
  /** Little-endian ranks (Features.ranks), base64; `rankBytes` wide. */
  ranks?: string;
  rankBytes?: 2 | 4;
  words?: string;
}

const b64 = (a: ArrayBufferView): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** The bytes of a base64 field in memory of their own, aligned for any typed array. */
function bytes(s: string): ArrayBuffer {
  const b = Buffer.from(s, 'base64');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}

export function recordOf(id: string, e: EntryState, f: Features | null): MemoryRecord {
  const r: MemoryRecord = { id, state: e.state, setBy: e.setBy, pendingSources: e.pendingSources, changed: e.changed };
  if (e.last !== undefined) r.last = e.last;
  if (!f) return r;
  r.features = encodeFeatures(f).toString('base64');
  r.bands = b64(f.bands);
  if (f.shingles && f.ranks) {
    r.shingles = b64(f.shingles);
    r.ranks = b64(f.ranks);
    r.rankBytes = f.ranks instanceof Uint16Array ? 2 : 4;
  }
  if (f.words) r.words = b64(f.words);
  return r;
}

export function featuresOfRecord(r: MemoryRecord): Features | null {
  if (!r.features || !r.bands) return null;
  const f = decodeFeatures(Buffer.from(r.features, 'base64'));
  f.bands = new Uint32Array(bytes(r.bands));
  if (r.shingles && r.ranks) {
    f.shingles = new Uint32Array(bytes(r.shingles));
    const raw = bytes(r.ranks);
    f.ranks = r.rankBytes === 4 ? new Uint32Array(raw) : new Uint16Array(raw);
  }
  if (r.words) f.words = new Uint32Array(bytes(r.words));
  return f;
}

/** An entry of a version 1 snapshot, which kept each document's shingles in text order. */
export interface LegacyEntry extends EntryState {
  features: string;
  bands: string;
  shingles?: string;
  sequence?: string;
}

export function recordOfLegacy(e: LegacyEntry): MemoryRecord {
  const f = decodeFeatures(Buffer.from(e.features, 'base64'));
  const record: MemoryRecord = { ...e, id: f.provenance.docId };
  delete (record as Partial<LegacyEntry>).sequence;
  if (e.shingles && e.sequence) {
    // The set shingledText sorts from the sequence is the stored one: only its ranks are kept.
    const { ranks } = shingledText(new Uint32Array(bytes(e.sequence)));
    record.ranks = b64(ranks);
    record.rankBytes = ranks instanceof Uint16Array ? 2 : 4;
  }
  return record;
}
