#!/bin/sh
# t1210-name-image.sh - the name index's image beside the data file (office.db.nameix):
# written by the first search, mapped by the next, mode 0600; never used when the file's
# index was written since (by another process too), nor when damaged: rebuilt and
# written again, and the answer is the table's.
#
# Which way a search went is seen from the file: an image used is not written again (its
# inode stays), one passed over is replaced by a new file (rename: a new inode).
. ./lib.sh
need sqlite3

img=$PARLEY_DB.nameix
inode() { stat -c %i "$img"; }
# the refs a search prints, on one line
refs() {
	as lia search "$@" >refs.out &&
	awk "NR > 1 && /^U-/ { print \$1 }" refs.out | tr "\n" " "
}
# writes byte $2 (a character) at offset $1 of the image, in place
poke() {
	printf '%s' "$2" | dd of="$img" bs=1 seek="$1" conv=notrunc status=none
}
# the offset of the first $1 in the image
offset_of() {
	grep -obUa -- "$1" "$img" | head -n 1 | cut -d: -f1
}

test_expect_success 'setup' '
	setup_office &&
	as reg person add side=captive kind=military family_name=Ковальов given_name=Сергій \
		patronymic=Іванович birth_date=1985-03-02 >/dev/null &&
	as reg person add side=captive kind=military family_name=Ковальчук given_name=Сергій \
		>/dev/null &&
	as reg person add side=captive kind=military family_name=Воробйов given_name=Олексій \
		>/dev/null
'

test_expect_success 'the first search writes the image beside the data file, 0600, owned as it' '
	rm -f "$img" &&
	r=$(refs Kovalev Sergei) && test "$r" = "U-000001 U-000002 " &&
	test -f "$img" &&
	test "$(stat -c %a "$img")" = 600 &&
	test "$(stat -c %u "$img")" = "$(stat -c %u "$PARLEY_DB")" &&
	! ls "$img".* 2>/dev/null
'

test_expect_success 'the next search maps it: not written again, the same answer' '
	before=$(inode) &&
	r=$(refs Kovalev Sergei) && test "$r" = "U-000001 U-000002 " &&
	r=$(refs Воробьев) && test "$r" = "U-000003 " &&
	test "$(inode)" = "$before"
'

test_expect_success 'a person added by another process is found by the next search' '
	before=$(inode) &&
	as reg person add side=captive kind=military family_name=Гнатюк given_name=Петро \
		>/dev/null &&
	r=$(refs Hnatiuk) && test "$r" = "U-000004 " &&
	test "$(inode)" != "$before"
'

test_expect_success 'a person edited by another process is found by the new name' '
	as reg person edit U-000004 family_name=Кравчишин >/dev/null &&
	r=$(refs Kravchyshyn) && test "$r" = "U-000004 " &&
	r=$(refs Hnatiuk) && test "$r" = ""
'

test_expect_success 'every write of the name index draws a new generation, in its transaction' '
	gen() { sqlite3 "$PARLEY_DB" "SELECT value FROM meta WHERE key = '"'"'name_index.generation'"'"'"; } &&
	g1=$(gen) && test -n "$g1" &&
	as reg person edit U-000004 given_name=Павло >/dev/null &&
	g2=$(gen) && test "$g2" != "$g1" &&
	as lia search --reindex >/dev/null &&
	g3=$(gen) && test "$g3" != "$g2" &&
	as reg person show U-000001 >/dev/null &&
	test "$(gen)" = "$g3"
'

test_expect_success 'an image of an earlier generation put back is not used' '
	r=$(refs Kravchyshyn) && test "$r" = "U-000004 " &&
	cp -p "$img" old.img &&
	as reg person add side=captive kind=military family_name=Шевчук given_name=Тарас \
		>/dev/null &&
	r=$(refs Shevchuk) && test "$r" = "U-000005 " &&
	cp -p old.img "$img" && before=$(inode) &&
	r=$(refs Shevchuk) && test "$r" = "U-000005 " &&
	test "$(inode)" != "$before"
