#!/bin/sh
# t0200-family.sh - relatives and inquiries: the liaison's desk, need-to-know on contacts
. ./lib.sh
need sqlite3

test_expect_success 'setup' '
	setup_office &&
	as reg person add side=captive kind=military family_name=Ковальов given_name=Сергій \
		status=confirmed >/dev/null &&
	as reg person add side=captive kind=civilian family_name=Бойко given_name=Іван >/dev/null
'

test_expect_success 'a liaison records a relative with contacts and a verified link' '
	as lia relative add U-000001 --name "Марія Ковальова" --relation wife \
		--contacts "+380 67 123 45 67" --verified-by "Петренко" \
		--verified-how "свідоцтво про шлюб" --language uk >out &&
	expect_grep "relative #1 recorded for U-000001" out
'

test_expect_code 1 'a safety flag needs the only channel to use' '
	as lia relative add U-000002 --name "Ганна Бойко" --relation mother --safety yes 2>err; rc=$?;
	grep -q "safety_channel" err || exit 9; exit $rc
'

test_expect_success 'with the channel the flagged relative is recorded' '
	as lia relative add U-000002 --name "Ганна Бойко" --relation mother --safety yes \
		--safety-channel "лише через МКЧХ" >/dev/null
'

test_expect_success 'the liaison sees contacts, and each read is audited' '
	before=$(audit_count) &&
	as lia relative list --json >out &&
	expect_grep "+380 67 123 45 67" out &&
	test "$(audit_count)" -gt "$before" &&
	sqlite3 "$PARLEY_DB" "SELECT action, fields FROM audit ORDER BY seq DESC LIMIT 1" | grep -q "read|contacts"
'

test_expect_success 'the head sees relatives without contacts, marked restricted' '
	as head relative list U-000001 --json >out &&
	expect_no_grep "+380" out &&
	expect_grep "\"restricted\":\\[\"contacts\"\\]" out &&
	as head relative list U-000001 >out && expect_grep "contacts *\\[restricted\\]" out
'

test_expect_code 4 'a registrar running relative list is refused' '
	as reg relative list
'

test_expect_success 'the refusal is audited and nothing else is written' '
	before=$(audit_count) && persons=$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM relatives") &&
	test_must_fail_with 4 as reg relative list &&
	test "$(audit_count)" = $((before + 1)) &&
	sqlite3 "$PARLEY_DB" "SELECT account, action FROM audit ORDER BY seq DESC LIMIT 1" >last &&
	expect_grep "reg|denied:relative.list" last &&
	test "$(sqlite3 "$PARLEY_DB" "SELECT count(*) FROM relatives")" = "$persons"
'

test_expect_code 4 'a negotiator may not add relatives' '
	as neg relative add U-000001 --name X --relation son
'

test_expect_success 'the liaison records an inquiry and what was answered' '
	as lia inquiry add U-000001 --relative-id 1 --channel hotline \
		--question "Чи є новини про чоловіка?" \
		--answer "Факт полону підтверджено МКЧХ" --answered-by "оператор 3" >out &&
	expect_grep "inquiry #1 recorded" out &&
	as lia inquiry list U-000001 >out && expect_grep "новини про чоловіка" out &&
	expect_grep "date *20" out
'

test_expect_code 1 'an inquiry naming another person'"'"'s relative is refused' '
	as lia inquiry add U-000001 --relative-id 2 --channel phone --question "?"
'

test_expect_code 1 'an inquiry without a question is refused' '
	as lia inquiry add U-000001 --channel phone
'

test_expect_code 1 'a bad channel is refused' '
	as lia inquiry add U-000001 --channel pigeon --question "?"
'

test_expect_code 3 'a relative of an unknown person is not found' '
	as lia relative add U-000404 --name X --relation son
'

test_expect_code 4 'a registrar may not list inquiries' '
	as reg inquiry list
'

test_expect_success 'a liaison sees a listed captive as confirmed, the listing marked restricted' '
	as reg person status U-000001 listed >/dev/null &&
	as lia person show U-000001 --json >out &&
	expect_grep "\"status\": \"confirmed\"" out &&
	expect_grep "exchange_listing" out &&
	expect_no_grep "listed" out &&
	as reg person show U-000001 --json >out && expect_grep "\"status\": \"listed\"" out
'

test_expect_code 4 'a liaison may not filter by the exchange listing' '
	as lia person list --status listed
'

test_expect_success 'a negotiator does not see medical notes; a registrar does, audited' '
	as reg person edit U-000001 medical_notes="поранення руки" &&
	as neg person show U-000001 >out &&
	expect_grep "medical notes *\\[restricted\\]" out && expect_no_grep "поранення" out &&
	as reg person show U-000001 >out && expect_grep "поранення руки" out &&
	sqlite3 "$PARLEY_DB" "SELECT account, action, fields FROM audit ORDER BY seq DESC LIMIT 1" >last &&
	expect_grep "reg|read|medical_notes" last
'

test_expect_success 'a liaison sees medical notes of returnees only' '
	as lia person show U-000001 >out && expect_no_grep "поранення" out &&
	as reg person status U-000001 returned >/dev/null &&
	as lia person show U-000001 >out && expect_grep "поранення руки" out
'

test_expect_code 4 'the head may not edit medical notes it may not see' '
	as head person edit U-000001 medical_notes=x
'

test_expect_success 'the trail still verifies' '
	"$PARLEY" audit verify --deep >/dev/null
'

test_done
