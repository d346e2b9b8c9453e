#!/bin/sh
# t1200-search.sh - parley search: a person by any spelling of the name (Cyrillic,
# Latin by any system, swapped, typos), the index following every write, bad input,
# who may search
. ./lib.sh
need sqlite3

test_expect_success 'setup' '
	setup_office &&
	as reg person add side=captive kind=military family_name=Ковальов given_name=Сергій \
		patronymic=Іванович birth_date=1985-03-02 >/dev/null &&
	as reg person add side=captive kind=military family_name=Ковальчук given_name=Сергій \
		>/dev/null &&
	as reg person add side=captive kind=military family_name=Ковальов given_name=Семен \
		>/dev/null &&
	as reg person add side=captive kind=military family_name=Ковальов given_name=Сергій \
		patronymic=Петрович birth_date=1990-07-01 >/dev/null &&
	as reg person add side=detainee kind=military family_name=Воробьёв given_name=Алексей \
		patronymic=Николаевич >/dev/null
'

# first REF of a search; the refs in order. Each fails when the search fails, so call
# them as x=$(first ...) && test "$x" = ...
first() { # as ${who:-lia}
	as "${who:-lia}" search --json "$@" >first.json &&
	sed -n "s/.*\"ref\":\"\([^\"]*\)\".*/\1/p" first.json >first.refs &&
	head -n 1 first.refs
}
refs() {
	as lia search "$@" >refs.out &&
	awk "NR > 1 && /^[UR]-/ { print \$1 }" refs.out | tr "\n" " "
}

# both Сергій Ковальов (U-1, U-4) above Ковальчук (U-2) and Семен (U-3)
ranked_right() {
	got=$(refs "$@") || return 1
	case "$got" in
	"U-000001 U-000004 "*|"U-000004 U-000001 "*) return 0 ;;
	*) echo "ranked: $(refs "$@")" >&2; return 1 ;;
	esac
}

test_expect_success 'SERGEI KOVALEV (ICAO) finds Сергій Ковальов first' '
	ranked_right "SERGEI KOVALEV" && r=$(first SERGEI KOVALEV) && test "$r" = U-000001
'

test_expect_success 'Сергей Ковалёв (Russian) finds Сергій Ковальов first' '
	ranked_right "Сергей Ковалёв"
'

test_expect_success 'the namesakes are found too, after them (the family name weighs most)' '
	refs "Сергей Ковалёв" >out && expect_grep "U-000003 U-000002" out
'

test_expect_success 'swapped family and given name' 'ranked_right "Ковальов Сергій"'
test_expect_success 'Serhii Kovalov (KMU 2010)' 'ranked_right "Serhii Kovalov"'
test_expect_success 'Kovalyov Sergey (BGN-ish)' 'ranked_right "Kovalyov Sergey"'
test_expect_success 'words as separate arguments' 'ranked_right Kovalyov Sergey'
test_expect_success 'a typo: Kovalev Serhi' 'ranked_right "Kovalev Serhi"'
test_expect_success 'a typo in the family name: Kovalv, Ковальвов, Kobalov' '
	r=$(first Kovalv Serhii) && test "$r" = U-000001 &&
	r=$(first Ковальвов) && test "$r" = U-000001 &&
	r=$(first Kobalov) && test "$r" = U-000001
'

test_expect_success '--year puts the one born that year first and leaves out others' '
	r=$(first --year 1990 Sergei Kovalev) && test "$r" = U-000004 &&
	refs --year 1985 Sergei Kovalev >out &&
	expect_grep "^U-000001" out && expect_no_grep "U-000004" out
'

test_expect_success 'a year among the words is the birth year, as --year is' '
	r=$(first Sergei Kovalev 1990) && test "$r" = U-000004 &&
	r=$(first "Ковальов Сергій 1990") && test "$r" = U-000004 &&
	refs "1985 Ковальов Сергій" >out &&
	expect_grep "^U-000001" out && expect_no_grep "U-000004" out &&
	r=$(first --year 1990 Kovalev 1990) && test "$r" = U-000004
