#!/bin/sh
# t0001-init.sh - making a data file, the first admin, opening rules, help and usage
. ./lib.sh
need sqlite3 setpriv

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
	"$PARLEY" --db o.db init --admin other >out 2>err
' '
	expect_grep "o.db already exists" err && test ! -s out
'

test_expect_code 2 'init without --admin is a usage error and makes no file' '
	"$PARLEY" --db none.db init >out 2>err
' '
	test ! -e none.db && expect_grep "init: --admin NAME is required" err && test ! -s out
'

test_expect_code 2 'a bad admin name is refused and leaves no file' '
	"$PARLEY" --db bad.db init --admin "Bad Name" >out 2>err
' '
	test ! -e bad.db && expect_grep "account name .Bad Name.: use 1 to 63" err && test ! -s out
'

test_expect_success 'init --json prints the password as JSON' '
	"$PARLEY" --db j.db init --admin a --json >out &&
	expect_grep "\"password\"" out
'

test_expect_code 3 'a missing file is not found, and is not made' '
	"$PARLEY" --db nowhere.db --as chief person list >out 2>err
' '
	expect_grep "no parley data file at nowhere.db" err && test ! -s out && test ! -e nowhere.db
'

test_expect_code 2 'no account named: usage error' '
	"$PARLEY" --db o.db person list >out 2>err
' '
	expect_grep "say which account acts: --as NAME or PARLEY_AS" err && test ! -s out
'

test_expect_code 4 'an unknown account is refused as a wrong password is: nothing tells it apart' '
	"$PARLEY" --db o.db --as ghost person list </dev/null >out 2>err
' '
	expect_grep "account ghost needs its password here" err && test ! -s out
'

test_expect_success 'PARLEY_DB and PARLEY_AS are the defaults' '
	PARLEY_DB=o.db PARLEY_AS=chief "$PARLEY" account list >out &&
	expect_grep chief out
'

test_expect_success 'global options may come after the command' '
	"$PARLEY" account list --db o.db --as chief --json >out &&
	expect_grep "\"login\":\"chief\"" out
'

test_expect_success 'setup: a file of a newer parley, a SQLite file of another program, a text file' '
	cp o.db newer.db && sqlite3 newer.db "PRAGMA user_version=99" &&
	sqlite3 other.db "CREATE TABLE t(x)" &&
	echo "hello" >junk.db
'

test_expect_code 5 'a file made by a newer parley is refused' '
	"$PARLEY" --db newer.db --as chief account list >out 2>err
' '
	expect_grep "newer parley" err && test ! -s out
'

test_expect_code 5 'a SQLite file that is not parley'"'"'s is refused' '
	"$PARLEY" --db other.db --as chief account list >out 2>err
' '
	expect_grep "not a parley data file" err && test ! -s out
'

test_expect_code 5 'a file that is not SQLite at all is refused' '
	"$PARLEY" --db junk.db --as chief account list >out 2>err
' '
	expect_grep "junk.db: file is not a database" err && test ! -s out
'

test_expect_success 'parley --help lists the commands' '
	"$PARLEY" --help >out && expect_grep "person add" out && expect_grep "audit verify" out &&
	parley_commands >commands &&
	grep -qx "person add" commands && grep -qx "match review" commands && grep -qx init commands
'

# the commands are those parley --help lists, so that a new one is not left out
test_expect_success 'every command has --help, with its usage' '
	parley_commands >commands &&
	while IFS= read -r c; do
		"$PARLEY" $c --help >out || { echo "no help: $c"; exit 1; }
		grep -q "^usage: parley .*$c" out || { echo "bad help: $c"; exit 1; }
	done <commands
'

test_expect_code 2 'an unknown command is a usage error' '
	"$PARLEY" frobnicate >out 2>err
' '
	expect_grep "no command .frobnicate." err && test ! -s out
'

test_expect_code 2 'an unknown option is a usage error naming it' '
	"$PARLEY" --db o.db --as chief person list --colour >out 2>err
' '
	expect_grep "unknown option --colour" err && test ! -s out
'

test_expect_code 2 'a group without its subcommand is a usage error' '
	"$PARLEY" person >out 2>err
' '
	expect_grep "person: which command?" err && test ! -s out
'

test_expect_success 'parley --version' '
	"$PARLEY" --version >out && grep -q "^parley " out
'

