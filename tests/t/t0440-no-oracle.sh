#!/bin/sh
# t0440-no-oracle.sh - need-to-know without side channels: for each restricted value and
# each role that may not see it, every operation of that role gives the same output, exit
# status and number of audit records on two files that differ only in that value. A role
# that sees counts only (an analyst) sees no cell of fewer than 5 persons.
#
# Timestamps and hashes are the same placeholder in both outputs (the files are made a
# moment apart; a hash of different data differs without telling what it hashes). Left
# out by design (docs/permissions.md): `audit verify` and `audit head`, which need no
# account and describe the whole trail (its length and newest hash), which every write of
# anyone changes, not a value of a person; and the auditor's `audit log`, which lists
# every write with the names of the fields it wrote, never their values (that a status or
# a restricted field was written is the trail's business, and the auditor's alone).
. ./lib.sh
need sqlite3

ROLES="reg lia neg psy ana head adm aud"

# office FILE VARIANT: the same office, but for the one value VARIANT names
#   notes    U-000001 has medical notes        (plain: none)
#   contacts its relative has contacts         (plain: none)
#   listed   U-000001 is listed for an exchange, after being confirmed (plain: confirmed)
#   ended    U-000001 was listed, and the listing ended: confirmed again
#   agreed   an exchange agreed, U-000001 and R-000001 on its agreed lists
#   stage    the same, and a stage recorded: both crossed; U-000001's arrival not recorded
#   home     the same, and U-000001's arrival on home soil recorded
office() {
	f=$1 v=$2
	"$PARLEY" --db "$f" init --admin adm >/dev/null &&
	for pair in registrar:reg liaison:lia negotiator:neg psychologist:psy analyst:ana \
		head:head auditor:aud; do
		"$PARLEY" --db "$f" --as adm account add "${pair#*:}" --role "${pair%%:*}" \
			--os-user "$ME" >/dev/null || return 1
	done &&
	notes= && [ "$v" = notes ] && notes="осколкове поранення"
	"$PARLEY" --db "$f" --as reg person add --side captive --kind military \
		--family-name Ковальов --given-name Сергій --birth-date 1985-03-02 \
		--unit "36 окрема бригада морської піхоти" --health wounded \
		${notes:+--medical-notes "$notes"} >/dev/null &&
	"$PARLEY" --db "$f" --as reg person add --side captive --kind civilian \
		--family-name Ковальова --given-name Марія --birth-date 1987 >/dev/null &&
	"$PARLEY" --db "$f" --as reg person add --side detainee --kind military \
		--family-name Смирнов --given-name Алексей >/dev/null &&
	"$PARLEY" --db "$f" --as reg person status U-000001 confirmed --date 2022-06-01 \
		--source МКЧХ >/dev/null &&
	if [ "$v" = listed ] || [ "$v" = ended ]; then
		"$PARLEY" --db "$f" --as reg person status U-000001 listed --date 2024-05-01 >/dev/null
	fi &&
	if [ "$v" = ended ]; then
		"$PARLEY" --db "$f" --as reg person status U-000001 confirmed --date 2024-06-01 >/dev/null
	fi &&
	case $v in agreed | stage | home)
		"$PARLEY" --db "$f" --as neg exchange new --title Обмін \
			--formula "receive 1; give 1" >/dev/null &&
		"$PARLEY" --db "$f" --as neg exchange status E-0001 proposed >/dev/null &&
		"$PARLEY" --db "$f" --as neg exchange status E-0001 agreed >/dev/null &&
		"$PARLEY" --db "$f" --as neg exchange add E-0001 U-000001 R-000001 --list agreed \
			>/dev/null || return 1 ;;
	esac &&
	case $v in stage | home)
		"$PARLEY" --db "$f" --as reg exchange stage E-0001 --date 2024-06-25 \
			--received U-000001 --given R-000001 >/dev/null || return 1 ;;
	esac &&
	case $v in home)
		"$PARLEY" --db "$f" --as reg reception arrive U-000001 \
			--arrived "2024-06-25 14:30" >/dev/null || return 1 ;;
	esac &&
	contacts= && [ "$v" = contacts ] && contacts="+380 67 123 45 67"
	"$PARLEY" --db "$f" --as lia relative add U-000001 --name "Марія Ковальова" \
		--relation wife ${contacts:+--contacts "$contacts"} >/dev/null &&
	"$PARLEY" --db "$f" --as lia inquiry add U-000001 --relative-id 1 --channel hotline \
		--question "Чи є новини?" >/dev/null
}

