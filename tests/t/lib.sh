# lib.sh - the harness of the end-to-end tests, after git's t/test-lib.sh
#
# A test script sources this, then calls
#   test_expect_success 'what a user relies on' 'commands'
#   test_expect_code N 'what' 'commands' ['check']
# and ends with test_done. Each script runs in a fresh directory of its own;
# $PARLEY is the binary under test. tests/t/README.md says how to write a test.
#
# Every body (and check) is a chain of commands joined by &&, so that it fails at
# its first failed command: before it runs, the chain lint runs it as
# "(exit 117) && BODY" and wants 117 back; anything else means some command is
# not joined by && and its failure would be ignored, and the test fails unrun.
# Loops and ifs hide their insides from the lint: make their failures fatal
# yourself (|| exit 1; bodies run in a subshell).
#
# Helpers: setup_office (a file with an admin and one account per role), as
# ACCOUNT ARGS (runs parley as that account), need TOOL, test_must_fail_with,
# expect_grep, expect_no_grep; the state of a data file read through parley:
# parley_state, expect_unchanged, expect_denied_only, expect_written, audit_count;
# the commands parley --help lists: parley_commands, parley_actor_commands.

set -u
: "${PARLEY:?set PARLEY to the parley binary}"
: "${PARLEY_TEST_TMP:=${TMPDIR:-/tmp}/parley-tests}"
test_name=$(basename "$0" .sh)
TRASH="$PARLEY_TEST_TMP/$test_name"
rm -rf "$TRASH"
mkdir -p "$TRASH"
cd "$TRASH" || exit 1
unset PARLEY_AS PARLEY_PASSPHRASE
export PARLEY_DB="$TRASH/office.db"
test_count=0
test_failed=0

say() { printf '%s\n' "$*"; }

