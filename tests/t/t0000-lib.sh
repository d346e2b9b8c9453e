#!/bin/sh
# t0000-lib.sh - the harness itself, as git's t0000-basic.sh tests its test-lib: a
# broken &&-chain fails its test unrun, test_expect_code wants both the code and the
# check, the state read through parley sees every write, a missing tool fails
HARNESS="$(cd "$(dirname "$0")" && pwd)/lib.sh"
. "$HARNESS"
need sqlite3

# run_sub NAME < SCRIPT: runs the test script SCRIPT (after lib.sh is sourced, before
# test_done) in its own trash; its output in NAME.out, its exit status in NAME.rc
run_sub() {
	{
		echo ". \"$HARNESS\""
		cat
		echo test_done
	} >"$1.sh" &&
	{
		PARLEY_TEST_TMP="$TRASH/sub" sh "$1.sh" >"$1.out" 2>&1
		echo $? >"$1.rc"
	}
}

test_expect_success 'a passing script says ok for each test and exits 0' '
	run_sub pass <<-\EOF &&
	test_expect_success "one" "true"
	test_expect_code 3 "two" "(exit 3)"
	EOF
	test "$(cat pass.rc)" = 0 &&
	expect_grep "^ok 1 - one$" pass.out && expect_grep "^ok 2 - two$" pass.out &&
	expect_grep "^1\.\.2$" pass.out
'

test_expect_success 'a body whose &&-chain is broken fails unrun, saying so' '
	run_sub broken <<-\EOF &&
	test_expect_success "broken" "
		touch ran &&
		false
		true
	"
	EOF
	test "$(cat broken.rc)" = 1 &&
	expect_grep "^not ok 1 - broken (broken &&-chain in the body" broken.out &&
	test ! -e sub/broken/ran
'

test_expect_success 'a chain across lines, with comments, a heredoc and a loop passes the lint' '
	run_sub chained <<-\EOF &&
	test_expect_success "chained" "
		# a comment
		cat >f <<-\END &&
		some text
		END
		for i in 1 2; do
			grep -q text f || exit 1
		done &&
		{ false || true; } &&
		if test -s f; then echo yes >g; fi &&
		test -s g
	"
	EOF
	test "$(cat chained.rc)" = 0 && expect_grep "^ok 1 - chained$" chained.out
'

test_expect_success 'a body fails at its first failed command, and a loop at its failed round' '
	run_sub first <<-\EOF &&
	test_expect_success "first" "touch a && false && touch b"
	test_expect_success "loop" "for i in 1 2; do test \$i = 2 || exit 1; done && touch c"
	EOF
	test "$(cat first.rc)" = 1 &&
	expect_grep "^not ok 1 - first$" first.out && expect_grep "^not ok 2 - loop$" first.out &&
	test -e sub/first/a && test ! -e sub/first/b && test ! -e sub/first/c
'

test_expect_success 'test_expect_code: the wrong code fails, naming both codes' '
	run_sub code <<-\EOF &&
	test_expect_code 1 "code" "(exit 2)"
	EOF
	test "$(cat code.rc)" = 1 && expect_grep "^not ok 1 - code (exit 2, wanted 1)$" code.out
'

# the pattern this replaces: "cmd 2>err; rc=$?; grep -q MESSAGE err && exit $rc", where a
# failed grep exits 1 too
test_expect_success 'test_expect_code: the right code with a failing check fails' '
	run_sub check <<-\EOF &&
	test_expect_code 1 "message" "echo wrong message >&2 && exit 1" "
		true
	"
	test_expect_code 1 "wrong message" "echo wrong message >err && exit 1" "
		expect_grep \"right message\" err
	"
	EOF
	test "$(cat check.rc)" = 1 &&
	expect_grep "^ok 1 - message$" check.out &&
	expect_grep "^not ok 2 - wrong message (exit 1 as wanted, but the check failed)$" check.out &&
	expect_grep "expected .right message. in err" check.out
'

test_expect_success 'test_expect_code: the check is chain-linted too' '
	run_sub checklint <<-\EOF &&
	test_expect_code 1 "lint" "exit 1" "
		false
		true
	"
	EOF
	test "$(cat checklint.rc)" = 1 &&
	expect_grep "^not ok 1 - lint (broken &&-chain in the check" checklint.out
'

test_expect_success 'need: a missing tool fails the script, naming it' '
	run_sub need <<-\EOF &&
	need sh no-such-tool-anywhere
	test_expect_success "never run" "true"
	EOF
	test "$(cat need.rc)" = 1 &&
	expect_grep "^not ok 0 - need needs no-such-tool-anywhere, which is missing" need.out &&
	expect_no_grep "never run" need.out
'

test_expect_success 'parley_state: the records, rows and head of a file, as parley reads them' '
	setup_office &&
	parley_state >state &&
	grep -Eq "^records=[0-9]+ rows=[0-9]+ head=[0-9]+:[0-9a-f]{64}$" state &&
	test "$(audit_count)" = "$(sed "s/^records=\\([0-9]*\\) .*/\\1/" state)"
'

test_expect_success 'expect_unchanged passes when nothing was written, also after reads' '
	parley_state >before &&
	as reg person list >/dev/null && "$PARLEY" audit verify >/dev/null &&
	expect_unchanged before
'

test_expect_success 'expect_unchanged fails when something was written, and says what' '
	parley_state >before &&
	as reg person add side=captive kind=civilian family_name=Тест >/dev/null &&
	! expect_unchanged before 2>err &&
	expect_grep "was written to" err && expect_grep "person.add" err
'

test_expect_success 'expect_unchanged fails when the trail no longer verifies' '
	cp "$PARLEY_DB" copy.db && parley_state copy.db >before &&
	sqlite3 copy.db "UPDATE persons SET family_name = '"'"'X'"'"'" &&
	test_must_fail_with 125 expect_unchanged before copy.db 2>err &&
	expect_grep "changed behind parley" err
'

test_expect_success 'expect_denied_only: one refusal of that account passes' '
	parley_state >before &&
	test_must_fail_with 4 as lia person add side=captive kind=civilian family_name=Т 2>/dev/null &&
	expect_denied_only before lia person.add
'

test_expect_success 'expect_denied_only: a write, or another account'"'"'s refusal, fails' '
	parley_state >before &&
	as reg person add side=captive kind=civilian family_name=Тест >/dev/null &&
	! expect_denied_only before reg person.add 2>err &&
	parley_state >before &&
	test_must_fail_with 4 as neg person add side=captive kind=civilian family_name=Т 2>/dev/null &&
	! expect_denied_only before lia person.add 2>err &&
	expect_grep "is not lia.s denied:person.add" err
'

test_expect_success 'a helper that cannot read the state fails a test_expect_code body with 125' '
	run_sub helper <<-\EOF &&
	test_expect_code 1 "no file" "parley_state nowhere.db >before && exit 1"
	EOF
	test "$(cat helper.rc)" = 1 &&
	expect_grep "^not ok 1 - no file (exit 125, wanted 1)$" helper.out
'

test_expect_success 'parley_commands and parley_actor_commands read parley --help' '
	parley_commands >all &&
	grep -qx "person add" all && grep -qx init all && grep -qx "audit verify" all &&
	parley_actor_commands >actors &&
	grep -qx "person add" actors && grep -qx "audit head" actors &&
	! grep -qx init actors && ! grep -qx "audit verify" actors && ! grep -qx restore actors
'

test_done
