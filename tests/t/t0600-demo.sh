#!/bin/sh
# t0600-demo.sh - the demo office: admin only, only into an empty office, the article's
# figures, the same office for the same seed, every row audited
#
# The demo writes some 140,000 audited rows, so it runs twice only (office.db, the default
# seed; seed1.db, --seed 1 --json); the other cases reuse those files.
. ./lib.sh
need sqlite3

SEED1="$TRASH/seed1.db"

q() {
	sqlite3 "$PARLEY_DB" "$1"
}

test_expect_success 'demo --help says what it does and takes --seed' '
	"$PARLEY" demo --help >out &&
	expect_grep "^usage: parley" out && expect_grep "\-\-seed N" out &&
	expect_grep "3,135" out
'

test_expect_success 'setup: an empty office with an admin, a registrar and an auditor' '
	"$PARLEY" --db "$TRASH/empty.db" init --admin adm >/dev/null &&
	"$PARLEY" --db "$TRASH/empty.db" --as adm account add reg --role registrar --os-user "$ME" >/dev/null &&
	"$PARLEY" --db "$TRASH/empty.db" --as adm account add aud --role auditor --os-user "$ME" >/dev/null
'

test_expect_code 4 'a registrar may not make the demo office; only the refusal is written' '
	parley_state "$TRASH/empty.db" >before &&
	"$PARLEY" --db "$TRASH/empty.db" --as reg demo >out 2>err
' '
	expect_grep "permission denied: reg (registrar) may not demo" err && test ! -s out &&
	expect_denied_only before reg demo "$TRASH/empty.db"
'

test_expect_success 'an admin fills an empty office; the accounts and passwords are shown once' '
	"$PARLEY" --db "$PARLEY_DB" init --admin adm >/dev/null &&
	as adm demo >out &&
	expect_grep "^demo accounts: they act from the operating-system user $ME without a password" out &&
	expect_grep "^login  *role  *password" out &&
	for r in registrar liaison negotiator psychologist analyst head auditor admin; do
		grep -q "^demo-$r  *$r  *[A-Za-z0-9]\{20\}\$" out || { echo "no demo-$r"; exit 1; }
	done &&
	expect_grep "captives" out && expect_grep "detainees" out
'

test_expect_success 'each demo account has its role' '
	test "$(q "SELECT count(*) FROM accounts WHERE login LIKE '\''demo-%'\''")" = 8 &&
	test "$(q "SELECT roles FROM accounts WHERE login = '\''demo-head'\''")" = 32
'

test_expect_success 'at least 8,000 captives, a third of them civilians' '
	n=$(q "SELECT count(*) FROM persons WHERE side = '\''captive'\''") &&
	c=$(q "SELECT count(*) FROM persons WHERE side = '\''captive'\'' AND kind = '\''civilian'\''") &&
	test "$n" -ge 8000 &&
	test $((c * 100)) -ge $((n * 28)) && test $((c * 100)) -le $((n * 38))
'

test_expect_success 'an exchange fund of at least 3,000 detainees, each with a consent' '
	test "$(q "SELECT count(*) FROM persons WHERE side = '\''detainee'\''")" -ge 3000 &&
	test "$(q "SELECT count(*) FROM persons WHERE side = '\''detainee'\'' AND consent IS NULL")" = 0
'

test_expect_success 'exactly 3,135 returned and 11 handed to a third country (June 2023)' '
	test "$(q "SELECT count(*) FROM persons WHERE status = '\''returned'\''")" = 3135 &&
	test "$(q "SELECT count(*) FROM persons WHERE status = '\''third_country'\''")" = 11 &&
	test "$(q "SELECT count(*) FROM persons WHERE status = '\''third_country'\''
		AND status_date LIKE '\''2023-06-%'\''")" = 11
'

test_expect_success 'musicians, medics, chaplains, journalists, Azovstal and foreign citizens' '
	for t in musician medic chaplain journalist azovstal; do
		test "$(q "SELECT count(*) FROM persons WHERE '\'';'\'' || tags || '\'';'\'' LIKE '\''%;$t;%'\''")" -gt 0 ||
			{ echo "no $t"; exit 1; }
	done &&
	test "$(q "SELECT count(*) FROM persons WHERE side = '\''captive'\'' AND citizenship <> '\''UA'\''")" -gt 0 &&
	test "$(q "SELECT count(*) FROM persons WHERE tags LIKE '\''%azovstal%'\''
		AND (capture_place <> '\''Маріуполь, Азовсталь'\'' OR capture_date NOT BETWEEN '\''2022-05-16'\'' AND '\''2022-05-20'\'')
		AND capture_date IS NOT NULL")" = 0
'

