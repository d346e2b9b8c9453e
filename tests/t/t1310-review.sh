#!/bin/sh
# t1310-review.sh - parley match runs and parley match review: the saved runs, their pending
# possible rows with candidates and explanations, accepting and rejecting rows, the list as
# evidence; bad input writes nothing
#
# Until parley match FILE --save exists, runs are saved by the unit test program u-review
# (tests/unit/u-review.c --seed), built next to parley.
. ./lib.sh
need sqlite3

U_REVIEW="$(dirname "$PARLEY")/tests/u-review"
sq() { sqlite3 "$PARLEY_DB" "$1"; }

# seed LOGIN LABEL SOURCE LIST_DATE < rows.tsv: saves a run, prints its number
seed() {
	"$U_REVIEW" --seed "$PARLEY_DB" "$@"
}

tab=$(printf '\t')

test_expect_success 'setup: an office, five persons, a list of the other side saved as run 1' '
	test -x "$U_REVIEW" &&
	setup_office &&
	as reg person add side=captive kind=military family_name=Ковальов given_name=Сергій \
		birth_date=1985-03-02 >/dev/null &&
	as reg person add side=captive kind=civilian family_name=Мельник given_name=Ольга >/dev/null &&
	as reg person add side=captive kind=civilian family_name=Мельник given_name=Олена >/dev/null &&
	as reg person add side=captive kind=military family_name=Шевченко given_name=Тарас >/dev/null &&
	as reg person add side=detainee kind=military family_name=Иванов given_name=Пётр >/dev/null &&
	sed "s/|/$tab/g" >list.tsv <<-EOF &&
	1|match|Ковалёв|Сергей|Иванович|02.03.1985|в/ч 12345|U-000001:0.98
	2|possible|Мельник|Ольга|-|-|-|U-000002:0.61,U-000003:0.42
	3|none|Неизвестный|-|-|-|-|-
	4|possible|Шевченко|Тарас|-|-|-|U-000004:0.55
	5|match|Мельник|Олена|-|-|-|U-000003:0.93
	EOF
	seed reg "список 31.05" other_side 31.05.2024 <list.tsv >run &&
	test "$(cat run)" = 1
'

test_expect_success 'match runs lists the run with its counts' '
	as reg match runs >out &&
	expect_grep "^1 *2024-05-31 *other_side *5 *2 *2 *1 *5 *список 31.05" out &&
	expect_grep "(1 run)" out
'

test_expect_success 'match runs --json' '
	as head match runs --json >out &&
	expect_grep "\"run\":1" out && expect_grep "\"label\":\"список 31.05\"" out &&
	expect_grep "\"list_date\":\"2024-05-31\"" out && expect_grep "\"pending\":5" out &&
	expect_grep "\"match\":2" out && expect_grep "\"possible\":2" out
'

test_expect_success 'match review RUN shows the pending possible rows with their candidates' '
	as reg match review 1 >out &&
	expect_grep "^match run 1: список 31.05 of 2024-05-31 (other_side" out &&
	expect_grep "^row 2 (line 3)  possible  pending" out &&
	expect_grep "^row 4 (line 5)  possible  pending" out &&
	expect_no_grep "^row 1 " out && expect_no_grep "^row 3 " out && expect_no_grep "^row 5 " out &&
	expect_grep "as listed: Мельник Ольга" out &&
	expect_grep "1. U-000002 *score 0.610  Мельник Ольга" out &&
	expect_grep "2. U-000003 *score 0.420  Мельник Олена" out
'

test_expect_success 'each candidate comes with its per-field explanation' '
	expect_grep "family name *+5.25  same name in another script" out &&
	expect_grep "given name *+3.50  same name" out &&
	expect_grep "born *-  not compared" out
'

test_expect_success 'match review RUN --json, --all, --row' '
	as reg match review 1 --json >out &&
	test "$(grep -c "\"row\":" out)" = 2 &&
	expect_grep "\"explain\":\"same name in another script\"" out &&
	expect_grep "\"decision\":\"possible\"" out &&
	as reg match review 1 --all --json >out && test "$(grep -c "\"row\":" out)" = 5 &&
	as reg match review 1 --row 3 >out && expect_grep "^row 3 (line 4)  none  pending" out &&
	expect_grep "as listed: Неизвестный" out
