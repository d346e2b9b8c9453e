#!/bin/sh
# t0500-import.sh - parley import: CSV and JSON Lines, all or nothing, every bad cell named
# as FILE:LINE:COLUMN with the physical line; re-import updates; permissions; audit
. ./lib.sh

test_expect_success 'setup' 'setup_office'

# import_fails ARGS: an import that must fail with exit 1, print nothing on standard
# output and leave the file as it was (read through parley: nothing written)
import_fails() {
	parley_state >before.state &&
	test_must_fail_with 1 as reg import "$@" >out 2>err &&
	test ! -s out &&
	expect_unchanged before.state
}

# persons: how many persons person list shows
persons() {
	as reg person list --json >persons.json && grep -c "\"ref\"" persons.json
}

test_expect_success 'a CSV with a BOM, CRLF, quotes and a quoted newline imports' '
	printf "\357\273\277side,kind,family_name,given_name,patronymic,birth_date,unit,note,status,source,external_id\r\n" >ok.csv &&
	printf "captive,military,Ковальов,Сергій,Іванович,1985-03-02,\"36 бригада, морська піхота\",\"бачили в Оленівці\r\nу березні\",confirmed,icrc,A-1\r\n" >>ok.csv &&
	printf "captive,civilian,Мельник,Ольга,,1979,,,,icrc,A-2\r\n" >>ok.csv &&
	printf "detainee,military,Иванов,Пётр,Сергеевич,02.03.1990,,,held,icrc,A-3\r\n" >>ok.csv &&
	as reg import ok.csv >out &&
	test "$(cat out)" = "imported 3 rows: 3 added, 0 updated"
'

test_expect_success 'person list --json shows the imported rows' '
	as reg person list --json >out &&
	expect_grep "\"ref\":\"U-000001\"" out &&
	expect_grep "\"family_name\":\"Ковальов\"" out &&
	expect_grep "\"unit\":\"36 бригада, морська піхота\"" out &&
	expect_grep "\"note\":\"бачили в Оленівці\\\\r\\\\nу березні\"" out &&
	expect_grep "\"status\":\"confirmed\"" out &&
	expect_grep "\"birth_date\":\"1990-03-02\"" out &&
	expect_grep "\"external_id\":\"A-3\"" out &&
	test "$(grep -c "\"ref\"" out)" = 3
'

test_expect_success 'the import is audited: one record for the file, one per row written' '
	as aud audit log --action import --limit 0 >log &&
	expect_grep "rows=3,added=3,updated=0,file=ok.csv" log &&
	as aud --json audit log --action import --limit 0 >log.json &&
	test "$(grep -c "\"table\":\"persons\"" log.json)" = 3 &&
	as adm audit verify --deep >out && expect_grep "audit trail intact" out
'

test_expect_success 'a re-import updates by source and external_id, never duplicates' '
	before=$(persons) && test "$before" = 3 &&
	sed "s/36 бригада, морська піхота/72 бригада/; s/,confirmed,/,returned,/" ok.csv >re.csv &&
	as reg import re.csv >out &&
	test "$(cat out)" = "imported 3 rows: 0 added, 3 updated" &&
	after=$(persons) && test "$after" = "$before" &&
	as reg person show U-000001 >show &&
	expect_grep "unit *72 бригада" show &&
	expect_grep "import of re.csv" show
'

test_expect_success 'a re-import leaves the status alone' '
	as reg person show U-000001 --json >show.json &&
	expect_grep "\"status\": \"confirmed\"" show.json
'

test_expect_success 'the same file again changes nothing and still matches: only the import is recorded' '
	parley_state >before &&
	as reg import re.csv >out &&
	test "$(cat out)" = "imported 3 rows: 0 added, 3 updated" &&
	expect_written before 1 0 &&
	as aud audit log --limit 1 >log &&
	expect_grep "reg .* import .*rows=3,added=0,updated=3,file=re.csv" log
'

