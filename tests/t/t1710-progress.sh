#!/bin/sh
# t1710-progress.sh - long work shows its progress on a terminal and nothing in a pipe;
# Ctrl-C (SIGINT) in the middle of an import, a reindex, an export, a backup or a restore
# leaves the file as it was and no partial file behind, with exit status 130
. ./lib.sh
need script "$PARLEY_BUILD/bench/gen-lists"

setup_office

# on_tty CMD: runs the shell command CMD on a pseudo-terminal, what it wrote in tty.log
on_tty() {
	rm -f tty.log &&
	script -qfec "$1" tty.log >/dev/null 2>&1 </dev/null
}

# interrupt_when PATTERN CMD: runs the shell command CMD (exec parley ...) on a
# pseudo-terminal and sends parley SIGINT once its progress line shows PATTERN (or it
# ended first); parley's exit status goes to the file rc
interrupt_when() {
	rm -f tty.log rc
	script -qfec "$2" tty.log >/dev/null 2>&1 </dev/null &
	spid=$!
	i=0
	while [ $i -lt 1200 ] && ! grep -q "$1" tty.log 2>/dev/null; do
		kill -0 $spid 2>/dev/null || break
		sleep 0.05
		i=$((i + 1))
	done
	child=$(cat /proc/$spid/task/*/children 2>/dev/null)
	if [ -n "$child" ]; then
		kill -INT $child 2>/dev/null
	fi
	wait $spid
	echo $? >rc
	echo "$2: $(cat rc)" >>interrupts.log
}

# a registry of n persons, made once per size
registry() {
	test -f reg$1.csv ||
		"$PARLEY_BUILD/bench/gen-lists" --registry $1 --list 10 --seed 7 \
			--out-registry reg$1.csv --out-list l.csv --out-truth t.csv >/dev/null 2>&1
}

# A job a non-interactive shell starts in the background inherits SIGINT ignored, and parley
# keeps an ignored SIGINT ignored: the commands to interrupt start with its default back
PX="exec env --default-signal=INT $PARLEY"
PA="$PX --db $PARLEY_DB --as"

test_expect_success 'setup: lists of persons' '
	registry 2000 && registry 60000
'

test_expect_success 'import on a terminal shows its progress, and erases it' '
	on_tty "$PA reg import reg2000.csv" &&
	expect_grep "importing: \[[#.]*\] *[0-9]*%  1,024 / [12],[0-9][0-9][0-9]" tty.log &&
	expect_grep "imported 2,000 rows\|imported 2000 rows" tty.log &&
	printf "\r\033[K" >erase &&
	grep -qF "$(cat erase)" tty.log
'

test_expect_success 'a file has a total of rows, estimated from its bytes; standard input has none' '
	on_tty "$PA reg import reg60000.csv --dry-run" &&
	tr "\r" "\n" <tty.log | sed -n "s/^importing: .*% *[0-9,]* \/ \([0-9,]*\) .*/\1/p" |
		tr -d , >totals &&
	test -s totals &&
	while read -r t; do
		test "$t" -ge 57000 && test "$t" -le 63000 || { echo "total $t is off 60,000"; exit 1; }
	done <totals &&
	on_tty "cat reg2000.csv | $PA reg import --format csv -" &&
	expect_grep "importing: 1,024" tty.log &&
	! grep -q "importing: \[" tty.log
'

test_expect_success 'into a pipe, or with --quiet, nothing but the result' '
	as reg import reg2000.csv >out 2>err &&
	test ! -s err &&
	expect_grep "imported 2" out &&
	on_tty "$PA reg --quiet import reg2000.csv" &&
	! grep -q "importing" tty.log &&
	expect_grep "imported 2" tty.log
'

test_expect_success 'the name index shows its bar with a total and time left' '
	on_tty "$PA reg search --reindex" &&
	expect_grep "name index rebuilt" tty.log
'

# SIGINT in the middle: all or nothing. When the command ended before the signal (a fast
# machine), it did all its work and the state shows it; else nothing changed.
test_expect_success 'SIGINT in the middle of an import leaves counts and the audit head' '
	parley_state >before &&
	as reg person list --limit 1 --json >/dev/null &&
	interrupt_when "importing: \[[#.]*\] *[0-9]*%  [0-9]" "$PA reg import reg60000.csv" &&
	parley_state >after &&
	if test "$(cat rc)" = 130; then
		expect_grep "parley: interrupted" tty.log &&
		cmp -s before after
	else
		test "$(cat rc)" = 0 && ! cmp -s before after
	fi
'

# a SIGINT that whoever started parley ignores (nohup, a background job) stays ignored: the
# import runs to its end (the shell ignores INT before exec, and parley keeps it so)
test_expect_success 'an ignored SIGINT stays ignored: the dry run goes to its end' '
	interrupt_when "importing: \[[#.]*\] *[0-9]*%  [0-9]" \
		"trap \"\" INT; exec $PARLEY --db $PARLEY_DB --as reg import reg60000.csv --dry-run" &&
	test "$(cat rc)" = 0 && expect_no_grep "parley: interrupted" tty.log
'

test_expect_success 'setup: the large list imported' '
	as reg import reg60000.csv >/dev/null
'

test_expect_success 'SIGINT in the middle of the name index leaves the file as it was' '
	parley_state >before &&
	interrupt_when "indexing names: \[" "$PA reg search --reindex" &&
	parley_state >after &&
	if test "$(cat rc)" = 130; then
		cmp -s before after
	else
		test "$(cat rc)" = 0
	fi
'

test_expect_success 'SIGINT in the middle of an export: no file, nothing written' '
	mkdir -p ex &&
	parley_state >before &&
	interrupt_when "exporting: [0-9]" "$PA reg export ex/all.csv" &&
	parley_state >after &&
	if test "$(cat rc)" = 130; then
		cmp -s before after &&
		test -z "$(ls -A ex)"
	else
		test "$(cat rc)" = 0 && test "$(ls -A ex)" = all.csv
	fi
'

# the record count and the head of a parley_state line
state_records() { sed 's/^records=\([0-9]*\) .*/\1/' "$1"; }
state_head() { sed 's/.* head=//' "$1"; }

# backup_interrupted PATTERN [--encrypt]: SIGINT to a backup into bk/ once its line shows
# PATTERN. Stopped (130): the file exactly as before (the audit trail's count and head,
# the rows) and nothing in bk, no temporary file either. Ended first (0): the backup is
# whole and the file's trail one record longer. The status into rc.
backup_interrupted() {
	rm -rf bk && mkdir bk &&
	parley_state >before &&
	interrupt_when "$1" "$PA adm backup ${2:-} bk/copy.db" &&
	parley_state >after &&
	case "$(cat rc)" in
	130)
		expect_grep "parley: interrupted" tty.log &&
		cmp before after &&
		test -z "$(ls -A bk)"
		;;
	0)
		test "$(ls -A bk)" = copy.db &&
		test "$(state_records after)" = $(($(state_records before) + 1))
		;;
	*)
		echo "backup ended with $(cat rc)"
		false
		;;
	esac
}

