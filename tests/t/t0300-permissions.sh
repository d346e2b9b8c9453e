#!/bin/sh
# t0300-permissions.sh - walks every role through every command and checks the
# outcome against the table in docs/permissions.md: refused with exit 4 (and
# only that account's "denied" audit record written) where the table says "-",
# not refused where it says "yes"; the table names every command of the CLI that
# acts as an account, and no other; then the account commands' own rules (a disabled
# account is cut off, no account binds itself, an unknown account is named)
. ./lib.sh

DOC="${PARLEY_SRC:-../..}/docs/permissions.md"

test_expect_success 'setup: an office with one account per role and a few persons' '
	setup_office &&
	as reg person add side=captive kind=military family_name=Ковальов status=confirmed >/dev/null &&
	for n in 1 2 3 4 5 6 7 8; do
		as reg person add side=captive kind=civilian family_name="Особа$n" >/dev/null || exit 1
	done &&
	as lia relative add U-000001 --name "Марія" --relation wife --contacts "+380" >/dev/null &&
	printf "side,kind,family_name\ncaptive,military,Імпортований\n" >perm.csv &&
	printf "family_name,given_name\nКовалёв,Сергей\n" >perm-list.csv &&
	# a saved match run of eight rows to review
	{ echo family_name; for n in 1 2 3 4 5 6 7 8; do echo "Особа$n"; done; } >perm8.csv &&
	as reg match perm8.csv --save perm --list-date 31.05.2024 --quiet >/dev/null &&
	as adm account add spare --role analyst >/dev/null &&
	# the exchanges desk: confirmed captives U-000010.. (one per role: U-0000$((n + 10)) to put
	# on a list, U-0000$((n + 20)) to cross and come home), drafts E-0001..E-0008 (one per
	# role to move along), E-0009 agreed, whose stages are recorded
	for n in $(seq 10 29); do
		as reg person add side=captive kind=military family_name="Полонений$n" status=confirmed >/dev/null || exit 1
	done &&
	for n in 1 2 3 4 5 6 7 8 9; do
		as neg exchange new --title "Обмін $n" >/dev/null || exit 1
	done &&
	as neg exchange terms E-0009 "receive 10; give 10" >/dev/null &&
	as neg exchange status E-0009 proposed >/dev/null &&
	as neg exchange status E-0009 agreed >/dev/null &&
	"$PARLEY" audit keygen "$TRASH/audit.key" >/dev/null 2>&1 &&
	"$PARLEY" audit sign-head --key "$TRASH/audit.key" "$(as aud audit head)" >"$TRASH/signed"
'

# the negotiation desk: negotiations N-0001..N-0009 (N-0002.. one per role to move along),
# session S-0001 of N-0001 with counterpart C-0001 expected and profiled, positions 1..9
# (2.. one per role to drop), opening lines 1..10 (3.. to drop), statements: 1 a claim of
# theirs, 2..9 untrue claims of ours (one per role to resolve), 10..17 promises of theirs
# (one per role to close); a pressure incident recorded by the liaison
test_expect_success 'setup: the negotiation desk' '
	for n in 1 2 3 4 5 6 7 8 9; do
		as neg negotiation new --title "Переговори $n" >/dev/null || exit 1
	done &&
	as neg counterpart add --name "Сергей Петров" >/dev/null &&
	as neg session add N-0001 --started 2024-05-01T10:00 --counterparts C-0001 >/dev/null &&
	as psy profile add C-0001 --assessed 2024-04-30 --money low --money-confidence medium \
		--ideology high --ideology-confidence high --compromise none \
		--compromise-confidence low --ego high --ego-confidence medium >/dev/null &&
	for n in 1 2 3 4 5 6 7 8 9; do
		as neg position set N-0001 --item-kind topic --item "тема $n" --stance ready >/dev/null || exit 1
	done &&
	for n in 1 2 3 4 5 6 7 8 9 10; do
		as neg opening add N-0001 "Рядок $n" >/dev/null || exit 1
	done &&
	as neg statement add S-0001 --said 2024-05-01T10:30 --side theirs --speaker Петров \
		--counterpart C-0001 --kind claim --text "Їх немає в нас" >/dev/null &&
	for n in 2 3 4 5 6 7 8 9; do
		as neg statement add S-0001 --said 2024-05-01T11:00 --side ours --speaker Олена \
			--kind claim --text "неправда $n" --truthful no --truth правда >/dev/null || exit 1
	done &&
	for n in 10 11 12 13 14 15 16 17; do
		as neg statement add S-0001 --said 2024-05-01T12:00 --side theirs --speaker Петров \
			--counterpart C-0001 --kind promise --text "обіцянка $n" --due 2024-06-01 >/dev/null || exit 1
	done &&
	as lia incident add --occurred 2024-05-02 --kind threat --what "дзвінок родині" >/dev/null
