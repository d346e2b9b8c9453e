#!/bin/sh
# t1500-exchange.sh - the exchanges desk through the CLI: an exchange's lifecycle, its
# terms and lists (and every refusal, with its reason, writing nothing), stages that
# refuse no one, the article's reconciliation (10 severely wounded agreed, 5 of them and 5
# unwounded came: the term 5 short, naming the 5), reception of returnees, the families'
# queue and its safety channels, the policy rules
. ./lib.sh
need jq
need sqlite3

test_expect_success 'setup: an office with captives of every health, detainees, a family' '
	setup_office &&
	for i in 1 2 3 4 5 6 7 8 9 10; do
		as reg person add side=captive kind=military family_name="Важкий$i" \
			health=severely_wounded status=confirmed >/dev/null || exit 1
	done &&
	for i in 1 2 3 4 5; do
		as reg person add side=captive kind=military family_name="Здоровий$i" \
			health=healthy status=confirmed >/dev/null || exit 1
	done &&
	as reg person add side=captive kind=civilian family_name=Цивільна health=healthy \
		status=confirmed >/dev/null &&
	as reg person add side=captive kind=military family_name=Ймовірний status=probable >/dev/null &&
	as reg person add side=captive kind=military family_name=Зниклий >/dev/null &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		as reg person add side=detainee kind=military family_name="Їхній$i" \
			health=severely_wounded >/dev/null || exit 1
	done &&
	as reg person add side=detainee kind=military family_name=Засуджений sentence="8 років" \
		consent=yes >/dev/null &&
	as reg person add side=detainee kind=military family_name=Відмовник consent=no >/dev/null &&
	as reg person add side=detainee kind=military family_name=Підслідний \
		proceedings="кримінальне провадження 12024" >/dev/null &&
	as lia relative add U-000001 --name "Марія Важка" --relation wife --contacts "+380 67" >/dev/null &&
	as lia relative add U-000002 --name "Олена Важка" --relation mother --safety yes \
		--safety-channel "МКЧХ" >/dev/null &&
	as lia relative add U-000003 --name "Петро Важкий" --relation brother >/dev/null &&
	as lia relative add U-000003 --name "Іван Важкий" --relation father >/dev/null
'
# U-000001..10 severely wounded, U-000011..15 healthy, U-000016 a civilian, U-000017
# probable, U-000018 missing; R-000001..12 severely wounded, R-000013 sentenced,
# R-000014 refused consent, R-000015 under proceedings

test_expect_code 1 'a formula with a wrong word is pointed at, and no exchange is made' '
	parley_state >before &&
	as neg exchange new --title Стамбул --formula "receive 10 where health = severly_wounded" \
		>out 2>err
' '
	test ! -s out && expect_grep "formula:1:" err && expect_grep "severly_wounded" err &&
	expect_unchanged before
'

test_expect_success 'a new exchange is a draft, with its terms in the one way parley writes them' '
	as neg exchange new --title "Стамбул, червень" --venue Стамбул \
		--formula "RECEIVE 10 where health = severely_wounded;  give 10 where health = severely_wounded" \
		--announced-ours 10 --announced-theirs 12 >ref &&
	test "$(cat ref)" = E-0001 &&
	as neg --json exchange show E-0001 >x.json &&
	test "$(jq -r .status x.json)" = draft &&
	test "$(jq -r .formula x.json)" = \
		"receive 10 where health = severely_wounded; give 10 where health = severely_wounded" &&
	test "$(jq -r .announced_theirs x.json)" = 12
'

test_expect_code 1 'a draft goes to proposed or cancelled only, and the refusal names the possible' '
	parley_state >before &&
	as neg exchange status E-0001 agreed >out 2>err
' '
	expect_grep "cannot go from draft to agreed; possible: proposed, cancelled" err &&
	expect_unchanged before
'

test_expect_code 1 'cancelling needs a reason' '
	parley_state >before &&
	as neg exchange status E-0001 cancelled >out 2>err
' '
	expect_grep "needs a reason" err && expect_unchanged before
'

test_expect_code 1 'an exchange is executing once a stage is recorded, not by its status alone' '
	as neg exchange status E-0001 proposed >/dev/null &&
	as neg exchange status E-0001 agreed --date 2024-06-01 >/dev/null &&
	parley_state >before &&
	as reg exchange status E-0001 executing >out 2>err
' '
	expect_grep "first stage" err && expect_unchanged before
'

test_expect_code 2 'status and terms are not fields an edit changes' '
	parley_state >before &&
	as neg exchange edit E-0001 status=closed >out 2>err
' '
	expect_grep "status is set by its own operation" err && expect_unchanged before
'

test_expect_code 1 'the terms are not changed once agreed' '
	parley_state >before &&
	as neg exchange terms E-0001 "receive 5; give 5" >out 2>err
