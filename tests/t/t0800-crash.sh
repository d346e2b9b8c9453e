#!/bin/sh
# t0800-crash.sh - kill -9 in the middle of writes: the file stays sound and keeps
# every change that was acknowledged
#
# The writer (tests/helpers/crash-writer) adds persons in a loop inside one
# process and prints each reference only after its commit returned; the test
# kills it at random moments, again and again, and then checks the file.

. "$(dirname "$0")/lib.sh"
need sqlite3

WRITER=${PARLEY_CRASH_WRITER:-$(dirname "$PARLEY")/tests/crash-writer}
ROUNDS=${PARLEY_CRASH_ROUNDS:-25}

# a random whole number in [$1, $2)
random_between() {
	n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	echo $(($1 + n % ($2 - $1)))
}

test_expect_success 'an office, and the writer' '
	setup_office &&
	test -x "$WRITER"
'

test_expect_success "kill -9 the writer at random moments, $ROUNDS times" '
	: >acked &&
	round=0 &&
	while [ $round -lt $ROUNDS ]; do
		"$WRITER" "$PARLEY_DB" reg >>acked 2>writer.err &
		pid=$!
		ms=$(random_between 20 400) &&
		sleep "$(printf "%d.%03d" $((ms / 1000)) $((ms % 1000)))" || exit 1
		# a writer that already stopped is not there to kill: wait says how it ended
		kill -9 $pid
		wait $pid
		code=$?
		# 137: it was killed; anything else: it stopped on its own
		if [ $code != 137 ]; then
			echo "round $round: the writer exited with $code" >&2
			cat writer.err >&2
			exit 1
		fi
		ok=$(sqlite3 "$PARLEY_DB" "PRAGMA integrity_check") || exit 1
		if [ "$ok" != ok ]; then
			echo "round $round: integrity_check: $ok" >&2
			exit 1
		fi
		round=$((round + 1))
	done
'

test_expect_success 'the file is sound and its audit trail intact, row by row' '
	test "$(sqlite3 "$PARLEY_DB" "PRAGMA integrity_check")" = ok &&
	sqlite3 "$PARLEY_DB" "PRAGMA foreign_key_check" >fk && test ! -s fk &&
	"$PARLEY" audit verify --deep >out &&
	expect_grep "audit trail intact" out
'

test_expect_success 'every acknowledged person is in the file' '
	grep -E "^[UR]-[0-9]{6}$" acked | sort >acked.refs &&
	echo "$(wc -l <acked.refs) persons acknowledged" &&
	test "$(wc -l <acked.refs)" -ge $ROUNDS &&
	sqlite3 "$PARLEY_DB" "SELECT ref FROM persons" >stored.unsorted &&
	sort stored.unsorted >stored.refs && test -s stored.refs &&
	comm -23 acked.refs stored.refs >lost &&
	if [ -s lost ]; then echo "lost:" >&2; cat lost >&2; exit 1; fi
'

test_expect_success 'every acknowledged status change is in the file' '
	grep -E "^U-[0-9]{6} confirmed$" acked | cut -d" " -f1 | sort >acked.status &&
	test -s acked.status &&
	sqlite3 "$PARLEY_DB" "SELECT ref FROM persons WHERE status = '"'"'confirmed'"'"'" \
		>stored.unsorted &&
	sort stored.unsorted >stored.status &&
	comm -23 acked.status stored.status >lost &&
	if [ -s lost ]; then echo "lost:" >&2; cat lost >&2; exit 1; fi
'

test_expect_success 'each kill cost at most the one write it interrupted' '
	stored=$(wc -l <stored.refs) &&
	acked=$(wc -l <acked.refs) &&
	test "$stored" -ge "$acked" &&
	test $((stored - acked)) -le $ROUNDS &&
	test -z "$(sort acked.refs | uniq -d)"
'

test_expect_success 'the CLI keeps working on the file' '
	as reg person add --side captive --kind military --family-name After >ref &&
	as reg person show "$(cat ref)" >out &&
	expect_grep After out &&
	"$PARLEY" audit verify --deep >/dev/null
'

test_done
