#!/bin/sh
# t1810-ledger.sh - the statement ledger: a claim that contradicts an earlier one on the same
# subject and fact (either side, any negotiation) is flagged at once with the earlier one
# quoted; untrue claims of ours need the truth and stay until resolved (who, why); promises
# become overdue past their due date, then kept or broken; every bad input is refused with
# one message and nothing written; the roles without the desk are refused (docs/negotiations.md)
. ./lib.sh

need jq

# refused CODE PATTERN ARGS...: parley as neg exits CODE with one line on stderr that holds
# PATTERN, nothing on stdout, and nothing written
refused() {
	code=$1 pat=$2
	shift 2
	parley_state >before || return 1
	as neg "$@" >out 2>err
	rc=$?
	if [ "$rc" != "$code" ]; then
		echo "exit $rc, wanted $code:"; cat err; return 1
	fi
	expect_grep "$pat" err || return 1
	if [ "$(wc -l <err)" != 1 ]; then
		echo "more than one line on stderr:"; cat err; return 1
	fi
	if [ -s out ]; then
		echo "refused, but printed on stdout:"; cat out; return 1
	fi
	expect_unchanged before
}

# statements are numbered in the order recorded: 1-4 on R-000001, 5-8 on the camps, 9-11
# promises. The desk: N-0001 with sessions S-0001 (C-0001 expected) and S-0002, N-0002 with S-0003;
# the detainee R-000001
test_expect_success 'setup: an office, a detainee, two negotiations and their sessions' '
	setup_office &&
	as reg person add side=detainee kind=military family_name=Іванов >/dev/null &&
	as neg negotiation new --title "Стамбул" >/dev/null &&
	as neg negotiation new --title "Женева" >/dev/null &&
	as neg counterpart add --name "Сергей Петров" >/dev/null &&
	as neg session add N-0001 --started 2024-05-01T10:00 --counterparts C-0001 >/dev/null &&
	as neg session add N-0001 --started 2024-05-08T10:00 >/dev/null &&
	as neg session add N-0002 --started 2024-05-09T10:00 >/dev/null
'

# --- the contradiction check -------------------------------------------------------------

test_expect_success 'a first claim on a fact is recorded, its number alone on stdout' '
	as neg statement add S-0001 --said 2024-05-01T10:30 --side theirs --speaker Петров \
		--counterpart C-0001 --kind claim --text "R-000001 у вас" \
		--subject R-000001 --fact held_by_us --value yes >out 2>err &&
	test "$(cat out)" = 1 &&
	test ! -s err
'

test_expect_success '"R-000001 is not held by us" after "is held by us" is flagged with the earlier one quoted' '
	as neg statement add S-0002 --said "2024-05-08 11:00" --side ours --speaker Олена \
		--kind claim --text "R-000001 у нас немає" --subject r-000001 --fact held_by_us \
		--value No --truthful no --truth "він у нас" >out 2>err &&
	test "$(cat out)" = 2 &&
	test "$(wc -l <err)" = 1 &&
	expect_grep "warning: this contradicts statement #1 (S-0001, 2024-05-01 10:30, theirs, Петров): held by us: yes: \"R-000001 у вас\"" err &&
	as neg statement show 2 --json >s.json &&
	test "$(jq -r .contradicts s.json)" = 1 &&
	test "$(jq -r .subject s.json)" = R-000001 &&
	test "$(jq -r .value s.json)" = no
'

test_expect_success 'a statement on another fact, or with the same value, is not flagged' '
	as neg statement add S-0002 --said 2024-05-08T11:05 --side ours --speaker Олена \
		--kind claim --text "живий" --subject R-000001 --fact alive --value yes >out 2>err &&
	test ! -s err &&
	as neg statement add S-0003 --said 2024-05-09T10:10 --side theirs --speaker Петров \
		--kind claim --text "живий" --subject R-000001 --fact alive --value yes >out 2>err &&
	test ! -s err &&
	as neg statement show 4 --json >s.json &&
	test "$(jq -r .contradicts s.json)" = null
'