'

test_expect_success 'the index written behind parley'"'"'s back: the generation says so' '
	r=$(refs Shevchuk) && test "$r" = "U-000005 " && before=$(inode) &&
	sqlite3 "$PARLEY_DB" "DELETE FROM name_index WHERE person_id = 5" &&
	r=$(refs Shevchuk) && test "$r" = "" &&
	test "$(inode)" != "$before" &&
	as lia search --reindex >/dev/null
'

test_expect_success 'a changed byte (a reference) is found by the checksum: rebuilt, right' '
	r=$(refs Kovalev Sergei) && test "$r" = "U-000001 U-000002 " &&
	at=$(offset_of U-000002) && test -n "$at" &&
	poke $((at + 7)) 9 && before=$(inode) &&
	r=$(refs Kovalev Sergei) && test "$r" = "U-000001 U-000002 " &&
	test "$(inode)" != "$before" &&
	test -z "$(offset_of U-000009)"
'

test_expect_success 'a truncated image is rebuilt' '
	size=$(stat -c %s "$img") &&
	truncate -s $((size / 2)) "$img" && before=$(inode) &&
	r=$(refs Kovalev Sergei) && test "$r" = "U-000001 U-000002 " &&
	test "$(inode)" != "$before" && test "$(stat -c %s "$img")" = "$size"
'

test_expect_success 'an image of other key rules or name data (version) is rebuilt' '
	at=$(offset_of "$(sqlite3 "$PARLEY_DB" "SELECT value FROM meta WHERE key = '"'"'name_keys.version'"'"'")") &&
	test -n "$at" && poke "$at" 0 && before=$(inode) &&
	r=$(refs Kovalev Sergei) && test "$r" = "U-000001 U-000002 " &&
	test "$(inode)" != "$before"
'

test_expect_success 'a header that lies about an array'"'"'s length is not trusted' '
	before=$(inode) &&
	poke 200 Z &&
	r=$(refs Воробьев) && test "$r" = "U-000003 " &&
	test "$(inode)" != "$before"
'

test_expect_success 'an empty file, or garbage, in its place is replaced' '
	: >"$img" && chmod 600 "$img" &&
	r=$(refs Воробьев) && test "$r" = "U-000003 " &&
	test "$(stat -c %s "$img")" -gt 1000 &&
	head -c 5000 /dev/urandom >"$img" &&
	r=$(refs Воробьев) && test "$r" = "U-000003 " &&
	r=$(refs Воробьев) && test "$r" = "U-000003 "
'

test_expect_success 'an image others may read is not used, and written again 0600' '
	chmod 644 "$img" && before=$(inode) &&
	r=$(refs Воробьев) && test "$r" = "U-000003 " &&
	test "$(inode)" != "$before" && test "$(stat -c %a "$img")" = 600
'

test_expect_success 'no room for the image (a folder in its place): the search works' '
	rm -f "$img" && mkdir "$img" &&
	r=$(refs Kovalev Sergei) && test "$r" = "U-000001 U-000002 " &&
	test -d "$img" && rmdir "$img" &&
	! ls "$img".* 2>/dev/null
'

test_expect_success 'search --reindex writes the image; deleting it loses nothing' '
	rm -f "$img" &&
	as lia search --reindex >/dev/null &&
	test -f "$img" && before=$(inode) &&
	r=$(refs Kovalev Sergei) && test "$r" = "U-000001 U-000002 " &&
	test "$(inode)" = "$before" &&
	rm "$img" &&
	r=$(refs Kovalev Sergei) && test "$r" = "U-000001 U-000002 "
'

test_expect_success 'a backup holds the data file alone; the restored file builds its own' '
	as adm backup bk.db >/dev/null &&
	test ! -e bk.db.nameix &&
	"$PARLEY" --db bk.db --as lia search Kovalev Sergei >bk.out &&
	expect_grep "^U-000001 " bk.out && test -f bk.db.nameix
'

test_done
