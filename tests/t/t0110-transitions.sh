#!/bin/sh
# t0110-transitions.sh - every status change of both sides, allowed or refused, through
# parley person status, generated from the tables of docs/values.md: an allowed change
# is made, a refused one exits 1, changes nothing and names the possible changes
. ./lib.sh
need jq

DOC="${PARLEY_SRC:-../..}/docs/values.md"

# the statuses of a side, as the sentence "Statuses depend on the side: ..." names them
statuses_of() {
	awk '/^Statuses depend on the side/ { on = 1 } on { printf "%s ", $0 } on && /^$/ { exit }' \
		"$DOC" | sed -n "s/.*a $1's \\(are \\)\\{0,1\\}\\([^;.]*\\)[;.].*/\\2/p" |
		grep -o '`[a-z_]*`' | tr -d '`'
}

# the table rows: "side from to,to,to" (an empty list for a status without a row)
awk -F '|' '
	/^\| from \((captive|detainee)\) \| to \|/ { side = $2; sub(/.*\(/, "", side); sub(/\).*/, "", side); next }
	/^\|/ && side != "" && $2 ~ /`/ {
		from = $2; to = $3
		gsub(/[` ]/, "", from); gsub(/[` ]/, "", to)
		print side, from, to
		next
	}
	!/^\|/ { side = "" }' "$DOC" >rows

test_expect_success 'docs/values.md names the statuses and the changes of both sides' '
	statuses_of captive >captive && statuses_of detainee >detainee &&
	test "$(wc -l <captive)" -ge 9 && test "$(wc -l <detainee)" -ge 5 &&
	grep -q "^captive missing " rows && grep -q "^detainee held " rows &&
	for side in captive detainee; do
		grep "^$side " rows | while read -r s from to; do
			grep -qx "$from" $side || { echo "$from is no $side status"; exit 1; }
		done || exit 1
	done
'

# every pair: side from to allowed possible (the list a refusal names)
for side in captive detainee; do
	while read -r from; do
		list=$(awk -v s="$side" -v f="$from" '$1 == s && $2 == f { print $3 }' rows)
		if [ -n "$list" ]; then
			possible=$(printf '%s' "$list" | sed 's/,/, /g')
		else
			possible="none: $from is final"
		fi
		while read -r to; do
			case ",$list," in
			*",$to,"*) allowed=1 ;;
			*) allowed=0 ;;
			esac
			printf '%s\t%s\t%s\t%s\t%s\n' "$side" "$from" "$to" "$allowed" "$possible"
		done <"$side"
	done <"$side"
done >pairs

test_expect_success 'setup: one person for each pair, in its from status (one import)' '
	test "$(wc -l <pairs)" -ge 106 &&
	setup_office &&
	echo "side,kind,family_name,given_name,status" >persons.csv &&
	awk -F "\t" "{ printf \"%s,military,Перехід,Номер%d,%s\\n\", \$1, NR, \$2 }" pairs >>persons.csv &&
	as reg import persons.csv >/dev/null &&
	as reg person list --json --limit 0 >list.json &&
	jq -r ".[] | \"\\(.given_name)\\t\\(.ref)\\t\\(.status)\"" list.json | sort >refs &&
	test "$(wc -l <refs)" = "$(wc -l <pairs)"
'

# the ref of pair n (1-based, the line of pairs)
ref_of() { awk -F '\t' -v g="Номер$1" '$1 == g { print $2 }' refs; }

test_expect_success 'every allowed change is made, every refused one exits 1 naming the possible ones' '
	test -s pairs && test -s refs && n=0 &&
	while IFS="$(printf "\t")" read -r side from to allowed possible; do
		n=$((n + 1)) &&
		ref=$(ref_of $n) && test -n "$ref" &&
		if [ "$allowed" = 1 ]; then
			as reg person status "$ref" "$to" >/dev/null 2>err ||
				{ echo "a $side from $from to $to is allowed, but:"; cat err; exit 1; }
		else
			test_must_fail_with 1 as reg person status "$ref" "$to" >/dev/null 2>err ||
				{ echo "a $side from $from to $to is refused by the table"; cat err; exit 1; }
			grep -qF "possible: $possible (" err ||
				{ echo "a $side from $from to $to: not naming \"$possible\":"; cat err; exit 1; }
		fi || exit 1
	done <pairs
'

test_expect_success 'afterwards each person holds its to status when allowed, its from status when refused' '
	as reg person list --json --limit 0 >after.json &&
	jq -r ".[] | \"\\(.given_name)\\t\\(.status)\"" after.json | sort >now &&
	test -s pairs && n=0 &&
	while IFS="$(printf "\t")" read -r side from to allowed possible; do
		n=$((n + 1)) &&
		if [ "$allowed" = 1 ]; then want=$to; else want=$from; fi &&
		grep -qx "Номер$n	$want" now ||
			{ echo "a $side from $from to $to: now $(grep "^Номер$n	" now), wanted $want"; exit 1; }
	done <pairs
'

test_expect_success 'the trail verifies after every change' '
	"$PARLEY" audit verify --deep >/dev/null
'

test_done
