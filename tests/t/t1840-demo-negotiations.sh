#!/bin/sh
# t1840-demo-negotiations.sh - the negotiation desk of the demo office: its rows keep the
# desk's data rules (docs/negotiations.md) as the library would have written them
#
# The demo runs once; every case reads its file with sqlite3 (t0600 checks that the same
# seed gives the same rows, these among them).
. ./lib.sh
need sqlite3 jq

q() {
	sqlite3 "$PARLEY_DB" "$1"
}

# want N SQL: the query answers N (else says what it answered)
want() {
	got=$(q "$2") || return 1
	test "$got" = "$1" && return 0
	echo "wanted $1, got '$got' from: $2" >&2
	return 1
}

# the role bits of the demo's accounts (account.h), from the accounts themselves
role_of() {
	echo "(SELECT roles FROM accounts WHERE login = 'demo-$1')"
}

test_expect_success 'setup: the demo office, with its desk' '
	"$PARLEY" --db "$PARLEY_DB" init --admin adm >/dev/null &&
	as adm demo >out &&
	expect_grep "^  negotiations  *5$" out &&
	expect_grep "^  negotiation sessions  *17$" out
'

test_expect_success 'negotiations in every status, each linked to the exchanges that came of it' '
	want "active closed preparing suspended" "SELECT group_concat(status, '"' '"') FROM
		(SELECT DISTINCT status FROM negotiations ORDER BY status)" &&
	want 0 "SELECT count(*) FROM negotiations WHERE status IN ('"'suspended'"', '"'closed'"')
		AND status_reason IS NULL" &&
	want 0 "SELECT count(*) FROM negotiations WHERE objectives IS NULL OR walk_away IS NULL
		OR batna IS NULL OR their_batna IS NULL" &&
	want 0 "SELECT count(*) FROM negotiations n WHERE status <> '"'preparing'"' AND NOT EXISTS
		(SELECT 1 FROM negotiation_exchanges l WHERE l.negotiation_id = n.id)" &&
	want 0 "SELECT count(*) FROM negotiations n WHERE status = '"'preparing'"' AND EXISTS
		(SELECT 1 FROM negotiation_sessions s WHERE s.negotiation_id = n.id)" &&
	want E-0016 "SELECT group_concat(e.ref) FROM negotiation_exchanges l JOIN exchanges e
		ON e.id = l.exchange_id JOIN negotiations n ON n.id = l.negotiation_id
		WHERE n.title = '"'Стамбульський канал'"' AND e.ref = '"'E-0016'"'" &&
	want 0 "SELECT count(*) FROM negotiations WHERE ref NOT GLOB '"'N-[0-9][0-9][0-9][0-9]'"'"
'

test_expect_success 'sessions end after they start, are numbered 1..n per negotiation, one is past ten hours' '
	want 17 "SELECT count(*) FROM negotiation_sessions WHERE ended > started
		AND started >= '"'2022-02-24'"' AND ended < '"'2024-05-21'"'" &&
	want 0 "SELECT count(*) FROM (SELECT negotiation_id, count(*) AS n, max(number) AS m,
		count(DISTINCT number) AS d FROM negotiation_sessions GROUP BY negotiation_id)
		WHERE n <> m OR n <> d" &&
	want 0 "SELECT count(*) FROM negotiation_sessions a JOIN negotiation_sessions b
		ON a.negotiation_id = b.negotiation_id AND a.number < b.number
		WHERE a.started >= b.started" &&
	n=$(q "SELECT count(*) FROM negotiation_sessions s JOIN negotiations n
		ON n.id = s.negotiation_id WHERE (julianday(s.ended) - julianday(s.started)) * 24
		> coalesce(n.session_hours, 10)") && test "$n" -ge 1 &&
	want 0 "SELECT count(*) FROM negotiation_sessions WHERE ours IS NULL OR psychologist IS NULL
		OR theirs IS NULL OR counterparts IS NULL OR summary IS NULL OR outcome IS NULL"
'

test_expect_success 'every counterpart a session expects exists' '
	want 0 "WITH RECURSIVE part(sid, ref, rest) AS (
			SELECT id, NULL, counterparts || '"';'"' FROM negotiation_sessions
			UNION ALL
			SELECT sid, substr(rest, 1, instr(rest, '"';'"') - 1),
				substr(rest, instr(rest, '"';'"') + 1) FROM part WHERE rest <> '"''"')
		SELECT count(*) FROM part WHERE ref IS NOT NULL
			AND ref NOT IN (SELECT ref FROM counterparts)" &&
	want 0 "SELECT count(*) FROM statements s JOIN negotiation_sessions x ON x.id = s.session_id
		WHERE s.counterpart_id IS NOT NULL AND instr(x.counterparts,
			(SELECT ref FROM counterparts c WHERE c.id = s.counterpart_id)) = 0"
