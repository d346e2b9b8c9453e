#!/bin/sh
# t1320-merge.sh - parley person merge: the duplicate's whole history under the person kept,
# its names found there, the duplicate kept but hidden and refusing writes; bad input writes
# nothing
. ./lib.sh
need sqlite3

sq() { sqlite3 "$PARLEY_DB" "$1"; }

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
	parley_state >before &&
	as reg person merge U-000001 U-000002 >out 2>err
' '
	expect_grep "reason" err && test ! -s out && expect_unchanged before
'

test_expect_code 2 'an empty reason is no reason' '
	parley_state >before &&
	as reg person merge U-000001 U-000002 --reason "  " >out 2>err
' '
	expect_grep "a merge needs a reason" err && test ! -s out && expect_unchanged before
'

test_expect_code 1 'a reason with control characters is refused' '
	parley_state >before &&
	as reg person merge U-000001 U-000002 --reason "$(printf "a\\033b")" >out 2>err
' '
	expect_grep "reason: holds a control character" err && test ! -s out &&
	expect_unchanged before
'

test_expect_code 2 'a person is not merged into itself' '
	parley_state >before &&
	as reg person merge U-000001 U-000001 --reason x >out 2>err
' '
	expect_grep "into itself" err && test ! -s out && expect_unchanged before
'

test_expect_code 1 'a captive is not merged with a detainee' '
	parley_state >before &&
	as reg person merge U-000001 R-000001 --reason x >out 2>err
' '
	expect_grep "one side" err && test ! -s out && expect_unchanged before
'

test_expect_code 3 'an unknown person is not found' '
	parley_state >before &&
	as reg person merge U-000001 U-000099 --reason x >out 2>err
' '
	expect_grep "no person U-000099" err && test ! -s out && expect_unchanged before
'

test_expect_code 2 'a reference that is no reference is a usage error' '
	parley_state >before &&
	as reg person merge U-000001 "U-1;DROP" --reason x >out 2>err
' '
	expect_grep "not a person reference" err && test ! -s out && expect_unchanged before
'

test_expect_code 2 'three references are one too many' '
	parley_state >before &&
	as reg person merge U-000001 U-000002 U-000003 --reason x >out 2>err
' '
	expect_grep "person merge: unexpected argument .U-000003." err && test ! -s out &&
	expect_unchanged before
'

test_expect_code 4 'a liaison may not merge; the refusal alone is recorded' '
	parley_state >before &&
	as lia person merge U-000001 U-000002 --reason x >out 2>err
' '
	expect_grep "permission denied: lia (liaison) may not person.merge" err && test ! -s out &&
	expect_denied_only before lia person.merge
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
	test "$captives" -ge 3 &&
	as reg stats --json >stats.json &&
	tr -d " \n" <stats.json | grep -o "\"side\":{[^}]*}" >side &&
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
		parley_state >before &&
		as reg $w >out 2>err
	" '
		expect_grep "merged into U-000001" err && test ! -s out && expect_unchanged before
	'
done

test_expect_code 1 'a liaison'"'"'s writes to the duplicate are refused as well' '
	parley_state >before &&
	as lia relative add U-000002 --name Син --relation son >out 2>err
' '
	expect_grep "record it under U-000001" err && test ! -s out && expect_unchanged before
'

test_expect_code 1 'a merged person is not merged again' '
	parley_state >before &&
	as reg person merge U-000003 U-000002 --reason x >out 2>err
' '
	expect_grep "already" err && test ! -s out && expect_unchanged before
'

test_expect_code 1 'nothing is merged into a merged person' '
	parley_state >before &&
	as head person merge U-000002 U-000003 --reason x >out 2>err
' '
	expect_grep "U-000001" err && test ! -s out && expect_unchanged before
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
	test_must_fail_with 1 as reg person event U-000004 transfer 2>err &&
	expect_grep "record it under U-000001" err &&
	"$PARLEY" audit verify --deep >/dev/null
'

test_expect_code 5 'a merge changed behind parley'"'"'s back is found' '
	sq "UPDATE person_merges SET reason = '"'"'підмінено'"'"' WHERE id = 1" &&
	"$PARLEY" audit verify --deep >out 2>err
' '
	expect_grep "person_merges row 1 was changed" err && test ! -s out
'

test_done
