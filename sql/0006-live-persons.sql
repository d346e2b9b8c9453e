-- 0006-live-persons.sql - the view of the persons not merged into another, for files whose
-- schema 4 was made before 0004-match.sql gained it (parley 941072a): the same text as
-- 0004's, so every file ends with the same schema (store_schema_check compares them).
CREATE VIEW IF NOT EXISTS live_persons AS
	SELECT * FROM persons WHERE id NOT IN (SELECT merged_id FROM person_merges);