'

test_expect_success 'welfare notes and profiles are the psychologist'"'"'s' '
	want 4 "SELECT count(*) FROM welfare_notes w JOIN accounts a ON a.id = w.author_id
		WHERE a.roles & $(role_of psychologist) <> 0" &&
	want 0 "SELECT count(*) FROM welfare_notes w JOIN accounts a ON a.id = w.author_id
		WHERE a.roles & $(role_of psychologist) = 0" &&
	want 0 "SELECT count(*) FROM profiles p JOIN accounts a ON a.id = p.author_id
		WHERE a.roles & $(role_of psychologist) = 0"
'

test_expect_success 'counterparts named in Russian Cyrillic, some with Latin aliases; profiles with history' '
	want 6 "SELECT count(*) FROM counterparts WHERE ref GLOB '"'C-[0-9][0-9][0-9][0-9]'"'" &&
	n=$(q "SELECT count(*) FROM counterparts WHERE name LIKE '"'%ы%'"' OR name LIKE '"'%ё%'"'") &&
	test "$n" -ge 2 &&
	n=$(q "SELECT count(*) FROM counterparts WHERE alias GLOB '"'[A-Z]*'"'") && test "$n" -ge 2 &&
	want 2 "SELECT count(*) FROM (SELECT counterpart_id FROM profiles GROUP BY counterpart_id
		HAVING count(*) = 2)" &&
	want 0 "SELECT count(*) FROM profiles WHERE
		money NOT IN ('"'none'"', '"'low'"', '"'medium'"', '"'high'"') OR
		ideology NOT IN ('"'none'"', '"'low'"', '"'medium'"', '"'high'"') OR
		compromise NOT IN ('"'none'"', '"'low'"', '"'medium'"', '"'high'"') OR
		ego NOT IN ('"'none'"', '"'low'"', '"'medium'"', '"'high'"') OR
		money_confidence || ideology_confidence || compromise_confidence || ego_confidence
			GLOB '"'*none*'"'"
'

test_expect_success 'positions: a chain of versions is consistent, replaced set iff a later version or a drop' '
	want 0 "SELECT count(*) FROM positions n JOIN positions o ON o.id = n.replaces
		WHERE o.replaced IS NULL OR o.id >= n.id OR o.negotiation_id <> n.negotiation_id
		OR o.session_id IS NOT n.session_id OR o.item_kind <> n.item_kind OR o.item <> n.item" &&
	want 0 "SELECT count(*) FROM positions n JOIN positions o ON o.id = n.replaces
		WHERE n.recorded <> o.replaced" &&
	want 0 "SELECT count(*) FROM positions WHERE replaced < recorded" &&
	want 0 "SELECT count(*) FROM (SELECT replaces FROM positions WHERE replaces IS NOT NULL
		GROUP BY replaces HAVING count(*) > 1)" &&
	want 0 "SELECT count(*) FROM (SELECT 1 FROM positions WHERE replaced IS NULL
		GROUP BY negotiation_id, session_id, item_kind, item HAVING count(*) > 1)" &&
	want 3 "SELECT count(*) FROM positions WHERE replaces IS NOT NULL" &&
	want 1 "SELECT count(*) FROM positions o WHERE replaced IS NOT NULL AND NOT EXISTS
		(SELECT 1 FROM positions n WHERE n.replaces = o.id)" &&
	want 0 "SELECT count(*) FROM positions WHERE (stance = '"'conditional'"') <>
		(condition IS NOT NULL) OR stance NOT IN ('"'ready'"', '"'not_negotiable'"', '"'conditional'"')" &&
	want 0 "SELECT count(*) FROM positions WHERE item_kind = '"'person'"'
		AND item NOT IN (SELECT ref FROM persons)" &&
	want 0 "SELECT count(*) FROM positions WHERE item_kind = '"'category'"'
		AND item GLOB '"'*[^a-z_]*'"'" &&
	n=$(q "SELECT count(DISTINCT substr(item, 1, 2)) FROM positions WHERE item_kind = '"'person'"'") &&
	test "$n" = 2
'

