#!/bin/sh
# t0430-terminal.sh - nothing the other side writes reaches a terminal raw: control and
# bidi characters are shown visibly in text and messages, bidi controls are refused in
# names; evidence files are regular files read with their size checked, their names clean
. ./lib.sh
need sqlite3 script

setup_office
ESC=$(printf '\033')
RLO=$(printf '\342\200\256')

test_expect_success 'a bidi control in a name is refused, in every name field and on import' '
	test_must_fail_with 1 as reg person add --side captive --kind military \
		--family-name "Ev${RLO}il" 2>err &&
	expect_grep "family_name: holds a bidi control" err &&
	test_must_fail_with 1 as reg person add --side captive --kind military \
		--family-name X --given-name "A$(printf "\342\201\247")B" 2>err &&
	expect_grep "given_name: holds a bidi control" err &&
	printf "side,kind,family_name\ncaptive,military,Ab${RLO}c\n" >bidi.csv &&
	test_must_fail_with 1 as reg import bidi.csv 2>err &&
	expect_grep "bidi.csv:2:family_name: holds a bidi control" err
'

test_expect_success 'a note with a bidi control is kept, and shown visibly' '
	as reg person add --side captive --kind military --family-name Ковальов \
		--note "seen in ${RLO}Olenivka" >/dev/null &&
	as reg person show U-000001 >out &&
	expect_grep "seen in \\\\u202EOlenivka" out &&
	! grep -q "$RLO" out &&
	as reg person show U-000001 --json >out.json &&
	grep -q "$RLO" out.json
'

test_expect_success 'a list with escape sequences: the table and the messages show them' '
	printf "family_name,given_name\n\"${ESC}]0;pwned$(printf "\007")Іван\",x\n${ESC}[2J,y\n" >evil.csv &&
	as reg match evil.csv >out 2>err &&
	! grep -q "$ESC" out && ! grep -q "$ESC" err &&
	expect_grep "\\\\u001B]0;pwned\\\\u0007Іван" out &&
	printf "family_name,birth_date\nX,31.02${ESC}[31m.1990\n" >bad.csv &&
	test_must_fail_with 1 as reg match bad.csv >out 2>err &&
	! grep -q "$ESC" err && expect_grep "\\\\u001B\\[31m" err
'

test_expect_success 'JSON to a pipe is the data as it is; to a terminal, shown' '
	as reg person show U-000001 --json >raw.json &&
	grep -q "$RLO" raw.json &&
	script -qec "$PARLEY --db $PARLEY_DB --as reg person show U-000001 --json" /dev/null \
		>tty.out 2>&1 &&
	! grep -q "$RLO" tty.out && expect_grep "seen in \\\\u202EOlenivka" tty.out
'

test_expect_success 'a broken UTF-8 byte in a list is shown as \\xNN, not passed on' '
	printf "family_name\nAb\\377c\n" >bytes.csv &&
	{ as reg match bytes.csv >out 2>err || true; } &&
	! grep -q "$(printf "\\377")" err
'

test_expect_success 'evidence: /dev/zero and a FIFO are refused at once, not read' '
	test_must_fail_with 1 as reg person evidence U-000001 photo --source x --grade B2 \
		--file /dev/zero 2>err &&
	expect_grep "not a regular file" err &&
	mkfifo fifo &&
	test_must_fail_with 1 timeout 10 "$PARLEY" --db "$PARLEY_DB" --as reg person evidence \
		U-000001 photo --source x --grade B2 --file fifo 2>err &&
	expect_grep "not a regular file" err
'

test_expect_success 'evidence: a file over 64 MiB is refused naming the limit, before reading' '
	truncate -s 2G big.bin &&
	test_must_fail_with 1 as reg person evidence U-000001 photo --source x --grade B2 \
		--file big.bin 2>err &&
	expect_grep "2048 MiB; an evidence file may be at most 64 MiB" err
'

test_expect_success 'evidence: a link is not followed' '
	echo photo >real.jpg && ln -s real.jpg link.jpg &&
	test_must_fail_with 1 as reg person evidence U-000001 photo --source x --grade B2 \
		--file link.jpg 2>err &&
	expect_grep "a link is not followed" err
'

test_expect_success 'evidence: the stored name is cleaned of control and bidi characters' '
	name="ph${ESC}[2Joto${RLO}gpj.exe" &&
	echo data >"$name" &&
	as reg person evidence U-000001 photo --source x --grade B2 --file "$name" >/dev/null &&
	stored=$(sqlite3 "$PARLEY_DB" "SELECT name FROM files") &&
	test "$stored" = "ph_[2Joto_gpj.exe"
'

test_done
