// The topic contracts (one per file) and their catalog.
export { catalog, crawlRequests, docsDuplicates, docsExtracted, docsUnique, pagesFetched, topicNames, type Catalog, type MessageOf, type TopicName } from './catalog.js';
export { DLQ_HEADERS, dlqTopic, type TopicContract } from './contract.js';
export { scope, type JobSpec, type Scope } from './common.js';
export { crawlRequestSchema, type CrawlRequest } from './crawl-request.js';
export { type PageFetched } from './page-fetched.js';
export { docExtractedSchema, extractedDocumentSchema, QUALITY_RULE_NAMES, type DocExtracted, type ExtractedDocument } from './doc-extracted.js';
export { docUniqueSchema, type DocUnique } from './doc-unique.js';
export { docDuplicateSchema, type DocDuplicate } from './doc-duplicate.js';
export type { JobEvent } from './job-event.js';
export { verdict, VERSION_HEADER, type Relation, type SourceRef } from './dedup.js';