' '
	expect_grep "E-0001 is agreed" err && expect_unchanged before
'

test_expect_success 'the agreed list takes those who match the terms, and makes them listed' '
	as neg exchange add E-0001 U-000001 U-000002 U-000003 U-000004 U-000005 U-000006 \
		U-000007 U-000008 U-000009 U-000010 --list agreed >/dev/null &&
	as reg --json person show U-000001 >p.json && test "$(jq -r .status p.json)" = listed &&
	as neg exchange add E-0001 R-000001 R-000002 R-000003 R-000004 R-000005 R-000006 \
		R-000007 R-000008 R-000009 R-000010 --list agreed >/dev/null &&
	as reg --json person show R-000001 >r.json && test "$(jq -r .status r.json)" = listed &&
	as neg --json exchange lists E-0001 --list agreed >l.json && test "$(jq length l.json)" = 20
'

test_expect_code 1 'a person who does not match the terms is refused, with the value that does not' '
	parley_state >before &&
	as neg exchange add E-0001 U-000011 --list agreed >out 2>err
' '
	expect_grep "U-000011 does not go on the list" err && expect_grep "health: healthy" err &&
	expect_unchanged before
'

test_expect_code 1 'a full list is refused, naming its count' '
	as neg exchange new --title Другий --formula "receive 1; give 1" >/dev/null &&
	as neg exchange add E-0002 U-000011 >/dev/null &&
	parley_state >before &&
	as neg exchange add E-0002 U-000012 >out 2>err
' '
	expect_grep "it is full (1 of 1" err && expect_unchanged before
'

test_expect_code 1 'a person on a list of another open exchange is refused, naming it' '
	parley_state >before &&
	as neg exchange add E-0002 U-000001 >out 2>err
' '
	expect_grep "on the agreed list of E-0001, still open" err && expect_unchanged before
'

test_expect_code 1 'a person of the wrong side, or not in a state to be exchanged, is refused' '
	parley_state >before &&
	as neg exchange add E-0002 U-000018 >out 2>err
' '
	expect_grep "U-000018 is missing" err &&
	test_must_fail_with 1 as neg exchange add E-0002 U-000013 --side give 2>err2 &&
	expect_grep "is a captive: the give side lists detainees" err2 &&
	expect_unchanged before
'

test_expect_success 'a probable captive may be requested; taken off, the entry keeps its reason' '
	as neg exchange terms E-0002 "receive 2; give 2" >/dev/null &&
	as neg exchange add E-0002 U-000017 >/dev/null &&
	as neg exchange remove E-0002 U-000017 --reason "немає підтвердження" >/dev/null &&
	as neg --json exchange lists E-0002 >l.json && test "$(jq length l.json)" = 1
'

test_expect_code 1 'a stage refuses no one for lists, but one person crossing twice is refused' '
	parley_state >before &&
	as reg exchange stage E-0001 --date 2024-06-25 --received U-000001,U-000016,U-000002 \
		--given R-000001 --received U-000001 >out 2>err
' '
	expect_grep "crossed at stage 1 of E-0001 already" err && expect_unchanged before
'

test_expect_success 'the article: 10 severely wounded agreed; 5 of them and 5 unwounded came' '
	printf "U-000001\nU-000002\nU-000003\nU-000004\nU-000005\nU-000011\nU-000012\n" >received.txt &&
	as reg exchange stage E-0001 --date 2024-06-25 --place кордон --received @received.txt \
		--received U-000013,U-000014,U-000015 \
		--given R-000001,R-000002,R-000003,R-000004,R-000005,R-000006,R-000007,R-000008 \
		--given R-000009,R-000010 >out &&
	expect_grep "stage 1 recorded: 10 of ours received" out &&
	as neg --json exchange show E-0001 >x.json && test "$(jq -r .status x.json)" = executing &&
	as reg --json person show R-000001 >r.json && test "$(jq -r .status r.json)" = exchanged &&
	as reg --json person show U-000011 >u.json && test "$(jq -r .status u.json)" = confirmed
'

test_expect_success 'the embargo: the liaison sees nothing of the handover before the arrival' '
	as lia person show U-000004 >show && expect_no_grep release show &&
	expect_grep "captivity confirmed" show &&
	as lia notify answer U-000004 >answer && expect_grep "captivity confirmed" answer &&
	as reg person show U-000004 >show.reg && expect_grep release show.reg
'

