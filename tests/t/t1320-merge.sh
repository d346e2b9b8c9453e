#!/bin/sh
# t1320-merge.sh - parley person merge: the duplicate's whole history under the person kept,
# its names found there, the duplicate kept but hidden and refusing writes; bad input writes
# nothing
. ./lib.sh
need sqlite3

sq() { sqlite3 "$PARLEY_DB" "$1"; }

# every table a merge may write, and the audit trail
counts() {
	sq "SELECT (SELECT count(*) FROM persons) || ' ' || (SELECT count(*) FROM statuses) || ' ' ||
		(SELECT count(*) FROM events) || ' ' || (SELECT count(*) FROM evidence) || ' ' ||
		(SELECT count(*) FROM relatives) || ' ' || (SELECT count(*) FROM inquiries) || ' ' ||
		(SELECT count(*) FROM person_changes) || ' ' || (SELECT count(*) FROM person_merges) || ' ' ||
		(SELECT group_concat(person_id) FROM (SELECT person_id FROM events ORDER BY id)) || ' ' ||
		(SELECT count(*) FROM audit)"
}

test_expect_success 'setup: two records of one captive, each with a history' '
	setup_office &&
	as reg person add side=captive kind=military family_name=Ковальов given_name=Сергій \
		patronymic=Іванович birth_date=1985-03-02 >/dev/null &&
	as reg person add side=captive kind=military family_name=Ковалёв given_name=Сергей \
		patronymic=Иванович other_names="Kovalev Sergei" status=probable >/dev/null &&
	as reg person add side=captive kind=civilian family_name=Мельник given_name=Ольга >/dev/null &&
	as reg person add side=detainee kind=military family_name=Иванов given_name=Пётр >/dev/null &&
	as reg person status U-000001 probable --source "відео" >/dev/null &&
	as reg person event U-000001 capture --date 2022-05-17 >/dev/null &&
	as reg person event U-000002 transfer --date 2022-09 --place "СІЗО-2 Таганрог" >/dev/null &&
	as reg person status U-000002 confirmed --source "МКЧХ" >/dev/null &&
	as reg person evidence U-000002 icrc_notification --source "МКЧХ" --grade B2 >/dev/null &&
	as reg person edit U-000002 rank=сержант --reason "за документом" >/dev/null &&
	as lia relative add U-000002 --name "Марія Ковальова" --relation wife \
		--contacts "+380 67 123 45 67" >/dev/null &&
	as lia inquiry add U-000002 --relative-id 1 --channel hotline --question "Чи є новини?" >/dev/null &&
	as reg search Ковалёв Сергей --json >out && expect_grep "U-000002" out
'

test_expect_code 2 'a merge needs a reason' '
	before=$(counts); as reg person merge U-000001 U-000002 2>err; rc=$?;
	grep -q "reason" err || exit 9; test "$(counts)" = "$before" || exit 8; exit $rc
'

test_expect_code 2 'an empty reason is no reason' '
	before=$(counts); as reg person merge U-000001 U-000002 --reason "  "; rc=$?;
	test "$(counts)" = "$before" || exit 8; exit $rc
'

test_expect_code 1 'a reason with control characters is refused' '
	before=$(counts); as reg person merge U-000001 U-000002 --reason "$(printf "a\\033b")"; rc=$?;
	test "$(counts)" = "$before" || exit 8; exit $rc
'

test_expect_code 2 'a person is not merged into itself' '
	before=$(counts); as reg person merge U-000001 U-000001 --reason x 2>err; rc=$?;
	grep -q "into itself" err || exit 9; test "$(counts)" = "$before" || exit 8; exit $rc
'

test_expect_code 1 'a captive is not merged with a detainee' '
	before=$(counts); as reg person merge U-000001 R-000001 --reason x 2>err; rc=$?;
	grep -q "one side" err || exit 9; test "$(counts)" = "$before" || exit 8; exit $rc
'

test_expect_code 3 'an unknown person is not found' '
	before=$(counts); as reg person merge U-000001 U-000099 --reason x 2>err; rc=$?;
	grep -q "no person U-000099" err || exit 9; test "$(counts)" = "$before" || exit 8; exit $rc
'

test_expect_code 2 'a reference that is no reference is a usage error' '
	before=$(counts); as reg person merge U-000001 "U-1;DROP" --reason x 2>err; rc=$?;
	grep -q "not a person reference" err || exit 9; test "$(counts)" = "$before" || exit 8; exit $rc
'

test_expect_code 2 'three references are one too many' '
	as reg person merge U-000001 U-000002 U-000003 --reason x
'

test_expect_code 4 'a liaison may not merge; the refusal alone is recorded' '
	before=$(audit_count); as lia person merge U-000001 U-000002 --reason x 2>err; rc=$?;
	grep -q "permission denied" err || exit 9;
	test "$(audit_count)" = $((before + 1)) || exit 8;
	test "$(sq "SELECT action FROM audit ORDER BY seq DESC LIMIT 1")" = denied:person.merge || exit 7;
	exit $rc
'

test_expect_success 'the merge keeps both histories under the person kept' '
	as reg person merge U-000001 U-000002 --reason "одна особа: фото і дата народження" >out &&
	expect_grep "U-000002 merged into U-000001" out &&
	as reg person show U-000001 --json >show &&
	expect_grep "\"merged_from\": \"U-000002\"" show &&
	expect_grep "Таганрог" show && expect_grep "2022-05-17" show &&
	expect_grep "\"status\": \"confirmed\"" show && expect_grep "МКЧХ" show &&
	expect_grep "icrc_notification" show &&
	test "$(sq "SELECT count(*) FROM events WHERE person_id = 1")" = 2 &&
	test "$(sq "SELECT count(*) FROM evidence WHERE person_id = 1")" = 1 &&
	test "$(sq "SELECT count(*) FROM relatives WHERE person_id = 1")" = 1 &&
	test "$(sq "SELECT count(*) FROM inquiries WHERE person_id = 1")" = 1
