#!/bin/sh
# t0005-tour.sh - the README's tour runs as written: every command of its block, in
# order, in a fresh file, from a checkout-like folder (examples/, build/release/parley);
# a command whose comment says "refused" must fail, every other must succeed, and a
# comment "prints X" must be true
. ./lib.sh
need awk

readme=$PARLEY_SRC/README.md
mkdir -p tour/build/release && ln -s "$PARLEY" tour/build/release/parley &&
ln -s "$PARLEY_SRC/examples" tour/examples || exit 1

# The block: from "## A tour of the CLI" to the end of its first ```sh fence, with
# continued lines joined; one command a line, numbered by the README's line.
awk '
	/^## A tour of the CLI/ { intour = 1; next }
	intour && /^```sh/ { inblock = 1; next }
	inblock && /^```/ { exit }
	inblock {
		if (cont != "") { line = cont " " $0; start = cstart } else { line = $0; start = NR }
		if (line ~ /\\$/) { sub(/\\$/, "", line); cont = line; cstart = start; next }
		cont = ""
		if (line ~ /^[ \t]*$/) next
		print start "\t" line
	}' "$readme" >tour.lines

test_expect_success 'the README has a tour of at least 30 commands' '
	test "$(wc -l <tour.lines)" -ge 30
'

# tour.sh: each command run in one shell (its exports hold for the next), checked; a
# failure names the README's line
build_script() {
	echo 'lines=$PWD/tour.lines'
	echo 'say() { echo "README line $1: $2: $(awk -F "\t" -v n="$1" "\$1 == n { print \$2 }" "$lines")"; }'
	echo 'cd tour || exit 1'
	echo 'unset PARLEY_PASSPHRASE PARLEY_AS PARLEY_DB'
	while IFS="	" read -r n line; do
		comment=
		case $line in
		*"  # "*) comment=${line#*  # } ;;
		esac
		cmd=$line
		[ -n "$comment" ] && cmd=${line%%  # *}
		printf '{ %s\n} >"../out.%s" 2>"../err.%s"\n' "$cmd" "$n" "$n"
		case $comment in
		refused*)
			printf 'rc=$?; [ $rc -ne 0 ] || { say %s "was not refused"; exit 1; }\n' "$n"
			printf 'grep -q . "../err.%s" || { say %s "refused without a message"; exit 1; }\n' "$n" "$n"
			;;
		*)
			printf 'rc=$?; [ $rc -eq 0 ] || { say %s "failed (exit $rc)"; cat "../err.%s"; exit 1; }\n' "$n" "$n"
			;;
		esac
		case $comment in
		prints\ *)
			printf 'grep -qF -- %s "../out.%s" || { say %s "does not print what it says"; exit 1; }\n' \
				"'${comment#prints }'" "$n" "$n"
			;;
		esac
	done <tour.lines
}

test_expect_success 'every command of the tour does what its comment says' '
	build_script >tour.sh &&
	sh tour.sh
'

test_expect_success 'the tour leaves the office it describes' '
	export PARLEY_DB=tour/office.db &&
	"$PARLEY" --as olena person show U-000001 --json >p.json &&
	grep -q "\"status\": \"confirmed\"" p.json &&
	grep -q "\"rank\": \"сержант\"" p.json &&
	"$PARLEY" --as olena person show U-000005 >dup &&
	expect_grep "merged into U-000001" dup &&
	"$PARLEY" --as olena match runs --json >runs.json &&
	grep -q "\"accepted\": *[1-9]" runs.json &&
	test -s tour/confirmed.xlsx && test -s tour/office.bak &&
	"$PARLEY" audit verify --deep --head "$(cat tour/head.txt)" >/dev/null
'

test_expect_success 'the tour speaks Ukrainian where it says so' '
	n=$(awk -F "\t" "/LANG=uk_UA.UTF-8 parley stats/ { print \$1 }" tour.lines) &&
	test -n "$n" && expect_grep "усього" "out.$n"
'

test_expect_success 'a tour that parley disagrees with fails, naming the line' '
	rm -rf tour/office.db* tour/*.xlsx tour/*.bak tour/head.txt &&
	sed -i "s/--grade B2/--grade Z9/" tour.lines &&
	build_script >bad.sh && ! sh bad.sh >bad.out 2>&1 &&
	expect_grep "README line [0-9]*: failed (exit 1): parley person evidence .*Z9" bad.out
'

test_done
