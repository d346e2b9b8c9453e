-- 0003-name-index.sql - the name index, one row per person
--
-- Derived data, like an SQL index: the keys of every person's names (src/lib/names/search.c,
-- src/lib/names/name-index.c), written in the transaction of each write of a person, from the
-- persons row. Not in the audit trail's tables: the audited persons row is its source,
-- and parley search --reindex rebuilds it from there. A process that searches or
-- matches reads the whole table once and builds its inverted index in memory; a row
-- per person, without secondary indexes, keeps every write of a person cheap.
--   ref, side, birth_date, unit: copies of the persons row's, so the index is read alone
--         (a list is matched on birth date and unit too)
--   keys: one key a line, its first byte the part it stands for:
--         1 family name, 2 given name, 3 patronymic, 4 a word of other_names (a word's
--         skeleton: Сергій, SERGEI, Serhii -> серги), g the group of a given name,
--         p the group of the father's name of a patronymic (decimal ids of data/names)
DROP TABLE name_keys;
DROP TABLE name_variants;
CREATE TABLE name_index (
	person_id INTEGER PRIMARY KEY REFERENCES persons(id),
	ref TEXT NOT NULL,
	side TEXT NOT NULL,
	birth_date TEXT,
	unit TEXT,
	keys TEXT NOT NULL
) STRICT;

-- The index was built by other rules: the first search rebuilds it.
UPDATE meta SET value = '0' WHERE key = 'name_keys.version';
