-- 0001-init.sql - the registry, accounts and the audit trail
--
-- Every table is STRICT: a value is stored with the type it was declared with,
-- so the row hashes of the audit trail are the same whoever reads them.
-- Rows of case data are never deleted: a wrong entry is corrected by a new one.

CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE accounts (
	id INTEGER PRIMARY KEY,
	login TEXT NOT NULL UNIQUE,
	roles INTEGER NOT NULL,           -- bit set of enum pl_role
	pw_hash TEXT NOT NULL,            -- crypto_pwhash_str (argon2id)
	os_user TEXT,                     -- when set, only this OS user (or root) acts as the account
	created TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE persons (
	id INTEGER PRIMARY KEY,
	side TEXT NOT NULL CHECK (side IN ('captive', 'detainee')),
	ref TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	family_name TEXT NOT NULL,
	given_name TEXT,
	patronymic TEXT,
	other_names TEXT,
	sex TEXT NOT NULL,
	birth_date TEXT,
	birth_place TEXT,
	citizenship TEXT,
	documents TEXT,
	service_number TEXT,
	rank TEXT,
	unit TEXT,
	tags TEXT,
	father_name TEXT,
	mother_maiden_name TEXT,
	capture_date TEXT,
	capture_approx TEXT,
	capture_place TEXT,
	capture_circumstances TEXT,
	detention_place TEXT,
	last_seen_date TEXT,
	last_seen_place TEXT,
	last_seen_by TEXT,
	health TEXT NOT NULL,
	medical_notes TEXT,
	sentence TEXT,
	charges TEXT,
	consent TEXT,
	proceedings TEXT,
	note TEXT,
	status TEXT NOT NULL,
	status_date TEXT,
	source TEXT,
	external_id TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id), -- who registered the person
	created TEXT NOT NULL,
	updated TEXT                      -- the last change; NULL while there was none
) STRICT;
CREATE UNIQUE INDEX persons_external ON persons(source, external_id)
	WHERE external_id IS NOT NULL;
CREATE INDEX persons_side_status ON persons(side, status);

-- Field edits keep the value they replaced: history shows both.
CREATE TABLE person_changes (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES persons(id),
	field TEXT NOT NULL,
	old_value TEXT,
	new_value TEXT,
	reason TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
CREATE INDEX person_changes_person ON person_changes(person_id);

CREATE TABLE files (
	id INTEGER PRIMARY KEY,
	hash TEXT NOT NULL UNIQUE,        -- BLAKE2b-256 of the content, hex
	name TEXT NOT NULL,
	size INTEGER NOT NULL,
	content BLOB NOT NULL
) STRICT;

CREATE TABLE evidence (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES persons(id),
	kind TEXT NOT NULL,
	date TEXT,
	source TEXT NOT NULL,
	reliability TEXT NOT NULL,        -- Admiralty: source A-F
	credibility TEXT NOT NULL,        -- Admiralty: information 1-6
	note TEXT,
	file_hash TEXT REFERENCES files(hash),
	corrects INTEGER REFERENCES evidence(id),
	reason TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
CREATE INDEX evidence_person ON evidence(person_id);

-- The status history. A person's first status lives in the persons row (status,
-- status_date, source, author_id, created) until the first change, which writes
-- it here as entry one before the change itself: a registry imported a million
-- at a time pays for its history only where there is history.
CREATE TABLE statuses (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES persons(id),
	status TEXT NOT NULL,
	date TEXT,
	source TEXT,
	evidence_id INTEGER REFERENCES evidence(id),
	note TEXT,
	corrects INTEGER REFERENCES statuses(id),
	reason TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
CREATE INDEX statuses_person ON statuses(person_id);

CREATE TABLE events (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES persons(id),
	kind TEXT NOT NULL,
	date TEXT,
	place TEXT,
	source TEXT,
	note TEXT,
	corrects INTEGER REFERENCES events(id),
	reason TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
CREATE INDEX events_person ON events(person_id);

CREATE TABLE relatives (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES persons(id),
	name TEXT NOT NULL,
	relation TEXT NOT NULL,
	contacts TEXT,                    -- restricted
	language TEXT,
	verified_by TEXT,
	verified_how TEXT,
	safety TEXT NOT NULL DEFAULT 'no',
	safety_channel TEXT,
	note TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
CREATE INDEX relatives_person ON relatives(person_id);

CREATE TABLE inquiries (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES persons(id),
	relative_id INTEGER REFERENCES relatives(id),
	date TEXT NOT NULL,
	channel TEXT NOT NULL,
	question TEXT NOT NULL,
	answer TEXT,
	answered_by TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
CREATE INDEX inquiries_person ON inquiries(person_id);

-- The audit trail: one record per row written (and per refused operation and
-- read of a restricted field), chained by BLAKE2b: hash = H(hash of the record
-- before || record). The previous hash is not stored twice: verification walks
-- the chain in order and carries it.
CREATE TABLE audit (
	seq INTEGER PRIMARY KEY,
	ts TEXT NOT NULL,
	account TEXT NOT NULL,
	os_user TEXT NOT NULL,
	action TEXT NOT NULL,
	tbl TEXT,
	oid INTEGER,
	ref TEXT,
	fields TEXT,
	row_hash BLOB,
	hash BLOB NOT NULL
) STRICT;