'

test_expect_code 2 'two years, or a year that is not --year'"'"'s, are refused' '
	as lia search Kovalev 1985 1990 >out 2>err
' '
	expect_grep "^parley: search: .Kovalev 1985 1990. gives two birth years" err &&
	test ! -s out &&
	test_must_fail_with 2 as lia search --year 1985 Kovalev 1990 >out 2>err &&
	expect_grep "the words give the birth year 1990 and the options 1985" err &&
	test_must_fail_with 2 as lia search 1985 >out 2>err &&
	expect_grep "gives a birth year and no name to search for" err
'

test_expect_success 'a detainee is found by Russian-Latin spellings (by whom may see detainees)' '
	who=neg &&
	r=$(first Vorobyov Aleksei) && test "$r" = R-000001 &&
	r=$(first VOROBEV ALEKSEI) && test "$r" = R-000001 &&
	r=$(first --side detainee Vorobiov) && test "$r" = R-000001 &&
	r=$(first --side captive Vorobiov) && test -z "$r" &&
	who=lia && r=$(first Vorobyov Aleksei) && test "$r" != R-000001
'

test_expect_success '--json gives ref, score and the fields of person list' '
	as lia search --json "Serhii Kovalov" >out &&
	expect_grep "\"ref\":\"U-000001\"" out &&
	expect_grep "\"score\":1" out &&
	expect_grep "\"family_name\":\"Ковальов\"" out &&
	expect_grep "\"status\":\"missing\"" out
'

test_expect_success 'the index follows edits: the new name is found, the old is not' '
	as reg person edit U-000003 family_name=Шевчук --reason "spelling" >/dev/null &&
	r=$(first Shevchuk Semen) && test "$r" = U-000003 &&
	refs Kovalov >out && expect_no_grep "U-000003" out
'

test_expect_success 'imported persons are found' '
	printf "side,kind,family_name,given_name,birth_date\ncaptive,military,Щербак,Олексій,1979\n" \
		>in.csv &&
	as reg import in.csv >/dev/null &&
	r=$(first Shcherbak Oleksii) && test "$r" = U-000005 &&
	r=$(first SHHERBAK) && test "$r" = U-000005
'

test_expect_success 'the file stays sound: audit verify --deep' '
	as aud audit verify --deep
'

test_expect_success 'a stale index is rebuilt by the next search, or by --reindex' '
	sqlite3 "$PARLEY_DB" "DELETE FROM name_index; UPDATE meta SET value = 0 WHERE key = \"name_keys.version\"" &&
	as lia search Kovalov >out && expect_grep "Ковальов" out &&
	sqlite3 "$PARLEY_DB" "DELETE FROM name_index; UPDATE meta SET value = 0 WHERE key = \"name_keys.version\"" &&
	as reg search --reindex >out && expect_grep "6 persons" out &&
	r=$(first Kovalov Serhii) && test "$r" = U-000001
'

test_expect_code 2 'an empty query is refused' 'as lia search "" >out 2>err' '
	expect_grep "search: give a name to search for" err && test ! -s out
'
test_expect_code 2 'no query at all is refused' 'as lia search >out 2>err' '
	expect_grep "search: give a name, e.g." err && test ! -s out
'
test_expect_code 2 'a query of punctuation only is refused' 'as lia search ", . -" >out 2>err' '
	expect_grep "search: .,  *\.  *-. has no letters to search for" err && test ! -s out
'
test_expect_code 2 '... also after --, where a query may start with a dash' '
	as lia search -- "-- ," >out 2>err
' '
	expect_grep "search: .-- ,. has no letters to search for" err && test ! -s out
'
test_expect_code 1 'invalid UTF-8 is refused' 'as lia search "$(printf "\\377abc")" >out 2>err' '
	expect_grep "search: invalid UTF-8 at byte 1" err && test ! -s out
'
test_expect_code 2 '--year abc is refused' 'as lia search --year abc Kovalov >out 2>err' '
	expect_grep "^parley: --year: .abc. is not a year" err && test ! -s out
