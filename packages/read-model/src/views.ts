import type { JobSpec } from '@winnow/types';
import type { Relation, SourceRef } from '@winnow/types';

export type JobStatus = 'running' | 'done' | 'cancelled';

export interface JobRecord {
  id: string;
  spec: JobSpec;
  status: JobStatus;
  createdAt: string;
  finishedAt: string | null;
}

/** What every reading of a stored document shows, whichever view it is for. */
export interface DocumentBasics {
  id: string;
  url: string;
  site: string;
  title: string | null;
  byline: string | null;
  publishedAt: string | null;
  lang: string;
  text: string;
  fetchedAt: string;
  verdict: 'unique' | 'duplicate';
  sources: SourceRef[];
  clusterId: string | null;
}

/** A document as the REST API shows it (DESIGN: `GET /v1/documents/:id`). */
export interface DocumentView extends DocumentBasics {
  canonicalUrl: string;
  /** How a duplicate relates to its canonical document; absent on unique documents. */
  relation?: Relation;
  /** The canonical document a duplicate copies or belongs to. */
  duplicateOf?: string;
  /** A unique document's own text when it embeds others. */
  novelText?: string;
}

export interface ClusterMember {
  id: string;
  url: string;
  site: string;
  title: string | null;
  publishedAt: string | null;
  verdict: 'unique' | 'duplicate';
  relation?: Relation;
  duplicateOf?: string;
  /** Documents this member embeds (a repost's originals). */
  sources: SourceRef[];
  scores?: { jaccard: number; containment: number; containmentOther: number };
  /** Why the deduplicator decided this member's verdict, e.g. `content_hash`, `earlier_published`. */
  evidence: string[];
}

export interface ClusterView {
  id: string;
  /** The member the others copy (the original); null when no member is named canonical yet. */
  canonicalId: string | null;
  /** Why the canonical won: the evidence its duplicates carry (e.g. `earlier_published`, `cited_as_source`). */
  reasons: string[];
  members: ClusterMember[];
}

export interface DocumentFilters {
  jobId?: string;
  q?: string;
  site?: string;
  lang?: string;
  verdict?: 'unique' | 'duplicate';
  /** 1..100 */
  limit: number;
  cursor?: string;
}

export interface DocumentPage {
  items: DocumentView[];
  nextCursor: string | null;
}

export interface JobDocumentCounts {
  unique: number;
  duplicate: number;
}

/** PostgreSQL drivers return timestamptz as Date (node-postgres, PGlite); the API speaks ISO 8601. */
/** Already what toISOString gives (UTC, milliseconds): kept as is. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' && CANONICAL_ISO.test(value) ? value : new Date(String(value)).toISOString();
}

export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : iso(value);
}