test_expect_success '--source gives rows without one their source, and matches on it' '
	printf "side,kind,family_name,external_id\ncaptive,military,Бойко,77\n" >src.csv &&
	as reg import --source hotline src.csv >out &&
	expect_grep "1 added" out &&
	as reg import --source hotline src.csv >out &&
	expect_grep "0 added, 1 updated" out &&
	as reg person list --text Бойко --json >list.json &&
	expect_grep "\"source\":\"hotline\",\"external_id\":\"77\"" list.json
'

test_expect_success 'a bad cell is named FILE:LINE:COLUMN, and nothing is written' '
	printf "side,kind,family_name,birth_date\ncaptive,military,Шевчук,1990\ncaptive,military,Бондар,1990-13-01\n" >bad.csv &&
	import_fails bad.csv &&
	expect_grep "^bad.csv:3:birth_date: .1990-13-01. is not a date" err &&
	expect_grep "nothing was imported" err
'

test_expect_success 'a re-import that would change a side is refused on its line' '
	printf "side,kind,family_name,source,external_id\ncaptive,military,Иванов,icrc,A-3\n" >side.csv &&
	import_fails side.csv &&
	expect_grep "^side.csv:2:side: R-000001 (external_id A-3) is a detainee" err
'

test_expect_success 'every bad row is reported, not only the first' '
	printf "side,kind,family_name,sex,citizenship\ncaptive,military,,m,UA\nwho,military,X,m,UA\ncaptive,military,Y,x,UA\ncaptive,military,Z,m,ZZ\n" >many.csv &&
	import_fails many.csv &&
	expect_grep "^many.csv:2:family_name: required" err &&
	expect_grep "^many.csv:3:side: .who. is not one of captive, detainee" err &&
	expect_grep "^many.csv:4:sex: .x. is not one of m, f, unknown" err &&
	expect_grep "^many.csv:5:citizenship: .ZZ. is not an ISO 3166" err &&
	expect_grep "4 errors" err
'

test_expect_success 'an unknown column is named on line 1 before any row' '
	printf "side,kind,family_name,hair_colour\ncaptive,military,X,brown\n" >unk.csv &&
	import_fails unk.csv &&
	expect_grep "^unk.csv:1:hair_colour: unknown column" err
'

test_expect_success 'a missing required column is named on line 1' '
	printf "side,given_name\ncaptive,X\n" >req.csv &&
	import_fails req.csv &&
	expect_grep "^req.csv:1:kind: required column missing" err &&
	expect_grep "^req.csv:1:family_name: required column missing" err
'

test_expect_success 'a column given twice is named' '
	printf "side,kind,family_name,Family_Name\ncaptive,military,X,Y\n" >dup.csv &&
	import_fails dup.csv &&
	expect_grep "^dup.csv:1:family_name: column given twice (also column 3)" err
'

test_expect_success 'a column parley sets is refused' '
	printf "side,kind,family_name,created\ncaptive,military,X,2020\n" >sys.csv &&
	import_fails sys.csv &&
	expect_grep "^sys.csv:1:created: this column is set by parley" err
'

test_expect_success 'invalid UTF-8 is named with its cell and byte' '
	printf "side,kind,family_name,given_name\ncaptive,military,X,Ok\ncaptive,military,Y,Ab\377c\n" >utf.csv &&
	import_fails utf.csv &&
	expect_grep "^utf.csv:3:given_name: invalid UTF-8 at byte 3" err
'

test_expect_success 'a quoted newline shifts the physical line of what follows' '
	printf "side,kind,family_name,note,birth_date\ncaptive,military,A,\"one\ntwo\nthree\",1990\ncaptive,military,B,,1990-02-30\n" >nl.csv &&
	import_fails nl.csv &&
	expect_grep "^nl.csv:5:birth_date: .1990-02-30. is not a date" err
'

test_expect_success 'a cell after a quoted newline is named on its own line' '
	printf "side,kind,family_name,note,birth_date\ncaptive,military,A,\"one\ntwo\",19x0\n" >cell.csv &&
	import_fails cell.csv &&
	expect_grep "^cell.csv:3:birth_date:" err
'

