#!/bin/sh
# t0100-person.sh - the registry: adding, showing, listing, editing persons; statuses,
# events, evidence, corrections; bad input writes nothing
. ./lib.sh
need sqlite3

test_expect_success 'setup' 'setup_office'

test_expect_success 'a registrar adds a captive and gets U-000001' '
	as reg person add --side captive --kind military --family-name Ковальов \
		--given-name Сергій --patronymic Іванович --birth-date 1985-03-02 \
		--sex m --rank "старший сержант" --unit "36 окрема бригада морської піхоти" \
		--citizenship ua --tags azovstal --capture-date 2022-05-17 \
		--capture-place "Маріуполь, Азовсталь" --health wounded \
		--medical-notes "осколкове поранення ноги" --status probable >out &&
	test "$(cat out)" = U-000001
'

test_expect_success 'FIELD=VALUE works as well as --field' '
	as reg person add side=detainee kind=military family_name=Иванов given_name=Пётр \
		consent=yes >out && test "$(cat out)" = R-000001
'

test_expect_success 'references are per side and keep counting' '
	as reg person add side=captive kind=civilian family_name=Мельник given_name=Ольга \
		sex=f birth_date=1979 tags="medic" >out && test "$(cat out)" = U-000002
'

test_expect_success 'person show prints fields and the status history' '
	as reg person show U-000001 >out &&
	expect_grep "family name *Ковальов" out &&
	expect_grep "citizenship *UA" out &&
	expect_grep "status history" out &&
	expect_grep "probably captive" out
'

test_expect_success 'person list --json has ref, side, names and status' '
	as reg person list --json >out &&
	expect_grep "\"ref\":\"U-000001\"" out &&
	expect_grep "\"side\":\"captive\"" out &&
	expect_grep "\"family_name\":\"Ковальов\"" out &&
	expect_grep "\"given_name\":\"Сергій\"" out &&
	expect_grep "\"patronymic\":\"Іванович\"" out &&
	expect_grep "\"status\":\"probable\"" out
'

# listed FILTER...: how many persons person list --json shows with the filters
listed() {
	as reg person list "$@" --json >listed.json && grep -c "\"ref\"" listed.json
}

test_expect_success 'person list filters by side, status, kind, health, unit, tag, text' '
	n=$(listed --side detainee) && test "$n" = 1 &&
	n=$(listed --status probable) && test "$n" = 1 &&
	n=$(listed --kind civilian) && test "$n" = 1 &&
	n=$(listed --health wounded) && test "$n" = 1 &&
	n=$(listed --unit "МОРСЬКОЇ піхоти") && test "$n" = 1 &&
	n=$(listed --tag medic) && test "$n" = 1 &&
	n=$(listed --text "ковальов сергій") && test "$n" = 1 &&
	n=$(listed --text "ПЁТР") && test "$n" = 1 &&
	n=$(listed --citizenship UA) && test "$n" = 1 &&
	n=$(listed) && test "$n" = 3
'

test_expect_code 2 'person list refuses an unknown status value' '
	as reg person list --status lost >out 2>err
' '
	expect_grep "^parley: status: .lost. is not one of missing," err && test ! -s out
'

test_expect_success 'lists leave out medical notes' '
	as reg person list --json >out && expect_no_grep "осколкове" out
'

test_expect_success 'the first status is the first entry of the history' '
	as reg person show U-000001 --json >out &&
	expect_grep "\"id\": 0" out && expect_grep "\"author\": \"reg\"" out
'

test_expect_success 'a status change that makes sense is recorded' '
	as reg person status U-000001 confirmed --date 2022-06-01 --source "МКЧХ" >out &&
	as reg person show U-000001 --json >out &&
	expect_grep "\"status\": \"confirmed\"" out &&
	expect_grep "\"status_date\": \"2022-06-01\"" out
'

test_expect_code 1 'a senseless transition is refused with the possible ones' '
	parley_state >before &&
	as reg person status U-000001 missing >out 2>err
' '
	expect_grep "possible: listed, returned, third_country, died" err && test ! -s out &&
	expect_unchanged before
'

test_expect_code 1 'a status of the other side is refused' '
	parley_state >before &&
	as reg person status U-000001 exchanged >out 2>err
' '
	expect_grep "status: .exchanged. is not a status of a captive" err && test ! -s out &&
	expect_unchanged before
