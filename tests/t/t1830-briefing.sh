#!/bin/sh
# t1830-briefing.sh - the briefing for a session: a negotiator prepares four rounds and
# records them; the untruth of ours told in the first round is on the fourth round's
# briefing until it is resolved, with the truth beside it; open promises of both sides,
# overdue first; the latest profile of each counterpart expected (its reading audited);
# what changed since the previous round; never a welfare note; the PDF of one to three
# pages, cut when the lists are long; who may not read it is refused and audited
. ./lib.sh
need jq pdfinfo pdftotext

test_expect_success 'setup: an office, a negotiation, two counterparts, one profiled twice' '
	setup_office &&
	as reg person add side=captive kind=military family_name=Ковальов given_name=Сергій \
		status=confirmed >/dev/null &&
	as reg person add side=detainee kind=military family_name=Петренко >/dev/null &&
	as neg counterpart add --name "Сергей Петров" --organisation ФСБ \
		--role "голова делегації" >/dev/null &&
	as neg counterpart add --name "Іван Сидоров" >/dev/null &&
	as psy profile add C-0001 --assessed 2024-04-01 --money low --money-confidence low \
		--ideology medium --ideology-confidence low --compromise none \
		--compromise-confidence low --ego medium --ego-confidence low >/dev/null &&
	as psy profile add C-0001 --assessed 2024-05-10 --money high \
		--money-grounds "питав про компенсації" --money-confidence medium --ideology low \
		--ideology-confidence medium --compromise none --compromise-confidence low \
		--ego high --ego-grounds "перебиває, підвищує голос" --ego-confidence high \
		--summary "тиснути на статус" >/dev/null &&
	as neg negotiation new --title "Стамбульський канал" --objectives "усі тяжкопоранені" \
		--walk-away "не менше 1 до 1" --batna "канал через ОАЕ" >/dev/null &&
	as neg opening add N-0001 "Ми тут, щоб повернути людей додому" >/dev/null &&
	as neg position set N-0001 --item-kind category --item severely_wounded \
		--stance not_negotiable --priority 1 >/dev/null &&
	as neg position set N-0001 --item-kind person --item R-000001 --stance conditional \
		--condition "лише в обмін на U-000001" --priority 2 >/dev/null
'

test_expect_success 'round 1: an untruth of ours, a promise of theirs now overdue, one of ours' '
	as neg session add N-0001 --started "2024-05-01 10:00" --ended "2024-05-01 18:00" \
		--counterparts "C-0001;C-0002" >/dev/null &&
	as neg statement add S-0001 --said "2024-05-01 11:00" --side ours --speaker Олена \
		--kind claim --text "Петренка у нас немає" --truthful no \
		--truth "Петренко у нас, у СІЗО" >/dev/null &&
	as neg statement add S-0001 --said "2024-05-01 12:00" --side theirs --speaker Петров \
		--counterpart C-0001 --kind promise --text "Передамо список до 15 травня" \
		--due 2024-05-15 >/dev/null &&
	as neg statement add S-0001 --said "2024-05-01 13:00" --side ours --speaker Олена \
		--kind promise --text "Відповімо щодо доступу" --due 2099-01-01 >/dev/null
'

test_expect_success 'rounds 2 to 4; in round 3 they contradict themselves; a welfare note' '
	as neg session add N-0001 --started "2024-06-01 10:00" >/dev/null &&
	as neg session add N-0001 --started "2024-07-01 10:00" >/dev/null &&
	as neg statement add S-0003 --said "2024-07-01 11:00" --side theirs --speaker Петров \
		--counterpart C-0001 --kind claim --text "Ковальов у нас" --subject U-000001 \
		--fact held_by_them --value yes >/dev/null &&
	as neg statement add S-0003 --said "2024-07-01 15:00" --side theirs --speaker Петров \
		--counterpart C-0001 --kind claim --text "Ковальова в нас немає" --subject U-000001 \
		--fact held_by_them --value no >/dev/null 2>&1 &&
	as neg session add N-0001 --started "2024-08-01 10:00" --counterparts C-0001 \
		--walk-away "не поступатись щодо R-000001" >/dev/null &&
	as psy welfare add S-0004 --negotiator Олена --note "ВИСНАЖЕННЯ-МАРКЕР" >/dev/null
'

test_expect_success 'the untruth told three rounds earlier is on round 4`s briefing, with the truth' '
	as neg briefing S-0004 >b.txt &&
	expect_grep "Петренка у нас немає" b.txt &&
	expect_grep "the truth: Петренко у нас, у СІЗО" b.txt &&
	as neg --json briefing S-0004 >b.json &&
	test "$(jq -r ".untruths | map(.id) | join(\",\")" b.json)" = 1 &&
	test "$(jq -r .untruths[0].session b.json)" = S-0001
