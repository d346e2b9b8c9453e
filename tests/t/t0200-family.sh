#!/bin/sh
# t0200-family.sh - relatives and inquiries: the liaison's desk, need-to-know on contacts
. ./lib.sh

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
	parley_state >before &&
	as lia relative add U-000002 --name "Ганна Бойко" --relation mother --safety yes >out 2>err
' '
	expect_grep "safety_channel: required when safety is yes" err && test ! -s out &&
	expect_unchanged before
'

test_expect_success 'with the channel the flagged relative is recorded' '
	as lia relative add U-000002 --name "Ганна Бойко" --relation mother --safety yes \
		--safety-channel "лише через МКЧХ" >/dev/null
'

test_expect_success 'the liaison sees contacts, and each read is audited' '
	before=$(audit_count) &&
	as lia relative list --json >out &&
	expect_grep "+380 67 123 45 67" out &&
	after=$(audit_count) && test "$after" -gt "$before" &&
	as aud --json audit log --limit 1 >last &&
	expect_grep "\"account\":\"lia\"" last &&
	expect_grep "\"action\":\"read\"" last && expect_grep "\"fields\":\"contacts\"" last
'

test_expect_success 'the head sees relatives without contacts, marked restricted' '
	as head relative list U-000001 --json >out &&
	expect_no_grep "+380" out &&
	expect_grep "\"restricted\":\\[\"contacts\"\\]" out &&
	as head relative list U-000001 >out && expect_grep "contacts *\\[restricted\\]" out
'

test_expect_code 4 'a registrar running relative list is refused; the refusal alone is audited' '
	parley_state >before &&
	as reg relative list >out 2>err
' '
	expect_grep "permission denied: reg (registrar) may not relative.list" err &&
	test ! -s out &&
	expect_denied_only before reg relative.list
'

test_expect_code 4 'a negotiator may not add relatives' '
	parley_state >before &&
	as neg relative add U-000001 --name X --relation son >out 2>err
' '
	expect_grep "permission denied: neg (negotiator) may not relative.add" err &&
	test ! -s out &&
	expect_denied_only before neg relative.add
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
	parley_state >before &&
	as lia inquiry add U-000001 --relative-id 2 --channel phone --question "?" >out 2>err
' '
	expect_grep "relative_id: " err && test ! -s out && expect_unchanged before
'

test_expect_code 1 'an inquiry without a question is refused' '
	parley_state >before &&
	as lia inquiry add U-000001 --channel phone >out 2>err
' '
	expect_grep "question: required" err && test ! -s out && expect_unchanged before
'

test_expect_code 1 'a bad channel is refused' '
	parley_state >before &&
	as lia inquiry add U-000001 --channel pigeon --question "?" >out 2>err
' '
	expect_grep "channel: .pigeon. is not one of hotline, phone," err && test ! -s out &&
	expect_unchanged before
'

test_expect_code 3 'a relative of an unknown person is not found' '
	parley_state >before &&
	as lia relative add U-000404 --name X --relation son >out 2>err
' '
	expect_grep "no person U-000404" err && test ! -s out && expect_unchanged before
'

test_expect_code 4 'a registrar may not list inquiries' '
	parley_state >before &&
	as reg inquiry list >out 2>err
' '
	expect_grep "permission denied: reg (registrar) may not inquiry.list" err &&
	test ! -s out &&
	expect_denied_only before reg inquiry.list
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
	as lia person list --status listed >out 2>err
' '
	expect_grep "permission denied: lia may not see exchange listings" err && test ! -s out
'

test_expect_success 'a negotiator does not see medical notes; a registrar does, audited' '
	as reg person edit U-000001 medical_notes="поранення руки" &&
	as neg person show U-000001 >out &&
	expect_grep "medical notes *\\[restricted\\]" out && expect_no_grep "поранення" out &&
	as reg person show U-000001 >out && expect_grep "поранення руки" out &&
	as aud --json audit log --limit 1 >last &&
	expect_grep "\"account\":\"reg\"" last &&
	expect_grep "\"action\":\"read\"" last && expect_grep "\"fields\":\"medical_notes\"" last
'

test_expect_success 'a liaison sees medical notes of returnees only' '
	as lia person show U-000001 >out && expect_no_grep "поранення" out &&
	as reg person status U-000001 returned >/dev/null &&
	as lia person show U-000001 >out && expect_grep "поранення руки" out
'

# refused on a field rather than an operation: no denied record is written (unlike the
# refusals of docs/permissions.md's table), and nothing else
test_expect_code 4 'the head may not edit medical notes it may not see' '
	parley_state >before &&
	as head person edit U-000001 medical_notes=x >out 2>err
' '
	expect_grep "permission denied: head may not write medical_notes" err && test ! -s out &&
	expect_denied_only before head person.edit
'

test_expect_success 'the trail still verifies' '
	"$PARLEY" audit verify --deep >/dev/null
'

test_done
