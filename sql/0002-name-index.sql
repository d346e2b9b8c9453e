-- 0002-name-index.sql - the name index of parley search
--
-- Derived data, like an SQL index: the keys of every person's names (src/lib/names/search.c),
-- written in the transaction of each write of a person, from the persons row. Not in the
-- audit trail's tables: the audited persons row is its source, and parley search
-- --reindex rebuilds it from there.
--   part: 1 family name, 2 given name, 3 patronymic, 4 a word of other_names
--   key:  a word's skeleton (Сергій, SERGEI, Serhii -> серги), or "g:N" (the group of a
--         given name) or "p:N" (the group of the father's name of a patronymic)
CREATE TABLE name_keys (
	person_id INTEGER NOT NULL REFERENCES persons(id),
	part INTEGER NOT NULL,
	key TEXT NOT NULL
) STRICT;
CREATE INDEX name_keys_key ON name_keys(key);
CREATE INDEX name_keys_person ON name_keys(person_id);

-- Typos: every family skeleton seen (variant = key) and each of its one-letter deletions,
-- mapped to it. Written once per distinct skeleton, so the import pays a look-up per name.
CREATE TABLE name_variants (
	variant TEXT NOT NULL,
	key TEXT NOT NULL,
	PRIMARY KEY (variant, key)
) STRICT, WITHOUT ROWID;

-- The version of the key rules the index was built by (PL_SEARCH_KEY_VERSION): a file
-- that already holds persons has none yet ('0'), and parley search asks for --reindex.
-- A later change of the rules sets it back to '0' in its own migration.
INSERT INTO meta(key, value)
	VALUES ('name_keys.version', CASE WHEN EXISTS (SELECT 1 FROM persons) THEN '0' ELSE '1' END);
