#!/bin/sh
# t0300-permissions.sh - walks every role through every command and checks the
# outcome against the table in docs/permissions.md: refused with exit 4 (and
# only a "denied" audit record written) where the table says "-", not refused
# where it says "yes"
. ./lib.sh
need sqlite3

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
	"$PARLEY" audit keygen "$TRASH/audit.key" >/dev/null 2>&1 &&
	"$PARLEY" audit sign-head --key "$TRASH/audit.key" "$(as aud audit head)" >"$TRASH/signed"
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
	"demo") echo "demo" ;;
	"backup") echo "backup bk-$who.db" ;;
	*) return 1 ;;
	esac
}

data_counts() {
	sqlite3 "$PARLEY_DB" "SELECT (SELECT count(*) FROM persons), (SELECT count(*) FROM statuses),
		(SELECT count(*) FROM events), (SELECT count(*) FROM evidence),
		(SELECT count(*) FROM relatives), (SELECT count(*) FROM inquiries),
		(SELECT count(*) FROM accounts), (SELECT sum(roles) FROM accounts),
		(SELECT count(*) FROM person_changes), (SELECT count(*) FROM match_runs),
		(SELECT count(*) FROM match_rows WHERE review <> 'pending'),
		(SELECT count(*) FROM person_merges)"
}

grep '^| `' "$DOC" >table || { echo "no table in $DOC"; exit 1; }

test_expect_success 'the table names every command the CLI has that acts as an account' '
	test "$(wc -l <table)" -ge 21
'

walk() {
	cmd=$(printf "%s" "$1" | sed "s/^| \`\\([^\`]*\\)\`.*/\\1/")
	cells=$(printf "%s" "$1" | cut -d"|" -f3-10 | tr -d " ")
	n=0
	for who in reg lia neg psy ana head adm aud; do
		n=$((n + 1))
		allowed=$(printf "%s" "$cells" | cut -d"|" -f$n)
		a=$(args_for "$cmd") || { echo "no arguments for $cmd"; return 1; }
		before=$(data_counts)
		audit_before=$(audit_count)
		# shellcheck disable=SC2086
		as "$who" $a >/dev/null 2>err
		rc=$?
		if [ "$allowed" = yes ]; then
			if [ "$rc" = 4 ]; then
				echo "$who may $cmd per the table, but was refused:"; cat err; return 1
			fi
			case "$cmd" in demo) ;; *)
				if [ "$rc" != 0 ]; then
					echo "$who: $cmd failed with $rc:"; cat err; return 1
				fi ;;
			esac
		else
			if [ "$rc" != 4 ]; then
				echo "$who may not $cmd per the table, but got exit $rc"; cat err; return 1
			fi
			grep -q "permission denied" err || { echo "no message"; return 1; }
			if [ "$(data_counts)" != "$before" ]; then
				echo "$who: refused $cmd wrote data"; return 1
			fi
			if [ "$(audit_count)" != $((audit_before + 1)) ]; then
				echo "$who: refused $cmd is not audited exactly once"; return 1
			fi
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

test_done