test_expect_success 'opening lines are numbered 1..n per negotiation and session' '
	want 0 "SELECT count(*) FROM (SELECT negotiation_id, session_id, count(*) AS n,
		min(ordinal) AS lo, max(ordinal) AS hi, count(DISTINCT ordinal) AS d
		FROM opening_lines WHERE dropped IS NULL GROUP BY negotiation_id, session_id)
		WHERE lo <> 1 OR hi <> n OR d <> n" &&
	n=$(q "SELECT count(*) FROM opening_lines WHERE session_id IS NOT NULL") && test "$n" -ge 1
'

test_expect_success 'the ledger: statements said within their session, by the rules of each kind' '
	want 0 "SELECT count(*) FROM statements s JOIN negotiation_sessions x ON x.id = s.session_id
		WHERE s.said < x.started OR s.said > x.ended" &&
	want "claim demand offer promise refusal" "SELECT group_concat(kind, '"' '"') FROM
		(SELECT DISTINCT kind FROM statements ORDER BY kind)" &&
	want "ours theirs" "SELECT group_concat(side, '"' '"') FROM
		(SELECT DISTINCT side FROM statements ORDER BY side)" &&
	want 0 "SELECT count(*) FROM statements WHERE truthful IS NOT NULL
		AND (side <> '"'ours'"' OR kind <> '"'claim'"')" &&
	want 0 "SELECT count(*) FROM statements WHERE (truthful IS '"'no'"') <> (truth IS NOT NULL)" &&
	want 0 "SELECT count(*) FROM statements WHERE subject IS NOT NULL AND kind <> '"'claim'"'" &&
	want 0 "SELECT count(*) FROM statements WHERE due IS NOT NULL AND kind <> '"'promise'"'" &&
	want 0 "SELECT count(*) FROM statements WHERE (side = '"'theirs'"') <> (counterpart_id IS NOT NULL)" &&
	want 0 "SELECT count(*) FROM statements WHERE (subject IS NULL) + (fact IS NULL)
		+ (value IS NULL) NOT IN (0, 3)" &&
	want 0 "SELECT count(*) FROM statements WHERE fact IN ('"'held_by_us'"', '"'held_by_them'"')
		AND value NOT IN ('"'yes'"', '"'no'"')" &&
	want 0 "SELECT count(*) FROM statements WHERE fact = '"'health'"' AND value NOT IN
		('"'unknown'"', '"'healthy'"', '"'wounded'"', '"'severely_wounded'"', '"'severely_ill'"')" &&
	want 0 "SELECT count(*) FROM statements WHERE subject IS NOT NULL
		AND subject NOT IN (SELECT ref FROM persons)"
'

test_expect_success 'exactly one untruth of ours still stands; one was resolved, by whom and why' '
	want 1 "SELECT count(*) FROM statements WHERE side = '"'ours'"' AND kind = '"'claim'"'
		AND truthful = '"'no'"' AND resolved IS NULL" &&
	want 1 "SELECT count(*) FROM statements s JOIN accounts a ON a.id = s.resolved_by
		WHERE s.truthful = '"'no'"' AND s.resolved IS NOT NULL AND s.resolution IS NOT NULL
		AND a.login = '"'demo-negotiator'"'" &&
	want 0 "SELECT count(*) FROM statements WHERE (resolved IS NULL) <> (resolved_by IS NULL)
		OR (resolved IS NULL) <> (resolution IS NULL)
		OR (resolved IS NOT NULL AND truthful IS NOT '"'no'"')"
'