# need TOOL...: the programs a script needs (each declared in deps/packages, test
# section). A missing one fails the script, naming it: a skipped check is a missing check.
need() {
	for tool in "$@"; do
		case $tool in
		/*) test -x "$tool" && continue ;;
		*) command -v "$tool" >/dev/null 2>&1 && continue ;;
		esac
		say "not ok 0 - $test_name needs $tool, which is missing (deps/packages lists the packages)"
		exit 1
	done
}

# test_chain_lint_ BODY: BODY is one &&-chain (see the top of this file). Commands
# after a break do run here, as in git: the test fails anyway.
test_chain_lint_() {
	( eval "(exit 117) && $1
" ) >/dev/null 2>"$TRASH/.lint" </dev/null
	test $? = 117
}

test_run_() {
	( eval "$1
" ) >"$TRASH/.out" 2>"$TRASH/.err"
}

test_report_fail_() {
	say "not ok $test_count - $1"
	sed 's/^/#   /' <<EOF_
$2
EOF_
	say "# stdout:"; sed 's/^/#   /' "$TRASH/.out" | head -40
	say "# stderr:"; sed 's/^/#   /' "$TRASH/.err" | head -40
	test_failed=$((test_failed + 1))
}

# test_lint_ok_ WHAT BODY [WHICH]: the chain lint of a body or a check; a broken
# chain fails the test, saying so, and the body is not run
test_lint_ok_() {
	test_chain_lint_ "$2" && return 0
	: >"$TRASH/.out"
	cp "$TRASH/.lint" "$TRASH/.err"
	test_report_fail_ "$1 (broken &&-chain in the ${3:-body}: a command is not joined by &&, so \
its failure would be ignored)" "$2"
	return 1
}

test_expect_success() {
	test_count=$((test_count + 1))
	test_lint_ok_ "$1" "$2" || return 0
	if test_run_ "$2"; then
		say "ok $test_count - $1"
	else
		test_report_fail_ "$1" "$2"
	fi
}

# test_expect_code N WHAT BODY [CHECK]: BODY exits with exactly N; then CHECK (run
# after it, in the same directory, its own &&-chain) succeeds: the message on
# stderr, nothing on stdout, nothing written. The code and the check are two
# separate conditions, so a failed check can never pass as the expected code.
test_expect_code() {
	want=$1
	test_count=$((test_count + 1))
	test_lint_ok_ "$2" "$3" || return 0
	if [ $# -ge 4 ]; then
		test_lint_ok_ "$2" "$4" check || return 0
	fi
	test_run_ "$3"
	got=$?
	if [ "$got" != "$want" ]; then
		test_report_fail_ "$2 (exit $got, wanted $want)" "$3"
		return 0
	fi
	if [ $# -ge 4 ]; then
		if ! ( eval "$4
" ) >"$TRASH/.check-out" 2>"$TRASH/.check-err"; then
			test_report_fail_ "$2 (exit $want as wanted, but the check failed)" "$3
# check:
$4"
			say "# the check's output:"
			sed 's/^/#   /' "$TRASH/.check-out" "$TRASH/.check-err" | head -40
			return 0
		fi
	fi
	say "ok $test_count - $2"
}

# test_must_fail_with CODE CMD...: runs CMD, succeeds when it exits with CODE
test_must_fail_with() {
	want=$1
	shift
	"$@"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "expected exit $want, got $got: $*" >&2
		return 1
	fi
	return 0
}

# grep that explains itself when it fails
expect_grep() {
	if ! grep -q -- "$1" "$2"; then
		echo "expected '$1' in $2, which holds:" >&2
		cat "$2" >&2
		return 1
	fi
}

expect_no_grep() {
	if grep -q -- "$1" "$2"; then
		echo "did not expect '$1' in $2, which holds:" >&2
		cat "$2" >&2
		return 1
	fi
}

# parley_commands: every command parley --help lists, one a line ("person add")
parley_commands() {
	"$PARLEY" --help >"$TRASH/.help" || return 125
	awk -F '  +' '/^commands:/ { c = 1; next } c && /^$/ { exit } c { print $2 }' \
		"$TRASH/.help" >"$TRASH/.commands" &&
	test "$(wc -l <"$TRASH/.commands")" -ge 20 ||
		{ echo "parley_commands: no list of commands in parley --help" >&2; return 125; }
	cat "$TRASH/.commands"
}

# parley_actor_commands: the commands that act as an account (their usage takes
# --as NAME), one a line
parley_actor_commands() {
	parley_commands >"$TRASH/.all-commands" || return 125
	while IFS= read -r cmd; do
		# shellcheck disable=SC2086
		"$PARLEY" $cmd --help >"$TRASH/.cmd-help" ||
			{ echo "parley_actor_commands: no help for $cmd" >&2; return 125; }
		if head -n 1 "$TRASH/.cmd-help" | grep -qE "^usage: parley .*\[--as NAME\] $cmd( |\$)"; then
			echo "$cmd"
		fi
	done <"$TRASH/.all-commands"
}

# the operating-system user running the tests: accounts bound to it act without a password
ME=$(id -un)

# a data file with an admin and one account per role: reg, lia, neg, psy, ana, head, adm, aud,
# each bound to $ME (init binds the admin to whoever runs it)
setup_office() {
	"$PARLEY" --db "$PARLEY_DB" init --admin adm >/dev/null || return 1
	for pair in registrar:reg liaison:lia negotiator:neg psychologist:psy analyst:ana \
		head:head auditor:aud; do
		"$PARLEY" --db "$PARLEY_DB" --as adm account add "${pair#*:}" \
			--role "${pair%%:*}" --os-user "$ME" >/dev/null || return 1
	done
}

as() {
	who=$1
	shift
	"$PARLEY" --db "$PARLEY_DB" --as "$who" "$@"
}

# --- the state of a data file, read through parley ---------------------------
#
# parley_state [FILE] prints one line, "records=N rows=M head=SEQ:HASH": the audit
# trail's record count and head, and the data rows that audit verify --deep matched
# against it. Deep verification fails on any audited row that no record covers or
# that differs from its last audited write, so two equal states mean nothing was
# written to any audited table in between (and the trail still verifies). A helper
# that fails here exits 125, a code parley never uses, so that a test_expect_code
# body cannot pass by a failing helper.

parley_state() {
	state_db=${1:-$PARLEY_DB}
	if ! "$PARLEY" --db "$state_db" audit verify --deep --json >"$TRASH/.state" \
		2>"$TRASH/.state-err"; then
		echo "parley_state: audit verify --deep --json failed on $state_db:" >&2
		cat "$TRASH/.state-err" >&2
		return 125
	fi
	state_records=$(sed -n 's/.*"records": *\([0-9][0-9]*\).*/\1/p' "$TRASH/.state")
	state_rows=$(sed -n 's/.*"rows": *\([0-9][0-9]*\).*/\1/p' "$TRASH/.state")
	state_head=$(sed -n 's/.*"head": *"\([0-9][0-9]*:[0-9a-f]\{64\}\)".*/\1/p' "$TRASH/.state")
	if [ -z "$state_records" ] || [ -z "$state_rows" ] || [ -z "$state_head" ] ||
		! grep -q '"ok": *true' "$TRASH/.state"; then
		echo "parley_state: cannot read audit verify --json on $state_db:" >&2
		cat "$TRASH/.state" >&2
		return 125
	fi
	echo "records=$state_records rows=$state_rows head=$state_head"
}

