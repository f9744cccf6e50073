-- The deduplicator's per-document version of each event (see src/verdict-rule.ts): events are ordered by
-- version, then by event time. 0 for events published without one (and for everything stored before).
ALTER TABLE documents ADD COLUMN unique_version integer NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN duplicate_version integer NOT NULL DEFAULT 0;
ALTER TABLE document_tombstones ADD COLUMN version integer NOT NULL DEFAULT 0;
