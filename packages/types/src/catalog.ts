import type { z } from 'zod';
import { crawlRequests } from './crawl-request.js';
import { pagesFetched } from './page-fetched.js';
import { docsExtracted } from './doc-extracted.js';
import { docsUnique } from './doc-unique.js';
import { docsDuplicates } from './doc-duplicate.js';
import { jobsEvents } from './job-event.js';

/** Every topic Winnow owns, by name. The bus is generic over this catalog. */
export const catalog = {
  [crawlRequests.topic]: crawlRequests,
  [pagesFetched.topic]: pagesFetched,
  [docsExtracted.topic]: docsExtracted,
  [docsUnique.topic]: docsUnique,
  [docsDuplicates.topic]: docsDuplicates,
  [jobsEvents.topic]: jobsEvents,
} as const;

export type Catalog = typeof catalog;
export type TopicName = keyof Catalog;
export type MessageOf<T extends TopicName> = z.infer<Catalog[T]['schema']>;
export const topicNames = Object.keys(catalog) as TopicName[];

export { crawlRequests, pagesFetched, docsExtracted, docsUnique, docsDuplicates };
