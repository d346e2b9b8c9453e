#!/bin/sh
# run.sh - the mutation tier: one small deliberate bug in a rule at a time, in a scratch
# copy of the tree, and a test must fail (docs/testing.md says how to add a mutant)
#
#   sh tests/mutants/run.sh [--quick] [ID...]
#
# --quick   only the groups named in tests/mutants/quick (what CI runs), each mutant
#           against the tests of its labels alone: they must kill it
# ID...     only these mutants (ids, or prefixes of ids ending in '*': perm-export*)
#
# The mutants are the hand-written tests/mutants/*.mut and those the gen-*.awk
# generators make from the tables in the source at each run. The tree is copied to
# build/mutants/tree (only the changed files, so the build there stays incremental)
# and built once without sanitizers; then, for each mutant: apply it (a snippet that
# is not found exactly once is a STALE mutant: it fails the run, it is never
# skipped), rebuild what its tests need, run its labelled tests one by one (cheapest
# first) until one fails, and, if none did, build everything and run the rest of the
# suite (less the failing-allocation tier) until one fails; then put the file back.
# Each mutant is KILLED (a test failed), SURVIVED (no test failed: a missing test),
# STALE or BROKEN (it does not compile: a bad mutant, counted as neither).
# Exit status: 0 when every mutant is killed, 1 when any survived or is stale, 2 when
# the tier itself cannot run.
#
# Environment: MUTANTS_DIR (build/mutants), MUTANTS_CC (gcc), MUTANTS_TIMEOUT (seconds
# a test may take, 300), MUTANTS_JOBS (build and test jobs, 2).
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tests/mutants
W=${MUTANTS_DIR:-$ROOT/build/mutants}
TREE=$W/tree
BUILD=$W/build
LIST=$W/list
GEN=$W/gen
LOGS=$W/logs
CC_=${MUTANTS_CC:-gcc}
TIMEOUT=${MUTANTS_TIMEOUT:-300}
JOBS=${MUTANTS_JOBS:-2}
# the failing-allocation tier is left out: it takes minutes and tests no rule
EXCLUDE='^unit/u-alloc-fail$'

quick=0
if [ "${1:-}" = --quick ]; then
	quick=1
	shift
fi

