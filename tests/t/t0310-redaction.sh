#!/bin/sh
# t0310-redaction.sh - every restricted value, on every output path, for every role:
# person show and list, search, match, dedup, export (CSV, JSON Lines, XLSX), stats,
# relative list and the audit log, in text and in JSON. docs/permissions.md's
# "Restricted values" is written out below (what each role sees); a role that may not
# take a path at all is t0300-permissions.sh's. The library's side is u-redaction.c.
. ./lib.sh
need jq unzip

export LANG=C.UTF-8 LANGUAGE=
# the values no one may see where they are not allowed
MED=MED-SECRET         # medical notes: every person's start with this
CONTACT=CONTACT-SECRET # a relative's contacts
LISTED_ON=2024-03-01   # the date U-000003 was listed for an exchange

# the roles that see each value (docs/permissions.md)
sees_medical() { # ROLE REF: on person show only; listings leave them out for everyone
	case $1:$2 in reg:*) return 0 ;; lia:U-000002) return 0 ;; *) return 1 ;; esac
}
sees_listing() { case $1 in reg | neg | head) return 0 ;; *) return 1 ;; esac; }
sees_contacts() { test "$1" = lia; }

# nothing of a listing in FILE: not the token, not the words, not the date
no_listing() {
	expect_no_grep '"listed"' "$1" && expect_no_grep "listed for an exchange" "$1" &&
		expect_no_grep "$LISTED_ON" "$1"
}

test_expect_success 'setup: persons with medical notes, a listed captive, a relative' '
	setup_office &&
	as reg person add side=captive kind=military family_name=Медик given_name=Іван \
		status=confirmed medical_notes="$MED-CONFIRMED" >/dev/null &&
	as reg person add side=captive kind=military family_name=Повернений given_name=Олег \
		status=returned medical_notes="$MED-RETURNED" >/dev/null &&
	as reg person add side=captive kind=civilian family_name=Обмінний given_name=Петро \
		birth_date=1990-05-05 status=confirmed medical_notes="$MED-LISTED" >/dev/null &&
	as reg person status U-000003 listed --date "$LISTED_ON" >/dev/null &&
	as reg person add side=captive kind=civilian family_name=Обмінний given_name=Петро \
		birth_date=1990-05-05 medical_notes="$MED-DUPLICATE" >/dev/null &&
	as reg person add side=detainee kind=military family_name=Утримуваний \
		medical_notes="$MED-DETAINEE" >/dev/null &&
	as reg person edit U-000001 medical_notes="$MED-NEW" --reason "новий діагноз" >/dev/null &&
	as lia relative add U-000001 --name Марія --relation wife --contacts "$CONTACT +380" >/dev/null &&
	printf "family_name,given_name,birth_date\nМедик,Іван,\nОбмінний,Петро,1990-05-05\nПовернений,Олег,\n" >list.csv
'