'

test_expect_code 3 'a row that is not there is not found, and nothing is printed' '
	as reg match review 1 --row 9 >out 2>err
' '
	expect_grep "match run 1 has no row 9" err && test ! -s out
'

test_expect_code 3 '... also in JSON' '
	as reg match review 1 --row 9 --json >out 2>err
' '
	expect_grep "match run 1 has no row 9" err && test ! -s out
'

test_expect_code 3 'a run that is not there is not found' '
	as reg match review 9 >out 2>err
' '
	expect_grep "run 9" err && test ! -s out
'

for bad in "x" "0" "1 --accept abc" "1 --accept 2=" "1 --accept -2" "1 --reject 2=U-000002" \
	"1 --accept 2 --reject 2" "1 --evidence" "1 --note x" "1 --all --accept 2" \
	"1 --accept 2 --reliability A" "1 --accept 2=drop" "1 --row x"; do
	test_expect_code 2 "usage: match review $bad says why and writes nothing" "
		parley_state >before &&
		as reg match review $bad >out 2>err
	" '
		expect_grep "^parley: ." err && test ! -s out && expect_unchanged before
	'
done

test_expect_code 3 'an unknown row refuses every decision given with it' '
	parley_state >before &&
	as reg match review 1 --accept 2 --reject 99 >out 2>err
' '
	expect_grep "no row 99" err && test ! -s out && expect_unchanged before
'

test_expect_code 3 'an unknown person is not found' '
	parley_state >before &&
	as reg match review 1 --accept 2=U-999999 >out 2>err
' '
	expect_grep "U-999999" err && test ! -s out && expect_unchanged before
'

test_expect_code 1 'a row without a candidate needs a person named' '
	parley_state >before &&
	as reg match review 1 --accept 3 >out 2>err
' '
	expect_grep "row 3 has no candidate: name the person to accept (--accept ROW=REF names the person)" err && test ! -s out && expect_unchanged before
'

test_expect_code 1 'a grade out of range is bad data' '
	parley_state >before &&
	as reg match review 1 --accept 2 --evidence --reliability Z >out 2>err
' '
	expect_grep "reliability: .Z. is not one of A, B, C, D, E, F" err && test ! -s out &&
	expect_unchanged before
'

test_expect_code 1 'a note with control characters is refused' '
	parley_state >before &&
	as reg match review 1 --accept 2 --note "$(printf "a\\033[2Jb")" >out 2>err
' '
	expect_grep "control character" err && test ! -s out && expect_unchanged before
'

test_expect_code 4 'a liaison may not review; the refusal alone is recorded' '
	parley_state >before &&
	as lia match review 1 --accept 2 >out 2>err
' '
	expect_grep "permission denied: lia (liaison) may not match.review" err && test ! -s out &&
	expect_denied_only before lia match.review
'

test_expect_code 4 'a negotiator may not list runs' '
	parley_state >before &&
	as neg match runs >out 2>err
' '
	expect_grep "permission denied: neg (negotiator) may not match.review" err && test ! -s out &&
	expect_denied_only before neg match.review
'

test_expect_success 'accept a candidate, reject a row, confirm the matches, with evidence' '
	as reg match review 1 --accept 2=U-000003 --reject 4 --accept-matches --evidence \
		--note "перевірено за фото" >out &&
	expect_grep "3 accepted (3 with the list added as evidence), 1 rejected" out &&
	test "$(sq "SELECT review, person_id FROM match_rows WHERE run_id = 1 ORDER BY list_row" |
		tr "\n" " ")" = "accepted|1 accepted|3 pending| rejected| accepted|3 "
'

