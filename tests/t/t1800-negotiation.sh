#!/bin/sh
# t1800-negotiation.sh - the negotiation desk's channels, rounds and preparation through
# the CLI: a negotiation's lifecycle (every refusal naming the possible statuses, writing
# nothing), the exchanges it led to, sessions numbered by round with the ten-hour warning
# (and the negotiation's own limit), what a psychologist sees of a session, welfare notes
# read by psychologists and the head only and every reading audited, positions whose
# every change is kept, opening lines in order
. ./lib.sh
need jq

test_expect_success 'setup: an office, a captive and a detainee, an exchange' '
	setup_office &&
	as reg person add side=captive kind=military family_name=Ковальов given_name=Сергій \
		status=confirmed >/dev/null &&
	as reg person add side=detainee kind=military family_name=Петров >/dev/null &&
	as neg exchange new --title "Обмін" >/dev/null &&
	as neg exchange new --title "Другий обмін" >/dev/null
'

test_expect_success 'a new negotiation is preparing, direct unless its format is given' '
	as neg negotiation new --title "Стамбульський канал" --format mediator \
		--mediators "Туреччина; ООН" --walk-away "не менше 1 до 1" >ref &&
	test "$(cat ref)" = N-0001 &&
	as neg negotiation new --title "Канал ОАЕ" >ref2 &&
	test "$(cat ref2)" = N-0002 &&
	as neg --json negotiation show N-0001 >n.json &&
	test "$(jq -r .status n.json)" = preparing &&
	test "$(jq -r .format n.json)" = mediator &&
	test "$(jq -r .walk_away n.json)" = "не менше 1 до 1" &&
	as neg --json negotiation show N-0002 >n2.json &&
	test "$(jq -r .format n2.json)" = direct
'