'

test_expect_success 'a wrong entry is corrected by a new one with a reason; history shows both' '
	as reg person status U-000001 died --date 2023-01-10 --source "список" &&
	id=$(sqlite3 "$PARLEY_DB" "SELECT max(id) FROM statuses") &&
	as reg person status U-000001 confirmed --corrects $id --reason "смерть повідомлено помилково" &&
	as reg person show U-000001 --json >out &&
	expect_grep "\"status\": \"died\"" out &&
	expect_grep "помилково" out &&
	expect_grep "\"status\": \"confirmed\"" out
'

test_expect_success 'the first status (#0) can be corrected too' '
	as reg person add side=captive kind=civilian family_name=Перевірка status=probable >out &&
	ref=$(cat out) &&
	as reg person status $ref missing --corrects 0 --reason "відео виявилось іншою людиною" &&
	as reg person show $ref --json >out &&
	expect_grep "\"status\": \"missing\"" out && expect_grep "іншою людиною" out &&
	test "$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM statuses s JOIN persons p ON p.id = s.person_id WHERE p.ref = \"$ref\"")" = 2
'

test_expect_code 1 'a correction without a reason is refused' '
	parley_state >before &&
	as reg person status U-000001 probable --corrects 1 >out 2>err
' '
	expect_grep "status: a correction needs a reason" err && test ! -s out &&
	expect_unchanged before
'

test_expect_success 'setup: a status entry of R-000001' '
	as reg person status R-000001 listed >/dev/null &&
	sqlite3 "$PARLEY_DB" "SELECT max(id) FROM statuses WHERE person_id=(SELECT id FROM persons WHERE ref=\"R-000001\")" >other-id &&
	test -s other-id
'

test_expect_code 1 'a correction of another person'"'"'s entry is refused' '
	parley_state >before &&
	as reg person status U-000001 probable --corrects "$(cat other-id)" --reason x >out 2>err
' '
	expect_grep "$(cat other-id)" err && test ! -s out && expect_unchanged before
'

test_expect_success 'events are recorded with date, place and source' '
	as reg person event U-000001 transfer --date 2022-09 --place "СІЗО-2 Таганрог" \
		--source "свідчення" >out && expect_grep "event #1 recorded" out &&
	as reg person show U-000001 >out && expect_grep "Таганрог" out
'

test_expect_code 1 'an unknown event kind is refused naming the kinds' '
	parley_state >before &&
	as reg person event U-000001 holiday >out 2>err
' '
	expect_grep "kind: .holiday. is not one of capture, transfer, hospital_admission," err &&
	test ! -s out && expect_unchanged before
'

test_expect_success 'evidence with an Admiralty grade and a file stored once by hash' '
	printf "video bytes" >clip.mp4 &&
	as reg person evidence U-000001 video --source "телеграм-канал" --grade B2 \
		--date 2022-05-20 --file clip.mp4 >/dev/null &&
	as reg person evidence U-000002 video --source "інший канал" --grade c3 --file clip.mp4 >/dev/null &&
	test "$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM files")" = 1 &&
	test "$(sqlite3 "$PARLEY_DB" "SELECT reliability || credibility FROM evidence ORDER BY id LIMIT 1")" = B2 &&
	test "$(sqlite3 "$PARLEY_DB" "SELECT hash FROM files")" = \
		"$(sqlite3 "$PARLEY_DB" "SELECT file_hash FROM evidence WHERE id=2")"
'

test_expect_code 2 'a bad grade is a usage error' '
	parley_state >before &&
	as reg person evidence U-000001 photo --source x --grade Z9x >out 2>err
' '
	expect_grep "^parley: --grade: give the Admiralty grade" err && test ! -s out &&
	expect_unchanged before
'

test_expect_code 1 'a grade out of range is bad data' '
	parley_state >before &&
	as reg person evidence U-000001 photo --source x --grade G7 >out 2>err
' '
	expect_grep "reliability: .G. is not one of A, B, C, D, E, F" err && test ! -s out &&
	expect_unchanged before
'

test_expect_success 'a status may rest on evidence of the same person' '
	as reg person status U-000001 listed --evidence 1 --source "переговори"
'