test_expect_success 'the evidence names the list, its date and row, graded C3 by default' '
	as reg person show U-000001 --json >out &&
	expect_grep "\"kind\": \"other_side_list\"" out &&
	test "$(sq "SELECT source FROM evidence WHERE person_id = 1")" = \
		"other side'"'"'s list \"список 31.05\" of 2024-05-31, row 1" &&
	expect_grep "\"date\": \"2024-05-31\"" out &&
	expect_grep "\"reliability\": \"C\"" out && expect_grep "\"credibility\": \"3\"" out &&
	expect_grep "as listed: Ковалёв Сергей Иванович, born 02.03.1985, unit в/ч 12345" out &&
	expect_grep "перевірено за фото" out &&
	test "$(sq "SELECT count(*) FROM evidence WHERE person_id = 3")" = 2
'

test_expect_success 'decided rows show who decided them' '
	as reg match review 1 --all >out &&
	expect_grep "accepted: U-000003 by reg" out && expect_grep "rejected by reg" out &&
	expect_grep "note: перевірено за фото" out &&
	as reg match runs --json >out && expect_grep "\"pending\":1" out &&
	expect_grep "\"accepted\":3" out && expect_grep "\"rejected\":1" out
'

test_expect_success 'with nothing pending and possible, review says so' '
	as reg match review 1 >out && expect_grep "(no pending possible rows)" out
'

test_expect_code 1 'a row is decided once' '
	parley_state >before &&
	as reg match review 1 --reject 2 >out 2>err
' '
	expect_grep "accepted already" err && test ! -s out && expect_unchanged before
'

test_expect_success 'the head links a row to any person, without evidence' '
	as head match review 1 --accept 3=U-000004 --json >out &&
	expect_grep "\"accepted\":1" out && expect_grep "\"evidence\":0" out &&
	test "$(sq "SELECT person_id FROM match_rows WHERE run_id = 1 AND list_row = 3")" = 4
'

test_expect_success 'an ICRC list adds icrc_notification evidence with the grade given' '
	printf "1\tmatch\tShevchenko\tTaras\t-\t-\t-\tU-000004:0.95\n" >icrc.tsv &&
	test "$(seed reg "ICRC 2024-06" icrc 2024-06 <icrc.tsv)" = 2 &&
	as reg match review 2 --accept-matches --evidence --reliability a --credibility 1 >out &&
	expect_grep "1 accepted" out &&
	test "$(sq "SELECT kind || \" \" || reliability || credibility FROM evidence ORDER BY id DESC LIMIT 1")" = \
		"icrc_notification A1"
'

test_expect_success 'setup: a run whose candidate is then merged into another person' '
	printf "1\tpossible\tМельник\tОльга\t-\t-\t-\tU-000002:0.7\n" >m.tsv &&
	seed reg "third" mediator - <m.tsv >run &&
	test "$(cat run)" = 3 &&
	as reg person merge U-000003 U-000002 --reason "одна особа" >/dev/null &&
	as reg match review 3 >out && expect_grep "merged into U-000003" out
'

test_expect_code 1 'a person merged away is not linked; the message names the person kept' '
	parley_state >before &&
	as reg match review 3 --accept 1 >out 2>err
' '
	expect_grep "merged into U-000003" err && test ! -s out && expect_unchanged before
'

test_expect_success '... who may be named instead' '
	as reg match review 3 --accept 1=U-000003 >out &&
	expect_grep "1 accepted" out
'

test_expect_success 'every write is audited and verifies deep' '
	test "$(sq "SELECT count(*) FROM audit WHERE action = \"match.save\"")" = \
		"$(sq "SELECT (SELECT count(*) FROM match_runs) + (SELECT count(*) FROM match_rows)")" &&
	test "$(sq "SELECT count(*) FROM audit WHERE action = \"match.evidence\"")" = 4 &&
	"$PARLEY" audit verify --deep >out && expect_grep "intact" out
'

test_expect_code 5 'a decision changed behind parley'"'"'s back is found' '
	sq "UPDATE match_rows SET person_id = 2 WHERE run_id = 1 AND list_row = 1" &&
	"$PARLEY" audit verify --deep >out 2>err
' '
	expect_grep "match_rows row 1 was changed" err && test ! -s out
'

test_done
