-- 0005-trust.sql - failed passwords per account; signed checkpoints of the audit trail

-- The state of authentication: failed passwords in a row and, from the fifth, the time
-- before which no password of the account is tried. Not audited data (the attempts
-- themselves are in the trail, one record each).
CREATE TABLE account_logins (
	account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
	failed INTEGER NOT NULL DEFAULT 0,
	locked_until TEXT
) STRICT;

-- Checkpoints of the audit trail signed with an Ed25519 key kept off this file: the
-- record seq had the hash hash when the key's holder signed it at signed_at. Audited.
CREATE TABLE audit_checkpoints (
	id INTEGER PRIMARY KEY,
	seq INTEGER NOT NULL,
	hash TEXT NOT NULL,
	signed_at TEXT NOT NULL,
	pubkey TEXT NOT NULL,
	signature TEXT NOT NULL,
	author_id INTEGER NOT NULL REFERENCES accounts(id),
	recorded TEXT NOT NULL
) STRICT;
