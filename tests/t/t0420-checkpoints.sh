#!/bin/sh
# t0420-checkpoints.sh - signed checkpoints: a trail rewritten consistently with the
# chain's public construction passes audit verify, and fails audit verify --pubkey at the
# first signed checkpoint it changed, or cut off; keys are kept apart and checked, and what
# is no key, head or checkpoint line is refused, naming it, writing nothing
. ./lib.sh
: "${PARLEY_RECHAIN:?set PARLEY_RECHAIN to tests/helpers/rechain}"
need sqlite3 mkfifo timeout "$PARLEY_RECHAIN"

setup_office
as reg person add --side captive --kind military --family-name Ковальов >/dev/null

test_expect_success 'keygen: a secret key file 0600, the public key printed as hex' '
	"$PARLEY" audit keygen audit.key >pub 2>err &&
	grep -Eqx "[0-9a-f]{64}" pub &&
	test "$(stat -c %a audit.key)" = 600 &&
	expect_grep "keep it off the server" err &&
	test_must_fail_with 2 "$PARLEY" audit keygen audit.key 2>err &&
	expect_grep "never overwritten" err
'

test_expect_success 'the offline way: head on the server, signed away from it, recorded back' '
	as aud audit head >head &&
	"$PARLEY" audit sign-head --key audit.key "$(cat head)" >signed &&
	grep -Eq "^[0-9]+:[0-9a-f]{64}:[0-9]{8}T[0-9]{6}Z:[0-9a-f]{64}:[0-9a-f]{128}$" signed &&
	as aud audit checkpoint add "$(cat signed)" >out &&
	expect_grep "checkpoint recorded" out
'

test_expect_success 'a key brought for the moment: audit sign records the current head' '
	as reg person add --side detainee --kind military --family-name Смирнов >/dev/null &&
	as aud audit sign --key audit.key >signed2 &&
	test "$(cut -d: -f1 signed2)" -gt "$(cut -d: -f1 signed)"
'

test_expect_success 'verify --pubkey: every checkpoint holds, the newest is named' '
	"$PARLEY" audit verify --deep --pubkey "$(cat pub)" --max-age 1 >out &&
	expect_grep "2 signed checkpoints hold; the newest signs record $(cut -d: -f1 signed2)" out
'

test_expect_success 'a trail rewritten consistently passes verify, and fails at the checkpoint' '
	cp "$PARLEY_DB" forged.db &&
	"$PARLEY_RECHAIN" forged.db "UPDATE audit SET account = '"'"'intruder'"'"' WHERE seq = 2" >/dev/null &&
	"$PARLEY" --db forged.db audit verify --deep >/dev/null &&
	test_must_fail_with 5 "$PARLEY" --db forged.db audit verify --pubkey "$(cat pub)" 2>err &&
	expect_grep "checkpoint 1 signs audit record $(cut -d: -f1 signed) with another hash" err
'

test_expect_success 'a change after the first checkpoint fails at the second' '
	cp "$PARLEY_DB" forged2.db &&
	n=$(cut -d: -f1 signed2) &&
	"$PARLEY_RECHAIN" forged2.db "UPDATE audit SET os_user = '"'"'nobody'"'"' WHERE seq = $n" >/dev/null &&
	"$PARLEY" --db forged2.db audit verify >/dev/null &&
	test_must_fail_with 5 "$PARLEY" --db forged2.db audit verify --pubkey "$(cat pub)" 2>err &&
	expect_grep "checkpoint 2 signs audit record $n with another hash" err
'

test_expect_success 'a trail cut short after a checkpoint fails at it: the record it signs is gone' '
	cp "$PARLEY_DB" short.db &&
	n=$(cut -d: -f1 signed2) &&
	"$PARLEY_RECHAIN" short.db "DELETE FROM audit WHERE seq >= $n" >/dev/null &&
	"$PARLEY" --db short.db audit verify >/dev/null &&
	test_must_fail_with 5 "$PARLEY" --db short.db audit verify --pubkey "$(cat pub)" 2>err &&
	expect_grep "checkpoint 2 signs audit record $n, which the trail no longer has (cut off)" err
'

test_expect_success 'checkpoints cut off fail; one whose time was moved no longer holds' '
	cp "$PARLEY_DB" cut.db &&
	"$PARLEY_RECHAIN" cut.db "DELETE FROM audit_checkpoints" >/dev/null &&
	test_must_fail_with 5 "$PARLEY" --db cut.db audit verify --pubkey "$(cat pub)" 2>err &&
	expect_grep "no checkpoint signed with this key" err &&
	cp "$PARLEY_DB" old.db &&
	"$PARLEY_RECHAIN" old.db "UPDATE audit_checkpoints SET signed_at = '"'"'20260101T000000Z'"'"'" >/dev/null &&
	test_must_fail_with 5 "$PARLEY" --db old.db audit verify --pubkey "$(cat pub)" 2>err &&
	expect_grep "signature does not hold" err
'

test_expect_success 'a signature replaced by what is not hex does not hold either' '
	cp "$PARLEY_DB" junk.db &&
	"$PARLEY_RECHAIN" junk.db "UPDATE audit_checkpoints SET signature = '"'"'$(printf "%0128d" 0 | tr 0 z)'"'"' WHERE id = 1" >/dev/null &&
	test_must_fail_with 5 "$PARLEY" --db junk.db audit verify --pubkey "$(cat pub)" 2>err &&
	expect_grep "checkpoint 1: its signature does not hold" err
'