printf "family_name,given_name,birth_date\nКовалёв,Сергей,02.03.1985\nSMYRNOV,ALEKSEI,\n" >list.csv

# every operation a role may try, one a line (refused ones included: a refusal is an
# answer too, and must be the same)
ops() {
	cat <<'EOT'
person show U-000001
person show U-000001 --json
person show U-000002
person list
person list --json
person list --status confirmed
person list --status confirmed --json
person list --status listed
person list --status probable
person list --side captive --limit 1 --offset 0
person list --side captive --limit 1 --offset 1
person list --text Ковальов
person list --health wounded
search Ковальов
search Kovalov Serhii --json
match list.csv
match list.csv --output json
match list.csv --output csv
dedup
dedup --json
export - --format csv
export - --format jsonl
export - --format csv --status confirmed
stats
stats --json
stats exchanges
stats exchanges --json
relative list
relative list --json
relative list U-000001
inquiry list
inquiry list --json
audit log
audit head
audit verify
person show R-000001
person list --side detainee
person list --status exchanged
person list --status held
search Смирнов
notify queue
notify queue --json
notify list
notify answer U-000001
notify answer U-000001 --json
exchange list
exchange show E-0001
exchange crossed E-0001
reception list
notify record U-000001 --relative-id 1 --reason return --channel phone --date 2024-06-25T18:00
person edit U-000001 medical_notes=щось --reason test
person edit U-000001 note=x --reason test
EOT
}

# the output with times and hashes as placeholders
norm() {
	sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?Z?( UTC)?/TIME/g' \
		-e 's/[0-9]{2}\.[0-9]{2}\.[0-9]{4} [0-9]{2}:[0-9]{2}(:[0-9]{2})?( UTC)?/TIME/g' \
		-e 's/[0-9a-f]{64}/HASH/g' -e 's/[0-9.]+ s$/N s/' "$1"
}

records() {
	"$PARLEY" --db "$1" audit verify --json | sed -n 's/.*"records": *\([0-9]*\).*/\1/p'
}

# run ROLE FILE OP: the normalized answer of OP as ROLE on FILE, and the audit records it
# wrote; the edit is tried on a copy, so that one try does not change the next
run() {
	cp "$2" try.db && rm -f try.db-wal try.db-shm &&
	before=$(records try.db) &&
	# shellcheck disable=SC2086
	{ "$PARLEY" --db try.db --as "$1" $3 >out 2>err; echo "exit $?" >rc; } &&
	after=$(records try.db) &&
	{ norm out; echo "--- stderr"; norm err; cat rc; echo "records +$((after - before))"; }
}

# compare VALUE ROLES...: every op of every ROLE on $BASE.db (plain.db) and VALUE.db
# answers alike
compare() {
	value=$1
	shift
	for who in "$@"; do
		ops | while IFS= read -r op; do
			case $op in
			"audit verify" | "audit head") continue ;; # the whole trail (see above)
			"audit log") [ "$who" = aud ] && continue ;; # the writes (see above)
			esac
			run "$who" "${BASE:-plain}.db" "$op" >a.out || exit 1
			run "$who" "$value.db" "$op" >b.out || exit 1
			if ! cmp -s a.out b.out; then
				echo "$who: '$op' tells the files apart ($value):"
				diff a.out b.out | head -20
				exit 1
			fi
		done || return 1
	done
}

test_expect_success 'offices alike but for one value each' '
	office plain.db plain && office notes.db notes && office contacts.db contacts &&
	office listed.db listed && office ended.db ended &&
	office agreed.db agreed && office stage.db stage && office home.db home &&
	test "$(sqlite3 stage.db "SELECT count(*) FROM exchange_handovers")" = 2 &&
	test "$(sqlite3 notes.db "SELECT count(*) FROM persons WHERE medical_notes IS NOT NULL")" = 1 &&
	test "$(sqlite3 contacts.db "SELECT count(*) FROM relatives WHERE contacts IS NOT NULL")" = 1 &&
	test "$(sqlite3 listed.db "SELECT status FROM persons WHERE ref = '"'"'U-000001'"'"'")" = listed