'
test_expect_code 2 '--side other is refused' 'as lia search --side other Kovalov >out 2>err' '
	expect_grep "^parley: side: .other. is not one of captive, detainee" err && test ! -s out
'
test_expect_code 2 '--limit 0 is refused' 'as lia search --limit 0 Kovalov >out 2>err' '
	expect_grep "^parley: --limit: give a number" err && test ! -s out
'

test_expect_success '--limit cuts the list' '
	refs --limit 1 Kovalov >r && test "$(wc -w <r)" = 1
'

test_expect_code 4 'an analyst may not search; the refusal alone is audited' '
	parley_state >before &&
	as ana search Kovalov >out 2>err
' '
	expect_grep "permission denied: ana (analyst) may not person.list" err && test ! -s out &&
	expect_denied_only before ana person.list
'
test_expect_success 'a liaison, a negotiator and the head may' '
	as lia search Kovalov >/dev/null && as neg search Kovalov >/dev/null &&
	as head search Kovalov >/dev/null
'
test_expect_code 4 'an analyst (no person.list) may not rebuild the index' '
	parley_state >before &&
	as ana search --reindex >out 2>err
' '
	expect_grep "permission denied: ana (analyst) may not person.list" err && test ! -s out &&
	expect_denied_only before ana person.list
'

# last: it adds a person
test_expect_success 'Latin ts is т then с: Krasnokutskyi, KRASNOKUTSKII, Krasnokuts’kiy find Краснокутський' '
	as reg person add side=captive kind=military family_name=Краснокутський given_name=Олег \
		>kr.ref &&
	kr=$(cat kr.ref) &&
	for q in Krasnokutskyi KRASNOKUTSKII "Krasnokuts’kiy" "Krasnokuts\`kij" Краснокутский; do
		r=$(first "$q") && test "$r" = "$kr" || { echo "$q: $r"; exit 1; }
	done
'

test_expect_success 'initials: the first is the given name'"'"'s, the second the patronymic'"'"'s; agreeing ranks above' '
	as reg person add side=captive kind=military family_name=Ковальов given_name=Богдан \
		patronymic=Іванович >bo.ref &&
	bo=$(cat bo.ref) &&
	for q in "Ковальов С.І." "Ковалев С. И." "KOVALOV S. I." "С.І. Ковальов"; do
		r=$(first "$q") && test "$r" = U-000001 || { echo "$q: $r"; exit 1; }
		jq -r ".[1].score < .[0].score" first.json | grep -qx true || { echo "$q: a tie"; exit 1; }
	done &&
	r=$(first "Kovalov S. P.") && test "$r" = U-000004 &&
	refs "Ковальов С." >out &&
	case $(cat out) in *"$bo"*) ;; *) echo "Богдан not found"; exit 1 ;; esac &&
	test "$(jq -r ".[] | select(.ref == \"$bo\") | .score" first.json)" != x &&
	as lia search --json "Ковальов С." >s.json &&
	bscore=$(jq -r ".[] | select(.ref == \"$bo\") | .score" s.json) &&
	sscore=$(jq -r ".[] | select(.ref == \"U-000001\") | .score" s.json) &&
	awk -v b="$bscore" -v s="$sscore" "BEGIN { exit !(s > b) }" &&
	r=$(first "Ковальов Сергій П.") && test "$r" = U-000004
'

test_expect_success 'a lone initial on the patronymic counts, for less than on the given name' '
	as reg person add side=captive kind=military family_name=Ковальов given_name=Богдан \
		patronymic=Сергійович >bs.ref &&
	bs=$(cat bs.ref) && bo=$(cat bo.ref) &&
	as lia search --json "Ковальов С." >s.json &&
	sc() { jq -r ".[] | select(.ref == \"$1\") | .score" s.json; } &&
	awk -v s="$(sc U-000001)" -v bs="$(sc "$bs")" -v bo="$(sc "$bo")" \
		"BEGIN { exit !(s > bs && bs > bo) }"
'

test_done