test_expect_success 'another key, a forged signature, a head not on this trail are refused' '
	"$PARLEY" audit keygen other.key >otherpub 2>/dev/null &&
	test_must_fail_with 5 "$PARLEY" audit verify --pubkey "$(cat otherpub)" 2>err &&
	expect_grep "was not signed with this key" err &&
	sed "s/:[0-9a-f]*\$/:$(printf "%0128d" 0)/" signed >bad &&
	test_must_fail_with 1 as aud audit checkpoint add "$(cat bad)" 2>err &&
	expect_grep "signature does not hold" err &&
	"$PARLEY" audit sign-head --key audit.key "1:$(printf "%064d" 0)" >nothere &&
	test_must_fail_with 5 as aud audit checkpoint add "$(cat nothere)" 2>err &&
	expect_grep "with another hash" err
'

test_expect_success 'keys are kept apart: a readable key or a link is refused, bad input named' '
	cp audit.key loose.key && chmod 644 loose.key &&
	test_must_fail_with 2 "$PARLEY" audit sign-head --key loose.key "$(cat head)" 2>err &&
	expect_grep "others may read this key" err &&
	ln -s audit.key link.key &&
	test_must_fail_with 2 "$PARLEY" audit sign-head --key link.key "$(cat head)" 2>err &&
	expect_grep "link" err &&
	test_must_fail_with 2 "$PARLEY" audit sign-head --key audit.key "not-a-head" 2>err &&
	expect_grep "not an audit head" err &&
	test_must_fail_with 2 as aud audit checkpoint add "garbage" 2>err &&
	expect_grep "not a signed checkpoint" err &&
	test_must_fail_with 2 "$PARLEY" audit verify --pubkey xyz 2>err &&
	expect_grep "not a public key" err &&
	test_must_fail_with 2 as aud audit checkpoint remove x 2>err
'

test_expect_success 'what is not a key is refused at once, by name: a folder, a FIFO, half a key, a public key' '
	mkdir dir.key &&
	test_must_fail_with 2 "$PARLEY" audit sign-head --key dir.key "$(cat head)" 2>err &&
	expect_grep "dir.key: not a key file" err &&
	mkfifo -m 600 fifo.key &&
	test_must_fail_with 2 timeout 60 "$PARLEY" audit sign-head --key fifo.key "$(cat head)" 2>err &&
	expect_grep "fifo.key: not a key file" err &&
	head -c 100 audit.key >half.key && chmod 600 half.key &&
	test_must_fail_with 2 "$PARLEY" audit sign-head --key half.key "$(cat head)" 2>err &&
	expect_grep "half.key: not a parley audit key" err &&
	cp pub pub.key && chmod 600 pub.key &&
	test_must_fail_with 2 "$PARLEY" audit sign-head --key pub.key "$(cat head)" 2>err &&
	expect_grep "pub.key: not a parley audit key" err &&
	test_must_fail_with 2 "$PARLEY" audit sign-head --key "" "$(cat head)" 2>err &&
	expect_grep "name the key file" err &&
	test_must_fail_with 2 "$PARLEY" audit keygen "" 2>err &&
	expect_grep "name the key file to make" err
'

test_expect_success 'a head is SEQ:HEX, its record numbered from 1 and its hash 64 lower-case hex digits' '
	hash=$(cut -d: -f2 head) &&
	for bad in "0:$hash" "-1:$hash" "x1:$hash" "1:$(printf "%064d" 0 | tr 0 g)" \
		"1:$(echo "$hash" | cut -c2-)" "1:$(echo "$hash" | tr a-f A-F)" "1:${hash}0"; do
		test_must_fail_with 2 "$PARLEY" audit sign-head --key audit.key "$bad" >out 2>err &&
		expect_grep "is not an audit head" err && test ! -s out || exit 1
	done
'

test_expect_success 'setup: checkpoint lines too long, with record 0, with no time, with no signature' '
	printf "%0400d" 1 >long &&
	sed "s/^[0-9]*:/0:/" signed >seq0 &&
	sed "s/:\([0-9]\{8\}\)T\([0-9]\{6\}\)Z:/:\1-\2Z:/" signed >notime &&
	sed "s/:[0-9a-f]*\$/:/" signed >nosig &&
	! cmp -s seq0 signed && ! cmp -s notime signed && ! cmp -s nosig signed
'

test_expect_success 'a checkpoint line too long, or one of whose five parts is wrong, is refused (exit 2)' '
	parley_state >before &&
	for f in long seq0 notime nosig; do
		test_must_fail_with 2 as aud audit checkpoint add "$(cat $f)" >out 2>err &&
		expect_grep "not a signed checkpoint" err && test ! -s out || exit 1
	done &&
	expect_unchanged before
'

test_expect_code 3 'audit sign with a key that is not there: exit 3, nothing recorded' '
	parley_state >before &&
	as aud audit sign --key missing.key >out 2>err
' '
	expect_grep "missing.key: No such file or directory" err && test ! -s out &&
	expect_unchanged before
'

test_expect_success 'only auditors sign, and a refusal is recorded' '
	before=$(as aud audit verify --json | sed "s/.*\"records\": *\([0-9]*\).*/\1/") &&
	test_must_fail_with 4 as reg audit sign --key audit.key 2>err &&
	expect_grep "may not audit.sign" err &&
	after=$("$PARLEY" audit verify --json | sed "s/.*\"records\": *\([0-9]*\).*/\1/") &&
	test "$after" = $((before + 1))
'

test_done