test_expect_success 'every status history follows the transitions, in date order' '
	test "$(q "SELECT count(*) FROM (SELECT p.side, s.status, s.corrects, s.date,
			lag(s.status) OVER w AS prev, lag(s.date) OVER w AS prev_date
			FROM statuses s JOIN persons p ON p.id = s.person_id
			WINDOW w AS (PARTITION BY s.person_id ORDER BY s.id))
		WHERE prev IS NOT NULL AND (date < prev_date OR (corrects IS NULL AND
			prev || '\''>'\'' || status NOT IN (
			'\''missing>data_unknown'\'', '\''missing>probable'\'', '\''missing>confirmed'\'', '\''missing>died'\'',
			'\''data_unknown>probable'\'', '\''data_unknown>confirmed'\'', '\''data_unknown>died'\'',
			'\''probable>confirmed'\'', '\''probable>died'\'', '\''confirmed>listed'\'', '\''confirmed>returned'\'',
			'\''confirmed>third_country'\'', '\''confirmed>died'\'', '\''listed>confirmed'\'', '\''listed>returned'\'',
			'\''listed>third_country'\'', '\''listed>died'\'', '\''third_country>returned'\'', '\''third_country>died'\'',
			'\''died>remains_returned'\'', '\''held>listed'\'', '\''held>released'\'', '\''held>died'\'',
			'\''listed>held'\'', '\''listed>exchanged'\'', '\''listed>released'\'', '\''listed>died'\'')))")" = 0 &&
	test "$(q "SELECT count(*) FROM persons p WHERE p.status <> (SELECT status FROM statuses
		WHERE person_id = p.id ORDER BY id DESC LIMIT 1)")" = 0
'

test_expect_success 'statuses rest on evidence graded as such sources are' '
	test "$(q "SELECT count(*) FROM statuses WHERE evidence_id IS NOT NULL")" -gt 5000 &&
	test "$(q "SELECT count(*) FROM evidence WHERE kind = '\''icrc_notification'\''
		AND reliability || credibility NOT IN ('\''A1'\'', '\''A2'\'')")" = 0 &&
	test "$(q "SELECT count(*) FROM statuses s JOIN evidence e ON e.id = s.evidence_id
		WHERE e.person_id <> s.person_id")" = 0
'

test_expect_success 'relatives and inquiries: the hotline answers with its five answers' '
	test "$(q "SELECT count(*) FROM relatives")" -gt 8000 &&
	test "$(q "SELECT count(*) FROM relatives WHERE safety = '\''yes'\'' AND safety_channel IS NULL")" = 0 &&
	test "$(q "SELECT count(*) FROM relatives WHERE safety = '\''yes'\''")" -gt 0 &&
	test "$(q "SELECT count(*) FROM inquiries WHERE answer NOT IN ('\''Даних немає'\'',
		'\''Є дані, але факт полону не підтверджено'\'', '\''Ймовірно в полоні'\'',
		'\''Факт полону підтверджено МКЧХ'\'', '\''Звільнений під час обміну'\'')")" = 0 &&
	test "$(q "SELECT count(*) FROM inquiries i WHERE answer = '\''Звільнений під час обміну'\''
		AND NOT EXISTS (SELECT 1 FROM statuses s WHERE s.person_id = i.person_id
			AND s.status = '\''returned'\'' AND s.date <= i.date)")" = 0 &&
	test "$(q "SELECT count(*) FROM inquiries i WHERE answer = '\''Даних немає'\''
		AND EXISTS (SELECT 1 FROM statuses s WHERE s.person_id = i.person_id
			AND s.status <> '\''missing'\'' AND s.date <= i.date)")" = 0
'

test_expect_success 'the audit trail covers every row of the demo and verifies deep' '
	"$PARLEY" --db "$PARLEY_DB" audit verify --deep >out && expect_grep "intact" out &&
	test "$(q "SELECT count(*) FROM audit WHERE action = '\''demo'\''")" -gt 100000
'

test_expect_code 1 'a second demo is refused and writes nothing' '
	parley_state >before &&
	as adm demo >out 2>err
' '
	expect_grep "already holds case data" err && test ! -s out && expect_unchanged before
'

test_expect_code 4 'the demo registrar may not make a demo office either' '
	as demo-registrar demo >out 2>err
' '
	expect_grep "permission denied: demo-registrar (registrar) may not demo" err && test ! -s out
'

test_expect_code 2 'a seed that is no number is a usage error' '
	as adm demo --seed x >out 2>err
' '
	expect_grep "seed" err && test ! -s out
'

test_expect_success 'the head sees the office at a glance' '
	as demo-head stats >out &&
	expect_grep "returned  *3,135" out && expect_grep "handed to a third country  *11" out
'

test_expect_success 'the same seed makes the same office (--seed 1 is the default), --json' '
	"$PARLEY" --db "$SEED1" init --admin adm >/dev/null &&
	"$PARLEY" --db "$SEED1" --as adm --json demo --seed 1 >out.json &&
	expect_grep "\"accounts\"" out.json && expect_grep "\"counts\"" out.json &&
	expect_grep "\"returned\": 3135" out.json &&
	test "$(grep -c "\"password\"" out.json)" = 8 &&
	dump="SELECT ref, family_name, given_name, patronymic, other_names, birth_date, status,
		status_date, tags FROM persons ORDER BY ref" &&
	sqlite3 "$PARLEY_DB" "$dump" >a.txt && sqlite3 "$SEED1" "$dump" >b.txt &&
	test "$(wc -l <a.txt)" -ge 11000 && cmp a.txt b.txt &&
	dump="SELECT person_id, status, date, evidence_id FROM statuses ORDER BY id;
		SELECT person_id, name, relation, contacts FROM relatives ORDER BY id;
		SELECT person_id, date, question, answer FROM inquiries ORDER BY id" &&
	sqlite3 "$PARLEY_DB" "$dump" >a.txt && sqlite3 "$SEED1" "$dump" >b.txt && cmp a.txt b.txt
'

test_done
