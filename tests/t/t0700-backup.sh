#!/bin/sh
# t0700-backup.sh - backup and restore: plain and encrypted, checked, and refused
# when they must be (wrong passphrase, damage, truncation, non-admins, existing files)

. "$(dirname "$0")/lib.sh"
need sqlite3 mkfifo timeout setpriv

PASS='a long passphrase for tests'

# every table's row count, one "table count" a line
counts() {
	for t in $(sqlite3 "$1" "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"); do
		echo "$t $(sqlite3 "$1" "SELECT count(*) FROM $t")"
	done
}

# counts of $2 equal those of $1, but for the audit trail: $3 more records there
same_counts() {
	counts "$1" | awk -v extra="$3" '$1 == "audit" { $2 += extra } { print }' >want.counts &&
		counts "$2" >got.counts &&
		diff -u want.counts got.counts
}

no_leftovers() {
	if ls -a | grep -q 'partial-'; then
		echo "left behind:" >&2
		ls -a >&2
		return 1
	fi
}

# runs a command as this user without what lets root read any file: the suite runs as
# root in CI, where a file of mode 000 is no obstacle otherwise
if [ "$(id -u)" = 0 ]; then
	no_override() {
		setpriv --inh-caps=-all --bounding-set=-dac_override,-dac_read_search "$@"
	}
else
	no_override() { "$@"; }
fi

# flips the byte at offset $2 of file $1
flip_byte() {
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "$(printf '\\%03o' $(((b + 1) % 256)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# an encrypted file: 14 bytes of magic, 16 of salt, 16 of argon2 figures, 24 of
# secretstream header, then 64 KiB + 17 bytes a chunk
CHUNK1_END=$((14 + 16 + 16 + 24 + 65536 + 17))

test_expect_success 'an office with persons, statuses, relatives, evidence' '
	setup_office &&
	as reg person add --side captive --kind military --family-name Kovalenko \
		--medical-notes "shrapnel wound" >ref1 &&
	as reg person add --side captive --kind civilian --family-name Shevchenko >ref2 &&
	as reg person add --side detainee --kind military --family-name Petrov >/dev/null &&
	as reg person status "$(cat ref1)" confirmed --source ICRC >/dev/null &&
	as lia relative add "$(cat ref1)" --name Olena --relation mother \
		--contacts "+380 44 000 0000" >/dev/null &&
	head -c 100000 /dev/urandom >video.bin &&
	as reg person evidence "$(cat ref2)" video --source "open source" --grade B2 \
		--file video.bin >/dev/null &&
	test "$(sqlite3 office.db "SELECT count(*) FROM persons")" = 3
'

test_expect_success 'a plain backup prints what it checked' '
	as adm backup plain.db >out &&
	expect_grep "^backup plain.db: 3 persons, [0-9]* audit records, audit head [0-9]*:[0-9a-f]*$" out &&
	sed "s/.*audit head //" out >plain.head &&
	test "$(cat plain.head)" = "$(as adm audit head)" &&
	no_leftovers
'

test_expect_success 'the backup is recorded in the trail, and in the backup itself' '
	as aud --json audit log --limit 1 >last &&
	expect_grep "\"account\":\"adm\",.*\"action\":\"backup\",.*\"fields\":\"encrypted=no,file=plain.db\"" last &&
	test "$(sqlite3 plain.db "SELECT max(seq) FROM audit")" = "$(cut -d: -f1 plain.head)"
'

test_expect_success 'the same record ends the file'"'"'s trail and the copy'"'"'s: time, seq, hash' '
	seq=$(cut -d: -f1 plain.head) &&
	q="SELECT seq, ts, account, os_user, action, fields, hex(hash) FROM audit WHERE seq >= $seq" &&
	sqlite3 plain.db "$q" >in.copy &&
	sqlite3 office.db "$q" >in.file &&
	test "$(wc -l <in.copy)" = 1 &&
	diff -u in.file in.copy
'

test_expect_success 'the plain backup is a sound file with an intact trail' '
	test "$(sqlite3 plain.db "PRAGMA integrity_check")" = ok &&
	cp plain.db check.db &&
	"$PARLEY" --db check.db audit verify --deep --head "$(cat plain.head)" &&
	same_counts office.db plain.db 0
'

test_expect_success 'restore a plain backup: every table as in the backup, one more audit record' '
	"$PARLEY" --db restored.db --as adm restore plain.db >out &&
	expect_grep "^restored plain.db into restored.db: 3 persons" out &&
	same_counts plain.db restored.db 1 &&
	"$PARLEY" --db restored.db audit verify --deep --head "$(cat plain.head)" &&
	test "$(sqlite3 restored.db "SELECT action || \" \" || account FROM audit ORDER BY seq DESC LIMIT 1")" = \
		"restore adm" &&
	test "$(sqlite3 restored.db "PRAGMA integrity_check")" = ok &&
	no_leftovers
