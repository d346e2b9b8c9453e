-- 0009-plans.sql - the exchange planner: plans (the lists chosen for an exchange's
-- formula, with the inputs that chose them), every person each plan weighed, and the
-- office's weights (docs/planner.md). A plan is kept whole: it can be explained,
-- compared and adopted long after the registry has moved on.

CREATE TABLE plans (
	id INTEGER PRIMARY KEY,
	ref TEXT NOT NULL UNIQUE,
	exchange_id INTEGER NOT NULL REFERENCES exchanges(id),
	formula TEXT NOT NULL,
	on_date TEXT NOT NULL,
	weights TEXT NOT NULL,
	office_weights INTEGER NOT NULL,
	pins TEXT,
	drops TEXT,
	unit_caps TEXT,
	status TEXT NOT NULL,
	objective TEXT,
	gap TEXT,
	seconds TEXT,
	members_hash TEXT NOT NULL,
	solver TEXT NOT NULL,
	receive_count INTEGER NOT NULL,
	give_count INTEGER NOT NULL,
	note TEXT,
	adopted TEXT,
	adopted_by INTEGER REFERENCES accounts(id),
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	created TEXT NOT NULL
) STRICT;
CREATE INDEX plans_exchange ON plans(exchange_id);

-- one row a person weighed: a candidate (reason NULL) with the terms they count in
-- (yes: surely, unknown: perhaps; bit K is the formula's term K), or one left out and why.
-- Not audited row by row: the plan's members_hash, audited with it, is their digest,
-- checked whenever they are read.
CREATE TABLE plan_members (
	plan_id INTEGER NOT NULL REFERENCES plans(id),
	person_id INTEGER NOT NULL REFERENCES persons(id),
	side TEXT NOT NULL,
	score REAL NOT NULL,
	detail TEXT,
	yes INTEGER NOT NULL,
	unknown INTEGER NOT NULL,
	unit TEXT,
	named INTEGER NOT NULL,
	pinned INTEGER NOT NULL,
	chosen INTEGER NOT NULL,
	reason TEXT,
	PRIMARY KEY (plan_id, person_id)
) STRICT;

-- the office's weights, set by the head; a key not here has its documented default
CREATE TABLE plan_weights (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE,
	value TEXT NOT NULL,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
