#!/bin/sh
# t1220-ties.sh - equal scores in parley search and parley match: one rank, shown as a tie,
# ordered by the fields agreeing, then by the latest evidence, then by reference; a tie at
# the top of a row is never a match (docs/matching.md, Ties)
. ./lib.sh
need jq

# U-1 is Ковальов Петро known also as Сергій: the query Ковальов Сергій scores 1 on him
# as on the twins U-2 and U-3, with one part of his name agreeing where theirs have two;
# imported first, so that the reference alone would put him first
test_expect_success 'setup: a Ковальов known also as Сергій, twins Ковальов Сергій, a Семен' '
	setup_office &&
	as reg person add side=captive kind=military family_name=Ковальов other_names=Сергій \
		given_name=Петро >/dev/null &&
	as reg person add side=captive kind=military family_name=Ковальов given_name=Сергій \
		birth_date=1985-03-02 >/dev/null &&
	as reg person add side=captive kind=military family_name=Ковальов given_name=Сергій \
		birth_date=1985-03-02 >/dev/null &&
	as reg person add side=captive kind=military family_name=Ковальов given_name=Семен \
		>/dev/null
'

# "REF RANK" of a search, one line each
ranks() {
	as lia search --json "$@" >s.json &&
	jq -r ".[] | \"\(.ref) \(.rank)\"" s.json
}

test_expect_success 'search: equal scores share rank 1, the next score ranks 4' '
	ranks Ковальов Сергій >got &&
	cat >want <<-EOF &&
	U-000002 1
	U-000003 1
	U-000001 1
	U-000004 4
	EOF
	diff -u want got &&
	jq -r ".[] | .tied" s.json | tr "\n" " " >tied &&
	test "$(cat tied)" = "true true true false "
'

test_expect_success 'search: the table marks a tie with = in its RANK column' '
	as lia search Ковальов Сергій >out &&
	head -1 out | grep -q "^REF  *RANK  *SCORE" &&
	grep -q "^U-000002  *1=  *1.00" out &&
	grep -q "^U-000001  *1=  *1.00" out &&
	grep -q "^U-000004  *4  *0" out
'

test_expect_success 'search: more parts agreeing first, whatever the reference says' '
	jq -r ".[] | select(.tied) | \"\(.ref) \(.agreeing)\"" s.json >got &&
	printf "U-000002 2\nU-000003 2\nU-000001 1\n" >want &&
	diff -u want got
'

test_expect_success 'match: tied twins, never a match, even from 0.3; the reference orders them' '
	printf "family_name,given_name,birth_date\nKovalev,Sergei,02.03.1985\n" >list.csv &&
	as lia match list.csv --match-at 0.3 --json >m.json 2>err &&
	jq -r ".[0].decision" m.json >d && test "$(cat d)" = possible &&
	jq -r ".[0].candidates[] | \"\(.ref) \(.rank)\"" m.json >got &&
	printf "U-000002 1\nU-000003 1\n" >want &&
	diff -u want got &&
	jq -r ".[0].candidates[0].score == .[0].candidates[1].score" m.json | grep -qx true &&
	as lia match list.csv >table 2>/dev/null &&
	grep -q "possible U-000002 .*tied with U-000003" table
'

test_expect_success 'match: a clear first candidate alone ranks 1 and is a match' '
	printf "family_name,given_name\nKovalev,Semen\n" >semen.csv &&
	as lia match semen.csv --json >s.json 2>/dev/null &&
	jq -r ".[0] | \"\(.decision) \(.candidates[0].ref) \(.candidates[0].rank)\"" s.json >got &&
	echo "match U-000004 1" >want &&
	diff -u want got
'

test_expect_success 'the latest evidence orders a tie: later first, none last' '
	as reg person evidence U-000002 photo --source "photo from a channel" --grade C3 \
		--date 2023-01-10 >/dev/null &&
	as reg person evidence U-000003 returnee_testimony --source "debrief" --grade B2 \
		--date 2024-05 >/dev/null &&
	ranks Ковальов Сергій >got &&
	printf "U-000003 1\nU-000002 1\nU-000001 1\nU-000004 4\n" >want &&
	diff -u want got &&
	jq -r ".[0].latest_evidence, .[1].latest_evidence" s.json | tr "\n" " " >ev &&
	test "$(cat ev)" = "2024-05 2023-01-10 " &&
	as lia match list.csv --json >m.json 2>/dev/null &&
	jq -r ".[0].candidates[] | \"\(.ref) \(.rank) \(.latest_evidence)\"" m.json >got &&
	printf "U-000003 1 2024-05\nU-000002 1 2023-01-10\n" >want &&
	diff -u want got
'

test_expect_success 'fields agreeing come before evidence: newer evidence on U-1 does not lift it' '
	as reg person evidence U-000001 document --source "a letter" --grade B2 \
		--date 2025-01-01 >/dev/null &&
	ranks Ковальов Сергій >got &&
	printf "U-000003 1\nU-000002 1\nU-000001 1\nU-000004 4\n" >want &&
	diff -u want got
'

test_expect_success 'a hit without a tie says nothing of its evidence' '
	as reg person evidence U-000004 document --source "a letter" --grade B2 \
		--date 2025-02-01 >/dev/null &&
	as lia search --json Ковальов Семен >s.json &&
	jq -r ".[0] | \"\(.ref) \(.rank) \(.tied) \(.latest_evidence)\"" s.json >got &&
	echo "U-000004 1 false null" >want &&
	diff -u want got
'

test_done