test_expect_success 'an edit keeps the old value and the reason' '
	as reg person edit U-000001 rank=сержант --reason "уточнено за документом" &&
	as reg person show U-000001 >out &&
	expect_grep "old value *старший сержант" out &&
	expect_grep "new value *сержант" out &&
	expect_grep "уточнено за документом" out
'

test_expect_code 2 'side cannot be edited' '
	parley_state >before &&
	as reg person edit U-000001 side=detainee >out 2>err
' '
	expect_grep "side: cannot be changed once set" err && test ! -s out && expect_unchanged before
'

test_expect_code 2 'status is not edited but changed with person status' '
	parley_state >before &&
	as reg person edit U-000001 status=returned >out 2>err
' '
	expect_grep "status: changed by recording a status" err && test ! -s out &&
	expect_unchanged before
'

test_expect_code 1 'a required field cannot be emptied' '
	parley_state >before &&
	as reg person edit U-000001 family_name= >out 2>err
' '
	expect_grep "family_name: required" err && test ! -s out && expect_unchanged before
'

for bad in "birth_date=1985-02-30" "birth_date=85" "sex=male" "health=wounded_badly" \
	"citizenship=XX" "citizenship=ukr" "health=ok" "capture_approx=maybe" \
	"tags=bad tag!" "status=lost"; do
	test_expect_code 1 "bad value $bad is refused, named, and nothing is written" "
		parley_state >before &&
		as reg person add side=captive kind=military family_name=Тест '$bad' >out 2>err
	" "
		expect_grep '^parley: ${bad%%=*}: ' err && test ! -s out && expect_unchanged before
	"
done

test_expect_code 1 'an unknown kind is refused naming the kinds' '
	parley_state >before &&
	as reg person add side=captive kind=soldier family_name=Тест >out 2>err
' '
	expect_grep "kind: .soldier. is not one of military, civilian" err && test ! -s out &&
	expect_unchanged before
'

test_expect_code 1 'consent is for detainees only' '
	parley_state >before &&
	as reg person add side=captive kind=military family_name=Тест consent=yes >out 2>err
' '
	expect_grep "consent: only for detainees" err && test ! -s out && expect_unchanged before
'

test_expect_code 1 'a missing required field is named' '
	parley_state >before &&
	as reg person add side=captive family_name=Тест >out 2>err
' '
	expect_grep "kind: required" err && test ! -s out && expect_unchanged before
'

test_expect_code 2 'an unknown field is a usage error' '
	parley_state >before &&
	as reg person add side=captive kind=military family_name=Тест --shoe-size 44 >out 2>err
' '
	expect_grep "person add: unknown option --shoe-size" err && test ! -s out &&
	expect_unchanged before
'

test_expect_code 1 'invalid UTF-8 is refused' '
	parley_state >before &&
	as reg person add side=captive kind=military family_name="$(printf "\\377\\376")" >out 2>err
' '
	expect_grep "family_name: invalid UTF-8 at byte 1" err && test ! -s out &&
	expect_unchanged before
'

test_expect_code 1 'control characters in a name are refused' '
	parley_state >before &&
	as reg person add side=captive kind=military family_name="$(printf "a\\033b")" >out 2>err
' '
	expect_grep "family_name: holds a control character" err && test ! -s out &&
	expect_unchanged before
'

test_expect_code 1 'an over-long value is refused' '
	parley_state >before &&
	long=$(printf "%0300d" 0) &&
	as reg person add side=captive kind=military family_name="$long" >out 2>err
' '
	expect_grep "family_name: longer than 200 bytes" err && test ! -s out &&
	expect_unchanged before
'

test_expect_code 3 'an unknown reference is not found' '
	as reg person show U-999999 >out 2>err
' '
	expect_grep "no person U-999999" err && test ! -s out
'

test_expect_success 'names are stored in NFC' '
	as reg person add side=captive kind=civilian family_name="$(printf "Ковал\\320\\265\\314\\210в")" >/dev/null &&
	test "$(sqlite3 "$PARLEY_DB" "SELECT hex(family_name) FROM persons ORDER BY id DESC LIMIT 1")" = \
		"$(printf "Ковалёв" | od -An -tx1 | tr -d " \\n" | tr a-f A-F)"
'

test_expect_success 'the audit trail covers every write and verifies deep' '
	"$PARLEY" --db "$PARLEY_DB" audit verify --deep >out && expect_grep "intact" out
'

test_done
