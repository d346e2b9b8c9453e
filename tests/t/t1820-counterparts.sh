#!/bin/sh
# t1820-counterparts.sh - the other side's negotiators found by any spelling of their name
# or alias (Sergei Kovalev = Сергей Ковалёв = Сергій Ковальов), their MICE profiles (history
# kept, the latest shown, written by psychologists only, every read audited, a registrar
# refused and audited), and pressure incidents (a liaison records and reads its own, another
# liaison none of them, negotiators and the head all; a relative by name, never the
# contacts; references of what a role may not see refused by their shape)
. ./lib.sh
need jq

PROFILE='--money low --money-confidence medium --ideology high --ideology-confidence high
--compromise none --compromise-confidence low --ego high --ego-confidence medium'
# the day after tomorrow (UTC, as parley's today): in the future
LATER=$(date -u -d "+2 days" +%Y-%m-%d)

test_expect_success 'setup: an office, a captive with a mother, a detainee, a negotiation' '
	setup_office &&
	as adm account add lia2 --role liaison --os-user "$ME" >/dev/null &&
	as reg person add side=captive kind=military family_name=Коваль given_name=Іван >/dev/null &&
	as reg person add side=captive kind=military family_name=Шевчук >/dev/null &&
	as reg person add side=detainee kind=military family_name=Иванов >/dev/null &&
	as lia relative add U-000001 --name "Марія Коваль" --relation mother \
		--contacts "+380501112233" >/dev/null &&
	as neg negotiation new --title "Стамбульський канал" >/dev/null
'

# --- counterparts ------------------------------------------------------------------------

test_expect_success 'a negotiator and a psychologist add counterparts, numbered C-0001 on' '
	as neg counterpart add --name "Сергей Ковалёв" --alias Серый \
		--organisation "МО РФ" --role "head of delegation" >out1 &&
	as psy counterpart add --name "Ivan Kovalenko" >out2 &&
	as neg counterpart add --name "Олександр Мельник" >out3 &&
	as head counterpart add --name "Сергей Петров" >out4 &&
	test "$(cat out1 out2 out3 out4 | tr "\n" " ")" = "C-0001 C-0002 C-0003 C-0004 "
'

# first REF QUERY...: the best counterpart the query finds is REF (its score in found)
first() {
	want=$1
	shift
	as neg --json counterpart list "$@" >found || return 1
	test "$(jq -r ".[0].ref" found)" = "$want" || { cat found >&2; return 1; }
}

test_expect_success 'named in Russian, found by the Latin, Russian and Ukrainian spellings' '
	first C-0001 Sergei Kovalev &&
	test "$(jq -r ".[0].score" found)" = 1 &&
	first C-0001 Сергей Ковалёв &&
	first C-0001 Сергій Ковальов &&
	test "$(jq -r ".[0].score" found)" = 1 &&
	first C-0001 Kovalev Sergei
'

test_expect_success 'named in Latin letters, found by the three spellings' '
	as neg counterpart edit C-0001 --name "Sergei Kovalev" >/dev/null &&
	first C-0001 Sergei Kovalev &&
	first C-0001 Сергей Ковалёв &&
	first C-0001 Сергій Ковальов
'

test_expect_success 'named in Ukrainian, found by the three spellings' '
	as neg counterpart edit C-0001 --name "Сергій Ковальов" >/dev/null &&
	first C-0001 Sergei Kovalev &&
	first C-0001 Сергей Ковалёв &&
	first C-0001 Сергій Ковальов
'

test_expect_success 'an alias is found too, in either script' '
	first C-0001 Серый &&
	first C-0001 Seryi
'

test_expect_success 'a given name finds its pet forms and the other language (Sasha, Олександр)' '
	as neg --json counterpart list Sasha >found &&
	test "$(jq -r ".[0].ref" found)" = C-0003 &&
	first C-0003 Олександр Мельник &&
	first C-0003 Aleksandr Melnik
'