'

# the planner: E-0010, a draft that receives one, planned six times (P-0001..P-0006: one per
# role to adopt, by the number of its column)
test_expect_success 'setup: the planner' '
	as neg exchange new --title "Обмін 10" >/dev/null &&
	as neg exchange terms E-0010 "receive 1" >/dev/null &&
	for n in 1 2 3 4 5 6; do
		as neg plan E-0010 >/dev/null || exit 1
	done
'

# the arguments each command is walked with; $who is the account, $n its number
args_for() {
	case "$1" in
	"person add") echo "person add side=captive kind=military family_name=Тест" ;;
	"person show") echo "person show U-000001" ;;
	"person list") echo "person list" ;;
	"search") echo "search Kovalov" ;;
	"match") echo "match perm-list.csv" ;;
	"dedup") echo "dedup" ;;
	"match runs") echo "match runs" ;;
	"match review") echo "match review 1 --reject $n" ;;
	"person edit") echo "person edit U-000001 note=$who" ;;
	"person status") echo "person status U-00000$((n + 1)) probable" ;;
	"person event") echo "person event U-000001 transfer" ;;
	"person evidence") echo "person evidence U-000001 photo --source x --grade B2" ;;
	"person merge") echo "person merge U-00000$((n + 2)) U-00000$((n + 3)) --reason дубль" ;;
	"relative add") echo "relative add U-000001 --name Син --relation son" ;;
	"relative list") echo "relative list" ;;
	"inquiry add") echo "inquiry add U-000001 --channel phone --question питання" ;;
	"inquiry list") echo "inquiry list" ;;
	"account add") echo "account add new-$who --role analyst" ;;
	"account list") echo "account list" ;;
	"account role") echo "account role ana --add analyst" ;;
	"account disable") echo "account disable spare" ;;
	"account enable") echo "account enable spare" ;;
	"account bind") echo "account bind spare nobody" ;;
	"audit sign") echo "audit sign --key $TRASH/audit.key" ;;
	"audit checkpoint") echo "audit checkpoint add $(cat "$TRASH/signed")" ;;
	"import") echo "import perm.csv" ;;
	"export") echo "export out-$who.csv" ;;
	"audit head") echo "audit head" ;;
	"audit log") echo "audit log" ;;
	"stats") echo "stats" ;;
	"stats exchanges") echo "stats exchanges" ;;
	"report") echo "report --pdf report-$who.pdf" ;;
	"demo") echo "demo" ;;
	"backup") echo "backup bk-$who.db" ;;
	"exchange new") echo "exchange new --title Обмін-$who" ;;
	"exchange edit") echo "exchange edit E-0001 note=$who" ;;
	"exchange status") echo "exchange status E-000$n proposed" ;;
	"exchange terms") echo "exchange terms E-000$n receive 5; give 5" ;;
	"exchange mediator") echo "exchange mediator E-0001 --name Туреччина --kind state --role host" ;;
	"exchange add") echo "exchange add E-0001 U-0000$((n + 10))" ;;
	"exchange remove") echo "exchange remove E-0001 U-0000$((n + 10)) --reason $who" ;;
	"exchange show") echo "exchange show E-0009" ;;
	"exchange list") echo "exchange list" ;;
	"exchange lists") echo "exchange lists E-0001" ;;
	"exchange check") echo "exchange check E-0009" ;;
	"exchange stage") echo "exchange stage E-0009 --date 2024-06-01 --received U-0000$((n + 20))" ;;
	"exchange crossed") echo "exchange crossed E-0009" ;;
	"exchange print") echo "exchange print E-0009 --stage 1 --pdf print-$who.pdf" ;;
	"exchange reconcile") echo "exchange reconcile E-0009" ;;
	"exchange incident") echo "exchange incident --kind other --date 2024-01-01 --note $who" ;;
	"exchange policy") echo "exchange policy convicted_given block" ;;
	"reception arrive") echo "reception arrive U-0000$((n + 20)) --arrived 2024-06-02T10:00" ;;
	"reception update") echo "reception update U-0000$((n + 20)) --meal yes" ;;
	"reception show") echo "reception show U-0000$((n + 20))" ;;
	"reception list") echo "reception list" ;;
	"reception debrief") echo "reception debrief U-0000$((n + 20)) U-000001 --reliability B --credibility 2 --note бачив" ;;
	"notify queue") echo "notify queue" ;;
	"notify record") echo "notify record U-000021 --reason return --channel phone --date 2024-06-03T10:00" ;;
	"notify list") echo "notify list" ;;
	"notify answer") echo "notify answer U-000001" ;;
	"negotiation new") echo "negotiation new --title Переговори-$who" ;;
	"negotiation show") echo "negotiation show N-0001" ;;
	"negotiation list") echo "negotiation list" ;;
	"negotiation edit") echo "negotiation edit N-0001 --note $who" ;;
	"negotiation status") echo "negotiation status N-000$((n + 1)) active" ;;
	"negotiation link") echo "negotiation link N-0001 E-000$n" ;;
	"session add") echo "session add N-0001 --started 2024-05-0${n}T10:00" ;;
	"session show") echo "session show S-0001" ;;
	"session list") echo "session list N-0001" ;;
	"session edit") echo "session edit S-0001 --summary $who" ;;
	"welfare add") echo "welfare add S-0001 --negotiator Олена --note втомлена" ;;
	"welfare list") echo "welfare list S-0001" ;;
	"position set") echo "position set N-0001 --item-kind topic --item доступ-$who --stance ready" ;;
	"position list") echo "position list N-0001" ;;
	"position history") echo "position history 1" ;;
	"position drop") echo "position drop $((n + 1))" ;;
	"opening add") echo "opening add N-0001 Вітаю-$who" ;;
	"opening list") echo "opening list N-0001" ;;
	"opening move") echo "opening move 1 2" ;;
	"opening drop") echo "opening drop $((n + 2))" ;;
	"statement add") echo "statement add S-0001 --said 2024-05-01T13:00 --side theirs --speaker Петров --kind claim --text заява-$who" ;;
	"statement list") echo "statement list --session S-0001" ;;
	"statement show") echo "statement show 1" ;;
	"statement resolve") echo "statement resolve $((n + 1)) --reason виправлено" ;;
	"promise list") echo "promise list N-0001" ;;
	"promise close") echo "promise close $((n + 9)) kept" ;;
	"counterpart add") echo "counterpart add --name Особа-$who" ;;
	"counterpart show") echo "counterpart show C-0001" ;;
	"counterpart list") echo "counterpart list" ;;
	"counterpart edit") echo "counterpart edit C-0001 --note $who" ;;
	"profile add") echo "profile add C-0001 --assessed 2024-05-01 --money low --money-confidence medium --ideology high --ideology-confidence high --compromise none --compromise-confidence low --ego high --ego-confidence medium" ;;
	"profile list") echo "profile list C-0001" ;;
	"incident add") echo "incident add --occurred 2024-05-02 --kind threat --what дзвінок-$who" ;;
	"incident list") echo "incident list" ;;
	"briefing") echo "briefing S-0001" ;;
	"stats negotiations") echo "stats negotiations" ;;
	"plan") echo "plan E-0010" ;;
	"plan show") echo "plan show P-0001" ;;
	"plan list") echo "plan list" ;;
	"plan explain") echo "plan explain P-0001 U-000029" ;;
	"plan diff") echo "plan diff P-0001 P-0002" ;;
	"plan adopt") echo "plan adopt P-000$n" ;;
	"plan weights") echo "plan weights civilian 4$n" ;;
	*) return 1 ;;
	esac
}