test_expect_success 'free text is compared without regard to case; another subject is another fact' '
	as neg statement add S-0001 --said 2024-05-01T10:40 --side theirs --speaker Петров \
		--kind claim --text "табір у Донецьку" --subject "табір 2" --fact location \
		--value Донецьк >out 2>err &&
	test ! -s err &&
	as neg statement add S-0002 --said 2024-05-08T11:10 --side theirs --speaker Петров \
		--kind claim --text "так, у Донецьку" --subject "ТАБІР 2" --fact location \
		--value донецьк >out 2>err &&
	test ! -s err &&
	as neg statement add S-0002 --said 2024-05-08T11:15 --side ours --speaker Олена \
		--kind claim --text "табір 3 у Таганрозі" --subject "табір 3" --fact location \
		--value Таганрог >out 2>err &&
	test ! -s err
'

test_expect_success 'every earlier statement it contradicts is quoted (--json), by either side, in any negotiation; the latest is recorded' '
	as neg statement add S-0003 --said 2024-05-09T10:20 --side theirs --speaker Петров \
		--kind claim --text "табір 2 у Таганрозі" --subject "табір 2" --fact location \
		--value Таганрог --json >out 2>err &&
	test ! -s err &&
	test "$(jq -r .id out)" = 8 &&
	test "$(jq -r ".contradicts | length" out)" = 2 &&
	test "$(jq -r ".contradicts[0].id" out)" = 5 &&
	test "$(jq -r ".contradicts[0].session" out)" = S-0001 &&
	test "$(jq -r ".contradicts[0].said" out)" = 2024-05-01T10:40 &&
	test "$(jq -r ".contradicts[0].speaker" out)" = Петров &&
	test "$(jq -r ".contradicts[1].id" out)" = 6 &&
	test "$(jq -r ".contradicts[1].value" out)" = донецьк &&
	as neg statement show 8 --json >s.json &&
	test "$(jq -r .contradicts s.json)" = 6 &&
	as neg statement list --contradictions --json >l.json &&
	test "$(jq -r ".[].id" l.json | tr "\n" " ")" = "2 8 "
'

test_expect_success 'statement list filters by negotiation, session, side, kind and subject' '
	as neg statement list --negotiation N-0002 --json >l.json &&
	test "$(jq -r ".[].id" l.json | tr "\n" " ")" = "4 8 " &&
	as neg statement list --session S-0002 --side ours --json >l.json &&
	test "$(jq -r ".[].id" l.json | tr "\n" " ")" = "2 3 7 " &&
	as neg statement list --subject r-000001 --json >l.json &&
	test "$(jq -r ".[].id" l.json | tr "\n" " ")" = "1 2 3 4 " &&
	as neg statement list --kind promise --json >l.json &&
	test "$(jq length l.json)" = 0 &&
	as neg statement list >t.txt &&
	expect_grep "UNTRUE; contradicts #1" t.txt &&
	expect_grep "(8 statements)" t.txt
'

# --- untruths ------------------------------------------------------------------------------

test_expect_success 'an untrue claim of ours is listed by --untruths until resolved' '
	as neg statement list --untruths --json >l.json &&
	test "$(jq -r ".[].id" l.json)" = 2 &&
	test "$(jq -r ".[0].truth" l.json)" = "він у нас"
'

test_expect_success 'resolving needs why; a claim of theirs, or a true one, is not resolved' '
	refused 1 "resolution: why it is resolved is required" statement resolve 2 --reason " " &&
	refused 2 "reason" statement resolve 2 &&
	refused 1 "statement #1 is no untrue claim of ours" statement resolve 1 --reason x &&
	refused 1 "statement #3 is no untrue claim of ours" statement resolve 3 --reason x &&
	refused 3 "no statement #99" statement resolve 99 --reason x &&
	refused 2 "not a statement" statement resolve x2 --reason x
'

test_expect_success 'resolved, it leaves --untruths and keeps who resolved it and why' '
	as head statement resolve "#2" --reason "виправлено на сесії S-0003" >out &&
	expect_grep "statement #2 resolved" out &&
	as neg statement list --untruths --json >l.json &&
	test "$(jq length l.json)" = 0 &&
	as neg statement show 2 --json >s.json &&
	test "$(jq -r .resolved_by_login s.json)" = head &&
	test "$(jq -r .resolution s.json)" = "виправлено на сесії S-0003" &&
	test "$(jq -r .resolved s.json)" != null &&
	as neg statement show 2 >s.txt &&
	expect_grep "resolved_by_login *head" s.txt
