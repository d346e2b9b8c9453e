#!/bin/sh
# t1330-small-registry.sh - parley match on a new office's registry of three persons: how
# often values agree by chance comes from a fixed prior where the registry is too small to
# say, so a row agreeing in every field is a match at three persons as at thousands, and the
# summary says which was used (docs/matching.md, Small registries)
: "${PARLEY:?set PARLEY to the parley binary}"
GEN="$(cd "$(dirname "$PARLEY")" && pwd)/bench/gen-lists"
. ./lib.sh
need "$GEN" jq

test_expect_success 'setup: a new office with three persons' '
	setup_office &&
	as reg person add side=captive kind=military family_name=Ковальов given_name=Сергій \
		birth_date=1985-03 >/dev/null &&
	as reg person add side=captive kind=military family_name=Шевчук given_name=Андрій \
		birth_date=1990-01-02 >/dev/null &&
	as reg person add side=captive kind=civilian family_name=Бондар given_name=Олена \
		birth_date=1979 >/dev/null &&
	cat >list.csv <<-EOF
	family_name,given_name,birth_date
	Kovalev,Sergei,1985-03-11
	Petrenko,Ivan,1970
	Sydorenko,Olha,1991-02-02
	EOF
'

test_expect_success 'Kovalev Sergei 1985-03-11 is Ковальов Сергій born 1985-03: a match' '
	as reg match list.csv --json >m.json 2>err &&
	jq -r ".[] | \"\(.row) \(.decision) \(.candidates[0].ref // \"-\")\"" m.json >got &&
	printf "1 match U-000001\n2 none -\n3 none -\n" >want &&
	diff -u want got &&
	jq -r ".[0].candidates[0].score > 0.9" m.json | grep -qx true
'

test_expect_success 'the summary says each field took the prior' '
	grep "^parley: chance agreement from (the registry.s share): family name prior (0.2%)" err &&
	test "$(grep -o " prior (" err | wc -l)" = 5
'

test_expect_success 'match runs shows the match of the saved run' '
	as reg match list.csv --save "first list" >/dev/null 2>&1 &&
	as reg match runs >runs &&
	grep -q "^1  *other_side  *3  *1  *0  *2  *3  *first list" runs
'

test_expect_success 'a stranger sharing the surname alone is no match' '
	printf "family_name,given_name,birth_date\nKovalev,Ivan,1962-07-30\n" >stranger.csv &&
	as reg match stranger.csv --json >s.json 2>/dev/null &&
	jq -r ".[0].decision" s.json >d && test "$(cat d)" = none
'

# the same three persons among 3,000 more: the registry is large enough to say half and
# more of u; the row is a match all the same
test_expect_success 'among 3,000 persons more the row is still a match, by a blend' '
	"$GEN" --registry 3000 --list 400 --seed 1330 --out-registry reg.csv --out-list l.csv \
		--out-truth t.csv 2>/dev/null &&
	as reg import reg.csv >/dev/null &&
	as reg match list.csv --json >m.json 2>err &&
	jq -r ".[0] | \"\(.decision) \(.candidates[0].ref)\"" m.json >got &&
	echo "match U-000001" >want &&
	diff -u want got &&
	grep "^parley: chance agreement from (the registry.s share): family name blend (75" err
'

test_expect_success 'a generated list against them: from 0.5 a row is a match, below 0.2 none' '
	as reg match l.csv --json >g.json 2>/dev/null &&
	jq -r ".[] | [.decision, (.candidates[0].score // 0)] | @tsv" g.json >dec &&
	awk -F "\t" "\$2 >= 0.5 && \$2 < 0.9 && \$1 == \"match\"" dec >mid &&
	test "$(wc -l <mid)" -ge 1 &&
	! awk -F "\t" "\$2 < 0.2 && \$1 != \"none\"" dec | grep -q .
'

test_done
