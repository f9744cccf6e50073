-- What a corpus export reads besides the verdict columns, kept out of the large `doc` column so that an
-- export (and its `--min-quality pass` filter) never reads whole documents' JSON: the quality signals and
-- their overall pass, the extractor's content hash and its version. Filled from `doc` for stored rows.
ALTER TABLE documents ADD COLUMN quality jsonb;
ALTER TABLE documents ADD COLUMN quality_pass boolean;
ALTER TABLE documents ADD COLUMN content_hash text;
ALTER TABLE documents ADD COLUMN extractor_version text;
UPDATE documents SET
  quality = doc->'quality',
  quality_pass = (doc->'quality'->>'pass')::boolean,
  content_hash = doc->>'contentHash',
  extractor_version = doc->>'extractorVersion';
