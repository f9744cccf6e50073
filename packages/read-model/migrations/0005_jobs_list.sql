-- GET /v1/jobs lists jobs newest first, optionally by status, in keyset pages on (created_at, id).
CREATE INDEX IF NOT EXISTS jobs_created_idx ON jobs (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS jobs_status_created_idx ON jobs (status, created_at DESC, id DESC);
