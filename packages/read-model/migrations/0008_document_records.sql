-- `doc` no longer repeats what other columns hold: new rows store the docs.* record without its text and
-- quality (the text and quality columns) and without its paragraphs when they are the text split at blank
-- lines. Sending, parsing and writing those copies again was a large part of a write in embedded mode.
-- This view gives back every row's whole record, for rows stored before (whose doc is whole) and after.
CREATE VIEW document_records AS
SELECT id,
  doc || jsonb_build_object('text', text, 'quality', coalesce(quality, doc->'quality'))
    || CASE WHEN doc ? 'paragraphs' THEN '{}'::jsonb
       ELSE jsonb_build_object('paragraphs', to_jsonb(string_to_array(text, E'\n\n'))) END AS doc
FROM documents;
