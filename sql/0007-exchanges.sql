-- 0007-exchanges.sql - the exchanges desk: exchanges and their mediators, request and
-- agreed lists, stages and who crossed at each, the reception of returnees, the tellings
-- of families, incidents, policy rules. Every table but policy's levels is an entity of
-- src/lib/core/record.c, audited row by row.

CREATE TABLE exchanges (
	id INTEGER PRIMARY KEY,
	ref TEXT NOT NULL UNIQUE,
	title TEXT NOT NULL,
	status TEXT NOT NULL,
	status_reason TEXT,
	formula TEXT,
	negotiation TEXT,
	venue TEXT,
	planned_date TEXT,
	agreed_date TEXT,
	announced_ours INTEGER,
	announced_theirs INTEGER,
	note TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	created TEXT NOT NULL,
	updated TEXT
) STRICT;

CREATE TABLE exchange_mediators (
	id INTEGER PRIMARY KEY,
	exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	role TEXT NOT NULL,
	note TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
CREATE INDEX exchange_mediators_exchange ON exchange_mediators(exchange_id);

-- a person is taken off a list by a removal kept with its reason, never deleted
CREATE TABLE exchange_lists (
	id INTEGER PRIMARY KEY,
	exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
	list TEXT NOT NULL,
	side TEXT NOT NULL,
	person_id INTEGER NOT NULL REFERENCES persons(id),
	note TEXT,
	removed TEXT,
	removed_reason TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
CREATE INDEX exchange_lists_exchange ON exchange_lists(exchange_id, list, side);
CREATE INDEX exchange_lists_person ON exchange_lists(person_id);

CREATE TABLE exchange_stages (
	id INTEGER PRIMARY KEY,
	exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
	number INTEGER NOT NULL,
	date TEXT NOT NULL,
	place TEXT,
	mediator TEXT,
	remains_received INTEGER,
	remains_given INTEGER,
	note TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL,
	UNIQUE (exchange_id, number)
) STRICT;

CREATE TABLE exchange_handovers (
	id INTEGER PRIMARY KEY,
	stage_id INTEGER NOT NULL REFERENCES exchange_stages(id),
	side TEXT NOT NULL,
	person_id INTEGER NOT NULL REFERENCES persons(id),
	on_the_spot TEXT NOT NULL,
	note TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL,
	UNIQUE (stage_id, side, person_id)
) STRICT;
CREATE INDEX exchange_handovers_person ON exchange_handovers(person_id);

CREATE TABLE receptions (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL UNIQUE REFERENCES persons(id),
	handover_id INTEGER REFERENCES exchange_handovers(id),
	arrived TEXT NOT NULL,
	arrival_place TEXT,
	meal TEXT,
	triage_health TEXT,
	identity_confirmed TEXT,
	identity_how TEXT,
	family_notified TEXT,
	notified_by TEXT,
	debrief TEXT,
	rehabilitation TEXT,
	inform TEXT,
	not_inform TEXT,
	note TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL,
	updated TEXT
) STRICT;

CREATE TABLE notifications (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES persons(id),
	relative_id INTEGER REFERENCES relatives(id),
	reason TEXT NOT NULL,
	channel TEXT NOT NULL,
	via TEXT,
	date TEXT NOT NULL,
	officer TEXT,
	outcome TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
CREATE INDEX notifications_person ON notifications(person_id);

CREATE TABLE exchange_incidents (
	id INTEGER PRIMARY KEY,
	exchange_id INTEGER REFERENCES exchanges(id),
	kind TEXT NOT NULL,
	date TEXT NOT NULL,
	state TEXT,
	count INTEGER,
	persons TEXT,
	note TEXT,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;

-- the level of each policy rule (block, warn, off), when the head changed the default
CREATE TABLE policy_rules (
	id INTEGER PRIMARY KEY,
	rule TEXT NOT NULL UNIQUE,
	level TEXT NOT NULL,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
