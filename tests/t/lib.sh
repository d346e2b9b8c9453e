# lib.sh - the harness of the end-to-end tests, after git's t/test-lib.sh
#
# A test script sources this, then calls
#   test_expect_success 'what a user relies on' 'commands'
#   test_expect_code N 'what' 'commands' ['check']   (the last command exits N; then
#                                                     the check, when given, succeeds)
# and ends with test_done. Each script runs in a fresh directory of its own;
# $PARLEY is the binary under test. Helpers: setup_office (a file with an admin
# and one account per role), as ROLE ARGS (runs parley as that role's account).

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

test_run_() {
	( eval "$1" ) >"$TRASH/.out" 2>"$TRASH/.err"
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

test_expect_success() {
	test_count=$((test_count + 1))
	if test_run_ "$2"; then
		say "ok $test_count - $1"
	else
		test_report_fail_ "$1" "$2"
	fi
}

test_expect_code() {
	want=$1
	shift
	test_count=$((test_count + 1))
	test_run_ "$2"
	got=$?
	if [ "$got" != "$want" ]; then
		test_report_fail_ "$1 (exit $got, wanted $want)" "$2"
	elif [ $# -ge 3 ] && ! ( eval "$3" ) >>"$TRASH/.out" 2>>"$TRASH/.err"; then
		test_report_fail_ "$1 (exit $got as wanted, but the check failed)" "$3"
	else
		say "ok $test_count - $1"
	fi
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

# a data file with an admin and one account per role: reg, lia, neg, psy, ana, head, adm, aud
setup_office() {
	"$PARLEY" --db "$PARLEY_DB" init --admin adm >/dev/null || return 1
	for pair in registrar:reg liaison:lia negotiator:neg psychologist:psy analyst:ana \
		head:head auditor:aud; do
		"$PARLEY" --db "$PARLEY_DB" --as adm account add "${pair#*:}" \
			--role "${pair%%:*}" >/dev/null || return 1
	done
}

as() {
	who=$1
	shift
	"$PARLEY" --db "$PARLEY_DB" --as "$who" "$@"
}

# the audit trail's record count
audit_count() {
	sqlite3 "$PARLEY_DB" 'SELECT count(*) FROM audit'
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
