-- What has arrived for each document on each topic (see src/verdict-rule.ts), so that its verdict depends
-- only on the events applied, never on their arrival order: the latest docs.unique event (a unique record
-- or a tombstone) and its event time, and the latest docs.duplicates record's event time and verdict
-- fields (a tombstone arriving later can make that record the one shown again).
ALTER TABLE documents ADD COLUMN unique_event text CHECK (unique_event IN ('unique', 'tombstone'));
ALTER TABLE documents ADD COLUMN unique_at timestamptz;
ALTER TABLE documents ADD COLUMN duplicate_at timestamptz;
ALTER TABLE documents ADD COLUMN duplicate_record jsonb;
UPDATE documents SET
  unique_event = CASE verdict WHEN 'unique' THEN 'unique' WHEN 'removed' THEN 'tombstone' END,
  unique_at = CASE WHEN verdict <> 'duplicate' THEN state_at END,
  duplicate_at = CASE WHEN verdict = 'duplicate' THEN state_at END,
  duplicate_record = CASE WHEN verdict = 'duplicate' THEN jsonb_build_object(
    'relation', relation, 'duplicateOf', duplicate_of, 'clusterId', cluster_id, 'scores', scores, 'evidence', evidence
  ) END;

-- docs.unique tombstones for documents that have no row yet (their unique record was compacted away, or is
-- still being written by another instance); the document's first record takes it over.
CREATE TABLE document_tombstones (
  id text PRIMARY KEY,
  at timestamptz NOT NULL
);
