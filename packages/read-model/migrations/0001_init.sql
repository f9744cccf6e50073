-- Crawl jobs submitted through the API.
CREATE TABLE jobs (
  id text PRIMARY KEY,
  spec jsonb NOT NULL,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

-- One row per docId: the latest verdict from docs.unique / docs.duplicates.
-- verdict 'removed' marks a docs.unique tombstone whose duplicate verdict has not arrived yet.
-- state_at is the producer's event time; older messages never overwrite newer ones.
-- search_text is NFKC + lower-cased title and text; search_tokens holds its characters and in-word
-- character bigrams, so a GIN index finds Korean words inside longer eojeol ("인재" in "인재를").
CREATE TABLE documents (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  url text NOT NULL,
  canonical_url text NOT NULL,
  site text NOT NULL,
  title text,
  byline text,
  published_at timestamptz,
  lang text NOT NULL,
  text text NOT NULL,
  fetched_at timestamptz NOT NULL,
  verdict text NOT NULL CHECK (verdict IN ('unique', 'duplicate', 'removed')),
  relation text,
  duplicate_of text,
  sources jsonb NOT NULL DEFAULT '[]',
  novel_text text,
  cluster_id text,
  scores jsonb,
  evidence jsonb NOT NULL DEFAULT '[]',
  job_id text NOT NULL,
  doc jsonb NOT NULL,
  search_text text NOT NULL,
  search_tokens text[] NOT NULL,
  state_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_search_tokens_idx ON documents USING gin (search_tokens);
CREATE INDEX documents_cluster_idx ON documents (cluster_id);
CREATE INDEX documents_site_idx ON documents (site, seq);
CREATE INDEX documents_duplicate_of_idx ON documents (duplicate_of);

-- Which document each of a job's request URLs became; job counts join it to documents' verdicts.
CREATE TABLE job_urls (
  job_id text NOT NULL,
  request_url text NOT NULL,
  doc_id text NOT NULL,
  PRIMARY KEY (job_id, request_url)
);
CREATE INDEX job_urls_doc_idx ON job_urls (doc_id, job_id);