test_expect_success 'reconciliation: the term 5 short, the 5 named; who came unagreed, who did not' '
	as neg exchange reconcile E-0001 >rec &&
	expect_grep "receive 10 where health = severely_wounded.: 10 crossed, 5 of them match, of 10: 5 short" rec &&
	for u in U-000011 U-000012 U-000013 U-000014 U-000015; do
		expect_grep "$u does not match .receive 10 where health = severely_wounded.: health: healthy" rec &&
		expect_grep "$u crossed at stage 1 and was on no agreed list" rec || exit 1
	done &&
	for u in U-000006 U-000007 U-000008 U-000009 U-000010; do
		expect_grep "$u was agreed and did not cross" rec || exit 1
	done &&
	expect_grep "give 10 where health = severely_wounded.: 10 of 10, holds" rec &&
	expect_grep "10 of ours recorded as received; the other side announced 12" rec &&
	as neg --json exchange reconcile E-0001 >rec.json &&
	test "$(jq "[.[] | select(.kind == \"term_person\")] | length" rec.json)" = 5 &&
	test "$(jq "[.[] | select(.kind == \"term\" and .side == \"receive\")][0].have" rec.json)" = 5
'

test_expect_code 1 'an exchange is reconciled once executed, not before' '
	parley_state >before &&
	as neg exchange reconcile E-0001 --record >out 2>err
' '
	expect_grep "E-0001 is executing" err && expect_unchanged before
'

test_expect_success 'executed: whoever was agreed and did not cross is listed no more' '
	as reg exchange status E-0001 executed >/dev/null &&
	as reg --json person show U-000006 >u.json && test "$(jq -r .status u.json)" = confirmed &&
	as reg --json person show R-000011 >r.json && test "$(jq -r .status r.json)" = held
'

test_expect_success 'reception: the arrival makes the captive returned, with its event and evidence' '
	parley_state >before &&
	as reg reception arrive U-000001 --arrived "2024-06-25 14:30" --arrival-place Чернігівщина \
		--meal yes --triage-health wounded >/dev/null &&
	expect_written before 5 4 &&
	as reg --json person show U-000001 >p.json &&
	test "$(jq -r .status p.json)" = returned &&
	test "$(jq -r .status_date p.json)" = 2024-06-25 &&
	test "$(jq "[.events[] | select(.kind == \"repatriation\")] | length" p.json)" = 1 &&
	test "$(jq "[.evidence[] | select(.source == \"reception\")] | length" p.json)" = 1
'

test_expect_code 1 'an arrival is recorded once' '
	parley_state >before &&
	as reg reception arrive U-000001 --arrived "2024-06-26 10:00" >out 2>err
' '
	expect_grep "arrival recorded already" err && expect_unchanged before
'

test_expect_success 'reconciliation judges health by triage, the registry value beside it' '
	as neg exchange reconcile E-0001 >rec &&
	expect_grep "U-000001 does not match .*health at triage wounded; the registry said severely_wounded" rec &&
	expect_grep "6 short" rec &&
	expect_no_grep "U-000001 crossed at stage 1 and was on no agreed list" rec &&
	as lia person show U-000001 >show && expect_grep release show && expect_grep repatriation show
'

test_expect_success 'executed, it still says who was agreed and did not cross, and no one else' '
	as neg --json exchange reconcile E-0001 >rec.json &&
	test "$(jq -r "[.[] | select(.kind == \"agreed_not_came\") | .ref] | join(\" \")" rec.json)" = \
		"U-000006 U-000007 U-000008 U-000009 U-000010" &&
	as neg exchange lists E-0001 --list agreed >l.txt && expect_no_grep U-000006 l.txt
'

test_expect_success 'a missing captive may come home: reception records it' '
	as reg reception arrive U-000018 --arrived "2024-06-25 15:00" >/dev/null &&
	as reg --json person show U-000018 >p.json && test "$(jq -r .status p.json)" = returned
'

test_expect_success 'one handed to a third state is third_country, and its family is told of that' '
	as reg reception arrive U-000005 --arrived "2024-06-25 16:00" --third-state Угорщина >/dev/null &&
	as reg --json person show U-000005 >p.json && test "$(jq -r .status p.json)" = third_country &&
	test "$(jq "[.events[] | select(.kind == \"transfer\")] | length" p.json)" = 1 &&
	as lia --json notify queue >q.json &&
	test "$(jq -r "[.[] | select(.ref == \"U-000005\")][0].reason" q.json)" = third_country
'

test_expect_success 'the families of returnees are in the queue, with the returnee'"'"'s wishes' '
	as reg reception arrive U-000002 --arrived "2024-06-25 14:30" >/dev/null &&
	as reg reception arrive U-000003 --arrived "2024-06-25 14:30" --not-inform "Петро Важкий" \
		--inform "батько" >/dev/null &&
	as lia --json notify queue >q.json &&
	test "$(jq "[.[] | select(.reason == \"return\")] | length" q.json)" = 5 &&
	test "$(jq -r "[.[] | select(.ref == \"U-000002\")][0].channel" q.json)" = МКЧХ &&
	test "$(jq -r "[.[] | select(.ref == \"U-000002\")][0].safety" q.json)" = true &&
	test "$(jq -r "[.[] | select(.relative == \"Петро Важкий\")][0].not_to_tell" q.json)" = true &&
	test "$(jq -r "[.[] | select(.ref == \"U-000018\")][0].relative_id" q.json)" = 0 &&
	as lia notify queue >q.txt && expect_grep "ONLY through МКЧХ" q.txt
'

test_expect_code 1 'a family at risk is never called: only through its channel' '
	parley_state >before &&
	as lia notify record U-000002 --relative-id 2 --reason return --channel phone \
		--date "2024-06-25 18:00" >out 2>err
' '
	expect_grep "never reached by phone, only through МКЧХ" err &&
	test_must_fail_with 1 as lia notify record U-000002 --relative-id 2 --reason return \
		--channel messenger --date "2024-06-25 18:00" 2>err2 &&
	expect_grep "give it as via" err2 &&
	expect_unchanged before
'

test_expect_code 1 'a relative the returnee asked not to be told is not told' '
	parley_state >before &&
	as lia notify record U-000003 --relative-id 3 --reason return --channel phone \
		--date "2024-06-25 18:00" >out 2>err
' '
	expect_grep "asked that Петро Важкий not be told" err && expect_unchanged before
'

test_expect_code 1 'a return is told only once the arrival is recorded' '
	parley_state >before &&
	as lia notify record U-000004 --reason return --channel phone --date "2024-06-25 18:00" \
		>out 2>err
' '
	expect_grep "no return is recorded" err && expect_unchanged before
'

test_expect_success 'a family told leaves the queue, and reception'"'"'s checklist has it' '
	as lia notify record U-000002 --relative-id 2 --reason return --channel other --via МКЧХ \
		--date "2024-06-25 19:00" --officer Петренко >/dev/null &&
	as lia --json notify queue >q.json &&
	test "$(jq "[.[] | select(.ref == \"U-000002\")] | length" q.json)" = 0 &&
	as reg --json reception show U-000002 >r.json &&
	test "$(jq -r .notified_by r.json)" = Петренко &&
	test "$(jq -r .family_notified r.json)" = 2024-06-25T19:00
'

test_expect_success 'families with no news for six months are due a scheduled call' '
	as lia relative add U-000008 --name "Ганна Важка" --relation mother >/dev/null &&
	cp "$PARLEY_DB" old.db &&
	ago=$(date -u -d "8 months ago" +%Y-%m-%d) &&
	sqlite3 old.db "UPDATE relatives SET recorded = '"'"'${ago}T10:00:00Z'"'"' WHERE name = '"'"'Ганна Важка'"'"'" &&
	"$PARLEY" --db old.db --as lia --json notify queue >q.json &&
	test "$(jq -r "[.[] | select(.reason == \"no_news\")][0].ref" q.json)" = U-000008 &&
	test "$(jq -r "[.[] | select(.reason == \"no_news\")][0].since" q.json)" = "$ago" &&
	"$PARLEY" --db old.db --as lia --json notify queue --months 12 >q12.json &&
	test "$(jq "[.[] | select(.reason == \"no_news\")] | length" q12.json)" = 0 &&
	as lia --json notify queue >now.json &&
	test "$(jq "[.[] | select(.reason == \"no_news\")] | length" now.json)" = 0
'

test_expect_success 'a debrief statement becomes graded evidence on another captive' '
	as reg reception debrief U-000001 U-000006 --reliability B --credibility 2 --date 2024-03 \
		--note "бачив в Оленівці в березні" >out &&
	as reg --json person show U-000006 >p.json &&
	test "$(jq -r "[.evidence[] | select(.kind == \"returnee_testimony\")][0].source" p.json)" = \
		"debrief of U-000001"
'

test_expect_success 'policy: their military for our civilians; a convicted person given' '
	as neg exchange new --title Прецедент --formula "receive 1 where kind = civilian; give all" \
		>/dev/null &&
	as neg exchange check E-0003 >chk && expect_grep "military_for_civilians\|civilians only" chk &&
	as neg exchange terms E-0003 "receive 1; give 2" >/dev/null &&
	as neg exchange add E-0003 U-000016 R-000012 R-000013 >/dev/null &&
	as neg exchange check E-0003 >chk &&
	expect_grep "2 of their military given for 0 of our military and 1 of our civilians" chk &&
	expect_grep "R-000013 was sentenced by our courts" chk
'

test_expect_code 1 'policy: a detainee who refused consent is refused, a block' '
	parley_state >before &&
	as neg exchange add E-0002 R-000014 >out 2>err
' '
	expect_grep "R-000014 refused to be exchanged" err && expect_unchanged before
'

test_expect_success 'policy: proceedings warned; the severely wounded left off while the healthy go' '
	as neg exchange add E-0002 R-000015 >/dev/null &&
	as neg exchange check E-0002 >chk &&
	expect_grep "R-000015 is under criminal proceedings" chk &&
	expect_grep "healthier person listed while .* severely wounded or ill captive" chk
'

test_expect_success 'policy: a third state that took ours without notice is named on its exchanges' '
	as reg exchange incident --kind third_country_transfer --date 2023-06-08 --state Угорщина \
		--count 11 --note "без повідомлення" >/dev/null &&
	as neg exchange mediator E-0002 --name угорщина --kind state --role carrier >/dev/null &&
	as neg exchange check E-0002 >chk && expect_grep "Угорщина took 11 of ours without notice" chk
'

test_expect_success 'policy levels: the head sets one, audited; off silences it, block refuses' '
	parley_state >before &&
	as head exchange policy under_proceedings off >/dev/null &&
	expect_written before 1 1 &&
	as neg exchange check E-0002 >chk && expect_no_grep "proceedings" chk &&
	as head exchange policy convicted_given block >/dev/null &&
	test_must_fail_with 1 as neg exchange check E-0003 >chk 2>err &&
	expect_grep "BLOCK.*R-000013" chk &&
	as neg exchange status E-0003 proposed >/dev/null &&
	test_must_fail_with 1 as neg exchange status E-0003 agreed 2>err &&
	expect_grep "breaks 1 policy rule at level block" err
'

test_expect_code 1 'cancelled: its listed persons are listed no more' '
	as neg exchange new --title Скасований --formula "receive 1; give 1" >/dev/null &&
	as neg exchange status E-0004 proposed >/dev/null &&
	as neg exchange status E-0004 agreed >/dev/null &&
	as neg exchange add E-0004 U-000007 --list agreed >/dev/null &&
	test_must_fail_with 1 as neg exchange add E-0004 U-000017 --list agreed 2>err &&
	expect_grep "U-000017 is probable: a captive goes on an agreed list once captivity is confirmed" err &&
	as neg exchange new --title "Без умов" >/dev/null &&
	as neg exchange status E-0005 proposed >/dev/null &&
	test_must_fail_with 1 as neg exchange status E-0005 agreed 2>err &&
	expect_grep "E-0005 has no terms" err &&
	as neg exchange status E-0004 cancelled --reason "зірвано" >/dev/null &&
	as reg --json person show U-000007 >p.json && test "$(jq -r .status p.json)" = confirmed &&
	as neg exchange status E-0004 proposed >out 2>err
' '
	expect_grep "none: cancelled is final" err
'

test_expect_code 1 'a stage refuses one of ours already home: whoever came is someone else' '
	as neg exchange status E-0002 proposed >/dev/null &&
	as neg exchange status E-0002 agreed >/dev/null &&
	parley_state >before &&
	as reg exchange stage E-0002 --date 2024-07-01 --received U-000001 >out 2>err
' '
	expect_grep "U-000001 is returned already" err && expect_unchanged before
'

test_expect_success 'stage: one of ours not in the registry is added on the spot, marked so' '

	as reg exchange stage E-0002 --date 2024-07-01 \
		--new "family_name=Новенький;given_name=Іван;kind=military" >/dev/null &&
	as neg --json exchange crossed E-0002 >c.json &&
	test "$(jq -r ".[0].on_the_spot" c.json)" = yes &&
	test "$(jq -r ".[0].family_name" c.json)" = Новенький
'

test_expect_success 'reconciled: an executed exchange is recorded so, audited, and only once' '
	parley_state >before &&
	as neg exchange reconcile E-0001 --record >rec &&
	expect_grep "E-0001 is reconciled" rec && expect_grep "6 short" rec &&
	as neg --json exchange show E-0001 >x.json && test "$(jq -r .status x.json)" = reconciled &&
	expect_written before 1 0 &&
	parley_state >before &&
	test_must_fail_with 1 as neg exchange reconcile E-0001 --record 2>err &&
	expect_grep "E-0001 is reconciled: an exchange is recorded as reconciled once it is carried out" err &&
	expect_unchanged before
'

test_expect_success 'reconciliation is refused for no exchange, and to the liaison (the denial audited)' '
	parley_state >before &&
	test_must_fail_with 3 as neg exchange reconcile E-0099 2>err &&
	expect_grep "no exchange E-0099" err &&
	expect_unchanged before &&
	test_must_fail_with 4 as lia exchange reconcile E-0001 2>err &&
	expect_grep "lia (liaison) may not exchange.reconcile" err &&
	expect_written before 1 0
'

test_expect_success 'policy: a wrong rule or level is refused, naming the possible; the same level writes nothing' '
	parley_state >before &&
	test_must_fail_with 2 as head exchange policy nosuch block 2>err &&
	expect_grep "no rule .nosuch. (rules: military_for_civilians, convicted_given, no_consent" err &&
	test_must_fail_with 2 as head exchange policy convicted_given sometimes 2>err &&
	expect_grep "level .sometimes. is not one of block, warn, off" err &&
	as head exchange policy convicted_given block >out &&
	expect_grep "convicted_given: block" out &&
	expect_unchanged before &&
	test_must_fail_with 4 as neg exchange policy convicted_given warn 2>err &&
	expect_grep "neg (negotiator) may not policy.set" err &&
	expect_written before 1 0 &&
	as neg exchange policy >list &&
	expect_grep "convicted_given *block *(warn by default)" list &&
	expect_grep "under_proceedings *off" list
'

test_expect_success 'check: a list longer than its terms; a person named in the terms and on no list' '
	as neg exchange new --title Шостий --formula "receive 2; give 1 and R-000011" >/dev/null &&
	as neg exchange add E-0006 U-000012 U-000013 >/dev/null &&
	as neg exchange terms E-0006 "receive 1; give 1 and R-000011" >/dev/null &&
	as neg exchange check E-0006 >chk &&
	expect_grep "receive 1.: 2 of 1, 1 more than the terms" chk &&
	expect_grep "R-000011, named in the terms, is not on the list" chk &&
	expect_grep "R-000011.: 0, broken" chk &&
	as neg exchange add E-0006 R-000011 --side give >/dev/null &&
	as neg exchange check E-0006 >chk &&
	expect_grep "R-000011.: 1, holds" chk && expect_no_grep "named in the terms" chk
'

test_expect_success 'lists refuse, each with its reason, writing nothing' '
	parley_state >before &&
	test_must_fail_with 1 as neg exchange add E-0006 U-000014 --list agreed 2>err &&
	expect_grep "E-0006 is draft: persons go on its agreed lists once it is agreed" err &&
	test_must_fail_with 1 as neg exchange add E-0006 U-000012 2>err &&
	expect_grep "U-000012 is on the request list of E-0006 already" err &&
	test_must_fail_with 1 as neg exchange add E-0001 U-000014 2>err &&
	expect_grep "E-0001 is reconciled: its request lists are made before it is carried out" err &&
	test_must_fail_with 1 as neg exchange remove E-0001 U-000001 --list agreed --reason x 2>err &&
	expect_grep "E-0001 is reconciled: its lists are closed" err &&
	test_must_fail_with 1 as neg exchange remove E-0006 U-000014 --reason x 2>err &&
	expect_grep "U-000014 is not on the request list of the receive side of E-0006" err &&
	test_must_fail_with 3 as neg exchange lists E-0099 2>err && expect_grep "no exchange E-0099" err &&
	as neg exchange terms E-0006 "receive 3 where health = healthy" >/dev/null &&
	parley_state >before &&
	test_must_fail_with 1 as neg exchange add E-0006 U-000017 2>err &&
	expect_grep "U-000017 does not go on the list: the terms say .receive 3 where health = healthy. and a value it asks for is not known (health: unknown)" err &&
	test_must_fail_with 1 as neg exchange add E-0006 R-000014 --side give 2>err &&
	expect_grep "E-0006: its terms say nothing of the give side" err &&
	expect_unchanged before
'

test_expect_success 'off an agreed list, a listed person is confirmed again, the reason kept' '
	as neg exchange add E-0002 U-000014 --list agreed >/dev/null &&
	as reg --json person show U-000014 >p.json && test "$(jq -r .status p.json)" = listed &&
	as neg exchange remove E-0002 U-000014 --list agreed --reason "замінено" >/dev/null &&
	as reg --json person show U-000014 >p.json && test "$(jq -r .status p.json)" = confirmed
'

test_expect_success 'a stage names persons of the right side, and only of an agreed exchange' '
	parley_state >before &&
	test_must_fail_with 1 as reg exchange stage E-0006 --date 2024-07-02 --received U-000014 2>err &&
	expect_grep "E-0006 is draft: stages are recorded once it is agreed" err &&
	test_must_fail_with 1 as reg exchange stage E-0002 --date 2024-07-02 --received R-000012 2>err &&
	expect_grep "R-000012 is a detainee: who came to us are captives" err &&
	test_must_fail_with 1 as reg exchange stage E-0002 --date 2024-07-02 --given U-000014 2>err &&
	expect_grep "U-000014 is a captive: whom we hand over are detainees" err &&
	test_must_fail_with 1 as reg exchange stage E-0002 --date 2024-07-02 --given R-000001 2>err &&
	expect_grep "R-000001 is exchanged: only a detainee we hold is handed over" err &&
	test_must_fail_with 1 as reg exchange stage E-0002 --date 2024-07-02 \
		--new "family_name=Чужий;kind=military;side=detainee" 2>err &&
	expect_grep "a person added at the handover is a captive of ours" err &&
	test_must_fail_with 1 as reg exchange stage E-0002 --date 2024-07-02 \
		--new "family_name=Чужий;kind=military;status=confirmed" 2>err &&
	expect_grep "a person added at the handover has no" err &&
	expect_unchanged before
'

test_expect_success 'edit: a changed field is audited, the same value writes nothing, a title is required' '
	parley_state >before &&
	as neg exchange edit E-0006 venue=Женева >/dev/null &&
	expect_written before 1 0 &&
	as neg --json exchange show E-0006 >x.json && test "$(jq -r .venue x.json)" = Женева &&
	parley_state >before &&
	as neg exchange edit E-0006 venue=Женева >/dev/null &&
	as neg exchange terms E-0006 "receive 3 where health = healthy" >/dev/null &&
	test_must_fail_with 1 as neg exchange edit E-0006 title= 2>err &&
	expect_grep "exchange: title: required" err &&
	test_must_fail_with 2 as neg exchange list --status sleeping 2>err &&
	expect_grep "exchange status: .sleeping. is not one of draft, proposed" err &&
	test_must_fail_with 2 as neg exchange status E-0006 sleeping 2>err &&
	expect_grep "exchange status: .sleeping. is not one of draft" err &&
	expect_unchanged before &&
	as neg --json exchange list --status draft >l.json &&
	test "$(jq -r "[.[].ref] | join(\" \")" l.json)" = E-0006 &&
	as neg exchange list >l.txt && expect_grep "E-0001" l.txt && expect_grep "Шостий" l.txt
'

test_expect_success 'an incident may name its exchange; the incidents are listed' '
	parley_state >before &&
	test_must_fail_with 1 as reg exchange incident --kind third_country_transfer --state Румунія \
		2>err &&
	expect_grep "incident: date: required" err &&
	test_must_fail_with 3 as reg exchange incident --kind other --date 2024-07-03 --exchange E-0099 \
		2>err &&
	expect_grep "no exchange E-0099" err &&
	expect_unchanged before &&
	as reg exchange incident --kind other --date 2024-07-03 --exchange E-0002 \
		--note "затримка на кордоні" >/dev/null &&
	as neg --json exchange incident >i.json &&
	test "$(jq length i.json)" = 2 &&
	test "$(jq -r "[.[] | select(.note == \"затримка на кордоні\")][0].kind" i.json)" = other
'

test_expect_success 'reception update: the checklist filled in, audited; the same writes nothing; the arrival stays' '
	parley_state >before &&
	as reg reception update U-000001 --identity-confirmed yes --identity-how "відбитки пальців" \
		>/dev/null &&
	expect_written before 1 0 &&
	as reg --json reception show U-000001 >r.json &&
	test "$(jq -r .identity_how r.json)" = "відбитки пальців" &&
	parley_state >before &&
	as reg reception update U-000001 --identity-confirmed yes >/dev/null &&
	test_must_fail_with 2 as reg reception update U-000001 --arrived "2024-07-01 10:00" 2>err &&
	expect_grep "reception: arrived cannot be changed once set" err &&
	test_must_fail_with 1 as reg reception update U-000004 --meal yes 2>err &&
	expect_grep "U-000004: no arrival recorded" err &&
	test_must_fail_with 3 as reg reception show U-000004 2>err &&
	expect_grep "U-000004: no arrival recorded" err &&
	expect_unchanged before
'

test_expect_success 'reception list: newest arrival first, with what is still open' '
	as reg --json reception list >l.json &&
	test "$(jq -r "[.[].person_ref] | join(\" \")" l.json)" = "U-000005 U-000018 U-000003 U-000002 U-000001" &&
	test "$(jq -r "[.[] | select(.person_ref == \"U-000001\")][0].pending" l.json)" = \
		family_notified,debrief,rehabilitation &&
	test "$(jq -r "[.[] | select(.person_ref == \"U-000002\")][0].pending" l.json)" = \
		meal,triage_health,identity_confirmed,debrief,rehabilitation
'

test_expect_success 'reception and debrief refuse a detainee, a statement about oneself, one not arrived' '
	parley_state >before &&
	test_must_fail_with 1 as reg reception arrive R-000012 --arrived "2024-07-01 10:00" 2>err &&
	expect_grep "R-000012 is a detainee: reception receives ours" err &&
	test_must_fail_with 1 as reg reception debrief U-000001 U-000001 --reliability B \
		--credibility 2 --note "я" 2>err &&
	expect_grep "debrief: a statement is about another captive" err &&
	test_must_fail_with 1 as reg reception debrief U-000001 R-000012 --reliability B \
		--credibility 2 --note "бачив" 2>err &&
	expect_grep "R-000012 is a detainee: a debrief speaks of captives" err &&
	test_must_fail_with 1 as reg reception debrief U-000004 U-000006 --reliability B \
		--credibility 2 --note "бачив" 2>err &&
	expect_grep "U-000004: no arrival recorded: a debrief follows the reception" err &&
	expect_unchanged before
'

test_expect_success 'notify list: who was told, of one captive or of all' '
	as lia --json notify list U-000002 >n.json &&
	test "$(jq length n.json)" = 1 && test "$(jq -r ".[0].via" n.json)" = МКЧХ &&
	as lia --json notify list >all.json && test "$(jq length all.json)" = 1 &&
	as lia --json notify list U-000001 >none.json && test "$(jq length none.json)" = 0
'

test_expect_success 'unknown persons and values that are no values are refused, naming them; nothing written' '
	parley_state >before &&
	test_must_fail_with 3 as reg reception arrive U-099999 --arrived "2024-07-01 10:00" 2>err &&
	expect_grep "U-099999" err &&
	test_must_fail_with 3 as reg reception update U-099999 --meal yes 2>err &&
	expect_grep "U-099999" err &&
	test_must_fail_with 3 as reg reception show U-099999 2>err && expect_grep "U-099999" err &&
	test_must_fail_with 3 as reg reception debrief U-000001 U-099999 --reliability B \
		--credibility 2 --note "бачив" 2>err &&
	expect_grep "U-099999" err &&
	test_must_fail_with 1 as reg reception update U-000001 --meal maybe 2>err &&
	expect_grep "meal" err &&
	test_must_fail_with 1 as neg exchange status E-0006 proposed --date 2024-13-45 2>err &&
	expect_grep "2024-13-45" err &&
	test_must_fail_with 1 as neg exchange terms E-0006 "receive many" 2>err &&
	expect_grep "formula:1:" err &&
	test_must_fail_with 1 as neg exchange mediator E-0006 --name Х --kind spaceship 2>err &&
	expect_grep "spaceship" err &&
	test_must_fail_with 1 as reg exchange incident --kind weather --date 2024-07-03 2>err &&
	expect_grep "weather" err &&
	test_must_fail_with 1 as neg exchange new --title Зайвий --announced-ours багато 2>err &&
	expect_grep "announced_ours" err &&
	expect_unchanged before
'

test_expect_success 'executed: one taken off the agreed list by hand is left as he is; one added on the spot is judged; then reconciled' '
	as reg exchange status E-0002 executed >/dev/null &&
	as reg --json person show U-000014 >p.json && test "$(jq -r .status p.json)" = confirmed &&
	as reg reception arrive U-000019 --arrived "2024-07-01 12:00" --triage-health wounded >/dev/null &&
	as neg --json exchange reconcile E-0002 >rec.json &&
	test "$(jq -r "[.[] | select(.kind == \"agreed_not_came\")] | length" rec.json)" = 0 &&
	test "$(jq -r "[.[] | select(.kind == \"came_not_agreed\") | .ref] | join(\" \")" rec.json)" = \
		U-000019 &&
	test "$(jq -r "[.[] | select(.kind == \"term\" and .side == \"receive\")][0].have" rec.json)" = 1 &&
	as neg exchange status E-0002 reconciled >/dev/null &&
	as neg --json exchange show E-0002 >x.json && test "$(jq -r .status x.json)" = reconciled
'

test_expect_success 'check: an incident of another kind is no warning; a person named and not in the registry' '
	as neg exchange check E-0002 >chk && expect_no_grep "затримка" chk &&
	as neg exchange new --title Сьомий --formula "receive 1; give 1 and R-099999" >/dev/null &&
	as neg exchange check E-0007 >chk &&
	expect_grep "R-099999, named in the terms, is not on the list" chk
'

test_expect_success 'check: terms on a value not recorded say it is not known, naming whose' '
	as neg exchange terms E-0006 "receive 2 where age between 18 and 25" >/dev/null &&
	as neg exchange check E-0006 >chk &&
	expect_grep "receive 2 where age between 18 and 25.: 2 on the list, 0 of them match, of 2: 2 short (some not known)" chk &&
	expect_grep "U-000012 does not match .receive 2 where age between 18 and 25.: age: no birth date" chk &&
	expect_grep "U-000013 does not match .receive 2 where age between 18 and 25.: age: no birth date" chk
'

test_expect_success 'check: an exchange with no terms yet is checked against the policy alone' '
	as neg exchange check E-0005 >chk &&
	expect_no_grep "receive\|give" chk
'

test_expect_success 'the trail verifies' '
	"$PARLEY" audit verify --deep >/dev/null
'

test_done