test_expect_success 'each contradiction names the latest earlier statement on the same subject and fact with another value' '
	n=$(q "SELECT count(*) FROM statements WHERE contradicts IS NOT NULL") && test "$n" -ge 3 &&
	want 0 "SELECT count(*) FROM statements s JOIN statements c ON c.id = s.contradicts
		WHERE c.id >= s.id OR c.said > s.said OR c.subject <> s.subject OR c.fact <> s.fact
		OR c.value = s.value" &&
	want 0 "SELECT count(*) FROM statements s JOIN statements c ON c.id = s.contradicts
		WHERE EXISTS (SELECT 1 FROM statements e WHERE e.id > c.id AND e.id < s.id
			AND e.subject = s.subject AND e.fact = s.fact AND e.value <> s.value)" &&
	want 0 "SELECT count(*) FROM statements s WHERE s.subject IS NOT NULL
		AND s.contradicts IS NULL AND EXISTS (SELECT 1 FROM statements e WHERE e.id < s.id
			AND e.subject = s.subject AND e.fact = s.fact AND e.value <> s.value)" &&
	n=$(q "SELECT count(*) FROM statements s JOIN statements c ON c.id = s.contradicts
		WHERE s.side = '"'theirs'"' AND c.side = '"'theirs'"'") && test "$n" -ge 2 &&
	want 1 "SELECT count(*) FROM statements s JOIN statements c ON c.id = s.contradicts
		WHERE s.fact = '"'held_by_them'"' AND c.value = '"'yes'"' AND s.value = '"'no'"'
		AND s.subject GLOB '"'U-*'"'"
'

test_expect_success 'promises of both sides kept, broken and open, one overdue on the demo'"'"'s day' '
	want 0 "SELECT count(*) FROM statements WHERE (kind = '"'promise'"') <> (promise IS NOT NULL)
		OR (kind = '"'promise'"' AND due IS NULL)" &&
	want 0 "SELECT count(*) FROM statements WHERE promise IS NOT NULL
		AND promise NOT IN ('"'open'"', '"'kept'"', '"'broken'"')" &&
	want 0 "SELECT count(*) FROM statements WHERE kind = '"'promise'"' AND
		(promise = '"'open'"') <> (promise_closed IS NULL AND promise_note IS NULL)" &&
	want "ours:broken ours:kept ours:open theirs:broken theirs:kept theirs:open" "SELECT
		group_concat(k, '"' '"') FROM (SELECT DISTINCT side || '"':'"' || promise AS k
		FROM statements WHERE kind = '"'promise'"' ORDER BY k)" &&
	want 1 "SELECT count(*) FROM statements WHERE promise = '"'open'"' AND due < '"'2024-05-20'"'" &&
	want 0 "SELECT count(*) FROM statements s JOIN negotiation_sessions x ON x.id = s.session_id
		WHERE s.due < substr(x.started, 1, 10) OR s.promise_closed < substr(x.started, 1, 10)"
'

test_expect_success 'pressure incidents: recorded by the liaison, linked to persons, their relatives and negotiations' '
	want "disinformation fraud promise threat" "SELECT group_concat(kind, '"' '"') FROM
		(SELECT DISTINCT kind FROM pressure_incidents ORDER BY kind)" &&
	want 0 "SELECT count(*) FROM pressure_incidents p JOIN accounts a ON a.id = p.author_id
		WHERE a.roles & $(role_of liaison) = 0" &&
	want 0 "SELECT count(*) FROM pressure_incidents p JOIN relatives r ON r.id = p.relative_id
		WHERE r.person_id IS NOT p.person_id" &&
	n=$(q "SELECT count(*) FROM pressure_incidents WHERE relative_id IS NOT NULL
		AND negotiation_id IS NOT NULL") && test "$n" -ge 3 &&
	want 1 "SELECT count(*) FROM pressure_incidents p JOIN persons x ON x.id = p.person_id
		WHERE p.kind = '"'disinformation'"' AND p.what LIKE '"'%угорськ%'"'
		AND x.status = '"'third_country'"'"
'

# the demo records each position when it was set in the story: a briefing tells, of each
# round, the positions set, changed and withdrawn since the round before began, and no later
test_expect_success 'briefings tell each round the positions changed and withdrawn in the story' '
	changes() {
		as demo-negotiator --json briefing "$1" | jq -r "[.changes[].change] | join(\",\")"
	} &&
	all="" &&
	for s in $(q "SELECT ref FROM negotiation_sessions ORDER BY id"); do
		all="$all $(changes "$s")" || exit 1
	done &&
	case "$all" in *position.changed*) ;; *) echo "no position changed: $all"; exit 1 ;; esac &&
	case "$all" in *position.dropped*) ;; *) echo "no position withdrawn: $all"; exit 1 ;; esac &&
	test "$(changes "$(q "SELECT ref FROM negotiation_sessions WHERE number = 1 LIMIT 1")")" = ""
'

test_expect_success 'every row of the desk is audited once as the demo; the trail verifies deep' '
	for t in negotiations negotiation_exchanges negotiation_sessions welfare_notes positions \
		opening_lines counterparts statements profiles pressure_incidents; do
		rows=$(q "SELECT count(*) FROM $t") &&
		audited=$(q "SELECT count(DISTINCT oid) FROM audit WHERE action = '"'demo'"'
			AND tbl = '\''$t'\''") &&
		test "$rows" -gt 0 && test "$rows" = "$audited" || { echo "$t: $rows rows, $audited audited"; exit 1; }
	done &&
	"$PARLEY" --db "$PARLEY_DB" audit verify --deep >out && expect_grep "intact" out
'

test_done