test_expect_success 'a row with too few fields is named' '
	printf "side,kind,family_name\ncaptive,military\n" >short.csv &&
	import_fails short.csv &&
	expect_grep "^short.csv:2: 2 fields, the header has 3" err
'

test_expect_success 'malformed quoting and an unclosed quote are named' '
	printf "side,kind,family_name\ncaptive,military,O\"Brien\n" >q1.csv &&
	import_fails q1.csv &&
	expect_grep "^q1.csv:2: malformed CSV" err &&
	printf "side,kind,family_name\ncaptive,military,A\ncaptive,military,\"B\nand more\n" >q2.csv &&
	import_fails q2.csv &&
	expect_grep "^q2.csv:3: the file ends inside a quoted field" err
'

test_expect_success 'a cell longer than its field allows is refused' '
	long=$(printf "%0201d" 0) &&
	printf "side,kind,family_name\ncaptive,military,%s\n" "$long" >long.csv &&
	import_fails long.csv &&
	expect_grep "^long.csv:2:family_name: longer than 200 bytes" err
'

test_expect_success 'a line over 1 MiB is refused, no crash' '
	awk "BEGIN { printf \"side,kind,family_name,note\\ncaptive,military,X,\"; for (i = 0; i < 1100000; i++) printf \"a\"; printf \"\\n\" }" >huge.csv &&
	import_fails huge.csv &&
	expect_grep "^huge.csv:2: line longer than 1 MiB" err
'

test_expect_success 'the same source and external_id twice in a file names the earlier line' '
	printf "side,kind,family_name,source,external_id\ncaptive,military,A,s,1\ncaptive,military,B,s,2\ncaptive,military,C,s,1\n" >twice.csv &&
	import_fails twice.csv &&
	expect_grep "^twice.csv:4:external_id: .1. of source s is already on line 2" err
'

test_expect_success 'errors beyond --max-errors are counted in one line' '
	printf "side,kind,family_name\nx,military,A\nx,military,B\nx,military,C\nx,military,D\nx,military,E\n" >five.csv &&
	import_fails --max-errors 2 five.csv &&
	test "$(grep -c "^five.csv:" err)" = 2 &&
	expect_grep "^...and 3 more errors$" err
'

test_expect_success 'an empty file has no header' '
	: >empty.csv &&
	import_fails empty.csv &&
	expect_grep "^empty.csv:1: no header" err
'

test_expect_success '--dry-run checks every row and writes nothing' '
	printf "side,kind,family_name,external_id\ncaptive,military,Дрей,d1\ncaptive,military,Ран,d2\n" >dry.csv &&
	parley_state >before &&
	as reg import --dry-run dry.csv >out &&
	test "$(cat out)" = "2 rows valid, nothing written" &&
	expect_unchanged before
'

test_expect_success '--dry-run reports bad rows too, with exit 1' '
	import_fails --dry-run bad.csv &&
	expect_grep "^bad.csv:3:birth_date:" err
'

test_expect_success 'standard input is read with --format' '
	printf "side,kind,family_name\ncaptive,civilian,Стдін\n" | as reg import - --format csv >out &&
	expect_grep "1 added" out &&
	test_must_fail_with 2 as reg import - <dry.csv 2>err &&
	expect_grep "format" err
'

test_expect_success 'a file name that tells no format needs --format' '
	cp dry.csv dry.txt &&
	test_must_fail_with 2 as reg import dry.txt 2>err &&
	expect_grep "give --format" err &&
	as reg import --format csv --dry-run dry.txt >out
'

test_expect_success 'JSON Lines import: strings and nulls, blank lines skipped' '
	cat >ok.jsonl <<-\EOF &&
	{"side": "captive", "kind": "military", "family_name": "Ткаченко", "given_name": "Андрій", "rank": null, "source": "list", "external_id": "J1"}

	{"side": "detainee", "kind": "civilian", "family_name": "Попов", "consent": "yes", "source": "list", "external_id": "J2"}
	EOF
	as reg import ok.jsonl >out &&
	test "$(cat out)" = "imported 2 rows: 2 added, 0 updated" &&
	as reg person list --text Ткаченко --json >out &&
	expect_grep "\"given_name\":\"Андрій\"" out
