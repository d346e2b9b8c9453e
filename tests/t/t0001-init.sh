#!/bin/sh
# t0001-init.sh - making a data file, the first admin, opening rules, help and usage
. ./lib.sh
need sqlite3

test_expect_success 'init makes the file and prints the admin and a password' '
	"$PARLEY" --db o.db init --admin chief >out &&
	expect_grep "admin account: chief" out &&
	grep -Eq "^password: [A-Za-z0-9]{20}$" out &&
	test -f o.db
'

test_expect_success 'the data file is readable by its owner only' '
	ls -l o.db | grep -q "^-rw-------"
'

test_expect_code 2 'init refuses an existing file' '
	"$PARLEY" --db o.db init --admin other
'

test_expect_code 2 'init without --admin is a usage error and makes no file' '
	"$PARLEY" --db none.db init; rc=$?; test ! -e none.db || exit 9; exit $rc
'

test_expect_code 2 'a bad admin name is refused and leaves no file' '
	"$PARLEY" --db bad.db init --admin "Bad Name"; rc=$?; test ! -e bad.db || exit 9; exit $rc
'

test_expect_success 'init --json prints the password as JSON' '
	"$PARLEY" --db j.db init --admin a --json >out &&
	expect_grep "\"password\"" out
'

test_expect_code 3 'a missing file is not found' '
	"$PARLEY" --db nowhere.db --as chief person list
'

test_expect_code 2 'no account named: usage error' '
	"$PARLEY" --db o.db person list
'

test_expect_code 4 'an unknown account is refused as a wrong password is: nothing tells it apart' '
	"$PARLEY" --db o.db --as ghost person list </dev/null
'

test_expect_success 'PARLEY_DB and PARLEY_AS are the defaults' '
	PARLEY_DB=o.db PARLEY_AS=chief "$PARLEY" account list >out &&
	expect_grep chief out
'

test_expect_success 'global options may come after the command' '
	"$PARLEY" account list --db o.db --as chief --json >out &&
	expect_grep "\"login\":\"chief\"" out
'

test_expect_code 5 'a file made by a newer parley is refused' '
	cp o.db newer.db && sqlite3 newer.db "PRAGMA user_version=99" &&
	"$PARLEY" --db newer.db --as chief account list 2>err; rc=$?;
	grep -q "newer parley" err || exit 9; exit $rc
'

test_expect_code 5 'a SQLite file that is not parley'"'"'s is refused' '
	sqlite3 other.db "CREATE TABLE t(x)" &&
	"$PARLEY" --db other.db --as chief account list 2>err; rc=$?;
	grep -q "not a parley data file" err || exit 9; exit $rc
'

test_expect_code 5 'a file that is not SQLite at all is refused' '
	echo "hello" >junk.db && "$PARLEY" --db junk.db --as chief account list
'

test_expect_success 'every command has --help' '
	for c in init "person add" "person show" "person list" "person edit" "person status" \
		"person event" "person evidence" "relative add" "relative list" "inquiry add" \
		"inquiry list" "account add" "account list" "account role" import export \
		"audit verify" "audit head" "audit log" stats demo backup restore; do
		"$PARLEY" $c --help >out || { echo "no help: $c"; exit 1; }
		grep -q "^usage: parley" out || { echo "bad help: $c"; exit 1; }
	done
'

test_expect_success 'parley --help lists the commands' '
	"$PARLEY" --help >out && expect_grep "person add" out && expect_grep "audit verify" out
'

test_expect_code 2 'an unknown command is a usage error' '
	"$PARLEY" frobnicate
'

test_expect_code 2 'an unknown option is a usage error naming it' '
	"$PARLEY" --db o.db --as chief person list --colour 2>err; rc=$?;
	grep -q "unknown option --colour" err || exit 9; exit $rc
'

test_expect_code 2 'a group without its subcommand is a usage error' '
	"$PARLEY" person
'

test_expect_success 'parley --version' '
	"$PARLEY" --version | grep -q "^parley "
'

test_expect_success 'the admin adds accounts with roles, and lists them' '
	"$PARLEY" --db o.db --as chief account add reg --role registrar --os-user "$ME" >out &&
	grep -Eq "^password: [A-Za-z0-9]{20}$" out &&
	"$PARLEY" --db o.db --as chief account add two --role negotiator --role head --os-user "$ME" >/dev/null &&
	"$PARLEY" --db o.db --as chief account list >out &&
	expect_grep "negotiator,head" out
'

test_expect_code 2 'an unknown role is a usage error naming it' '
	"$PARLEY" --db o.db --as chief account add x --role janitor 2>err; rc=$?;
	grep -q "janitor" err || exit 9; exit $rc
'

test_expect_code 1 'an account name taken twice is refused' '
	"$PARLEY" --db o.db --as chief account add reg --role registrar
'

test_expect_success 'account role adds and removes roles' '
	"$PARLEY" --db o.db --as chief account role two --add analyst --remove head &&
	"$PARLEY" --db o.db --as chief account list >out &&
	expect_grep "negotiator,analyst" out
'

test_expect_success 'passwords are stored as argon2id hashes' '
	sqlite3 o.db "SELECT pw_hash FROM accounts" | grep -q "^\$argon2id\$v=19\$m=19456,t=2"
'

test_expect_success 'an account bound to another OS user needs its password, root or not' '
	"$PARLEY" --db o.db --as chief account add bound --role registrar --os-user nobody >/dev/null &&
	test_must_fail_with 4 "$PARLEY" --db o.db --as bound person list </dev/null 2>err &&
	expect_grep "needs its password" err
'

test_expect_success 'the file is in WAL mode' '
	test "$(sqlite3 o.db "PRAGMA journal_mode")" = wal
'

test_done