'

test_expect_success 'resolving twice is refused' '
	refused 1 "statement #2 was resolved already" statement resolve 2 --reason снову
'

# --- promises ------------------------------------------------------------------------------

test_expect_success 'setup: promises of theirs and ours, one past due and one far ahead' '
	as neg statement add S-0001 --said 2024-05-01T12:00 --side theirs --speaker Петров \
		--counterpart C-0001 --kind promise --text "списки до червня" --due 2024-06-01 >out &&
	test "$(cat out)" = 9 &&
	as neg statement add S-0001 --said 2024-05-01T12:05 --side ours --speaker Олена \
		--kind promise --text "відповідь у 2099" --due 2099-01-01 >out &&
	test "$(cat out)" = 10 &&
	as neg statement add S-0003 --said 2024-05-09T12:00 --side theirs --speaker Петров \
		--kind promise --text "доступ МКЧХ" --due 2024-05 >out &&
	test "$(cat out)" = 11
'

test_expect_success 'an open promise past its due date is overdue, one ahead is not' '
	as neg promise list --state overdue --json >l.json &&
	test "$(jq -r ".[].id" l.json | tr "\n" " ")" = "11 9 " &&
	test "$(jq -r ".[0].overdue" l.json)" = yes &&
	as neg promise list --state open --json >l.json &&
	test "$(jq -r ".[].id" l.json | tr "\n" " ")" = "11 9 10 " &&
	test "$(jq -r ".[2].overdue" l.json)" = null &&
	test "$(jq -r ".[2].promise" l.json)" = open &&
	as neg promise list N-0002 --json >l.json &&
	test "$(jq -r ".[].id" l.json)" = 11 &&
	as neg promise list >t.txt &&
	expect_grep "OVERDUE" t.txt &&
	expect_grep "open due" t.txt
'

test_expect_success 'a promise is kept: no longer open nor overdue' '
	as neg promise close 9 kept --date 2024-05-30 --note "списки передано" >out &&
	expect_grep "promise #9 kept" out &&
	as neg statement show 9 --json >s.json &&
	test "$(jq -r .promise s.json)" = kept &&
	test "$(jq -r .promise_closed s.json)" = 2024-05-30 &&
	test "$(jq -r .promise_note s.json)" = "списки передано" &&
	as neg promise list --state overdue --json >l.json &&
	test "$(jq -r ".[].id" l.json)" = 11
'

test_expect_success 'a broken promise of theirs, closed today unless a date is given' '
	as neg promise close 11 broken --json >out &&
	test "$(jq -r .promise out)" = broken &&
	as neg promise list --state broken --json >l.json &&
	test "$(jq -r ".[].id" l.json)" = 11 &&
	test "$(jq -r ".[0].side" l.json)" = theirs &&
	test "$(jq -r ".[0].promise_closed" l.json)" = "$(date -u +%Y-%m-%d)"
'

test_expect_success 'closing twice, a statement that is no promise, a bad state or date are refused' '
	refused 1 "promise #9 was kept already, on 2024-05-30" promise close 9 broken &&
	refused 1 "statement #1 is a claim, not a promise" promise close 1 kept &&
	refused 2 "promise: .maybe. is not kept or broken" promise close 10 maybe &&
	refused 1 "promise_closed" promise close 10 kept --date 2024-13-01 &&
	refused 1 "is after today" promise close 10 kept --date 2098-01-01 &&
	refused 1 "is before it was made" promise close 10 kept --date 2024-04-30 &&
	refused 2 "promise state: .late. is not one of open, kept, broken, overdue" promise list --state late &&
	refused 3 "no negotiation N-0099" promise list N-0099
'

# --- bad input -----------------------------------------------------------------------------