# The table's columns, in order, and the account of each role
ROLES="registrar liaison negotiator psychologist analyst head admin auditor"
ACCOUNTS="reg lia neg psy ana head adm aud"

grep '^| `' "$DOC" >table || { echo "no table in $DOC"; exit 1; }

test_expect_success 'the table has a column per role, in the order the walk reads them' '
	grep "^| command |" "$DOC" >header &&
	test "$(cat header)" = "| command | $(echo $ROLES | sed "s/ / | /g") |"
'

# The CLI's commands that act as an account (their usage takes --as NAME) against the
# table's, both ways: a command missing from the table would not be walked
test_expect_success 'the table names every command the CLI has that acts as an account, and no other' '
	parley_actor_commands >cli.list &&
	sort cli.list >cli.commands &&
	sed "s/^| \`\\([^\`]*\\)\`.*/\\1/" table | sort >doc.commands &&
	comm -23 cli.commands doc.commands >missing &&
	comm -13 cli.commands doc.commands >extra &&
	{ test ! -s missing ||
		{ echo "acts as an account but is not in docs/permissions.md:" && cat missing; }; } &&
	{ test ! -s extra ||
		{ echo "in docs/permissions.md but acts as no account in the CLI:" && cat extra; }; } &&
	test ! -s missing && test ! -s extra && test "$(wc -l <cli.commands)" -ge 27
