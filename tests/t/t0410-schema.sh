#!/bin/sh
# t0410-schema.sh - a data file whose schema holds anything parley did not make is refused
# (exit 5, naming the object), live or restored from a backup: whoever can write the file
# must not be able to plant code that runs on the next write of an honest user
. ./lib.sh
need sqlite3

setup_office
as reg person add --side captive --kind military --family-name Ковальов \
	--medical-notes "поранення руки" >/dev/null
as adm backup clean.bak >/dev/null
cp "$PARLEY_DB" clean.db

# plant NAME SQL: a copy of the clean file with SQL run on it behind parley's back
plant() {
	cp clean.db "$1.db" && sqlite3 "$1.db" "$2"
}

# the planted objects, each with what the refusal must name
cat >planted <<'EOT'
trigger|CREATE TRIGGER leak AFTER UPDATE ON persons BEGIN UPDATE persons SET note = NEW.medical_notes WHERE id = NEW.id; END;|trigger leak on persons
trigger-insert|CREATE TRIGGER t2 AFTER INSERT ON audit BEGIN SELECT 1; END;|trigger t2 on audit
view|CREATE VIEW notes AS SELECT ref, medical_notes FROM persons;|view notes
index|CREATE INDEX spy ON persons(medical_notes);|index spy on persons
table|CREATE TABLE stash(x TEXT);|table stash
column|ALTER TABLE persons ADD COLUMN copy TEXT;|table persons
default|PRAGMA writable_schema=ON; UPDATE sqlite_schema SET sql = replace(sql, 'disabled INTEGER NOT NULL DEFAULT 0', 'disabled INTEGER NOT NULL DEFAULT 1') WHERE name = 'accounts';|table accounts
dropped-index|DROP INDEX statuses_person;|index statuses_person
EOT

test_expect_success 'the clean file opens, and the table of plants is complete' '
	as reg person list >/dev/null &&
	test "$(wc -l <planted)" -ge 8 &&
	sqlite3 clean.db "SELECT name FROM sqlite_schema WHERE type = '"'"'index'"'"' AND name = '"'"'statuses_person'"'"'" | grep -q statuses_person
'

test_expect_success 'every planted object is refused by name, by every command, with exit 5' '
	while IFS="|" read -r name sql want; do
		plant "$name" "$sql" || { echo "could not plant $name"; exit 1; }
		for cmd in "person show U-000001" "person list" "stats" "audit head"; do
			who=reg
			case $cmd in audit*) who=aud ;; esac
			"$PARLEY" --db "$name.db" --as $who $cmd >out 2>err
			rc=$?
			[ $rc = 5 ] || { echo "$name: $cmd exited $rc"; cat err; exit 1; }
			grep -qF "$want" err || { echo "$name: $cmd did not name $want"; cat err; exit 1; }
		done
		"$PARLEY" --db "$name.db" audit verify --deep >out 2>err
		[ $? = 5 ] && grep -qF "$want" err || { echo "$name: audit verify --deep passed"; exit 1; }
	done <planted
'

test_expect_success 'the planted trigger never ran: nothing was written by it' '
	test "$(sqlite3 trigger.db "SELECT count(*) FROM persons WHERE note IS NOT NULL")" = 0
'

test_expect_success 'a backup with a planted trigger is not restored, by name' '
	cp clean.bak planted.bak &&
	sqlite3 planted.bak "CREATE TRIGGER leak AFTER UPDATE ON persons BEGIN SELECT 1; END;" &&
	test_must_fail_with 5 "$PARLEY" --db restored.db --as adm restore planted.bak 2>err &&
	expect_grep "trigger leak on persons" err &&
	test ! -e restored.db &&
	"$PARLEY" --db restored2.db --as adm restore clean.bak >/dev/null
'

test_expect_success 'the error says what to do' '
	test_must_fail_with 5 "$PARLEY" --db view.db --as reg person list 2>err &&
	expect_grep "parley did not make: view notes" err
'

test_done
