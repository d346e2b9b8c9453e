#!/bin/sh
# t0400-audit.sh - the hash-chained audit trail finds edits, deletions, reordering,
# truncation against a kept head, and data rows changed behind parley's back
. ./lib.sh
need sqlite3

fresh() {
	rm -f "$PARLEY_DB" "$PARLEY_DB-wal" "$PARLEY_DB-shm" &&
	setup_office &&
	for n in 1 2 3; do
		as reg person add side=captive kind=military family_name="Прізвище$n" >/dev/null || return 1
	done &&
	as reg person status U-000001 probable >/dev/null
}

sq() { sqlite3 "$PARLEY_DB" "$1"; }

test_expect_success 'an untouched trail verifies, also deep' '
	fresh && "$PARLEY" audit verify >out && expect_grep "intact" out &&
	"$PARLEY" audit verify --deep >out && expect_grep "data rows match" out
'

test_expect_success 'audit verify needs no account; audit head needs auditor or admin' '
	as aud audit head >head && grep -Eq "^[0-9]+:[0-9a-f]{64}$" head &&
	as adm audit head >/dev/null &&
	test_must_fail_with 4 as reg audit head
'

test_expect_code 5 'an edited record is found and named' '
	fresh && sq "UPDATE audit SET account = '"'"'someone'"'"' WHERE seq = 5" &&
	"$PARLEY" audit verify >out 2>err
' '
	expect_grep "record 5 was altered" err && test ! -s out
'

test_expect_success 'a record with only its os_user changed is found and named' '
	fresh && seq=$(sq "SELECT max(seq) FROM audit WHERE action = '"'"'person.status'"'"'") &&
	sq "UPDATE audit SET os_user = '"'"'someone-else'"'"' WHERE seq = $seq" &&
	test_must_fail_with 5 "$PARLEY" audit verify 2>err && expect_grep "record $seq was altered" err
'

test_expect_success 'each other value of a record, changed alone, is found' '
	for set in "ts = '"'"'2001-01-01T00:00:00Z'"'"'" "account = '"'"'aud'"'"'" \
		"action = '"'"'person.edit'"'"'" "tbl = '"'"'events'"'"'" "oid = oid + 1" \
		"ref = '"'"'U-000002'"'"'" "fields = '"'"'status'"'"'" "fields = NULL" \
		"row_hash = zeroblob(32)" "row_hash = NULL"; do
		fresh && seq=$(sq "SELECT max(seq) FROM audit WHERE action = '"'"'person.status'"'"'") &&
		sq "UPDATE audit SET $set WHERE seq = $seq" &&
		test_must_fail_with 5 "$PARLEY" audit verify 2>err ||
			{ echo "only $set: not found"; exit 1; }
	done
'

test_expect_success 'a missing value made empty is found (the ref of a refusal)' '
	fresh && test_must_fail_with 4 as reg account list 2>/dev/null &&
	seq=$(sq "SELECT max(seq) FROM audit WHERE action LIKE '"'"'denied:%'"'"'") && test -n "$seq" &&
	sq "UPDATE audit SET ref = '"'"''"'"' WHERE seq = $seq" &&
	test_must_fail_with 5 "$PARLEY" audit verify 2>err && expect_grep "record $seq was altered" err
'

test_expect_success 'a kept head of record 0 has the zero hash; a kept head has the whole hash' '
	fresh && zero=$(printf "%064d" 0) && "$PARLEY" audit verify --head "0:$zero" >/dev/null &&
	test_must_fail_with 5 "$PARLEY" audit verify --head "0:$(printf "%064d" 1)" 2>err &&
	test_must_fail_with 2 "$PARLEY" audit verify --head "3:abcd" 2>err
'

test_expect_code 5 'a deleted record is found and named' '
	fresh && sq "DELETE FROM audit WHERE seq = 7" &&
	"$PARLEY" audit verify >out 2>err
' '
	expect_grep "record 7 is missing" err && test ! -s out
'

test_expect_code 5 'reordered records are found' '
	fresh &&
	sq "UPDATE audit SET seq = -1 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = 5;
	    UPDATE audit SET seq = 5 WHERE seq = -1" &&
	"$PARLEY" audit verify >out 2>err
' '
	expect_grep "record 4" err && test ! -s out
'