test_expect_success 'the admin adds accounts with roles, and lists them' '
	"$PARLEY" --db o.db --as chief account add reg --role registrar --os-user "$ME" >out &&
	grep -Eq "^password: [A-Za-z0-9]{20}$" out &&
	"$PARLEY" --db o.db --as chief account add two --role negotiator --role head --os-user "$ME" >/dev/null &&
	"$PARLEY" --db o.db --as chief account list >out &&
	expect_grep "negotiator,head" out
'

test_expect_code 2 'an unknown role is a usage error naming it' '
	parley_state o.db >before &&
	"$PARLEY" --db o.db --as chief account add x --role janitor >out 2>err
' '
	expect_grep "janitor" err && test ! -s out && expect_unchanged before o.db
'

test_expect_code 1 'an account name taken twice is refused' '
	parley_state o.db >before &&
	"$PARLEY" --db o.db --as chief account add reg --role registrar >out 2>err
' '
	expect_grep "account reg already exists" err && test ! -s out && expect_unchanged before o.db
'

test_expect_success 'account role adds and removes roles' '
	"$PARLEY" --db o.db --as chief account role two --add analyst --remove head &&
	"$PARLEY" --db o.db --as chief account list >out &&
	expect_grep "negotiator,analyst" out
'

test_expect_success 'passwords are stored as argon2id hashes' '
	sqlite3 o.db "SELECT pw_hash FROM accounts" >hashes &&
	test "$(wc -l <hashes)" -ge 3 &&
	! grep -v "^\$argon2id\$v=19\$m=19456,t=2" hashes
'

# An account bound to an OS user refuses every other user. The test runs parley as an
# unprivileged user: when the suite runs as root (CI does), as nobody through setpriv,
# on a copy of the file (and of parley) in a directory of its own that nobody owns,
# outside the test directories, which nobody may not be able to reach; otherwise as the
# user running it.
if [ "$(id -u)" = 0 ]; then
	me=nobody
	as_me() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	own() { chown -R nobody:nogroup "$@"; }
else
	me=$(id -un)
	as_me() { "$@"; }
	own() { :; }
fi
other=nobody
[ "$me" = nobody ] && other=daemon
OSDIR=$(mktemp -d "${TMPDIR:-/tmp}/parley-t0001.XXXXXX") || exit 1
trap 'rm -rf "$OSDIR"' EXIT

test_expect_success "setup: accounts bound to $me and to $other, a copy of the file $me may open" '
	"$PARLEY" --db o.db --as chief account add bound-other --role registrar \
		--os-user "$other" >/dev/null &&
	"$PARLEY" --db o.db --as chief account add bound-me --role registrar --os-user "$me" >/dev/null &&
	"$PARLEY" --db o.db --as chief backup "$OSDIR/o.db" >/dev/null &&
	cp "$PARLEY" "$OSDIR/parley" &&
	chmod 755 "$OSDIR" && own "$OSDIR" &&
	as_me test -r "$OSDIR/o.db" && as_me test -w "$OSDIR" && as_me test -x "$OSDIR/parley" &&
	test "$(as_me id -u)" != 0 && test "$(as_me id -un)" = "$me"
'

test_expect_success "the OS user an account is bound to acts as it ($me), and the trail says so" '
	as_me "$OSDIR/parley" --db "$OSDIR/o.db" --as bound-me person add side=captive \
		kind=civilian family_name=Перевірка >out &&
	test "$(cat out)" = U-000001 &&
	test "$(sqlite3 "$OSDIR/o.db" "SELECT os_user FROM audit ORDER BY seq DESC LIMIT 1")" = "$me"
'

test_expect_code 4 "an account bound to $other refuses $me without its password; only the refusal is written" '
	parley_state "$OSDIR/o.db" >before &&
	as_me "$OSDIR/parley" --db "$OSDIR/o.db" --as bound-other person add side=captive \
		kind=civilian family_name=Чужий </dev/null >out 2>err
' '
	expect_grep "account bound-other needs its password here (it is not bound to the operating-system user $me)" err &&
	test ! -s out &&
	expect_written before 1 0 "$OSDIR/o.db" &&
	test "$(sqlite3 "$OSDIR/o.db" "SELECT account || \" \" || os_user || \" \" || action || \" \" || fields FROM audit ORDER BY seq DESC LIMIT 1")" = "bound-other $me denied:login no password"
'

test_expect_code 4 "... also for reading" '
	as_me "$OSDIR/parley" --db "$OSDIR/o.db" --as bound-other person list </dev/null >out 2>err
' '
	expect_grep "needs its password here" err && test ! -s out
'

test_expect_success 'the file is in WAL mode' '
	test "$(sqlite3 o.db "PRAGMA journal_mode")" = wal
'

test_done