test_expect_success 'another surname is not taken for it (Kovalenko is no Kovalev)' '
	as neg --json counterpart list Kovalev >found &&
	test "$(jq -r "[.[].ref] | join(\" \")" found)" = C-0001 &&
	as neg --json counterpart list Sergei Kovalev >found &&
	test "$(jq -r "[.[].ref] | join(\" \")" found)" = "C-0001 C-0004" &&
	test "$(jq -r ".[1].score < 1" found)" = true
'

test_expect_success 'the list without a query: every counterpart, in order, with the record' '
	as psy counterpart list >out &&
	expect_grep "(4 counterparts)" out &&
	expect_grep "^C-0001 .*Сергій Ковальов *Серый *МО РФ" out &&
	as neg --json counterpart list >all.json &&
	test "$(jq -r "[.[].ref] | join(\" \")" all.json)" = "C-0001 C-0002 C-0003 C-0004" &&
	test "$(jq -r ".[0].statements, .[0].promises_broken, .[0].profiled" all.json | tr "\n" " ")" = "0 0  "
'

test_expect_code 2 'a query with no letters is refused, naming it' '
	as neg counterpart list -- "!!!" >out 2>err
' '
	expect_grep "no letters to search for" err &&
	test ! -s out
'

test_expect_code 1 'a counterpart without a name is refused, nothing written' '
	parley_state >before &&
	as neg counterpart add --alias Лис >out 2>err
' '
	expect_grep "counterpart: name: required" err &&
	test ! -s out &&
	expect_unchanged before
'

test_expect_code 2 'an edit of nothing is refused' '
	as neg counterpart edit C-0001 >out 2>err
' '
	expect_grep "say what to change" err &&
	test ! -s out
'

test_expect_code 3 'an edit of a counterpart that does not exist names it, nothing written' '
	parley_state >before &&
	as neg counterpart edit C-0099 --note x >out 2>err
' '
	expect_grep "no counterpart C-0099" err &&
	expect_unchanged before
'

test_expect_code 4 'a registrar may not add a counterpart: refused and audited' '
	parley_state >before &&
	as reg counterpart add --name Тест >out 2>err
' '
	expect_grep "permission denied" err &&
	expect_denied_only before reg counterpart.edit
'

test_expect_code 4 'a liaison may not see counterparts, existing or not' '
	{ as lia counterpart show C-0001 >out1 2>err1 ||
		as lia counterpart show C-0099 >out2 2>err2; }
' '
	cmp err1 err2 &&
	test ! -s out1
'

# --- profiles ----------------------------------------------------------------------------

test_expect_success 'a psychologist profiles a counterpart; the history is kept' '
	as psy profile add C-0001 --assessed 2024-04-30 $PROFILE \
		--ideology-grounds "цитує Дугіна" >out1 &&
	as psy profile add C-0001 --assessed 2024-05-30 $PROFILE --summary "остання оцінка" >out2 &&
	as psy profile add C-0001 --assessed 2024-05-01 $PROFILE --summary "внесена пізніше" >out3 &&
	expect_grep "profile #1 (C-0001)" out1 &&
	expect_grep "profile #3 (C-0001)" out3 &&
	as psy --json profile list C-0001 >all.json &&
	test "$(jq -r "[.[].id] | join(\" \")" all.json)" = "2 3 1" &&
	test "$(jq -r ".[2].ideology_grounds" all.json)" = "цитує Дугіна"
'

test_expect_success 'the latest is the greatest day assessed, not the last recorded' '
	as neg --json profile list C-0001 --latest >latest.json &&
	test "$(jq -r "length, .[0].id, .[0].summary, .[0].author" latest.json | tr "\n" " ")" = \
		"1 2 остання оцінка psy " &&
	as neg --json counterpart show C-0001 >show.json &&
	test "$(jq -r ".profile.id, .profiled" show.json | tr "\n" " ")" = "2 2024-05-30 "
'