'

test_expect_success 'the restored file works: its accounts act in it' '
	"$PARLEY" --db restored.db --as reg person show "$(cat ref1)" >out &&
	expect_grep Kovalenko out
'

test_expect_success 'an encrypted backup (PARLEY_PASSPHRASE) gives nothing away' '
	export PARLEY_PASSPHRASE="$PASS" &&
	as adm backup --encrypt enc.bak >out &&
	expect_grep "^backup enc.bak (encrypted): 3 persons, " out &&
	sed "s/.*audit head //" out >enc.head &&
	test "$(head -c 13 enc.bak)" = PARLEY-BACKUP &&
	! grep -q "SQLite format 3" enc.bak &&
	! grep -q Kovalenko enc.bak &&
	! grep -q "380 44" enc.bak &&
	no_leftovers
'

test_expect_success 'restore an encrypted backup' '
	export PARLEY_PASSPHRASE="$PASS" &&
	"$PARLEY" --db restored-enc.db --as adm restore enc.bak >out &&
	expect_grep "^restored enc.bak (encrypted) into restored-enc.db: 3 persons" out &&
	same_counts office.db restored-enc.db 1 &&
	"$PARLEY" --db restored-enc.db audit verify --deep --head "$(cat enc.head)" &&
	test "$(sqlite3 restored-enc.db "SELECT fields FROM audit ORDER BY seq DESC LIMIT 1")" = \
		"encrypted=yes,from=enc.bak"
'

test_expect_success 'passphrases from --passphrase-file' '
	echo "$PASS in a file" >pass.txt &&
	as adm backup pf.bak --passphrase-file pass.txt >out &&
	expect_grep "(encrypted)" out &&
	"$PARLEY" --db restored-pf.db --as adm restore pf.bak --passphrase-file pass.txt &&
	same_counts office.db restored-pf.db 1
'

test_expect_code 5 'a wrong passphrase is refused with a clear message, and no file left behind' '
	PARLEY_PASSPHRASE="not the passphrase at all" \
		"$PARLEY" --db wrong.db --as adm restore enc.bak >out 2>err
' '
	expect_grep "wrong passphrase" err && test ! -s out &&
	test ! -e wrong.db && no_leftovers
'

test_expect_success 'an encrypted backup without a passphrase is a usage error' '
	test_must_fail_with 2 "$PARLEY" --db nopass.db --as adm restore enc.bak </dev/null 2>err &&
	expect_grep "passphrase" err && test ! -e nopass.db
'

test_expect_success 'setup: an encrypted backup 100 bytes short' '
	head -c $(($(wc -c <enc.bak) - 100)) enc.bak >cut.bak
'

test_expect_code 5 'a truncated encrypted backup is refused (exit 5)' '
	PARLEY_PASSPHRASE="$PASS" "$PARLEY" --db cut.db --as adm restore cut.bak >out 2>err
' '
	expect_grep "cut.bak: the backup is damaged or truncated" err && test ! -s out &&
	test ! -e cut.db && no_leftovers
'

test_expect_success 'a backup cut after a whole chunk: its missing end is noticed' '
	test "$(wc -c <enc.bak)" -gt $CHUNK1_END &&
	head -c $CHUNK1_END enc.bak >cut1.bak &&
	export PARLEY_PASSPHRASE="$PASS" &&
	test_must_fail_with 5 "$PARLEY" --db cut1.db --as adm restore cut1.bak 2>err &&
	expect_grep "truncated (its end is missing)" err &&
	test ! -e cut1.db && no_leftovers
'

test_expect_success 'one flipped byte anywhere in an encrypted backup is refused' '
	export PARLEY_PASSPHRASE="$PASS" &&
	size=$(wc -c <enc.bak) &&
	for off in 20 40 50 80 5000 $((CHUNK1_END + 10)) $((size - 1)); do
		cp enc.bak flip.bak && flip_byte flip.bak $off &&
		test_must_fail_with 5 "$PARLEY" --db flip.db --as adm restore flip.bak 2>err &&
		test ! -e flip.db || exit 1
	done &&
	no_leftovers