'

test_expect_success 'both first statuses are kept in the history; the kept status is unchanged' '
	test "$(sq "SELECT group_concat(status, \",\") FROM (SELECT status FROM statuses WHERE person_id = 1 ORDER BY id)")" = \
		"missing,probable,probable,confirmed" &&
	test "$(sq "SELECT status FROM persons WHERE ref = \"U-000001\"")" = probable
'

test_expect_success 'relatives and inquiries of the duplicate are the kept person'"'"'s now' '
	as lia relative list U-000001 >out && expect_grep "Марія Ковальова" out &&
	as lia inquiry list U-000001 >out && expect_grep "Чи є новини" out
'

test_expect_success 'the duplicate'"'"'s names are other names of the person kept' '
	test "$(sq "SELECT other_names FROM persons WHERE ref = \"U-000001\"")" = \
		"Ковалёв Сергей Иванович; Kovalev Sergei" &&
	as reg person show U-000001 >out && expect_grep "merge of U-000002" out
'

test_expect_success 'listings find the kept person by either name, never the duplicate' '
	as reg person list --text Ковалёв --json >out &&
	expect_grep "\"ref\":\"U-000001\"" out && expect_no_grep "U-000002" out &&
	as reg person list --text Kovalev --json >out && expect_grep "\"ref\":\"U-000001\"" out &&
	as reg person list >out && expect_no_grep "U-000002" out
'

test_expect_success 'search finds the kept person by the duplicate'"'"'s spelling' '
	as reg search Kovalev Sergei --json >out && expect_grep "U-000001" out
'

test_expect_success 'search no longer shows the duplicate' '
	as reg search Ковалёв Сергей --json >out && expect_grep "U-000001" out &&
	expect_no_grep "U-000002" out
'

test_expect_success 'nor does it after the name index is rebuilt' '
	as reg search --reindex >/dev/null &&
	as reg search Ковалёв Сергей --json >out && expect_grep "U-000001" out &&
	expect_no_grep "U-000002" out
'

test_expect_success 'export leaves the duplicate out' '
	as reg export all.csv >/dev/null && expect_grep "U-000001" all.csv &&
	expect_no_grep "U-000002" all.csv
'

test_expect_success 'statistics count the person once' '
	captives=$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM persons WHERE side = '"'"'captive'"'"'") &&
	as reg stats --json | tr -d " \n" | grep -o "\"side\":{[^}]*}" >side &&
	grep -q "\"captive\":$((captives - 1))[,}]" side
'

test_expect_success 'person show DUP says where it went' '
	as reg person show U-000002 >out &&
	expect_grep "U-000002 was merged into U-000001" out &&
	expect_grep "reason for the merge *одна особа" out &&
	as reg person show U-000002 --json >out && expect_grep "\"merged_into\": \"U-000001\"" out
'

for w in "person edit U-000002 rank=капітан --reason x" \
	"person status U-000002 returned" \
	"person event U-000002 release" \
	"person evidence U-000002 photo --source x --grade B2"; do
	test_expect_code 1 "writes to the duplicate are refused: ${w%% U-*}" "
		before=\$(counts); as reg $w 2>err; rc=\$?;
		grep -q 'merged into U-000001' err || exit 9;
		test \"\$(counts)\" = \"\$before\" || exit 8; exit \$rc
	"
done

test_expect_code 1 'a liaison'"'"'s writes to the duplicate are refused as well' '
	before=$(counts); as lia relative add U-000002 --name Син --relation son 2>err; rc=$?;
	grep -q "record it under U-000001" err || exit 9; test "$(counts)" = "$before" || exit 8; exit $rc
'

test_expect_code 1 'a merged person is not merged again' '
	before=$(counts); as reg person merge U-000003 U-000002 --reason x 2>err; rc=$?;
	grep -q "already" err || exit 9; test "$(counts)" = "$before" || exit 8; exit $rc
'

test_expect_code 1 'nothing is merged into a merged person' '
	before=$(counts); as head person merge U-000002 U-000003 --reason x 2>err; rc=$?;
	grep -q "U-000001" err || exit 9; test "$(counts)" = "$before" || exit 8; exit $rc
'

test_expect_success 'the merge is audited row by row and verifies deep' '
	test "$(sq "SELECT count(*) FROM audit WHERE action = \"person.merge\" AND tbl = \"events\"")" = 1 &&
	test "$(sq "SELECT count(*) FROM audit WHERE action = \"person.merge\" AND tbl = \"person_merges\"")" = 1 &&
	"$PARLEY" audit verify --deep >out && expect_grep "intact" out
'

test_expect_success 'the head may merge too; a chain names the person finally kept' '
	as reg person add side=captive kind=civilian family_name=Мельник given_name=Ольга \
		birth_date=1979 >/dev/null &&
	as head person merge U-000003 U-000004 --reason "дубль" >/dev/null &&
	as head person merge U-000001 U-000003 --reason "помилка реєстрації" >/dev/null &&
	as reg person event U-000004 transfer 2>err; test $? = 1 &&
	expect_grep "record it under U-000001" err &&
	"$PARLEY" audit verify --deep >/dev/null
'

test_expect_code 5 'a merge changed behind parley'"'"'s back is found' '
	sq "UPDATE person_merges SET reason = '"'"'підмінено'"'"' WHERE id = 1" &&
	"$PARLEY" audit verify --deep 2>err; rc=$?;
	grep -q "person_merges row 1 was changed" err || exit 9; exit $rc
'

test_done
