-- 0004-match.sql - saved match runs and their review; merges of duplicate persons
--
-- A run is a list of names matched against the registry (parley match FILE --save): the
-- list as its source dated it, the file it came in (name and BLAKE2b hash) and one row
-- per row of the list with what the matcher made of it. A reviewer accepts a row (links
-- it to a person, and may add the list as evidence to that person) or rejects it.
-- A merge keeps both persons: the duplicate's statuses, events, evidence, relatives,
-- inquiries and accepted list rows move to the kept person, the duplicate's row stays,
-- hidden from listings, and refuses writes.
--
-- Every row of these tables is written with an audit record (store_audited_tables), so
-- audit verify --deep covers them like the registry's own rows.

CREATE TABLE match_runs (
	id INTEGER PRIMARY KEY,
	label TEXT NOT NULL,              -- the list as the office calls it
	list_date TEXT,                   -- the list's own date: YYYY, YYYY-MM or YYYY-MM-DD
	source TEXT NOT NULL CHECK (source IN ('other_side', 'icrc', 'mediator', 'relatives',
	                                       'open_source', 'other')),
	file_name TEXT,
	file_hash TEXT,                   -- BLAKE2b-256 of the file, hex
	rows_total INTEGER NOT NULL,
	rows_match INTEGER NOT NULL,      -- as the matcher decided them
	rows_possible INTEGER NOT NULL,
	rows_none INTEGER NOT NULL,
	note TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	created TEXT NOT NULL
) STRICT;

CREATE TABLE match_rows (
	id INTEGER PRIMARY KEY,
	run_id INTEGER NOT NULL REFERENCES match_runs(id),
	list_row INTEGER NOT NULL,        -- the row's number in the list, from 1
	list_line INTEGER,                -- the physical line of the file where it starts
	family_name TEXT,                 -- the values as the list gave them
	given_name TEXT,
	patronymic TEXT,
	birth_date TEXT,                  -- as written (DD.MM.YYYY, ...)
	unit TEXT,
	decision TEXT NOT NULL CHECK (decision IN ('none', 'possible', 'match')),
	-- best first: [{"id":N,"ref":"U-..","score":0.97,"level":[..],"weight":[..],
	--               "explain":[..]}], per field in the order of match.h's fields
	candidates TEXT NOT NULL,
	review TEXT NOT NULL CHECK (review IN ('pending', 'accepted', 'rejected')),
	person_id INTEGER REFERENCES persons(id),       -- accepted: the person
	evidence_id INTEGER REFERENCES evidence(id),    -- the evidence the acceptance added
	reviewer_id INTEGER REFERENCES accounts(id),
	reviewed TEXT,
	note TEXT,
	UNIQUE (run_id, list_row)
) STRICT;
CREATE INDEX match_rows_person ON match_rows(person_id) WHERE person_id IS NOT NULL;

CREATE TABLE person_merges (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES persons(id),        -- the person kept
	merged_id INTEGER NOT NULL UNIQUE REFERENCES persons(id), -- the duplicate
	reason TEXT NOT NULL,
	-- the rows moved from the duplicate: {"statuses":[ids],"events":[..],...}
	moved TEXT NOT NULL,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL,
	CHECK (person_id <> merged_id)
) STRICT;
CREATE INDEX person_merges_person ON person_merges(person_id);

-- The persons not merged into another: what counts, lists and statistics see.
CREATE VIEW live_persons AS
	SELECT * FROM persons WHERE id NOT IN (SELECT merged_id FROM person_merges);