test_expect_success 'on the same day, the last recorded is the latest' '
	as psy profile add C-0001 --assessed 2024-05-30 $PROFILE --summary "того ж дня" >/dev/null &&
	as neg --json profile list C-0001 --latest >latest.json &&
	test "$(jq -r ".[0].id, .[0].summary" latest.json | tr "\n" " ")" = "4 того ж дня "
'

test_expect_success 'counterpart show prints the latest profile as a table' '
	as head counterpart show C-0001 >out &&
	expect_grep "profile #4 of C-0001, assessed 2024-05-30 by psy" out &&
	expect_grep "^ideology  *high  *high" out &&
	expect_grep "last profiled  *2024-05-30" out
'

test_expect_success 'every call that shows a profile writes one audit record, naming them' '
	n0=$(audit_count) &&
	as neg profile list C-0001 >/dev/null &&
	n1=$(audit_count) &&
	as psy profile list C-0001 --latest >/dev/null &&
	n2=$(audit_count) &&
	as head counterpart show C-0001 >/dev/null &&
	n3=$(audit_count) &&
	as neg --json counterpart show C-0001 >/dev/null &&
	n4=$(audit_count) &&
	test "$n1 $n2 $n3 $n4" = "$((n0 + 1)) $((n0 + 2)) $((n0 + 3)) $((n0 + 4))" &&
	as aud --json audit log --limit 4 >log.json &&
	test "$(jq -r "[.[] | select(.action == \"profile.read\")] | length" log.json)" = 4 &&
	jq -r ".[].fields" log.json >fields &&
	expect_grep "^profiles=4,2,3,1$" fields &&
	expect_grep "^profiles=4$" fields
'

test_expect_success 'a counterpart with no profile: nothing shown, nothing audited' '
	n0=$(audit_count) &&
	as neg profile list C-0002 >out &&
	expect_grep "C-0002 has no profile" out &&
	test "$(audit_count)" = "$n0"
'

test_expect_code 4 'a registrar may not read a profile: refused and audited' '
	parley_state >before &&
	as reg profile list C-0001 >out 2>err
' '
	expect_grep "permission denied: reg (registrar) may not profile.show" err &&
	test ! -s out &&
	expect_denied_only before reg profile.show
'

test_expect_code 4 'the registrar is refused alike for a counterpart that does not exist' '
	{ as reg profile list C-0001 >out1 2>err1 ||
		as reg profile list C-0099 >out2 2>err2; }
' '
	cmp err1 err2 &&
	test ! -s out2
'

test_expect_code 4 'a negotiator may not add a profile: refused and audited, nothing written' '
	parley_state >before &&
	as neg profile add C-0001 --assessed 2024-06-01 $PROFILE >out 2>err
' '
	expect_grep "may not profile.add" err &&
	expect_denied_only before neg profile.add
'

test_expect_code 4 'nor the head' '
	as head profile add C-0001 --assessed 2024-06-01 $PROFILE >out 2>err
' '
	expect_grep "may not profile.add" err
'

test_expect_code 1 'an assessment dated in the future is refused, nothing written' '
	parley_state >before &&
	as psy profile add C-0001 --assessed "$LATER" $PROFILE >out 2>err
' '
	expect_grep "assessed: $LATER is in the future" err &&
	test ! -s out &&
	expect_unchanged before
'

test_expect_code 1 'a dimension without its confidence is refused, nothing written' '
	parley_state >before &&
	as psy profile add C-0001 --assessed 2024-06-01 --money low --ideology high \
		--compromise none --compromise-confidence low --ego high --ego-confidence medium \
		--ideology-confidence high >out 2>err
' '
	expect_grep "money_confidence: required" err &&
	expect_unchanged before
'

test_expect_code 1 'a rating that is none of none, low, medium, high is refused' '
	parley_state >before &&
	as psy profile add C-0001 --assessed 2024-06-01 --money low --money-confidence low \
		--ideology high --ideology-confidence high --compromise none \
		--compromise-confidence low --ego extreme --ego-confidence medium >out 2>err
' '
	expect_grep "ego: .extreme. is not one of none, low, medium, high" err &&
	expect_unchanged before
'

test_expect_code 3 'a profile of a counterpart that does not exist names it' '
	parley_state >before &&
	as psy profile add C-0099 --assessed 2024-06-01 $PROFILE >out 2>err
' '
	expect_grep "no counterpart C-0099" err &&
	expect_unchanged before
'

# --- pressure incidents ------------------------------------------------------------------

test_expect_success 'a liaison records incidents, one on a mother (by her number)' '
	as lia incident add --occurred 2024-05-02 --kind threat --person U-000001 --relative-id 1 \
		--what "дзвінок з погрозами" --source "мати" >out1 &&
	as lia incident add --occurred 2024-05-03 --kind disinformation \
		--what "угорське коріння" >out2 &&
	as lia2 incident add --occurred 2024-05-04 --kind fraud --what "шахрай-посередник" >out3 &&
	as neg incident add --occurred 2024-05-05 --kind promise --person R-000001 \
		--negotiation N-0001 --what "обіцянка" >out4 &&
	test "$(cat out1 out2 out3 out4 | tr "\n" " ")" = \
		"pressure incident #1 pressure incident #2 pressure incident #3 pressure incident #4 "
'

test_expect_success 'a liaison reads only the incidents it recorded' '
	as lia --json incident list >lia.json &&
	test "$(jq -r "[.[].id] | join(\" \")" lia.json)" = "2 1" &&
	test "$(jq -r ".[1].person, .[1].relative, .[1].author" lia.json | tr "\n" " ")" = \
		"U-000001 Марія Коваль lia " &&
	as lia incident list >lia.txt &&
	expect_grep "(2 incidents)" lia.txt &&
	expect_grep "Марія Коваль" lia.txt
'

test_expect_success 'another liaison sees none of them, whatever it filters on' '
	as lia2 --json incident list >lia2.json &&
	test "$(jq -r "[.[].id] | join(\" \")" lia2.json)" = 3 &&
	as lia2 --json incident list --person U-000001 >lia2p.json &&
	test "$(jq length lia2p.json)" = 0
'

test_expect_success 'negotiators and the head read them all, filtered by person or negotiation' '
	as neg --json incident list >neg.json &&
	test "$(jq -r "[.[].id] | join(\" \")" neg.json)" = "4 3 2 1" &&
	as head --json incident list >head.json &&
	test "$(jq -r "[.[].id] | join(\" \")" head.json)" = "4 3 2 1" &&
	as head --json incident list --person U-000001 >p.json &&
	test "$(jq -r "[.[].id] | join(\" \")" p.json)" = 1 &&
	as neg --json incident list --negotiation N-0001 >n.json &&
	test "$(jq -r "[.[].id] | join(\" \")" n.json)" = 4 &&
	test "$(jq -r ".[0].negotiation, .[0].person" n.json | tr "\n" " ")" = "N-0001 R-000001 "
'

test_expect_success 'the relative is shown by name; the contacts never, in text or JSON' '
	as neg incident list >neg.txt &&
	as head incident list >head.txt &&
	expect_grep "Марія Коваль" neg.txt &&
	for f in out1 lia.json lia.txt lia2.json neg.json head.json p.json neg.txt head.txt; do
		expect_no_grep "380501112233" $f || exit 1
	done
'

test_expect_code 4 'a liaison may not name a detainee: refused by the shape, audited' '
	parley_state >before &&
	as lia incident add --occurred 2024-05-02 --kind threat --person R-000001 --what x >out 2>err
' '
	expect_grep "lia may not see detainees" err &&
	expect_denied_only before lia pressure.add
'

test_expect_code 4 'nor a detainee that does not exist: the same refusal' '
	as lia incident add --occurred 2024-05-02 --kind threat --person R-000099 --what x \
		>out 2>err2
' '
	expect_grep "lia may not see detainees" err2
'

test_expect_code 4 'a liaison may not name a negotiation, existing or not: the same refusal' '
	parley_state >before &&
	{ as lia incident add --occurred 2024-05-02 --kind threat --negotiation N-0001 --what x \
		>out 2>err1 ||
		as lia incident add --occurred 2024-05-02 --kind threat --negotiation N-0099 \
			--what x >out 2>err2; }
' '
	expect_grep "lia may not see negotiations" err1 &&
	cmp err1 err2 &&
	expect_written before 2 0
'

test_expect_code 4 'nor filter its listing by one' '
	as lia incident list --negotiation N-0001 >out 2>err
' '
	expect_grep "lia may not see negotiations" err &&
	test ! -s out
'

test_expect_code 4 'a negotiator may not name a relative (who may not list relatives)' '
	parley_state >before &&
	as neg incident add --occurred 2024-05-02 --kind threat --relative-id 1 --what x >out 2>err
' '
	expect_grep "neg may not see relatives" err &&
	expect_denied_only before neg pressure.add
'

test_expect_code 1 'a relative of another person is refused, as one that does not exist' '
	parley_state >before &&
	{ as lia incident add --occurred 2024-05-02 --kind threat --person U-000002 \
		--relative-id 1 --what x >out 2>err1 ||
		as lia incident add --occurred 2024-05-02 --kind threat --person U-000002 \
			--relative-id 9 --what x >out 2>err2; }
' '
	expect_grep "relative_id: no relative 1 of U-000002" err1 &&
	expect_grep "relative_id: no relative 9 of U-000002" err2 &&
	expect_unchanged before
'

test_expect_code 1 'an incident in the future is refused, nothing written' '
	parley_state >before &&
	as lia incident add --occurred "$LATER" --kind threat --what x >out 2>err
' '
	expect_grep "occurred: $LATER is in the future" err &&
	test ! -s out &&
	expect_unchanged before
'

test_expect_code 1 'an incident without what happened is refused, nothing written' '
	parley_state >before &&
	as lia incident add --occurred 2024-05-02 --kind threat >out 2>err
' '
	expect_grep "what: required" err &&
	expect_unchanged before
'

test_expect_code 1 'a kind that is none of the five is refused' '
	parley_state >before &&
	as lia incident add --occurred 2024-05-02 --kind rumour --what x >out 2>err
' '
	expect_grep "rumour" err &&
	expect_unchanged before
'

test_expect_code 3 'a person or a negotiation that does not exist is named' '
	parley_state >before &&
	{ as neg incident add --occurred 2024-05-02 --kind threat --person U-000099 --what x \
		>out 2>err1 ||
		as neg incident add --occurred 2024-05-02 --kind threat --negotiation N-0099 \
			--what x >out 2>err2; }
' '
	expect_grep "U-000099" err1 &&
	expect_grep "no negotiation N-0099" err2 &&
	expect_unchanged before
'

for who in reg psy ana; do
	test_expect_code 4 "$who may not read pressure incidents: refused and audited" "
		parley_state >before &&
		as $who incident list >out 2>err
	" "
		expect_grep 'may not pressure.show' err &&
		test ! -s out &&
		expect_denied_only before $who pressure.show
	"
done

test_expect_success 'a psychologist sees no count of the ledger in a counterpart`s record' '
	as neg negotiation new --title "Канал" >/dev/null &&
	as neg session add N-0001 --started "2024-05-01 10:00" >/dev/null &&
	as neg statement add S-0001 --said "2024-05-01 10:30" --side theirs --speaker Петров \
		--counterpart C-0001 --kind promise --text "передамо" >/dev/null &&
	as neg --json counterpart show C-0001 >n.json &&
	test "$(jq -r .statements n.json)" = 1 &&
	as psy --json counterpart show C-0001 >p.json &&
	test "$(jq -r ".statements, .promises_kept, .promises_broken" p.json | sort -u)" = null &&
	as psy --json counterpart list >p.json &&
	test "$(jq -r "map(.statements) | unique | .[]" p.json)" = null
'

test_done
