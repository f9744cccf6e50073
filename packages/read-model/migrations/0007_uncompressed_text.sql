-- The large columns are stored out of line but uncompressed: compressing every row's text, search text,
-- search tokens and document (pglz, several copies of the same text) was most of what a write cost, in
-- embedded mode on the one thread that runs the whole pipeline. Disk is the cheaper resource here. Rows
-- stored before keep their compressed values; PostgreSQL reads both.
ALTER TABLE documents ALTER COLUMN text SET STORAGE EXTERNAL;
ALTER TABLE documents ALTER COLUMN search_text SET STORAGE EXTERNAL;
ALTER TABLE documents ALTER COLUMN search_tokens SET STORAGE EXTERNAL;
ALTER TABLE documents ALTER COLUMN doc SET STORAGE EXTERNAL;
