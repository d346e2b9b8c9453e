-- 0008-negotiations.sql - the negotiation desk: negotiations and the exchanges they
-- led to, sessions (rounds) and the psychologist's welfare notes, positions with their
-- history, opening lines, the statement ledger (claims, offers, demands, promises,
-- refusals; untruths of ours kept until resolved), the other side's negotiators and their
-- MICE profiles, and pressure incidents on families. Every table is an entity of
-- src/lib/core/record.c, audited row by row (docs/negotiations.md).

CREATE TABLE negotiations (
	id INTEGER PRIMARY KEY,
	ref TEXT NOT NULL UNIQUE,
	title TEXT NOT NULL,
	delegation TEXT,
	mediators TEXT,
	format TEXT NOT NULL,
	status TEXT NOT NULL,
	status_reason TEXT,
	objectives TEXT,
	walk_away TEXT,
	batna TEXT,
	their_batna TEXT,
	session_hours INTEGER,
	note TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	created TEXT NOT NULL,
	updated TEXT
) STRICT;

CREATE TABLE negotiation_exchanges (
	id INTEGER PRIMARY KEY,
	negotiation_id INTEGER NOT NULL REFERENCES negotiations(id),
	exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
	note TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL,
	UNIQUE (negotiation_id, exchange_id)
) STRICT;

CREATE TABLE negotiation_sessions (
	id INTEGER PRIMARY KEY,
	ref TEXT NOT NULL UNIQUE,
	negotiation_id INTEGER NOT NULL REFERENCES negotiations(id),
	number INTEGER NOT NULL,
	started TEXT NOT NULL,
	ended TEXT,
	place TEXT,
	ours TEXT,
	psychologist TEXT,
	theirs TEXT,
	counterparts TEXT,
	summary TEXT,
	outcome TEXT,
	objectives TEXT,
	walk_away TEXT,
	batna TEXT,
	their_batna TEXT,
	note TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL,
	updated TEXT,
	UNIQUE (negotiation_id, number)
) STRICT;

CREATE TABLE welfare_notes (
	id INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES negotiation_sessions(id),
	negotiator TEXT NOT NULL,
	note TEXT NOT NULL,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
CREATE INDEX welfare_notes_session ON welfare_notes(session_id);

-- a change of a position is a new row that replaces the old one, which keeps the time
-- it was replaced: the history is the chain
CREATE TABLE positions (
	id INTEGER PRIMARY KEY,
	negotiation_id INTEGER NOT NULL REFERENCES negotiations(id),
	session_id INTEGER REFERENCES negotiation_sessions(id),
	item_kind TEXT NOT NULL,
	item TEXT NOT NULL,
	stance TEXT NOT NULL,
	condition TEXT,
	priority INTEGER,
	concessions TEXT,
	note TEXT,
	replaces INTEGER REFERENCES positions(id),
	replaced TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
CREATE INDEX positions_negotiation ON positions(negotiation_id, replaced);

CREATE TABLE opening_lines (
	id INTEGER PRIMARY KEY,
	negotiation_id INTEGER NOT NULL REFERENCES negotiations(id),
	session_id INTEGER REFERENCES negotiation_sessions(id),
	ordinal INTEGER NOT NULL,
	text TEXT NOT NULL,
	dropped TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL,
	updated TEXT
) STRICT;
CREATE INDEX opening_lines_negotiation ON opening_lines(negotiation_id, session_id);

CREATE TABLE counterparts (
	id INTEGER PRIMARY KEY,
	ref TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	alias TEXT,
	organisation TEXT,
	role TEXT,
	note TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	created TEXT NOT NULL,
	updated TEXT
) STRICT;

CREATE TABLE statements (
	id INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES negotiation_sessions(id),
	said TEXT NOT NULL,
	side TEXT NOT NULL,
	speaker TEXT NOT NULL,
	counterpart_id INTEGER REFERENCES counterparts(id),
	kind TEXT NOT NULL,
	text TEXT NOT NULL,
	about TEXT,
	subject TEXT,
	fact TEXT,
	value TEXT,
	truthful TEXT,
	truth TEXT,
	contradicts INTEGER REFERENCES statements(id),
	resolved TEXT,
	resolved_by INTEGER REFERENCES accounts(id),
	resolution TEXT,
	due TEXT,
	promise TEXT,
	promise_closed TEXT,
	promise_note TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL,
	updated TEXT
) STRICT;
CREATE INDEX statements_session ON statements(session_id);
CREATE INDEX statements_fact ON statements(subject, fact);

CREATE TABLE profiles (
	id INTEGER PRIMARY KEY,
	counterpart_id INTEGER NOT NULL REFERENCES counterparts(id),
	assessed TEXT NOT NULL,
	money TEXT NOT NULL,
	money_grounds TEXT,
	money_confidence TEXT NOT NULL,
	ideology TEXT NOT NULL,
	ideology_grounds TEXT,
	ideology_confidence TEXT NOT NULL,
	compromise TEXT NOT NULL,
	compromise_grounds TEXT,
	compromise_confidence TEXT NOT NULL,
	ego TEXT NOT NULL,
	ego_grounds TEXT,
	ego_confidence TEXT NOT NULL,
	summary TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
CREATE INDEX profiles_counterpart ON profiles(counterpart_id, assessed);

CREATE TABLE pressure_incidents (
	id INTEGER PRIMARY KEY,
	occurred TEXT NOT NULL,
	kind TEXT NOT NULL,
	target TEXT,
	person_id INTEGER REFERENCES persons(id),
	relative_id INTEGER REFERENCES relatives(id),
	negotiation_id INTEGER REFERENCES negotiations(id),
	what TEXT NOT NULL,
	source TEXT,
	note TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
CREATE INDEX pressure_incidents_person ON pressure_incidents(person_id);