'

test_expect_success 'JSON Lines: numbers, unknown keys, bad JSON and bad cells are named' '
	cat >bad.jsonl <<-\EOF &&
	{"side": "captive", "kind": "military", "family_name": "A", "birth_date": 1990}
	{"side": "captive", "kind": "military", "family_name": "B", "eyes": "blue"}
	{"side": "captive", "kind": "military", "family_name": "C"
	{"side": "captive", "kind": "military", "family_name": "D", "health": "fine"}
	[1, 2]
	{"side": "captive", "kind": "military", "family_name": "E", "tags": ["a"]}
	EOF
	import_fails bad.jsonl &&
	expect_grep "^bad.jsonl:1:birth_date: 1990 is a number: write it as a string" err &&
	expect_grep "^bad.jsonl:2:eyes: unknown key" err &&
	expect_grep "^bad.jsonl:3: invalid JSON" err &&
	expect_grep "^bad.jsonl:4:health: .fine. is not one of" err &&
	expect_grep "^bad.jsonl:5: not a JSON object" err &&
	expect_grep "^bad.jsonl:6:tags: must be a string or null" err
'

test_expect_success 'JSON Lines: a key given twice and invalid UTF-8 are refused' '
	printf "{\"side\": \"captive\", \"kind\": \"military\", \"family_name\": \"A\", \"kind\": \"civilian\"}\n" >twice.jsonl &&
	import_fails twice.jsonl &&
	expect_grep "^twice.jsonl:1: invalid JSON: duplicate object key" err &&
	printf "{\"side\": \"captive\", \"kind\": \"military\", \"family_name\": \"A\377\"}\n" >utf.jsonl &&
	import_fails utf.jsonl &&
	expect_grep "^utf.jsonl:1: invalid UTF-8 at byte 58" err
'

test_expect_code 4 'a negotiator may not import; the refusal alone is audited' '
	parley_state >before &&
	as neg import ok.csv >out 2>err
' '
	expect_grep "permission denied: neg (negotiator) may not import" err && test ! -s out &&
	expect_denied_only before neg import
'

test_expect_success 'head may import' '
	printf "side,kind,family_name\ncaptive,military,Голова\n" >head.csv &&
	as head import head.csv >out && expect_grep "1 added" out
'

test_expect_code 4 'a liaison may not import' '
	parley_state >before &&
	as lia import head.csv >out 2>err
' '
	expect_grep "permission denied: lia (liaison) may not import" err && test ! -s out &&
	expect_denied_only before lia import
'

test_expect_code 3 'a missing file is not found' '
	parley_state >before &&
	as reg import nowhere.csv >out 2>err
' '
	expect_grep "nowhere.csv" err && test ! -s out && expect_unchanged before
'

# 100,000 rows, a quoted two-line note every 997th row, one bad birth date on
# physical line 73,412
test_expect_success 'a 100,000-row file with one bad cell on line 73412 names it, writes nothing' '
	awk -v bad=73412 "BEGIN {
		print \"side,kind,family_name,given_name,birth_date,note,source,external_id\"
		line = 2
		for (r = 1; r <= 100000; r++) {
			date = \"1980-01-01\"
			if (line == bad)
				date = \"1980-13-01\"
			note = \"\"; span = 1
			if (r % 997 == 0 && line + 1 != bad) {
				note = \"\\\"two\\nlines\\\"\"; span = 2
			}
			printf \"captive,military,Рядок%d,Ім%d,%s,%s,big,%d\\n\", r, r, date, note, r
			line += span
		}
	}" >big.csv &&
	sed -n 73412p big.csv | grep -q 1980-13-01 &&
	import_fails big.csv &&
	expect_grep "^big.csv:73412:birth_date: .1980-13-01. is not a date" err &&
	test "$(grep -c "^big.csv:" err)" = 1
'

test_expect_success 'the audit trail is intact after all of it' '
	as adm audit verify --deep >out &&
	expect_grep "audit trail intact" out
'

test_done