test_expect_success 'person show, text and JSON: medical notes to whom may see them' '
	for who in reg lia neg head; do
		for ref in U-000001 U-000002 U-000003 U-000004 R-000001; do
			case $who:$ref in lia:R-*) continue ;; esac
			as $who person show $ref >out && as $who person show $ref --json >out.json &&
			if sees_medical $who $ref; then
				expect_grep "$MED" out && expect_grep "$MED" out.json &&
				test "$(jq "[.restricted[] | select(. == \"medical_notes\")] | length" out.json)" = 0
			else
				expect_no_grep "$MED" out && expect_no_grep "$MED" out.json &&
				jq -e ".medical_notes == null and (.restricted | index(\"medical_notes\"))" out.json >/dev/null
			fi || { echo "as $who: $ref"; exit 1; }
		done || exit 1
	done
'

test_expect_code 4 'a liaison sees no detainee: show, history, list and search refuse them alike' '
	parley_state >before &&
	as lia person show R-000001 >out 2>err
' '
	test ! -s out && expect_grep "may not see detainees" err &&
	expect_denied_only before lia person.show &&
	test_must_fail_with 4 as lia person show R-999999 2>/dev/null &&
	test_must_fail_with 4 as lia person list --side detainee 2>/dev/null &&
	test_must_fail_with 4 as lia search --side detainee Утримуваний 2>/dev/null &&
	as lia search Утримуваний >found && expect_no_grep R-000001 found &&
	as lia person list >all && expect_no_grep R-000001 all &&
	as lia person list --status held >held && expect_no_grep R- held
'

test_expect_success 'person show: the exchange listing to whom may see it, the mark on every captive' '
	for who in reg lia neg head; do
		for ref in U-000001 U-000002 U-000003 U-000004; do
			as $who person show $ref >out && as $who person show $ref --json >out.json &&
			if sees_listing $who; then
				jq -e "(.restricted | index(\"exchange_listing\")) == null" out.json >/dev/null
			else
				no_listing out && no_listing out.json &&
				jq -e "(.restricted | index(\"exchange_listing\")) != null" out.json >/dev/null &&
				jq -e "[.statuses[] | select(.status == \"listed\")] | length == 0" out.json >/dev/null
			fi || { echo "as $who: $ref"; exit 1; }
		done || exit 1
	done &&
	as reg person show U-000003 --json >out.json && jq -e ".status == \"listed\"" out.json >/dev/null &&
	as lia person show U-000003 --json >out.json &&
	jq -e ".status == \"confirmed\" and .status_date == null" out.json >/dev/null
'

test_expect_success 'person list and search, text and JSON: no medical notes, no listing for the liaison' '
	for who in reg lia neg head; do
		as $who person list >list && as $who person list --json >list.json &&
		as $who search Обмінний >search && as $who search Обмінний --json >search.json &&
		as $who search Медик --json >>search.json &&
		for f in list list.json search search.json; do
			{ expect_no_grep "$MED" $f && { sees_listing $who || no_listing $f; }; } ||
				{ echo "as $who: $f"; exit 1; }
		done &&
		if ! sees_listing $who; then
			test "$(jq "[.[] | select(.side == \"captive\") | select(.restricted | index(\"exchange_listing\") | not)] | length" list.json)" = 0
		fi || { echo "as $who: captives without the mark"; exit 1; }
	done &&
	test "$(jq length list.json)" = 5 &&
	grep -c "\"ref\"" search.json >/dev/null
'

test_expect_success 'the liaison may not find the listed by filtering' '
	test_must_fail_with 4 as lia person list --status listed >out 2>err &&
	expect_no_grep "U-000003" out &&
	as reg person list --status listed --json >out.json && test "$(jq length out.json)" = 1
'

test_expect_success 'match, table, CSV and JSON: nothing restricted for any role' '
	for who in reg lia neg head; do
		as $who match list.csv --quiet >m.txt && as $who match list.csv --output csv --quiet >m.csv &&
		as $who match list.csv --json --quiet >m.json && expect_grep "U-000003" m.json &&
		for f in m.txt m.csv m.json; do
			expect_no_grep "$MED" $f && expect_no_grep "$CONTACT" $f &&
			{ sees_listing $who || no_listing $f; } || { echo "as $who: $f"; exit 1; }
		done || exit 1
	done
'

test_expect_success 'dedup, text and JSON: nothing restricted for any role' '
	for who in reg lia neg head; do
		as $who dedup --min-score 0.01 >d.txt && as $who dedup --min-score 0.01 --json >d.json && expect_grep "U-000003" d.txt &&
		for f in d.txt d.json; do
			expect_no_grep "$MED" $f && expect_no_grep "$CONTACT" $f &&
			{ sees_listing $who || no_listing $f; } || { echo "as $who: $f"; exit 1; }
		done || exit 1
	done
'

test_expect_success 'export, CSV, JSON Lines and XLSX: no medical notes, for every role that exports' '
	for who in reg head; do
		as $who export out-$who.csv >/dev/null && as $who export out-$who.jsonl >/dev/null &&
		as $who export out-$who.xlsx >/dev/null &&
		unzip -p out-$who.xlsx >out-$who.xml &&
		expect_grep Обмінний out-$who.xml &&
		for f in out-$who.csv out-$who.jsonl out-$who.xml; do
			expect_no_grep "$MED" $f && expect_no_grep "$CONTACT" $f &&
			expect_grep listed $f || { echo "as $who: $f"; exit 1; }
		done || exit 1
	done
'

test_expect_success 'relative list, text and JSON: contacts for the liaison only' '
	for who in lia head; do
		as $who relative list >r.txt && as $who relative list --json >r.json &&
		as $who relative list U-000001 --json >>r.json &&
		if sees_contacts $who; then
			expect_grep "$CONTACT" r.txt && expect_grep "$CONTACT" r.json
		else
			expect_no_grep "$CONTACT" r.txt && expect_no_grep "$CONTACT" r.json &&
			expect_grep "restricted" r.txt && expect_grep "\"contacts\"" r.json
		fi || { echo "as $who"; exit 1; }
	done
'

test_expect_success 'stats, text and JSON: aggregates only, no restricted value, no name' '
	for who in reg neg ana head; do
		as $who stats >s.txt && as $who stats --json >s.json &&
		for f in s.txt s.json; do
			expect_no_grep "$MED" $f && expect_no_grep "$CONTACT" $f &&
			expect_no_grep Обмінний $f && expect_no_grep "U-00000" $f || { echo "as $who: $f"; exit 1; }
		done || exit 1
	done
'

test_expect_success 'the audit log, text and JSON: every read recorded, no value read' '
	as aud audit log --limit 0 >a.txt && as aud audit log --limit 0 --json >a.json &&
	for f in a.txt a.json; do
		expect_no_grep "$MED" $f && expect_no_grep "$CONTACT" $f || exit 1
	done &&
	jq -e "[.[] | select(.action == \"read\" and .account == \"reg\" and .fields == \"medical_notes\")] | length > 0" a.json >/dev/null &&
	jq -e "[.[] | select(.action == \"read\" and .account == \"lia\" and .fields == \"medical_notes\" and .ref == \"U-000002\")] | length > 0" a.json >/dev/null &&
	jq -e "[.[] | select(.action == \"read\" and .account == \"lia\" and .fields == \"contacts\")] | length > 0" a.json >/dev/null &&
	jq -e "[.[] | select(.action == \"read\" and .account != \"reg\" and .account != \"lia\")] | length == 0" a.json >/dev/null &&
	sqlite3 "$PARLEY_DB" "SELECT * FROM audit" >dump && expect_no_grep "$MED" dump &&
	expect_no_grep "$CONTACT" dump
'

test_expect_success 'a role may not change what it may not see: the head and medical notes' '
	test_must_fail_with 4 as head person edit U-000001 medical_notes=HEAD-WROTE --reason x 2>err &&
	as reg person show U-000001 --json >out.json && jq -e ".medical_notes == \"$MED-NEW\"" out.json >/dev/null
'

test_done