'

test_expect_success 'open promises of both sides, the overdue one first' '
	test "$(jq -r ".promises | map(.id) | join(\",\")" b.json)" = 2,3 &&
	test "$(jq -r ".promises[0].overdue" b.json)" = yes &&
	test "$(jq -r ".promises[1].overdue" b.json)" = no &&
	expect_grep "overdue since: 2024-05-15" b.txt
'

test_expect_success 'the latest profile of each counterpart expected, and no other' '
	test "$(jq -r ".counterparts | length" b.json)" = 1 &&
	test "$(jq -r ".counterparts[0].assessed" b.json)" = 2024-05-10 &&
	test "$(jq -r ".counterparts[0].money" b.json)" = high &&
	expect_grep "C-0001 Сергей Петров, ФСБ, голова делегації: profile of 2024-05-10" b.txt &&
	expect_grep "перебиває, підвищує голос" b.txt &&
	as neg --json briefing S-0001 >b1.json &&
	test "$(jq -r ".counterparts | map(.ref // .counterpart) | join(\",\")" b1.json)" = \
		C-0001,C-0002 &&
	as neg briefing S-0001 >b1.txt && expect_grep "C-0002 Іван Сидоров: not profiled yet" b1.txt
'

test_expect_success 'reading the profiles on a briefing is one audit record' '
	before=$(audit_count) &&
	as neg briefing S-0004 >/dev/null &&
	test "$(audit_count)" = $((before + 1)) &&
	as aud --json audit log --limit 1 >log.json &&
	expect_grep "\"action\":\"profile.read\"" log.json
'

test_expect_success 'what changed since the previous round: their contradiction' '
	test "$(jq -r "[.changes[] | select(.change == \"contradiction\")] | length" b.json)" = 1 &&
	test "$(jq -r ".changes[] | select(.change == \"contradiction\") | .text" b.json)" = \
		"Ковальова в нас немає" &&
	test "$(jq -r ".changes[0].since" b.json)" = S-0003 &&
	expect_grep "contradiction flagged: .*Ковальова в нас немає" b.txt
'

test_expect_success 'the first round has no changes to show; round 4 its own walk-away point' '
	test "$(jq -r ".changes | length" b1.json)" = 0 &&
	as neg briefing S-0001 >b1.txt && expect_no_grep "Since the last round" b1.txt &&
	expect_grep "this round.s walk-away point: не поступатись щодо R-000001" b.txt &&
	expect_grep "walk-away point: не менше 1 до 1" b.txt
'

test_expect_success 'a welfare note is never on a briefing' '
	expect_no_grep "ВИСНАЖЕННЯ-МАРКЕР" b.txt && expect_no_grep "ВИСНАЖЕННЯ-МАРКЕР" b.json
'

# the changes a briefing tells run from the time the previous round began to the time its
# round begins: what is recorded today shows on the briefing of a round still to come
test_expect_success 'a round still to come (in 2099) is told what changed since round 4 began' '
	as neg session add N-0001 --started "2099-01-01 10:00" --counterparts C-0001 >/dev/null &&
	as neg --json briefing S-0005 >b5.json &&
	test "$(jq -r ".changes[0].since" b5.json)" = S-0004 &&
	test "$(jq -r "[.changes[] | select(.change == \"contradiction\")] | length" b5.json)" = 0
'

test_expect_success 'resolved, the untruth leaves the briefings, and the next round is told' '
	as neg statement resolve 1 --reason "визнали на раунді 4" >/dev/null &&
	as neg --json briefing S-0004 >b.json &&
	test "$(jq -r ".untruths | length" b.json)" = 0 &&
	test "$(jq -r "[.changes[] | select(.change == \"untruth.resolved\")] | length" b.json)" = 0 &&
	as neg --json briefing S-0005 >b5.json &&
	test "$(jq -r ".changes[] | select(.change == \"untruth.resolved\") | .id" b5.json)" = 1 &&
	as neg briefing S-0004 >b.txt && expect_no_grep "the truth:" b.txt
'

test_expect_success 'a promise kept leaves the open ones, and the next round is told' '
	as neg promise close 2 kept --note "список отримали" >/dev/null &&
	as neg --json briefing S-0004 >b.json &&
	test "$(jq -r ".promises | map(.id) | join(\",\")" b.json)" = 3 &&
	as neg --json briefing S-0005 >b5.json &&
	test "$(jq -r ".changes[] | select(.change == \"promise.kept\") | .id" b5.json)" = 2
'

# every position here was recorded after round 3 began (in 2024): each is new to round 4
# and is told once, as it stands now (t1840 has the demo's positions changed and dropped)
test_expect_success 'a position set since the last round is told once, as it stands now' '
	as neg position set N-0001 --item-kind person --item R-000001 --stance ready >/dev/null &&
	as neg --json briefing S-0005 >b5.json &&
	test "$(jq -r "[.changes[] | select(.item == \"R-000001\")] | length" b5.json)" = 1 &&
	test "$(jq -r ".changes[] | select(.item == \"R-000001\") | .change" b5.json)" = position.new &&
	test "$(jq -r ".changes[] | select(.item == \"R-000001\") | .stance" b5.json)" = ready &&
	test "$(jq -r ".positions[] | select(.item == \"R-000001\") | .stance" b5.json)" = ready
'

test_expect_success 'the briefing in Ukrainian, as a PDF of one page, audited' '
	before=$(audit_count) &&
	LANGUAGE=uk as neg briefing S-0004 --pdf b.pdf >out &&
	expect_grep "b.pdf" out &&
	test "$(pdfinfo b.pdf | sed -n "s/^Pages: *//p")" = 1 &&
	pdftotext -layout b.pdf b.pdf.txt &&
	expect_grep "S-0004" b.pdf.txt && expect_grep "Ми тут, щоб повернути людей додому" b.pdf.txt &&
	expect_grep "Сергей Петров" b.pdf.txt && expect_no_grep "ВИСНАЖЕННЯ-МАРКЕР" b.pdf.txt &&
	test "$(audit_count)" = $((before + 2)) &&
	as aud --json audit log --limit 2 >log.json &&
	expect_grep "\"action\":\"briefing.print\"" log.json
'

test_expect_success 'a file there is replaced only with --force; a directory never' '
	parley_state >before &&
	test_must_fail_with 2 as neg briefing S-0004 --pdf b.pdf 2>err &&
	expect_grep "b.pdf exists: give --force" err &&
	mkdir d.pdf &&
	test_must_fail_with 2 as neg briefing S-0004 --pdf d.pdf --force 2>err &&
	expect_grep "d.pdf is a directory" err &&
	test_must_fail_with 2 as neg briefing S-0004 --pdf - 2>err &&
	expect_unchanged before &&
	as neg briefing S-0004 --pdf b.pdf --force >/dev/null
'

test_expect_success 'long lists are cut to three pages, saying how many more the text holds' '
	for i in $(seq 1 150); do
		echo "position set N-0001 --item-kind topic --item тема-$i --stance ready --concessions поступка-$i"
	done >cmds &&
	while read -r line; do
		# shellcheck disable=SC2086
		as neg $line >/dev/null || exit 1
	done <cmds &&
	as neg briefing S-0004 --pdf long.pdf >/dev/null &&
	test "$(pdfinfo long.pdf | sed -n "s/^Pages: *//p")" -le 3 &&
	pdftotext long.pdf long.txt &&
	expect_grep "more (parley briefing S-0004)" long.txt &&
	as neg briefing S-0004 >long-text.txt && expect_grep "тема-150" long-text.txt
'

for who in reg lia psy ana adm aud; do
	test_expect_success "$who may not read a briefing (refused, audited, nothing printed)" '
		parley_state >before &&
		test_must_fail_with 4 as $who briefing S-0004 >out 2>err && test ! -s out &&
		expect_denied_only before $who negotiation.show &&
		test_must_fail_with 4 as $who briefing S-0004 --pdf $who.pdf && test ! -e $who.pdf
	'
done

test_expect_success 'an analyst gets the desk in counts, no word of it' '
	as ana --json stats negotiations >c.json &&
	test "$(jq -r "[.negotiations, .sessions, .statements, .contradictions] | join(\",\")" c.json)" = 1,5,5,1 &&
	test "$(jq -r "[.untruths_standing, .untruths_resolved] | join(\",\")" c.json)" = 0,1 &&
	test "$(jq -r "[.promises_ours_open, .promises_theirs_kept, .promises_theirs_open] | join(\",\")" c.json)" = 1,1,0 &&
	as ana stats negotiations >c.txt &&
	expect_grep "1 untruths of ours resolved" c.txt &&
	expect_no_grep "Петр" c.txt && expect_no_grep "S-0001" c.txt &&
	test_must_fail_with 4 as reg stats negotiations &&
	test_must_fail_with 4 as psy stats negotiations
'

test_expect_success 'the trail verifies' '
	"$PARLEY" audit verify --deep >/dev/null
'

test_done
