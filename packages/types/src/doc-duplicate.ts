import { z } from 'zod';
import { defineContract } from './contract.js';
import { docExtractedSchema } from './doc-extracted.js';
import { docId } from './common.js';
import { relation, scores, stateVersion, VERSION_HEADER } from './dedup.js';

export const docDuplicateSchema = docExtractedSchema.extend({
  verdict: z.literal('duplicate'),
  /** How this document relates to its canonical one. */
  relation,
  canonicalId: docId,
  clusterId: z.string(),
  scores,
  /** Why this verdict: e.g. `content_hash`, `minhash_lsh`, `paragraph_hash`, `earlier_published`, `cited_as_source`. */
  evidence: z.array(z.string()),
  version: stateVersion.optional(),
});
export type DocDuplicate = z.infer<typeof docDuplicateSchema>;

export const docsDuplicates = defineContract({
  topic: 'docs.duplicates',
  version: 1,
  ceType: 'winnow.doc.duplicate.v1',
  key: 'docId',
  compacted: true,
  description: 'Documents found to be copies (exact, near) or parts of another, naming their canonical document.',
  headers: { [VERSION_HEADER]: 'stateVersion of the document (tombstones included), a decimal integer' },
  schema: docDuplicateSchema,
});
