// The API's read model: PostgreSQL (or PGlite in embedded mode) holding jobs, verdicts and documents.
export { createReadModel, type ReadModel } from './read-model.js';
export { READ_MODEL_ERRORS, ReadModelError } from './read-model-errors.js';
export { createPgClient } from './pg-client.js';
export { createPgliteClient } from './pglite-client.js';
export { createPgliteWorkerClient } from './pglite-worker-client.js';
export type { SqlClient } from './sql-client.js';
export type { VerdictRecord } from './document-writes.js';
export type { ClusterView, DocumentPage, DocumentView, JobDocumentCounts, JobRecord, JobStatus } from './views.js';
export type { ExportFilters, ExportRow } from './export-reads.js';
export type { JobFilters, JobPage } from './job-list.js';