test_expect_success 'SIGINT while a backup copies: the file as it was, no backup' '
	backup_interrupted "copying: "
'

# the check of the copy takes seconds: the signal always lands in it
test_expect_success 'SIGINT while a backup checks its copy: stopped, the file as it was' '
	backup_interrupted "verifying the audit trail: " &&
	test "$(cat rc)" = 130
'

test_expect_success 'SIGINT while a backup checks the rows: the file as it was, no backup' '
	backup_interrupted "checking the rows: "
'

test_expect_success 'SIGINT while a backup encrypts: the file as it was, no backup' '
	export PARLEY_PASSPHRASE="a long passphrase for tests" &&
	backup_interrupted "encrypting: " --encrypt &&
	unset PARLEY_PASSPHRASE
'

test_expect_success 'a backup done: one record more, the same record ends the copy, which verifies' '
	rm -rf bk && mkdir bk &&
	parley_state >before &&
	as adm backup bk/whole.db >out &&
	parley_state >after &&
	test "$(state_records after)" = $(($(state_records before) + 1)) &&
	parley_state bk/whole.db >copy.state &&
	test "$(state_head copy.state)" = "$(state_head after)" &&
	test "$(state_records copy.state)" = "$(state_records after)" &&
	expect_grep "audit head $(state_head after)\$" out &&
	as aud audit log --limit 1 >log &&
	expect_grep "backup" log &&
	"$PARLEY" --db bk/whole.db audit verify --head "$(state_head after)"
'

test_expect_success 'a restore on a terminal shows its progress' '
	mkdir -p rs &&
	on_tty "exec $PARLEY --db rs/shown.db --as adm restore bk/whole.db" &&
	expect_grep "copying: \[[#.]*\]" tty.log &&
	expect_grep "verifying the audit trail: \[[#.]*\]" tty.log &&
	expect_grep "restored bk/whole.db into rs/shown.db" tty.log &&
	test -f rs/shown.db
'

test_expect_success 'SIGINT during a restore: exit 130, no file and no temporary' '
	rm -rf rs && mkdir rs &&
	interrupt_when "verifying the audit trail: " \
		"$PX --db rs/new.db --as adm restore bk/whole.db" &&
	test "$(cat rc)" = 130 &&
	expect_grep "parley: interrupted" tty.log &&
	test -z "$(ls -A rs)"
'

test_expect_success 'SIGINT while a restore copies: no file and no temporary' '
	rm -rf rs && mkdir rs &&
	interrupt_when "copying: " "$PX --db rs/new.db --as adm restore bk/whole.db" &&
	case "$(cat rc)" in
	130) test -z "$(ls -A rs)" ;;
	0) test "$(ls -A rs)" = new.db ;;
	*) false ;;
	esac
'

test_expect_success 'the exit status 130 is in --help and the manual' '
	as reg import --help >help &&
	expect_grep "130 interrupted" help
'

test_done