# state_field_ NAME STATE: one field of a state line
state_field_() {
	printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# written_since_ STATE FILE: the records written after STATE, as the auditor
# ${PARLEY_AUDITOR:-aud} sees them (for the message of a failed check)
written_since_() {
	since=$(state_field_ head "$1")
	"$PARLEY" --db "$2" --as "${PARLEY_AUDITOR:-aud}" audit log --since "${since%%:*}" \
		--limit 0 >&2 2>/dev/null || echo "(no auditor to list them)" >&2
}

# expect_unchanged BEFORE [FILE]: the data file (default $PARLEY_DB) is still in
# the state BEFORE, a file holding what parley_state printed; nothing was written
expect_unchanged() {
	state_db=${2:-$PARLEY_DB}
	test -s "$1" || { echo "expect_unchanged: no state in $1" >&2; return 125; }
	state_now=$(parley_state "$state_db") || return 125
	test "$state_now" = "$(cat "$1")" && return 0
	echo "$state_db was written to:" >&2
	echo "  before: $(cat "$1")" >&2
	echo "  now:    $state_now" >&2
	written_since_ "$(cat "$1")" "$state_db"
	return 1
}

# expect_written BEFORE RECORDS ROWS [FILE]: since the state BEFORE (a file), the
# trail grew by exactly RECORDS records and the data rows by exactly ROWS
expect_written() {
	state_db=${4:-$PARLEY_DB}
	test -s "$1" || { echo "expect_written: no state in $1" >&2; return 125; }
	state_was=$(cat "$1")
	state_now=$(parley_state "$state_db") || return 125
	if [ "$(state_field_ records "$state_now")" != $(($(state_field_ records "$state_was") + $2)) ] ||
		[ "$(state_field_ rows "$state_now")" != $(($(state_field_ rows "$state_was") + $3)) ]; then
		echo "$state_db: wanted $2 more audit records and $3 more data rows:" >&2
		echo "  before: $state_was" >&2
		echo "  now:    $state_now" >&2
		written_since_ "$state_was" "$state_db"
		return 1
	fi
}

# expect_denied_only BEFORE ACCOUNT OPERATION [FILE]: since the state BEFORE (a
# file), the one record written is ACCOUNT's denied:OPERATION, and no data row was
# written; the auditor ${PARLEY_AUDITOR:-aud} reads the record
expect_denied_only() {
	state_db=${4:-$PARLEY_DB}
	test -s "$1" || { echo "expect_denied_only: no state in $1" >&2; return 125; }
	state_was=$(cat "$1")
	state_now=$(parley_state "$state_db") || return 125
	if [ "$(state_field_ records "$state_now")" != $(($(state_field_ records "$state_was") + 1)) ] ||
		[ "$(state_field_ rows "$state_now")" != "$(state_field_ rows "$state_was")" ]; then
		echo "$state_db: wanted one record, $2's denied:$3, and nothing else written:" >&2
		echo "  before: $state_was" >&2
		echo "  now:    $state_now" >&2
		written_since_ "$state_was" "$state_db"
		return 1
	fi
	since=$(state_field_ head "$state_was")
	"$PARLEY" --db "$state_db" --as "${PARLEY_AUDITOR:-aud}" --json audit log \
		--since "${since%%:*}" --limit 0 >"$TRASH/.denied" || return 125
	if ! grep -q "\"account\":\"$2\"" "$TRASH/.denied" ||
		! grep -q "\"action\":\"denied:$3\"" "$TRASH/.denied"; then
		echo "$state_db: the one record written is not $2's denied:$3:" >&2
		cat "$TRASH/.denied" >&2
		return 1
	fi
}

# audit_count [FILE]: the audit trail's record count, through parley
audit_count() {
	state_count=$(parley_state "$@") || return 125
	state_field_ records "$state_count"
}

test_done() {
	say "1..$test_count"
	if [ "$test_failed" -gt 0 ]; then
		say "# failed $test_failed of $test_count"
		exit 1
	fi
	rm -rf "$TRASH"
	exit 0
}