for bad in "1:--format skype:format" "2:--status active:set by" "2:--nosuch x:unknown option --nosuch" \
	"1:--session-hours lots:session_hours"; do
	code=${bad%%:*} bad=${bad#*:}
	test_expect_code "$code" "a new negotiation with ${bad%%:*} is refused, naming it, writing nothing" '
		parley_state >before &&
		as neg negotiation new --title T ${bad%%:*} >out 2>err
	' '
		test ! -s out && expect_grep "${bad#*:}" err && expect_unchanged before
	'
done

test_expect_code 1 'a negotiation without a title is refused, writing nothing' '
	parley_state >before && as neg negotiation new --delegation ФСБ >out 2>err
' '
	expect_grep "title: required" err && expect_unchanged before
'

test_expect_code 1 'preparing cannot be suspended: the refusal names what it may become' '
	parley_state >before && as neg negotiation status N-0001 suspended --reason x 2>err
' '
	expect_grep "preparing cannot become suspended (possible: active, closed)" err &&
	expect_unchanged before
'

test_expect_success 'a negotiation is active, suspended with a reason, active again' '
	as neg negotiation status N-0001 active >out &&
	expect_grep "N-0001 is active" out &&
	test_must_fail_with 2 as neg negotiation status N-0001 suspended &&
	as neg negotiation status N-0001 suspended --reason "обстріл" >/dev/null &&
	as neg --json negotiation show N-0001 >n.json &&
	test "$(jq -r .status_reason n.json)" = "обстріл" &&
	as neg negotiation status N-0001 active >/dev/null &&
	as neg --json negotiation show N-0001 >n.json &&
	test "$(jq -r .status_reason n.json)" = null
'

test_expect_success 'a negotiation leads to exchanges; an exchange comes of one negotiation' '
	as neg negotiation link N-0001 E-0001 --note "домовлено в травні" >out &&
	expect_grep "N-0001 led to E-0001" out &&
	as neg negotiation link N-0001 E-0002 >/dev/null &&
	as neg --json negotiation show N-0001 >n.json &&
	test "$(jq -r .exchanges n.json)" = "E-0001, E-0002" &&
	parley_state >before &&
	test_must_fail_with 1 as neg negotiation link N-0002 E-0001 2>err &&
	expect_grep "E-0001 is already linked to N-0001" err &&
	test_must_fail_with 3 as neg negotiation link N-0001 E-0009 2>err &&
	expect_grep "no exchange E-0009" err &&
	expect_unchanged before
'

test_expect_success 'sessions are numbered by round within their negotiation' '
	as neg session add N-0001 --started "2024-05-17 09:00" --place Стамбул \
		--ours "Олена; Петро" --psychologist Ірина --theirs "Петров" \
		--summary "Обмін списками" --walk-away "не віддавати R-000001" >s1 &&
	test "$(cat s1)" = S-0001 &&
	as neg session add N-0002 --started "2024-05-20 10:00" >s2 &&
	as neg session add N-0001 --started "2024-06-01 10:00" >s3 &&
	test "$(cat s2)" = S-0002 && test "$(cat s3)" = S-0003 &&
	as neg --json session show S-0003 >s.json &&
	test "$(jq -r .number s.json)" = 2 && test "$(jq -r .negotiation s.json)" = N-0001 &&
	as neg --json session list N-0001 >l.json &&
	test "$(jq -r "map(.ref) | join(\",\")" l.json)" = "S-0001,S-0003"
'

test_expect_code 1 'a session cannot end before it began' '
	parley_state >before &&
	as neg session edit S-0001 --ended "2024-05-17 08:59" 2>err
' '
	expect_grep "ended: 2024-05-17T08:59 is before it began (2024-05-17T09:00)" err &&
	expect_unchanged before
'

test_expect_code 3 'a session expects only counterparts that exist' '
	parley_state >before &&
	as neg session add N-0001 --started "2024-07-01 10:00" --counterparts "C-0042" 2>err
' '
	expect_grep "no counterpart C-0042" err && expect_unchanged before
'

test_expect_success 'ten hours exactly is not flagged; a minute more is, on standard error' '
	as neg session edit S-0001 --ended "2024-05-17 19:00" >out 2>err &&
	test "$(cat out)" = S-0001 && test ! -s err &&
	as neg --json session show S-0001 >s.json &&
	test "$(jq -r .minutes s.json)" = 600 && test "$(jq -r .long s.json)" = no &&
	as neg session edit S-0001 --ended "2024-05-17 19:01" >out 2>err &&
	test "$(cat out)" = S-0001 &&
	expect_grep "warning: session S-0001 lasted 10:01, longer than 10 hours" err &&
	as neg --json session show S-0001 >s.json &&
	test "$(jq -r .long s.json)" = yes &&
	as neg session list N-0001 >l.txt &&
	expect_grep "^S-0001 .* 10:01 !" l.txt
'

test_expect_success 'a negotiation sets its own limit: 11 hours, and 10:01 is no longer long' '
	as neg negotiation edit N-0001 --session-hours 11 >/dev/null &&
	as neg --json session show S-0001 >s.json &&
	test "$(jq -r .long s.json)" = no && test "$(jq -r .limit_hours s.json)" = 11 &&
	as neg session edit S-0001 --ended "2024-05-17 20:01" >/dev/null 2>err &&
	expect_grep "longer than 11 hours" err
'

test_expect_success 'a psychologist sees a session`s times and participants, not its substance' '
	as psy --json session show S-0001 >p.json &&
	test "$(jq -r .started p.json)" = 2024-05-17T09:00 &&
	test "$(jq -r .ours p.json)" = "Олена; Петро" &&
	test "$(jq -r .summary p.json)" = null && test "$(jq -r .walk_away p.json)" = null &&
	jq -e ".restricted | index(\"summary\") and index(\"walk_away\")" p.json >/dev/null &&
	as psy session show S-0001 >p.txt &&
	expect_no_grep "Обмін списками" p.txt && expect_no_grep "R-000001" p.txt &&
	as psy session list >/dev/null &&
	test_must_fail_with 4 as psy negotiation show N-0001 &&
	test_must_fail_with 4 as psy position list N-0001
'

test_expect_success 'welfare notes: a psychologist writes them; psychologists and the head read' '
	as psy welfare add S-0001 --negotiator Олена --note "десята година: виснаження" >out &&
	expect_grep "welfare note #1" out &&
	as psy welfare list S-0001 >w.txt && expect_grep "виснаження" w.txt &&
	as head welfare list >w.txt && expect_grep "виснаження" w.txt
'

test_expect_success 'every reading of welfare notes is in the trail, naming the notes read' '
	before=$(audit_count) &&
	as head --json welfare list S-0001 >/dev/null &&
	test "$(audit_count)" = $((before + 1)) &&
	as aud --json audit log --limit 1 >log.json &&
	expect_grep "\"action\":\"welfare.read\"" log.json &&
	expect_grep "\"account\":\"head\"" log.json
'

test_expect_success 'a negotiator may neither read nor write welfare notes (refused, audited)' '
	parley_state >before &&
	test_must_fail_with 4 as neg welfare list S-0001 >out 2>err &&
	test ! -s out && expect_denied_only before neg welfare.show &&
	parley_state >before &&
	test_must_fail_with 4 as neg welfare add S-0001 --negotiator Олена --note x &&
	expect_denied_only before neg welfare.add
'

for who in reg lia ana adm aud; do
	test_expect_success "$who sees no negotiation, session or position (refused, audited)" '
		parley_state >before &&
		test_must_fail_with 4 as $who negotiation list >out 2>err && test ! -s out &&
		expect_denied_only before $who negotiation.show &&
		parley_state >before &&
		test_must_fail_with 4 as $who session show S-0001 >out && test ! -s out &&
		expect_denied_only before $who session.show
	'
done

test_expect_success 'a refusal does not depend on whether the session exists' '
	test_must_fail_with 4 as reg session show S-0001 2>err1 &&
	test_must_fail_with 4 as reg session show S-0999 2>err2 &&
	cmp err1 err2
'

test_expect_success 'a position on a person, a category, a topic; categories are written one way' '
	as neg position set N-0001 --item-kind category --item "Severely-Wounded" \
		--stance not_negotiable --priority 1 >out &&
	expect_grep "^position #1$" out &&
	as neg position set N-0001 --item-kind person --item u-000001 --stance conditional \
		--condition "лише разом з іншими тяжкопораненими" --priority 2 >/dev/null &&
	as neg position set N-0001 --item-kind topic --item "Доступ МКЧХ до табору" \
		--stance ready --concessions "список полонених у таборі" >/dev/null &&
	as neg --json position list N-0001 >p.json &&
	test "$(jq -r "map(.item) | join(\",\")" p.json)" = \
		"severely_wounded,U-000001,Доступ МКЧХ до табору"
'

test_expect_success 'a conditional stance states its condition; no other stance has one' '
	parley_state >before &&
	test_must_fail_with 1 as neg position set N-0001 --item-kind topic --item x \
		--stance conditional 2>err1 &&
	test_must_fail_with 1 as neg position set N-0001 --item-kind topic --item x --stance ready \
		--condition y 2>err2 &&
	expect_grep "a conditional stance needs its condition" err1 &&
	expect_grep "condition: only a conditional stance has one" err2 &&
	expect_unchanged before
'

test_expect_success 'a position on a person names a person of the registry' '
	parley_state >before &&
	test_must_fail_with 3 as neg position set N-0001 --item-kind person --item U-000099 \
		--stance ready 2>err &&
	expect_grep "no person U-000099" err &&
	test_must_fail_with 1 as neg position set N-0001 --item-kind category --item "тяжкі" \
		--stance ready 2>err &&
	expect_grep "a category is a word of letters a-z" err &&
	expect_unchanged before
'

test_expect_success 'a change of a position keeps the old one; what is not given stays' '
	as neg position set N-0001 --item-kind person --item U-000001 --stance ready >out &&
	expect_grep "position #4 (replaces #2)" out &&
	as neg --json position list N-0001 >p.json &&
	test "$(jq -r ".[] | select(.item == \"U-000001\") | .priority" p.json)" = 2 &&
	test "$(jq -r ".[] | select(.item == \"U-000001\") | .condition" p.json)" = null &&
	test "$(jq -r ".[] | select(.item == \"U-000001\") | .versions" p.json)" = 2 &&
	as neg --json position history 4 >h.json &&
	test "$(jq -r "map(.stance) | join(\",\")" h.json)" = conditional,ready &&
	test "$(jq -r ".[0].replaced != null and .[1].replaced == null" h.json)" = true &&
	test "$(jq -r ".[1].replaces" h.json)" = 2
'

test_expect_success 'setting a position to what it is writes nothing' '
	parley_state >before &&
	as neg position set N-0001 --item-kind person --item U-000001 --stance ready >out &&
	expect_grep "position #4" out && expect_unchanged before
'

test_expect_success 'a session`s position on an item stands in for the negotiation`s there' '
	as neg position set N-0001 --session S-0003 --item-kind category --item severely_wounded \
		--stance conditional --condition "10 на 10" >/dev/null &&
	as neg --json position list N-0001 --session S-0003 >p.json &&
	test "$(jq -r ".[] | select(.item == \"severely_wounded\") | .stance" p.json)" = conditional &&
	test "$(jq -r "map(select(.item == \"severely_wounded\")) | length" p.json)" = 1 &&
	as neg --json position list N-0001 >p.json &&
	test "$(jq -r ".[] | select(.item == \"severely_wounded\") | .stance" p.json)" = not_negotiable &&
	test_must_fail_with 1 as neg position list N-0002 --session S-0003 2>err &&
	expect_grep "session S-0003 is not of negotiation N-0002" err
'

test_expect_success 'a withdrawn position leaves the list and stays in the history, once' '
	as neg position drop 3 >out && expect_grep "position #3 withdrawn" out &&
	as neg --json position list N-0001 >p.json &&
	test "$(jq -r "map(select(.id == 3)) | length" p.json)" = 0 &&
	as neg --json position history 3 >h.json && test "$(jq length h.json)" = 1 &&
	parley_state >before &&
	test_must_fail_with 1 as neg position drop 3 2>err &&
	expect_grep "position #3 is no longer in force" err &&
	test_must_fail_with 2 as neg position drop x3 &&
	expect_unchanged before
'

test_expect_success 'opening lines keep their order through additions, moves and drops' '
	as neg opening add N-0001 Ми тут, щоб повернути людей >/dev/null &&
	as neg opening add N-0001 "Почнімо зі списків" >/dev/null &&
	as neg opening add N-0001 "Доброго дня" --at 1 >/dev/null &&
	as neg --json opening list N-0001 >o.json &&
	test "$(jq -r "map(.text) | join(\"|\")" o.json)" = \
		"Доброго дня|Ми тут, щоб повернути людей|Почнімо зі списків" &&
	as neg opening move 3 3 >/dev/null &&
	as neg --json opening list N-0001 >o.json &&
	test "$(jq -r "map(.text) | join(\"|\")" o.json)" = \
		"Ми тут, щоб повернути людей|Почнімо зі списків|Доброго дня" &&
	as neg opening drop 2 >/dev/null &&
	as neg --json opening list N-0001 >o.json &&
	test "$(jq -r "map(.ordinal) | join(\",\")" o.json)" = 1,2 &&
	test "$(jq -r "map(.text) | join(\"|\")" o.json)" = "Ми тут, щоб повернути людей|Доброго дня"
'

test_expect_success 'a place outside the lines is refused, writing nothing' '
	parley_state >before &&
	test_must_fail_with 2 as neg opening add N-0001 x --at 4 2>err &&
	expect_grep "place 4: lines go from 1 to 3" err &&
	test_must_fail_with 2 as neg opening move 1 3 2>err &&
	expect_grep "place 3: lines go from 1 to 2" err &&
	test_must_fail_with 1 as neg opening drop 2 2>err &&
	expect_grep "opening line #2 was dropped" err &&
	expect_unchanged before
'

test_expect_success 'a session without lines of its own opens with the negotiation`s' '
	as neg --json opening list N-0001 --session S-0001 >o.json && test "$(jq length o.json)" = 2 &&
	as neg opening add N-0001 "Лише для цього раунду" --session S-0001 >/dev/null &&
	as neg --json opening list N-0001 --session S-0001 >o.json &&
	test "$(jq -r "map(.text) | join(\"|\")" o.json)" = "Лише для цього раунду"
'

test_expect_success 'a closed negotiation is final and takes nothing new' '
	test_must_fail_with 2 as neg negotiation status N-0002 closed &&
	as neg negotiation status N-0002 closed --reason "канал закрито" >/dev/null &&
	parley_state >before &&
	test_must_fail_with 1 as neg negotiation status N-0002 active 2>err &&
	expect_grep "possible: none: closed is final" err &&
	test_must_fail_with 1 as neg session add N-0002 --started "2024-08-01 10:00" 2>err &&
	expect_grep "negotiation N-0002 is closed" err &&
	test_must_fail_with 1 as neg position set N-0002 --item-kind topic --item x --stance ready &&
	test_must_fail_with 1 as neg opening add N-0002 x &&
	expect_unchanged before
'

test_expect_success 'the trail verifies: every row of the desk is audited' '
	"$PARLEY" audit verify --deep >/dev/null
'

test_expect_success 'parley negotiation --help lists the negotiation commands, and only them' '
	"$PARLEY" negotiation --help >h &&
	expect_grep "^  negotiation new " h && expect_grep "^  negotiation link " h &&
	expect_no_grep "^  person add" h && expect_no_grep "^  session add" h &&
	test_must_fail_with 2 "$PARLEY" negotiation 2>err &&
	expect_grep "negotiation: which command?" err
'

test_expect_success 'bad input to the desk is named, and nothing is written' '
	parley_state >before &&
	test_must_fail_with 1 as psy welfare add S-0001 --negotiator Олена 2>err &&
	expect_grep "note: required" err &&
	test_must_fail_with 3 as psy welfare add S-0999 --negotiator Олена --note x 2>err &&
	expect_grep "no session S-0999" err &&
	test_must_fail_with 2 as neg session edit S-0001 2>err &&
	expect_grep "nothing to change" err &&
	test_must_fail_with 3 as neg position history 999 2>err &&
	test_must_fail_with 2 as neg position history abc 2>err &&
	expect_grep "not a record number" err &&
	test_must_fail_with 2 as neg negotiation status N-0001 paused 2>err &&
	expect_grep "none of preparing, active, suspended, closed" err &&
	test_must_fail_with 2 as ana stats negotiations extra 2>err &&
	expect_unchanged before
'

test_done
