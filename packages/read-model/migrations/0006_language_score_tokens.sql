-- FineWeb's language_score and token_count for a corpus export, from docs.extracted's langScore and
-- tokenCount (sent since extractor 0.3.0), beside the other export columns of 0004 so that an export never
-- reads the large `doc` column. Filled from `doc` for stored rows; NULL for documents extracted before.
ALTER TABLE documents ADD COLUMN language_score double precision;
ALTER TABLE documents ADD COLUMN token_count integer;
UPDATE documents SET
  language_score = (doc->>'langScore')::double precision,
  token_count = (doc->>'tokenCount')::integer
WHERE doc ? 'langScore' OR doc ? 'tokenCount';
