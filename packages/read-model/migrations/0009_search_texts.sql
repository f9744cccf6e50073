-- Search fields once per distinct search text. Exact copies (reposts, syndicated articles: most of what a
-- crawl stores) had each stored the same normalized text and token list again and indexed every token in
-- the GIN index again. A document now names its search text by its md5 (search_hash); search_texts holds
-- each text and its tokens once, with the GIN index.
CREATE TABLE search_texts (
  hash text PRIMARY KEY,
  search_text text NOT NULL,
  search_tokens text[] NOT NULL
);
ALTER TABLE search_texts ALTER COLUMN search_text SET STORAGE EXTERNAL;
ALTER TABLE search_texts ALTER COLUMN search_tokens SET STORAGE EXTERNAL;
INSERT INTO search_texts (hash, search_text, search_tokens)
  SELECT DISTINCT ON (md5(search_text)) md5(search_text), search_text, search_tokens FROM documents ORDER BY md5(search_text);
ALTER TABLE documents ADD COLUMN search_hash text;
UPDATE documents SET search_hash = md5(search_text);
ALTER TABLE documents ALTER COLUMN search_hash SET NOT NULL;
DROP INDEX documents_search_tokens_idx;
ALTER TABLE documents DROP COLUMN search_text;
ALTER TABLE documents DROP COLUMN search_tokens;
CREATE INDEX search_texts_tokens_idx ON search_texts USING gin (search_tokens);
CREATE INDEX documents_search_hash_idx ON documents (search_hash);
