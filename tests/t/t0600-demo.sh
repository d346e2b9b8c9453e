#!/bin/sh
# t0600-demo.sh - the demo office: admin only, only into an empty office, the article's
# figures, its 51 exchanges judged by the library's own rules, the same office for the
# same seed, every row audited
#
# The demo writes some 180,000 audited rows, so it runs twice only (office.db, the default
# seed; seed1.db, --seed 1 --json); the other cases reuse those files.
. ./lib.sh
need sqlite3

SEED1="$TRASH/seed1.db"
DOC="${PARLEY_SRC:-../..}/docs/values.md"

q() {
	sqlite3 "$PARLEY_DB" "$1"
}

# the status changes docs/values.md allows, as 'side:from>to', a list for SQL's IN
allowed=$(awk -F '|' '
	/^\| from \((captive|detainee)\) \| to \|/ { side = $2; sub(/.*\(/, "", side); sub(/\).*/, "", side); next }
	/^\|/ && side != "" && $2 ~ /`/ {
		from = $2; to = $3
		gsub(/[` ]/, "", from); gsub(/[` ]/, "", to)
		n = split(to, t, ",")
		for (i = 1; i <= n; i++)
			printf "%s'\''%s:%s>%s'\''", sep, side, from, t[i], sep = ", "
		next
	}
	!/^\|/ { side = "" }' "$DOC")

# every table of file $1 but the accounts' (their passwords are drawn afresh), without the
# columns that hold the time of the transaction; of the audit trail, the demo's records
dump_all() {
	for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN
			('accounts', 'account_logins', 'audit_checkpoints', 'meta', 'files') ORDER BY name"); do
		cols=$(sqlite3 "$1" "SELECT group_concat(name, ', ') FROM pragma_table_info('$t') WHERE
			name NOT IN ('recorded', 'created', 'updated', 'removed', 'ts', 'row_hash', 'hash')") &&
		where=$(test "$t" != audit || echo "WHERE action = 'demo'") &&
		echo "== $t" && sqlite3 "$1" "SELECT $cols FROM $t $where ORDER BY rowid" || return 1
	done
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
	expect_grep "captives" out && expect_grep "detainees" out &&
	expect_grep "exchanges carried out  *51$" out
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

test_expect_success 'every status history follows the transitions of docs/values.md, in date order' '
	case "$allowed" in *"captive:missing>probable"*"detainee:held>listed"*) ;; *) exit 1 ;; esac &&
	test "$(q "SELECT count(*) FROM (SELECT p.side, s.status, s.corrects, s.date,
			lag(s.status) OVER w AS prev, lag(s.date) OVER w AS prev_date
			FROM statuses s JOIN persons p ON p.id = s.person_id
			WINDOW w AS (PARTITION BY s.person_id ORDER BY s.id))
		WHERE prev IS NOT NULL AND (date < prev_date OR (corrects IS NULL AND
			side || '\'':'\'' || prev || '\''>'\'' || status NOT IN ($allowed)))")" = 0 &&
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

test_expect_success '51 exchanges carried out, one agreed and waiting, one proposed to plan; every returned captive crossed at one stage of one' '
	test "$(q "SELECT count(*) FROM exchanges WHERE status IN ('\''executed'\'', '\''reconciled'\'',
		'\''closed'\'')")" = 51 &&
	test "$(q "SELECT count(*) FROM exchanges")" = 53 &&
	test "$(q "SELECT status FROM exchanges WHERE ref = '\''E-0052'\''")" = agreed &&
	test "$(q "SELECT status || '\'': '\'' || formula FROM exchanges WHERE ref = '\''E-0053'\''")" = \
		"proposed: receive 50; at least 10 where kind = civilian; give 50" &&
	test "$(q "SELECT count(*) FROM exchange_lists l JOIN exchanges x ON x.id = l.exchange_id
		WHERE x.ref = '\''E-0053'\''")" = 0 &&
	test "$(q "SELECT count(*) FROM exchange_handovers WHERE side = '\''receive'\''")" = 3135 &&
	test "$(q "SELECT count(*) FROM persons p WHERE status = '\''returned'\'' AND (SELECT count(*)
		FROM exchange_handovers h WHERE h.person_id = p.id AND h.side = '\''receive'\'') <> 1")" = 0 &&
	test "$(q "SELECT count(*) FROM exchange_handovers h JOIN persons p ON p.id = h.person_id
		WHERE h.side = '\''receive'\'' AND p.status <> '\''returned'\''")" = 0 &&
	test "$(q "SELECT count(*) FROM exchange_handovers h JOIN persons p ON p.id = h.person_id
		WHERE h.side = '\''give'\'' AND p.status <> '\''exchanged'\''")" = 0 &&
	test "$(q "SELECT count(*) FROM persons WHERE status = '\''exchanged'\''")" = \
		"$(q "SELECT count(*) FROM exchange_handovers WHERE side = '\''give'\''")" &&
	test "$(q "SELECT count(*) FROM receptions r JOIN exchange_handovers h ON h.id = r.handover_id
		AND h.person_id = r.person_id")" = 3135
'

test_expect_success 'every exchange carried out reconciles, by the library'"'"'s own rules' '
	q "SELECT ref FROM exchanges WHERE status NOT IN ('\''agreed'\'', '\''proposed'\'') ORDER BY ref" >refs &&
	test "$(wc -l <refs)" = 51 &&
	while read -r ref; do
		as demo-head exchange reconcile "$ref" >"rec-$ref" || { echo "$ref"; exit 1; }
	done <refs &&
	for ref in E-0011 E-0016 E-0020 E-0031 E-0046 E-0047 E-0049; do
		as demo-head exchange check "$ref" >"chk-$ref" || { echo "$ref"; exit 1; }
	done &&
	test_must_fail_with 1 as demo-head exchange reconcile E-0052 2>err &&
	expect_grep "nothing happened yet to reconcile" err &&
	grep -l "^ *!!" rec-* >deviating && test "$(cat deviating)" = "rec-E-0047
rec-E-0049" &&
	grep -l "^ *!!" chk-* >deviating && test "$(cat deviating)" = "chk-E-0047
chk-E-0049" &&
	n=0 && for f in rec-*; do
		k=$(sed -n "s/^ *[ok!]*  \([0-9]*\) of ours recorded as received; we announced .*/\1/p" "$f") &&
		n=$((n + k)) || exit 1
	done && test "$n" = 3135
'

test_expect_success 'the article: 10 severely wounded agreed; 5 of them and 5 unwounded came' '
	expect_grep "receive 10 where health = severely_wounded.: 10 crossed, 5 of them match, of 10: 5 short" rec-E-0047 &&
	test "$(grep -c "was agreed and did not cross" rec-E-0047)" = 5 &&
	test "$(grep -c "crossed at stage 1 and was on no agreed list" rec-E-0047)" = 5 &&
	test "$(grep -c "does not match .receive 10 where health = severely_wounded.: health: healthy" rec-E-0047)" = 5
'

test_expect_success 'the terms as told: Azovstal'"'"'s defenders, one named for 215, 108 women, one sentenced given' '
	expect_grep "ok  .at least 95 where tags has azovstal.: [0-9]*, holds" chk-E-0011 &&
	expect_grep "ok  .R-[0-9]*.: 1, holds" chk-E-0016 &&
	expect_grep "ok  .receive 215.: 215 of 215, holds" chk-E-0016 &&
	expect_grep "ok  .receive 108 where sex = f.: 108 of 108, holds" chk-E-0020 &&
	expect_grep "was sentenced by our courts" chk-E-0031
'

test_expect_success 'January 2024: 230 of ours came, the other side announced 248' '
	expect_grep "!!  230 of ours recorded as received; the other side announced 248" rec-E-0049 &&
	test "$(grep -c "was agreed and did not cross" rec-E-0049)" = 2 &&
	test "$(grep -c "on no agreed list" rec-E-0049)" = 2
'

test_expect_success 'the 11 handed to Hungary are an incident, and the check of an exchange Hungary was in says so' '
	test "$(q "SELECT count || '\'' '\'' || state FROM exchange_incidents WHERE kind = '\''third_country_transfer'\''")" = "11 Угорщина" &&
	expect_grep "Угорщина took 11 of ours without notice to us on 2023-06-08" chk-E-0046 &&
	test "$(q "SELECT count(*) FROM notifications WHERE reason = '\''third_country'\''")" -ge 11
'

test_expect_success 'families are told only after the arrival, through their channel; a few wait in the queue' '
	test "$(q "SELECT count(*) FROM notifications")" -gt 3000 &&
	test "$(q "SELECT count(*) FROM notifications n JOIN receptions r ON r.person_id = n.person_id
		WHERE n.date < r.arrived")" = 0 &&
	test "$(q "SELECT count(*) FROM notifications n LEFT JOIN receptions r ON r.person_id = n.person_id
		WHERE r.id IS NULL AND n.reason = '\''return'\''")" = 0 &&
	test "$(q "SELECT count(*) FROM receptions WHERE family_notified < arrived")" = 0 &&
	test "$(q "SELECT count(*) FROM notifications n JOIN relatives r ON r.id = n.relative_id
		WHERE r.safety = '\''yes'\'' AND (n.via IS NOT r.safety_channel OR n.channel = '\''phone'\'')")" = 0 &&
	as demo-liaison notify queue >queue && expect_grep "families to tell" queue &&
	expect_grep "ONLY through" queue && expect_grep "NOT TO BE TOLD" queue
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
	expect_grep "\"returned\": 3135" out.json && expect_grep "\"exchanges\": 51" out.json &&
	expect_grep "\"negotiations\": 5" out.json && expect_grep "\"sessions\": 17" out.json &&
	test "$(grep -c "\"password\"" out.json)" = 8 &&
	dump="SELECT ref, family_name, given_name, patronymic, other_names, birth_date, status,
		status_date, tags FROM persons ORDER BY ref" &&
	sqlite3 "$PARLEY_DB" "$dump" >a.txt && sqlite3 "$SEED1" "$dump" >b.txt &&
	test "$(wc -l <a.txt)" -ge 11000 && cmp a.txt b.txt &&
	dump_all "$PARLEY_DB" >a.txt && dump_all "$SEED1" >b.txt &&
	expect_grep "^== exchange_handovers" a.txt && expect_grep "^== notifications" a.txt &&
	test "$(wc -l <a.txt)" -ge 300000 && cmp a.txt b.txt
'

# issue 11's done-when: the demo's proposed exchange, planned and explained (last: it writes)
test_expect_success 'E-0053, 50 for 50 with at least 10 civilians: a plan proven optimal, the severely wounded first' '
	as demo-negotiator --json plan E-0053 >plan.json &&
	test "$(jq -r .status plan.json)" = optimal &&
	test "$(jq -r .gap plan.json)" = 0 &&
	test "$(jq "[.members[] | select(.side == \"receive\")] | length" plan.json)" = 50 &&
	test "$(jq "[.members[] | select(.side == \"give\")] | length" plan.json)" = 50 &&
	test "$(jq "[.terms[] | select(.holds | not)] | length" plan.json)" = 0 &&
	test "$(jq "[.members[] | select(.side == \"receive\") |
		select(.detail | test(\"severely (wounded|ill)\") | not)] | length" plan.json)" = 0
'

test_expect_success 'plan explain answers for anyone, in words: chosen, not chosen, left out, not weighed' '
	ref=$(jq -r .ref plan.json) &&
	as demo-negotiator --json plan show "$ref" --all >all.json &&
	chosen=$(jq -r "[.members[] | select(.chosen)][0].ref" all.json) &&
	cand=$(jq -r "[.members[] | select(.chosen | not) | select(.reason == null)][0].ref" all.json) &&
	out=$(jq -r "[.members[] | select(.reason != null)][0].ref" all.json) &&
	as demo-negotiator plan explain "$ref" "$chosen" >why1 &&
	expect_grep "is on the .* list\\. Their .* is [0-9.]* (.*)\\. Left off, the best list that meets the terms scores [0-9.]* less" why1 &&
	as demo-negotiator plan explain "$ref" "$cand" >why2 &&
	expect_grep "is not on the .* list\\. .*Put on it, the best list that meets the terms scores [0-9.]* less" why2 &&
	as demo-negotiator plan explain "$ref" "$out" >why3 &&
	expect_grep "cannot be on the .* list: " why3 &&
	as demo-negotiator plan explain "$ref" U-000001 >why4 &&
	expect_grep "was not weighed by plan $ref" why4
'

test_done