test_expect_code 5 'records swapped in content are found' '
	fresh &&
	sq "CREATE TEMP TABLE a AS SELECT * FROM audit WHERE seq IN (8, 9);
	    UPDATE audit SET ts = (SELECT ts FROM a WHERE seq = 9), action = (SELECT action FROM a WHERE seq = 9),
	      oid = (SELECT oid FROM a WHERE seq = 9), row_hash = (SELECT row_hash FROM a WHERE seq = 9),
	      hash = (SELECT hash FROM a WHERE seq = 9),
	      tbl = (SELECT tbl FROM a WHERE seq = 9), fields = (SELECT fields FROM a WHERE seq = 9)
	    WHERE seq = 8" &&
	"$PARLEY" audit verify >out 2>err
' '
	expect_grep "audit record 8 was altered, or does not follow record 7" err && test ! -s out
'

test_expect_code 5 'truncation is found against a kept head' '
	fresh && head=$(as aud audit head) &&
	max=$(sq "SELECT max(seq) FROM audit") &&
	sq "DELETE FROM audit WHERE seq > $((max - 3))" &&
	"$PARLEY" audit verify >/dev/null &&
	"$PARLEY" audit verify --head "$head" >out 2>err
' '
	expect_grep "truncated" err && test ! -s out
'

test_expect_code 5 'a rewritten tail is found against a kept head' '
	fresh && head=$(as aud audit head) && seq=${head%%:*} &&
	sq "UPDATE audit SET hash = zeroblob(32) WHERE seq = $seq" &&
	echo "$seq" >seq &&
	"$PARLEY" audit verify --head "$head" >out 2>err
' '
	expect_grep "audit record $(cat seq) was altered" err && test ! -s out
'

test_expect_code 2 'a malformed kept head is a usage error' '
	"$PARLEY" audit verify --head nonsense >out 2>err
' '
	expect_grep ".nonsense. is not an audit head" err && test ! -s out
'

test_expect_success 'a kept head still on the chain passes after more writes' '
	fresh && head=$(as aud audit head) &&
	as reg person add side=captive kind=civilian family_name=Ще >/dev/null &&
	"$PARLEY" audit verify --head "$head" >/dev/null
'

test_expect_code 5 'deep: a person row changed behind parley'"'"'s back is named' '
	fresh && sq "UPDATE persons SET family_name = '"'"'Підмінений'"'"' WHERE ref = '"'"'U-000002'"'"'" &&
	"$PARLEY" audit verify >/dev/null &&
	"$PARLEY" audit verify --deep >out 2>err
' '
	expect_grep "persons row 2 was changed" err && test ! -s out
'

test_expect_code 5 'deep: a row deleted behind parley'"'"'s back is named' '
	fresh && sq "PRAGMA foreign_keys=OFF; DELETE FROM statuses WHERE id = 2" &&
	"$PARLEY" audit verify --deep >out 2>err
' '
	expect_grep "statuses row 2 was deleted" err && test ! -s out
'

test_expect_code 5 'deep: a row added behind parley'"'"'s back is named' '
	fresh && sq "INSERT INTO events(person_id, kind, author_id, recorded) VALUES(1, '"'"'escape'"'"', 1, '"'"'x'"'"')" &&
	"$PARLEY" audit verify --deep >out 2>err
' '
	expect_grep "events row 1 was added" err && test ! -s out
'

test_expect_code 5 'deep: a changed account (a role given behind the back) is found' '
	fresh && sq "UPDATE accounts SET roles = 255 WHERE login = '"'"'ana'"'"'" &&
	"$PARLEY" audit verify --deep >out 2>err
' '
	expect_grep "accounts row 6 was changed behind parley.s back" err && test ! -s out
'

test_expect_success 'audit verify --json says ok and the head' '
	fresh && "$PARLEY" audit verify --json >out && expect_grep "\"ok\":true" out
'

test_expect_success 'audit log shows who did what, for the auditor only' '
	as aud audit log --limit 0 >out &&
	expect_grep "person.add" out && expect_grep "account.add" out &&
	as aud audit log --action person.status --json >out && expect_grep "\"action\":\"person.status\"" out &&
	test_must_fail_with 4 as head audit log
'

test_expect_success 'records carry the OS user and UTC time' '
	sq "SELECT os_user, ts FROM audit WHERE seq = 2" >rec &&
	grep -Eq "^$(id -un)\\|20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$" rec
'

test_expect_success 'no secret value reaches the trail (password hashes, medical notes)' '
	fresh && as reg person edit U-000001 medical_notes="секретна примітка" &&
	sq "SELECT * FROM audit" >dump && expect_no_grep "секретна" dump && expect_no_grep "argon2" dump
'

test_done