die() {
	printf 'mutants: %s\n' "$*" >&2
	exit 2
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

for tool in cmake ninja ctest awk sort comm cmp flock "$CC_"; do
	command -v "$tool" >/dev/null 2>&1 || die "needs $tool"
done

t_start=$(now)
mkdir -p "$W" "$GEN" "$LOGS" || die "cannot make $W"
# one run at a time in $W (the lock goes with the process)
exec 9>"$W/lock"
flock -n 9 || die "another run is using $W (MUTANTS_DIR names another folder)"
rm -rf "$LIST" && mkdir -p "$LIST" || die "cannot make $LIST"
rm -f "$GEN"/*.mut "$LOGS"/*.log

# --- the mutants: generated from the tables, then all parsed into $LIST ----------
awk -f "$HERE/gen-permissions.awk" "$ROOT/src/lib/access/account.c" >"$GEN/permissions.mut" &&
	awk -f "$HERE/gen-transitions.awk" "$ROOT/src/lib/core/record.c" "$ROOT/src/lib/registry/registry.c" \
		>"$GEN/transitions.mut" &&
	awk -f "$HERE/gen-audit-hash.awk" "$ROOT/src/lib/access/audit.c" >"$GEN/audit-hash.mut" ||
	die "a generator could not read its table (above): fix the generator, do not drop it"
awk -v OUT="$LIST" -v GEN="$GEN" -f "$HERE/split.awk" "$HERE"/*.mut "$GEN"/*.mut ||
	die "the mutant files are wrong (above)"

# the selection: --quick's groups, then the ids asked for
sel=$W/selected
if [ "$quick" = 1 ]; then
	groups=$(grep -v '^#' "$HERE/quick" | tr '\n' ' ')
	awk -F '\t' -v g=" $groups" 'index(g, " " $3 " ")' "$LIST/index" >"$sel"
else
	cp "$LIST/index" "$sel"
fi
selected=0
if [ $# -gt 0 ]; then
	selected=1
	awk -F '\t' -v want="$*" '
		BEGIN { n = split(want, w, " ") }
		{ for (i = 1; i <= n; i++) {
			p = w[i]
			if (p ~ /\*$/ ? index($2, substr(p, 1, length(p) - 1)) == 1 : $2 == p) { print; next }
		} }' "$sel" >"$sel.ids" && mv "$sel.ids" "$sel"
fi
total=$(wc -l <"$sel")
[ "$total" -gt 0 ] || die "no mutant selected"

# --- the scratch copy: the files git knows (or all but build/), changed ones only ---
copy_tree() {
	mkdir -p "$TREE" || return 1
	if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$ROOT" ls-files --cached --others --exclude-standard
	else
		(cd "$ROOT" && find . -path ./build -prune -o -path ./.git -prune -o -type f -print |
			sed 's|^\./||')
	fi | sort >"$W/files.want"
	(cd "$TREE" && find . -type f -print | sed 's|^\./||' | sort) >"$W/files.have"
	comm -13 "$W/files.want" "$W/files.have" | while IFS= read -r f; do
		rm -f "$TREE/$f" || exit 1
	done || return 1
	while IFS= read -r f; do
		[ -f "$ROOT/$f" ] || continue # deleted, not yet committed
		if ! cmp -s "$ROOT/$f" "$TREE/$f"; then
			mkdir -p "$TREE/$(dirname "$f")" && cp -p "$ROOT/$f" "$TREE/$f" || exit 1
		fi
	done <"$W/files.want"
}

copy_tree || die "cannot copy the tree to $TREE"
# a mutant may leave a variable or a parameter unused: not a reason to call it broken
NOWARN="-Wno-unused-parameter -Wno-unused-variable -Wno-unused-but-set-variable"
NOWARN="$NOWARN -Wno-unused-const-variable -Wno-unused-function -Wno-unused-label"
cmake -S "$TREE" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER="$CC_" \
	-DCMAKE_C_FLAGS="$NOWARN" -DPARLEY_SANITIZE=OFF -DPARLEY_FUZZ=OFF >"$W/configure.log" 2>&1 ||
	die "the scratch tree does not configure: $W/configure.log"
cmake --build "$BUILD" -j "$JOBS" >"$W/build.log" 2>&1 ||
	die "the scratch tree does not build without a mutant: $W/build.log"

# --- tests: those of a label, unit tests (fast) before end-to-end ones ----------------
tests_of_label() {
	ctest --test-dir "$BUILD" -N -L "^$1\$" | sed -n 's/^ *Test *#[0-9]*: //p' |
		grep -v -e "$EXCLUDE" | awk '{ print (/^unit\// ? 1 : /^t\// ? 2 : 3), $0 }' |
		sort -k1,1n -k2 | cut -d' ' -f2-
}

# the build targets a test needs (all: the whole build)
targets_of() {
	for t in "$@"; do
		case $t in
		unit/*) echo "${t#unit/}" ;;
		t/*) echo parley crash-writer gen-lists ;; # and the helpers the scripts run
		*) echo all ;;
		esac
	done | tr ' ' '\n' | sort -u | tr '\n' ' '
}

regex_of() { printf '^(%s)$' "$(printf '%s\n' "$@" | paste -sd'|')"; }

# Baselines: a test that kills a mutant must pass without it, or the kill proves
# nothing. Each killing test is run once on the tree put back (baselined()); the rest
# of the suite runs whole once before the first mutant that reaches it (baseline_all).
: >"$W/baselined"
baselined() { # TEST LOG: the test passes unmutated (the tree is put back)
	grep -qxF "$1" "$W/baselined" && return 0
	echo "--- $1, without the mutant (its first kill)" >>"$2"
	# shellcheck disable=SC2046
	cmake --build "$BUILD" -j "$JOBS" --target $(targets_of "$1") >>"$2" 2>&1 &&
		ctest --test-dir "$BUILD" -R "^$1\$" --timeout "$TIMEOUT" --output-on-failure \
			>>"$2" 2>&1 || die "$1 fails without a mutant: $2"
	echo "$1" >>"$W/baselined"
}
baseline_done=0
baseline_all() {
	[ "$baseline_done" = 1 ] && return 0
	echo "mutants: running the whole suite once without a mutant (the baseline)"
	cmake --build "$BUILD" -j "$JOBS" >"$W/baseline.log" 2>&1 &&
		ctest --test-dir "$BUILD" -j "$JOBS" -E "$EXCLUDE" --timeout "$TIMEOUT" \
			--output-on-failure >>"$W/baseline.log" 2>&1 ||
		die "the suite fails without a mutant: $W/baseline.log"
	ctest --test-dir "$BUILD" -N -E "$EXCLUDE" | sed -n 's/^ *Test *#[0-9]*: //p' \
		>>"$W/baselined"
	baseline_done=1
}

for l in $(cut -f6 "$sel" | tr ' ' '\n' | sort -u); do
	[ -n "$(tests_of_label "$l")" ] ||
		die "no test carries the label $l (tests/CMakeLists.txt gives the labels)"
done
echo "mutants: $total mutants"

# --- each mutant ----------------------------------------------------------------
results=$W/results
: >"$results"
i=0
while IFS="$(printf '\t')" read -r num id group origin file labels rule <&3; do
	i=$((i + 1))
	log=$LOGS/$id.log
	t0=$(now)
	status="" by=""
	src=$ROOT/$file
	dst=$TREE/$file
	{
		echo "mutant $id ($group, $origin): $rule"
		echo "file $file; labels $labels"
	} >"$log"
	if [ ! -f "$src" ]; then
		status=STALE by="stale mutant: no file $file"
	else
		count=$(awk -v FROM="$LIST/$num.from" -v TO="$LIST/$num.to" -v TARGET="$src" \
			-v OUT="$W/mutated" -f "$HERE/apply.awk")
		case $? in
		0) ;;
		3) status=STALE by="stale mutant: its snippet is found $count times in $file, not once (point it at the code as it is now)" ;;
		*) die "cannot apply $id" ;;
		esac
	fi
	if [ -z "$status" ]; then
		cp "$W/mutated" "$dst" || die "cannot write $dst"
		ordered=$(for l in $labels; do tests_of_label "$l"; done | awk '!seen[$0]++')
		# shellcheck disable=SC2086
		set -- $ordered
		[ $# -gt 0 ] || die "$id: no test carries its labels ($labels)"
		# shellcheck disable=SC2046
		if ! cmake --build "$BUILD" -j "$JOBS" --target $(targets_of "$@") >>"$log" 2>&1; then
			status=BROKEN by="does not compile"
		fi
	fi
	if [ -z "$status" ]; then
		for t in "$@"; do
			echo "--- $t" >>"$log"
			if ! ctest --test-dir "$BUILD" -R "^$t\$" --timeout "$TIMEOUT" --no-tests=error \
				--output-on-failure >>"$log" 2>&1; then
				status=KILLED by=$t
				break
			fi
		done
		if [ "$status" = KILLED ]; then
			cp "$src" "$dst" || die "cannot put $file back"
			baselined "$by" "$log"
		fi
	fi
	if [ -z "$status" ] && [ "$quick" = 1 ]; then
		# the quick subset trusts its labels: a rule's own tests must kill its mutants
		status=SURVIVED by="no test of its labels ($labels) failed"
	fi
	if [ -z "$status" ]; then
		# the rest of the suite, unmutated first (once), then mutated
		if [ "$baseline_done" = 0 ]; then
			cp "$src" "$dst" && baseline_all && cp "$W/mutated" "$dst" ||
				die "cannot put $file back for the baseline"
		fi
		if ! cmake --build "$BUILD" -j "$JOBS" >>"$log" 2>&1; then
			status=BROKEN by="does not compile (whole build)"
		else
			echo "--- the rest of the suite" >>"$log"
			if ctest --test-dir "$BUILD" -j "$JOBS" -E "$EXCLUDE|$(regex_of "$@")" \
				--timeout "$TIMEOUT" --stop-on-failure >"$W/rest.log" 2>&1; then
				status=SURVIVED by="no test failed"
			else
				failed=$(sed -n 's/^[[:space:]]*[0-9]* - \([^ ]*\) (.*/\1/p' "$W/rest.log" |
					head -1)
				status=KILLED by="${failed:-?} (not one of its labels)"
			fi
			cat "$W/rest.log" >>"$log"
		fi
	fi
	[ -f "$src" ] && { cp "$src" "$dst" || die "cannot put $file back"; }
	secs=$(elapsed "$t0" "$(now)")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$group" "$origin" "$status" "$secs" \
		"$by" "$rule" >>"$results"
	printf '[%d/%d] %-8s %-46s %6ss  %s\n' "$i" "$total" "$status" "$id" "$secs" "$by"
