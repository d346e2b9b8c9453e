#!/bin/sh
# t0420-checkpoints.sh - signed checkpoints: a trail rewritten consistently with the
# chain's public construction passes audit verify, and fails audit verify --pubkey at the
# first signed checkpoint it changed; keys are kept apart and checked
. ./lib.sh
: "${PARLEY_RECHAIN:?set PARLEY_RECHAIN to tests/helpers/rechain}"
need sqlite3 "$PARLEY_RECHAIN"

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

test_expect_success 'only auditors sign, and a refusal is recorded' '
	before=$(as aud audit verify --json | sed "s/.*\"records\": *\([0-9]*\).*/\1/") &&
	test_must_fail_with 4 as reg audit sign --key audit.key 2>err &&
	expect_grep "may not audit.sign" err &&
	after=$("$PARLEY" audit verify --json | sed "s/.*\"records\": *\([0-9]*\).*/\1/") &&
	test "$after" = $((before + 1))
'

test_done