test_expect_success 'bad input of each kind is refused with one message, nothing written' '
	A="--said 2024-05-01T13:00 --speaker Олена" &&
	refused 1 "an untrue claim (truthful no) needs the truth" statement add S-0001 $A \
		--side ours --kind claim --text x --truthful no &&
	refused 1 "truthful is said of a claim of ours only (kind is claim, side theirs)" \
		statement add S-0001 $A --side theirs --kind claim --text x --truthful yes &&
	refused 1 "truthful is said of a claim of ours only (kind is offer, side ours)" \
		statement add S-0001 $A --side ours --kind offer --text x --truthful yes &&
	refused 1 "truth goes with an untrue claim" statement add S-0001 $A --side ours \
		--kind claim --text x --truth y &&
	refused 1 "subject, fact and value together (value missing)" statement add S-0001 $A \
		--side ours --kind claim --text x --subject R-000001 --fact alive &&
	refused 1 "subject, fact and value together (subject missing)" statement add S-0001 $A \
		--side ours --kind claim --text x --fact alive --value yes &&
	refused 1 "value: .maybe. is not a value of the fact alive (yes, no)" statement add \
		S-0001 $A --side ours --kind claim --text x --subject R-000001 --fact alive --value maybe &&
	refused 1 "value: .dying. is not a value of the fact health" statement add S-0001 $A \
		--side ours --kind claim --text x --subject R-000001 --fact health --value dying &&
	refused 1 "fact" statement add S-0001 $A --side ours --kind claim --text x \
		--subject R-000001 --fact height --value 2 &&
	refused 1 "a structured fact is stated by a claim only (kind is offer)" statement add S-0001 \
		$A --side ours --kind offer --text x --subject R-000001 --fact alive --value yes &&
	refused 3 "subject: no person R-000099" statement add S-0001 $A --side ours --kind claim \
		--text x --subject R-000099 --fact alive --value yes &&
	refused 1 "due is for a promise only (kind is claim)" statement add S-0001 $A --side ours \
		--kind claim --text x --due 2024-06-01 &&
	refused 1 "due" statement add S-0001 $A --side ours --kind promise --text x --due 2024-02-30 &&
	refused 3 "no session S-0099" statement add S-0099 $A --side ours --kind claim --text x &&
	refused 3 "no counterpart C-0099" statement add S-0001 $A --side theirs --kind claim \
		--text x --counterpart C-0099 &&
	refused 1 "a counterpart speaks for their side" statement add S-0001 $A --side ours \
		--kind claim --text x --counterpart C-0001 &&
	refused 1 "text: required" statement add S-0001 $A --side ours --kind claim &&
	refused 1 "side" statement add S-0001 $A --side both --kind claim --text x &&
	refused 1 "said" statement add S-0001 --said вчора --speaker Олена --side ours \
		--kind claim --text x &&
	refused 2 "unexpected argument .promise=kept." statement add S-0001 $A --side ours --kind promise \
		--text x promise=kept &&
	refused 2 "statement side: .both. is not one of ours, theirs" statement list --side both &&
	refused 3 "no session S-0099" statement list --session S-0099 &&
	refused 3 "no statement #99" statement show 99
'

# --- who may -------------------------------------------------------------------------------

test_expect_success 'registrars, psychologists, liaisons and analysts are refused the ledger (exit 4, audited)' '
	for who in reg psy lia ana; do
		for cmd in "statement show 1" "statement show 999" "statement list" \
			"statement resolve 2 --reason x" "promise list" "promise close 10 kept" \
			"statement add S-0001 --said 2024-05-01T13:00 --side ours --speaker X --kind claim --text x"; do
			parley_state >before || exit 1
			# shellcheck disable=SC2086
			as $who $cmd >out 2>err
			rc=$?
			test "$rc" = 4 || { echo "$who $cmd: exit $rc"; cat err; exit 1; }
			expect_grep "permission denied: $who" err || exit 1
			test ! -s out || { echo "$who $cmd printed"; cat out; exit 1; }
			op=$(sed -n "s/.* may not \\([a-z.]*\\)\$/\\1/p" err)
			expect_denied_only before "$who" "$op" || exit 1
		done
	done
'

test_expect_success 'the trail verifies' '
	"$PARLEY" --db "$PARLEY_DB" audit verify --deep >/dev/null
'

test_done