done 3<"$sel"

# --- the report -------------------------------------------------------------------
t_total=$(elapsed "$t_start" "$(now)")
kind="make mutants (every mutant)"
[ "$quick" = 1 ] && kind="make mutants-quick (the groups of tests/mutants/quick)"
[ "$selected" = 1 ] && kind="$kind, the ids asked for"
awk -F '\t' -v total="$t_total" -v kind="$kind" -v out="$W/report.md" '
	{
		g = $2
		if (!(g in seen)) { seen[g] = 1; order[++ng] = g }
		n[g]++; origin[g, $3]++; count[g, $4]++; secs[g] += $5
		all[$4]++; allsecs += $5; alln++; allorigin[$3]++
	}
	function row(name, nn, hand, gen, k, s, b, st, t) {
		printf "| %s | %d | %d | %d | %d | %d | %d | %d | %.0f |\n",
			name, nn, hand, gen, k, s, st, b, t > out
	}
	END {
		printf "| rule group | mutants | hand-written | generated | killed | survived | stale | broken | seconds |\n" > out
		printf "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n" > out
		for (i = 1; i <= ng; i++) {
			g = order[i]
			row(g, n[g], origin[g, "hand"], origin[g, "generated"], count[g, "KILLED"],
			    count[g, "SURVIVED"], count[g, "BROKEN"], count[g, "STALE"], secs[g])
		}
		row("**all**", alln, allorigin["hand"], allorigin["generated"], all["KILLED"],
		    all["SURVIVED"], all["BROKEN"], all["STALE"], allsecs)
		printf "\n%s: %d mutants in %s s (wall clock, with the scratch build)\n",
			kind, alln, total > out
	}' "$results"
echo
cat "$W/report.md"
awk -F '\t' '$4 == "SURVIVED" || $4 == "STALE" || $4 == "BROKEN" {
	printf "%s %s: %s (%s)\n", $4, $1, $7, $6 }' "$results"
echo "mutants: the logs are in $LOGS"
if awk -F '\t' '$4 == "SURVIVED" || $4 == "STALE" { bad = 1 } END { exit !bad }' "$results"; then
	echo "mutants: FAILED: a survivor is a missing test; a stale mutant names code that changed"
	exit 1
fi
exit 0
