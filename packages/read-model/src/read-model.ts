import type { JobSpec } from '@winnow/types';
import type { DocDuplicate } from '@winnow/types';
import type { DocUnique } from '@winnow/types';
import { createDocumentReads } from './document-reads.js';
import { applyBatch } from './batch-writes.js';
import { createDocumentWrites, incomingOf, type VerdictRecord } from './document-writes.js';
import { createExportReads, type ExportFilters, type ExportRow } from './export-reads.js';
import { createJobList, type JobFilters, type JobPage } from './job-list.js';
import { createJobQueries } from './job-queries.js';
import { migrate, type MigrationResult } from './migrate.js';
import type { SqlClient } from './sql-client.js';
import type {
  ClusterView,
  DocumentFilters,
  DocumentPage,
  DocumentView,
  JobDocumentCounts,
  JobRecord,
} from './views.js';

/**
 * The API's read model in PostgreSQL: jobs, the latest verdict per document, and which document each
 * of a job's request URLs became. Every write is idempotent, so redelivered messages change nothing.
 * `at` arguments are the producer's event time (CloudEvents `ce_time`). A document's verdict depends only on
 * which docs.unique / docs.duplicates events were applied, not on their order (rule: verdict-rule.ts).
 */
export interface ReadModel {
  /** Applies pending migrations; safe when several instances start at once. */
  migrate(): Promise<MigrationResult>;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  createJob(id: string, spec: JobSpec): Promise<JobRecord>;
  getJob(id: string): Promise<JobRecord | null>;
  markJobDone(id: string, finishedAt?: Date): Promise<JobRecord | null>;
  cancelJob(id: string, at?: Date): Promise<JobRecord | null>;
  /** Jobs newest first, optionally of one status, in cursor pages. */
  listJobs(filters: JobFilters): Promise<JobPage>;
  /** `at`: the event time; `version`: the deduplicator's version of the state (the record's own when absent). */
  upsertUnique(doc: DocUnique, at?: string, version?: number): Promise<void>;
  markDuplicate(doc: DocDuplicate, at?: string, version?: number): Promise<void>;
  /** `version`: the tombstone's (a header, as a tombstone has no payload); 0 when absent. */
  removeUnique(docId: string, at?: string, version?: number): Promise<void>;
  /** Applies a delivered batch of docs.* records in one transaction, with the same result as one by one. */
  applyVerdicts(records: readonly VerdictRecord[]): Promise<void>;
  listDocuments(filters: DocumentFilters): Promise<DocumentPage>;
  getDocument(id: string): Promise<DocumentView | null>;
  getCluster(id: string): Promise<ClusterView | null>;
  countsForJob(jobId: string): Promise<JobDocumentCounts>;
  /** Streams matching documents to onBatch from a cursor (see export-reads.ts); resolves to their count. */
  exportDocuments(filters: ExportFilters, onBatch: (rows: ExportRow[]) => Promise<void>, batchSize?: number): Promise<number>;
}

export function createReadModel(client: SqlClient): ReadModel {
  return {
    migrate: () => migrate(client),
    async ping() {
      try {
        await client.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    ...createJobQueries(client),
    ...createJobList(client),
    ...createDocumentWrites(client),
    applyVerdicts: (records) =>
      client.applyBatch
        ? client.applyBatch(records.map(incomingOf))
        : client.transaction((tx) => applyBatch(tx, records.map(incomingOf), !client.serialized)),
    ...createDocumentReads(client),
    ...createExportReads(client),
  };
}
