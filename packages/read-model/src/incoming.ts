import type { DocExtracted } from '@winnow/types';
import type { VerdictEvent } from './verdict-rule.js';

/** The verdict columns a docs.* record fills. */
export interface VerdictFields {
  relation: string | null;
  duplicateOf: string | null;
  sources: unknown[];
  novelText: string | null;
  clusterId: string;
  scores: unknown;
  evidence: string[];
}

/** One docs.* event, as both the one-event path and the batch path apply it. */
export interface Incoming {
  docId: string;
  at: string;
  /** The deduplicator's version of the document's state (0: none). */
  version: number;
  kind: VerdictEvent['kind'];
  /** The record, for unique and duplicate events; tombstones carry none. */
  record?: { doc: DocExtracted; fields: VerdictFields };
}