'

test_expect_success 'data appended after the end of an encrypted backup is refused' '
	export PARLEY_PASSPHRASE="$PASS" &&
	cp enc.bak long.bak && echo trailing >>long.bak &&
	test_must_fail_with 5 "$PARLEY" --db long.db --as adm restore long.bak 2>err &&
	expect_grep "damaged" err &&
	test ! -e long.db
'

test_expect_success 'a plain backup changed behind parley'"'"'s back is refused' '
	cp plain.db tampered.db &&
	sqlite3 tampered.db "UPDATE persons SET family_name = '"'"'Forged'"'"' WHERE id = 1" &&
	test_must_fail_with 5 "$PARLEY" --db tampered-r.db --as adm restore tampered.db 2>err &&
	expect_grep "changed behind" err &&
	test ! -e tampered-r.db && no_leftovers
'

test_expect_success 'a file that is no parley file is refused' '
	head -c 70000 /dev/urandom >junk.bin &&
	test_must_fail_with 5 "$PARLEY" --db junk.db --as adm restore junk.bin 2>err &&
	expect_grep "junk.bin is not a backup of parley" err &&
	test ! -e junk.db && no_leftovers
'

test_expect_success 'setup: a folder and a FIFO where a backup is expected' '
	mkdir folder.bak && mkfifo fifo.bak
'

test_expect_code 2 'a folder is no backup (exit 2)' '
	"$PARLEY" --db folder-r.db --as adm restore folder.bak >out 2>err
' '
	expect_grep "folder.bak is not a file" err && test ! -s out && test ! -e folder-r.db &&
	no_leftovers
'

test_expect_code 2 'nor is a FIFO: refused at once, not waited on for a writer (exit 2)' '
	timeout 60 "$PARLEY" --db fifo-r.db --as adm restore fifo.bak >out 2>err
' '
	expect_grep "fifo.bak is not a file" err && test ! -s out && test ! -e fifo-r.db &&
	no_leftovers
'

test_expect_success 'setup: a backup its reader may not read' '
	cp plain.db unreadable.db && chmod 000 unreadable.db &&
	no_override true &&
	test_must_fail_with 1 no_override head -c 1 unreadable.db >/dev/null 2>&1
'

test_expect_code 1 'a backup this user may not read is said so, not taken for a foreign file' '
	no_override "$PARLEY" --db unreadable-r.db --as adm restore unreadable.db >out 2>err
' '
	expect_grep "unreadable.db: Permission denied" err && expect_no_grep "not a backup of parley" err &&
	test ! -s out && test ! -e unreadable-r.db && no_leftovers
'

test_expect_code 4 'a registrar may not take a backup (exit 4); the refusal is recorded, no file made' '
	parley_state >before &&
	as reg backup reg.bak >out 2>err
' '
	expect_grep "permission denied: reg (registrar) may not backup" err && test ! -s out &&
	test ! -e reg.bak && no_leftovers && expect_denied_only before reg backup
'

test_expect_success 'a backup failing SQLite'"'"'s integrity check is refused, its schema and trail intact' '
	cp plain.db broken.db &&
	page=$(sqlite3 broken.db "PRAGMA page_size") &&
	root=$(sqlite3 broken.db "SELECT rootpage FROM sqlite_schema WHERE name = '"'"'persons_side_status'"'"'") &&
	test -n "$root" &&
	printf "\377\377\377\377\377\377\377\377" |
		dd of=broken.db bs=1 seek=$(((root - 1) * page + 12)) conv=notrunc 2>/dev/null &&
	"$PARLEY" --db broken.db audit verify >/dev/null &&
	test_must_fail_with 5 "$PARLEY" --db broken-r.db --as adm restore broken.db 2>err &&
	expect_grep "integrity" err &&
	test ! -e broken-r.db && no_leftovers
'

test_expect_success 'a backup whose schema was changed behind parley'"'"'s back is refused, by name' '
	cp plain.db broken.db &&
	sqlite3 broken.db "PRAGMA writable_schema=ON; UPDATE sqlite_schema SET sql =
		'"'"'CREATE INDEX persons_side_status ON persons(kind, status)'"'"'
		WHERE name = '"'"'persons_side_status'"'"'" &&
	test_must_fail_with 5 "$PARLEY" --db broken-r.db --as adm restore broken.db 2>err &&
	expect_grep "index persons_side_status on persons" err &&
	test ! -e broken-r.db && no_leftovers
