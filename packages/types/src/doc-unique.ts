import { z } from 'zod';
import { defineContract } from './contract.js';
import { docExtractedSchema } from './doc-extracted.js';
import { sourceRef, stateVersion, VERSION_HEADER } from './dedup.js';

export const docUniqueSchema = docExtractedSchema.extend({
  verdict: z.literal('unique'),
  clusterId: z.string(),
  /** Documents this one embeds, when it reposts them with text of its own. */
  sources: z.array(sourceRef),
  /** This document's own text when it embeds others; null otherwise. */
  novelText: z.string().nullable(),
  version: stateVersion.optional(),
});
export type DocUnique = z.infer<typeof docUniqueSchema>;

export const docsUnique = defineContract({
  topic: 'docs.unique',
  version: 1,
  ceType: 'winnow.doc.unique.v1',
  key: 'docId',
  compacted: true,
  description:
    'The latest state of every unique document. A tombstone (null value) removes a document that later proved to be a copy.',
  headers: { [VERSION_HEADER]: 'stateVersion of the document (tombstones included), a decimal integer' },
  schema: docUniqueSchema,
});
