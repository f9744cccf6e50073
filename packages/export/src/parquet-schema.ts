import { QUALITY_RULE_NAMES } from '@winnow/types';
import type { SchemaElement } from 'hyparquet-writer';

/** A column of the export's Parquet schema, as a tree; flattened depth-first into Parquet's schema list. */
type Field =
  | { name: string; leaf: 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN'; required?: boolean }
  | { name: string; fields: Field[]; required?: boolean }
  | { name: string; listOf: Field };

const str = (name: string, required = false): Field => ({ name, leaf: 'STRING', required });
const rule = (name: string): Field => ({ name, fields: [{ name: 'value', leaf: 'DOUBLE' }, { name: 'pass', leaf: 'BOOLEAN' }] });

/**
 * The record layout (record.ts) as Parquet columns. `metadata` is one struct column: datatrove's
 * ParquetReader turns a row into a dict, its adapter takes `metadata` (a dict) and merges the other
 * non-text, non-id columns into it, so the struct arrives as Document.metadata with the top-level
 * fields (url, date, language, ...) beside it. Strings are UTF-8, dates ISO 8601 strings, as in JSONL.
 */
const FIELDS: Field[] = [
  str('id', true),
  str('text', true),
  str('url', true),
  str('date', true),
  str('language', true),
  { name: 'language_score', leaf: 'DOUBLE' },
  { name: 'token_count', leaf: 'INT32' },
  str('source', true),
  str('added', true),
  str('created'),
  {
    name: 'metadata',
    required: true,
    fields: [
      str('cluster_id'),
      { name: 'cluster_size', leaf: 'INT32', required: true },
      str('canonical_id', true),
      str('verdict', true),
      str('relation'),
      str('duplicate_of'),
      {
        name: 'sources',
        listOf: { name: 'element', fields: [str('id'), str('relation'), { name: 'containment', leaf: 'DOUBLE' }] },
      },
      { name: 'novel_ratio', leaf: 'DOUBLE', required: true },
      { name: 'version', leaf: 'INT32', required: true },
      str('content_sha256', true),
      str('job_id', true),
      str('title'),
      str('byline'),
      str('fetched_at', true),
      str('extractor_version'),
      {
        name: 'quality',
        fields: [
          { name: 'chars', leaf: 'INT32' },
          { name: 'words', leaf: 'INT32' },
          { name: 'hangulSyllables', leaf: 'INT32' },
          { name: 'linkDensity', leaf: 'DOUBLE' },
          { name: 'boilerplateRatio', leaf: 'DOUBLE' },
          { name: 'repetition', leaf: 'DOUBLE' },
          { name: 'pass', leaf: 'BOOLEAN' },
          { name: 'rules', fields: QUALITY_RULE_NAMES.map(rule) },
        ],
      },
    ],
  },
];

const LEAF: Record<string, Partial<SchemaElement>> = {
  STRING: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  INT32: { type: 'INT32' },
  DOUBLE: { type: 'DOUBLE' },
  BOOLEAN: { type: 'BOOLEAN' },
};

function flatten(f: Field, out: SchemaElement[]): void {
  if ('leaf' in f) {
    out.push({ name: f.name, ...LEAF[f.leaf], repetition_type: f.required ? 'REQUIRED' : 'OPTIONAL' });
  } else if ('fields' in f) {
    out.push({ name: f.name, repetition_type: f.required ? 'REQUIRED' : 'OPTIONAL', num_children: f.fields.length });
    for (const c of f.fields) flatten(c, out);
  } else {
    // Parquet's three-level list: <name> (LIST) > list (repeated) > element.
    out.push({ name: f.name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 });
    out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
    flatten(f.listOf, out);
  }
}

export function exportParquetSchema(): SchemaElement[] {
  const out: SchemaElement[] = [{ name: 'root', num_children: FIELDS.length }];
  for (const f of FIELDS) flatten(f, out);
  return out;
}

/** Top-level column names, in schema order. */
export const PARQUET_COLUMNS = FIELDS.map((f) => f.name);