'

test_expect_success 'a data file in use (a write-ahead log beside it) is not restored' '
	cp plain.db inuse.db && printf "not empty" >inuse.db-wal &&
	test_must_fail_with 2 "$PARLEY" --db inuse-r.db --as adm restore inuse.db 2>err &&
	expect_grep "write-ahead log" err &&
	test ! -e inuse-r.db && no_leftovers
'

test_expect_code 4 'restore acting as a non-admin of the backup is refused (exit 4)' '
	"$PARLEY" --db by-reg.db --as reg restore plain.db >out 2>err
' '
	expect_grep "permission denied: reg is not an admin in the backup" err && test ! -s out &&
	test ! -e by-reg.db && no_leftovers
'

test_expect_code 4 '... as is an account the backup does not have' '
	"$PARLEY" --db by-nobody.db --as nobody restore plain.db >out 2>err
' '
	expect_grep "the backup.s account: account nobody needs its password here" err && test ! -s out &&
	test ! -e by-nobody.db && no_leftovers
'

test_expect_code 2 'a backup never overwrites a file (exit 2)' '
	cp plain.db plain.copy && parley_state >before &&
	as adm backup plain.db >out 2>err
' '
	expect_grep "plain.db already exists" err && test ! -s out &&
	cmp plain.db plain.copy && expect_unchanged before
'

test_expect_code 2 'a restore never overwrites a file (exit 2), and leaves it as it was' '
	parley_state >before &&
	"$PARLEY" --db office.db --as adm restore plain.db >out 2>err
' '
	expect_grep "office.db already exists" err && test ! -s out && expect_unchanged before
'

test_expect_success 'restore without --as, or without a backup, is a usage error' '
	test_must_fail_with 2 "$PARLEY" --db noas.db restore plain.db 2>err &&
	expect_grep "restore: say which admin of the backup acts" err &&
	test_must_fail_with 3 "$PARLEY" --db nofile.db --as adm restore missing.bak 2>err &&
	expect_grep "missing.bak" err &&
	test_must_fail_with 2 "$PARLEY" --db nothing.db --as adm restore 2>err &&
	expect_grep "restore: missing argument" err &&
	test ! -e noas.db && test ! -e nofile.db && test ! -e nothing.db
'

test_expect_success 'backup --json' '
	as adm --json backup j.bak >out &&
	expect_grep "\"persons\": *3" out && expect_grep "\"encrypted\": *false" out
'

# the writer stops when the file stop appears, or after 2,000 persons
test_expect_success 'backups taken while another process writes are consistent' '
	export PARLEY_PASSPHRASE="$PASS" &&
	before=$(sqlite3 office.db "SELECT count(*) FROM persons") &&
	{
		(
			i=0
			while [ ! -e stop ] && [ $i -lt 2000 ]; do
				as reg person add --side captive --kind civilian --family-name "Busy$i" \
					--note "written during a backup" >/dev/null || exit 1
				i=$((i + 1))
			done
		) &
	} &&
	writer=$! &&
	sleep 0.3 &&
	ok=0 &&
	for k in 1 2 3 4; do
		as adm backup busy$k.db >/dev/null &&
			as adm backup --encrypt busy$k.bak >/dev/null || { ok=1; break; }
	done &&
	touch stop &&
	wait $writer && test $ok = 0 &&
	after=$(sqlite3 office.db "SELECT count(*) FROM persons") &&
	test "$after" -gt "$before" &&
	for k in 1 2 3 4; do
		test "$(sqlite3 busy$k.db "PRAGMA integrity_check")" = ok &&
		"$PARLEY" --db busy$k.db audit verify --deep >/dev/null &&
		"$PARLEY" --db busy-r$k.db --as adm restore busy$k.bak >/dev/null &&
		"$PARLEY" --db busy-r$k.db audit verify --deep >/dev/null || exit 1
	done &&
	"$PARLEY" audit verify --deep >/dev/null &&
	no_leftovers
'

test_expect_success 'backup and restore --help' '
	"$PARLEY" backup --help >out && expect_grep "passphrase-file" out &&
	"$PARLEY" restore --help >out && expect_grep "BACKUP" out
'

test_done
