// Corpus export: the read model's documents as JSONL, gzipped JSONL or Parquet records with lineage and quality.
export { exportCorpus, type ExportResult } from './export-corpus.js';
export { CONTENT_TYPES, exportFileName, exportOptionsSchema, type ExportOptions } from './options.js';
export type { CorpusRecord } from './record.js';