'

# walk ROW: runs the command of a row of the table as every role; where the table
# says "-", the command is refused with exit 4, a message naming the account and the
# operation, and the one record written is that account's denied:OPERATION
walk() {
	cmd=$(printf "%s" "$1" | sed "s/^| \`\\([^\`]*\\)\`.*/\\1/")
	cells=$(printf "%s" "$1" | cut -d"|" -f3-10 | tr -d " ")
	test -n "$cmd" && test -n "$cells" || { echo "cannot read the row: $1"; return 1; }
	n=0
	for who in $ACCOUNTS; do
		n=$((n + 1))
		allowed=$(printf "%s" "$cells" | cut -d"|" -f$n)
		case $allowed in
		yes | -) ;;
		*) echo "$cmd: the cell of $who is neither yes nor -: '$allowed'"; return 1 ;;
		esac
		a=$(args_for "$cmd") || { echo "no arguments for $cmd"; return 1; }
		if [ "$allowed" = yes ]; then
			# shellcheck disable=SC2086
			as "$who" $a >/dev/null 2>err
			rc=$?
			if [ "$rc" = 4 ]; then
				echo "$who may $cmd per the table, but was refused:"; cat err; return 1
			fi
			case "$cmd" in demo) ;; *)
				if [ "$rc" != 0 ]; then
					echo "$who: $cmd failed with $rc:"; cat err; return 1
				fi ;;
			esac
		else
			parley_state >before || return 1
			# shellcheck disable=SC2086
			as "$who" $a >out 2>err
			rc=$?
			if [ "$rc" != 4 ]; then
				echo "$who may not $cmd per the table, but got exit $rc"; cat err; return 1
			fi
			op=$(sed -n "s/^parley: permission denied: $who ([a-z,]*) may not \\([a-z.]*\\)\$/\\1/p" err)
			if [ -z "$op" ]; then
				echo "$who: refused $cmd without the message naming account and operation:"
				cat err; return 1
			fi
			if [ -s out ]; then
				echo "$who: refused $cmd printed on standard output:"; cat out; return 1
			fi
			expect_denied_only before "$who" "$op" || return 1
		fi
	done
}

while IFS= read -r row; do
	name=$(printf "%s" "$row" | sed "s/^| \`\\([^\`]*\\)\`.*/\\1/")
	test_expect_success "every role through: $name" "walk \"\$(grep -F '| \`$name\` |' table)\""
done <table

test_expect_success 'the trail verifies after the walk' '
	"$PARLEY" audit verify --deep >/dev/null
'

# --- the account commands' own rules: what disable does, no account acts on itself ---

test_expect_success 'setup: an account to cut off, bound to this user' '
	as adm account add temp --role analyst --os-user "$ME" >/dev/null
'

test_expect_success 'a disabled account is cut off at once, its user told why; enabled, it acts again' '
	as adm account disable temp >out &&
	expect_grep "^temp: disabled; its every use is refused$" out &&
	parley_state >before &&
	test_must_fail_with 4 as temp stats >out 2>err &&
	expect_grep "account temp is disabled" err && test ! -s out &&
	expect_denied_only before temp login &&
	as adm account enable temp >out &&
	expect_grep "^temp: enabled$" out &&
	as temp stats >/dev/null
'

test_expect_success 'disabling a disabled account, enabling an enabled one: nothing is written' '
	as adm account disable temp >/dev/null &&
	parley_state >before &&
	as adm account disable temp >out &&
	expect_grep "^temp: disabled" out &&
	expect_unchanged before &&
	as adm account enable temp >/dev/null &&
	parley_state >before &&
	as adm account enable temp >out &&
	expect_grep "^temp: enabled$" out &&
	expect_unchanged before
'

test_expect_code 4 'no account binds itself (exit 4), and the refusal alone is written' '
	parley_state >before &&
	as adm account bind adm nobody >out 2>err
' '
	expect_grep "permission denied: no account does this to itself (adm)" err && test ! -s out &&
	expect_denied_only before adm account.bind
'

test_expect_success 'an account that does not exist is named (exit 3), and nothing is written' '
	parley_state >before &&
	for a in "role ghost --add analyst" "disable ghost" "enable ghost" "bind ghost nobody"; do
		# shellcheck disable=SC2086
		test_must_fail_with 3 as adm account $a >out 2>err &&
		expect_grep "no account ghost" err && test ! -s out || exit 1
	done &&
	expect_unchanged before
'

test_done