'

test_expect_success 'the comparison can fail: a role that may see the value tells them apart' '
	run reg plain.db "person show U-000001" >a.out && run reg notes.db "person show U-000001" >b.out &&
	! cmp -s a.out b.out &&
	run lia plain.db "relative list" >a.out && run lia contacts.db "relative list" >b.out &&
	! cmp -s a.out b.out &&
	run neg plain.db "person show U-000001" >a.out && run neg listed.db "person show U-000001" >b.out &&
	! cmp -s a.out b.out &&
	run reg agreed.db "person show U-000001" >a.out && run reg stage.db "person show U-000001" >b.out &&
	! cmp -s a.out b.out &&
	run lia stage.db "person show U-000001" >a.out && run lia home.db "person show U-000001" >b.out &&
	! cmp -s a.out b.out &&
	run lia stage.db "notify queue" >a.out && run lia home.db "notify queue" >b.out &&
	! cmp -s a.out b.out
'

test_expect_success 'medical notes: no role that may not see them can tell' '
	compare notes lia neg psy ana head adm aud
'

test_expect_success 'relatives'"'"' contacts: no role but the liaison can tell' '
	compare contacts reg neg psy ana head adm aud
'

test_expect_success 'the exchange listing: the liaison cannot tell, by any operation it has' '
	compare listed lia psy ana adm aud
'

test_expect_success 'a listing that ended: the liaison cannot tell it ever was' '
	compare ended lia
'

test_expect_success 'the embargo: a stage recorded, the arrival not: the liaison cannot tell' '
	BASE=agreed compare stage lia psy adm aud
'

test_expect_success 'after the arrival, the family is in the queue; the release is in the history' '
	"$PARLEY" --db home.db --as lia notify queue --json >queue.json &&
	test "$(jq length queue.json)" = 1 &&
	test "$(jq -r ".[0].ref + \" \" + .[0].reason + \" \" + .[0].relative" queue.json)" = \
		"U-000001 return Марія Ковальова" &&
	"$PARLEY" --db home.db --as lia person show U-000001 >show &&
	expect_grep "released in an exchange\|returned" show && expect_grep "release" show &&
	"$PARLEY" --db home.db --as lia notify answer U-000001 >answer &&
	expect_grep "released in an exchange" answer
'

test_expect_success 'a liaison sees the listed captive confirmed, dated when it was confirmed' '
	"$PARLEY" --db listed.db --as lia person show U-000001 --json >show.json &&
	grep -q "\"status\": \"confirmed\"" show.json &&
	grep -q "\"status_date\": \"2022-06-01\"" show.json &&
	grep -q "\"updated\": null" show.json
'

test_expect_success 'an analyst sees no cell of fewer than 5, nor one a total gives away' '
	"$PARLEY" --db plain.db --as ana stats >out &&
	expect_grep "^  ours, held by the other side  *<5$" out &&
	expect_grep "^  held by us  *<5$" out &&
	expect_grep "^  total  *<5$" out &&
	for i in 1 2 3 4 5 6 7; do
		"$PARLEY" --db plain.db --as reg person add --side captive --kind military \
			--family-name "Особа$i" >/dev/null || exit 1
	done &&
	"$PARLEY" --db plain.db --as ana stats >out &&
	expect_grep "^  ours, held by the other side  *—$" out &&
	expect_grep "^  held by us  *<5$" out &&
	expect_grep "^  total  *10$" out &&
	"$PARLEY" --db plain.db --as ana stats --json >out.json &&
	grep -q "\"detainee\": \"<5\"" out.json &&
	grep -q "\"captive\": \"withheld\"" out.json &&
	"$PARLEY" --db plain.db --as head stats >out &&
	expect_grep "^  held by us  *1$" out
'

test_expect_success 'one small cell is not left alone beside its total' '
	"$PARLEY" --db plain.db --as ana stats >out &&
	sed -n "/by status$/,/^$/p" out >status &&
	test "$(grep -c "<5" status)" -ne 1
'

test_done
