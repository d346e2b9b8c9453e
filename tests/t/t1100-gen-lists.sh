#!/bin/sh
# t1100-gen-lists.sh - bench/gen-lists: one seed gives one set of bytes, the registry imports,
# the list follows docs/noise-model.md, and the truth holds
: "${PARLEY:?set PARLEY to the parley binary}"
GEN="$(cd "$(dirname "$PARLEY")" && pwd)/bench/gen-lists"
. ./lib.sh
need "$GEN" sqlite3 jq

# gen DIR [ARGS...]: a registry of 2000 and a list of 300 into DIR, the summary in DIR/err
gen() {
	dir=$1
	shift
	mkdir -p "$dir" &&
	"$GEN" --registry 2000 --list 300 --seed 1100 --out-registry "$dir/reg.csv" \
		--out-list "$dir/list.csv" --out-truth "$dir/truth.csv" "$@" 2>"$dir/err"
}

# q SQL: runs SQL on the three files of a/, loaded by the test 'load'
q() {
	sqlite3 -bail check.db "$1"
}

# the ISO form of a list's date (DD.MM.YYYY, YYYY-MM-DD or YYYY), as SQL on column $1
iso() {
	echo "CASE WHEN length($1) = 10 AND substr($1, 3, 1) = '.'
		THEN substr($1, 7, 4) || '-' || substr($1, 4, 2) || '-' || substr($1, 1, 2)
		ELSE $1 END"
}

test_expect_success 'two runs with one seed give the same bytes' '
	gen a && gen b &&
	cmp a/reg.csv b/reg.csv && cmp a/list.csv b/list.csv && cmp a/truth.csv b/truth.csv
'

test_expect_success 'another seed gives another list; the registry does not depend on the list' '
	mkdir -p c d &&
	"$GEN" --registry 2000 --list 300 --seed 1101 --out-registry c/reg.csv \
		--out-list c/list.csv --out-truth c/truth.csv 2>/dev/null &&
	! cmp -s a/list.csv c/list.csv && ! cmp -s a/reg.csv c/reg.csv &&
	"$GEN" --registry 2000 --list 10 --seed 1100 --out-registry d/reg.csv \
		--out-list d/list.csv --out-truth d/truth.csv 2>/dev/null &&
	cmp a/reg.csv d/reg.csv
'

test_expect_success 'the registry imports cleanly into a fresh file' '
	setup_office &&
	as reg import a/reg.csv >out 2>err &&
	expect_grep "imported 2000 rows: 2000 added" out &&
	as reg person list --json >list.json &&
	test "$(grep -c "\"source\":\"gen\"" list.json)" = 2000
'

test_expect_success 'the list has the documented columns and nothing more' '
	echo "row,family_name,given_name,patronymic,birth_date,unit" >want &&
	head -n 1 a/list.csv >got && cmp want got &&
	test "$(wc -l <a/list.csv)" = 301 && test "$(wc -l <a/truth.csv)" = 301
'

test_expect_success 'the summary on standard error names every kind of noise' '
	for what in "true rows" distractors "script uk" "script ru" "script latin" "ALL CAPS" \
		"no patronymic" typo "date noise" "names swapped" "letter by letter"; do
		expect_grep "$what" a/err || exit 1
	done
'

# share NAME COUNT OF P: COUNT of OF is within four standard deviations (and one row) of P
test_expect_success 'the noise of the truth is the model within tolerance' '
	awk -F, '\''
	function share(name, k, n, p,   sd, d) {
		sd = sqrt(n * p * (1 - p)); d = k - n * p; if (d < 0) d = -d
		printf "%-16s %4d of %4d, model %.3f\n", name, k, n, p
		if (n == 0 || d > 4 * sd + 1) { print "  out of tolerance: " name; bad = 1 }
	}
	NR == 1 { next }
	{
		n++
		if ($3 != "none") dist++; if ($3 == "namesake") nsake++
		if ($3 == "sibling") sib++
		script[$5]++; if ($5 == "latin") sys[$6]++
		if ($7 == "all") caps++; if ($7 == "family") fcaps++
		if ($8 != "none") typo++
		if ($10 == "1") nopatr++
		if ($11 != "none") date++
		if ($12 == "1") swapped++
		if ($13 == "given" || $13 == "wrong") unit++; if ($13 == "wrong") wrong++
		if ($13 == "missing") missing++
	}
	END {
		share("distractor", dist, n, 0.2)
		share("namesake", nsake, dist, 0.3)
		share("sibling", sib, dist, 0.2)
		share("script uk", script["uk"], n, 1 / 3)
		share("script ru", script["ru"], n, 1 / 3)
		share("script latin", script["latin"], n, 1 / 3)
		share("kmu2010", sys["kmu2010"], script["latin"], 0.25)
		share("icao", sys["icao"], script["latin"], 0.25)
		share("bgn", sys["bgn"], script["latin"], 0.25)
		share("gost-b", sys["gost-b"], script["latin"], 0.25)
		share("all caps", caps, script["latin"], 0.5)
		share("surname caps", fcaps, script["ru"], 0.25)
		share("typo", typo, n, 0.1)
		share("no patronymic", nopatr, n, 1 / 3)
		share("date noise", date, n, 0.1)
		share("names swapped", swapped, n, 0.02)
		share("unit given", unit, unit + missing, 0.5)
		share("unit wrong", wrong, unit, 0.1)
		exit bad
	}'\'' a/truth.csv
'

test_expect_success 'load the three files for the checks below' '
	sqlite3 -bail check.db ".import --csv a/reg.csv reg" ".import --csv a/list.csv list" \
		".import --csv a/truth.csv truth" &&
	test "$(q "SELECT count(*) FROM reg")" = 2000
'

test_expect_success 'every true row names a registry person, each once' '
	test "$(q "SELECT count(*) FROM truth WHERE distractor = '\''none'\''
		AND external_id NOT IN (SELECT external_id FROM reg)")" = 0 &&
	test "$(q "SELECT count(*) FROM truth WHERE distractor = '\''none'\'' AND external_id = '\'''\''")" = 0 &&
	test "$(q "SELECT count(*) - count(DISTINCT external_id) FROM truth
		WHERE distractor = '\''none'\''")" = 0 &&
	test "$(q "SELECT count(*) FROM truth WHERE distractor <> '\''none'\''
		AND external_id <> '\'''\''")" = 0
'

# a distractor written in Ukrainian without a typo, a swap or a shifted year shows its own
# names and birth year: no registry person may have those names within a year of it
test_expect_success 'no registry person has a distractor'\''s names and birth date' '
	test "$(q "SELECT count(*) FROM list l JOIN truth t ON t.\"row\" = l.\"row\"
		WHERE t.distractor <> '\''none'\'' AND t.script = '\''uk'\''
		AND t.typo = '\''none'\'' AND t.names_swapped = '\''0'\''
		AND t.date_noise <> '\''year_off'\''")" -gt 10 &&
	test "$(q "SELECT count(*) FROM list l JOIN truth t ON t.\"row\" = l.\"row\"
		JOIN reg r ON r.family_name = l.family_name AND r.given_name = l.given_name
		WHERE t.distractor <> '\''none'\'' AND t.script = '\''uk'\''
		AND t.typo = '\''none'\'' AND t.names_swapped = '\''0'\''
		AND t.date_noise <> '\''year_off'\''
		AND abs(CAST(substr(r.birth_date, 1, 4) AS INTEGER) -
			CAST(substr(l.birth_date, -4) AS INTEGER)) <= 1")" = 0 &&
	test "$(q "SELECT count(*) FROM list l JOIN truth t ON t.\"row\" = l.\"row\"
		JOIN reg r ON r.family_name = l.family_name AND r.given_name = l.given_name
		AND r.birth_date = $(iso l.birth_date)
		WHERE t.distractor <> '\''none'\'' AND t.typo = '\''none'\''
		AND t.names_swapped = '\''0'\''")" = 0
'

test_expect_success 'a namesake has a registry person'\''s names, a sibling the patronymic' '
	test "$(q "SELECT count(*) FROM list l JOIN truth t ON t.\"row\" = l.\"row\"
		JOIN reg r ON r.external_id = t.near_id
		WHERE t.distractor = '\''namesake'\'' AND t.script = '\''uk'\''
		AND t.typo = '\''none'\'' AND t.names_swapped = '\''0'\''
		AND (l.family_name <> r.family_name OR l.given_name <> r.given_name
			OR l.patronymic = r.patronymic)")" = 0 &&
	test "$(q "SELECT count(*) FROM list l JOIN truth t ON t.\"row\" = l.\"row\"
		JOIN reg r ON r.external_id = t.near_id
		WHERE t.distractor = '\''sibling'\'' AND t.script = '\''uk'\''
		AND t.typo = '\''none'\'' AND t.names_swapped = '\''0'\''
		AND (l.family_name <> r.family_name OR l.given_name = r.given_name
			OR (l.patronymic <> '\'''\'' AND l.patronymic <> r.patronymic))")" = 0
'

test_expect_success 'a Ukrainian row without noise is its registry person as written' '
	test "$(q "SELECT count(*) FROM list l JOIN truth t ON t.\"row\" = l.\"row\"
		JOIN reg r ON r.external_id = t.external_id
		WHERE t.script = '\''uk'\'' AND t.typo = '\''none'\'' AND t.names_swapped = '\''0'\''
		AND t.date_noise = '\''none'\''")" -gt 30 &&
	test "$(q "SELECT count(*) FROM list l JOIN truth t ON t.\"row\" = l.\"row\"
		JOIN reg r ON r.external_id = t.external_id
		WHERE t.script = '\''uk'\'' AND t.typo = '\''none'\'' AND t.names_swapped = '\''0'\''
		AND (l.family_name <> r.family_name OR l.given_name <> r.given_name
			OR l.patronymic <> CASE t.no_patronymic WHEN '\''1'\'' THEN '\'''\''
				ELSE r.patronymic END
			OR (t.date_noise = '\''none'\'' AND $(iso l.birth_date) <> r.birth_date))")" = 0
'

test_expect_success 'Russian rows have no Ukrainian letters, Latin rows no Cyrillic ones' '
	test "$(q "SELECT count(*) FROM list l JOIN truth t ON t.\"row\" = l.\"row\"
		WHERE t.script = '\''ru'\''
		AND l.family_name || l.given_name || l.patronymic GLOB '\''*[іїєґІЇЄҐ'\'''\'']*'\''")" = 0 &&
	test "$(q "SELECT count(*) FROM list l JOIN truth t ON t.\"row\" = l.\"row\"
		WHERE t.script = '\''latin'\''
		AND l.family_name || l.given_name || l.patronymic GLOB '\''*[Ѐ-ӿ]*'\''")" = 0 &&
	test "$(q "SELECT count(*) FROM list l JOIN truth t ON t.\"row\" = l.\"row\"
		WHERE t.script <> '\''latin'\'' AND l.birth_date GLOB '\''*-*'\''")" = 0
'

test_expect_success 'Russian forms come from the equivalence tables' '
	"$GEN" --registry 20000 --list 2000 --seed 7 --out-registry e-reg.csv \
		--out-list e-list.csv --out-truth e-truth.csv 2>e-err &&
	grep -E -q "Russian letter by letter +0 " e-err &&
	grep -q "^[0-9]*,Ковалёв,\\|,Николай,\\|,Сергей," e-list.csv &&
	grep -q "Николаевич\\|Сергеевич\\|Александрович" e-list.csv
'

test_expect_success '--list-format jsonl writes the same rows and the same truth' '
	gen j --list-format jsonl && cmp a/truth.csv j/truth.csv &&
	test "$(wc -l <j/list.csv)" = 300 &&
	jq -r "[.row, .family_name // \"\", .given_name // \"\", .patronymic // \"\",
		.birth_date // \"\", .unit // \"\"] | @tsv" j/list.csv >got &&
	sqlite3 -separator "$(printf "\t")" check.db "SELECT * FROM list" >want &&
	cmp want got
'

test_expect_code 2 'wrong use exits 2: a list longer than the registry' '
	"$GEN" --registry 10 --list 11 --seed 1 --out-registry x.csv --out-list y.csv \
		--out-truth z.csv >out 2>err
' '
	expect_grep "^gen-lists: --list: at most as many rows as the registry has" err &&
	test ! -s out && test ! -e x.csv && test ! -e y.csv && test ! -e z.csv
'

test_expect_code 2 'wrong use exits 2: an unknown list format' '
	"$GEN" --registry 10 --list 1 --seed 1 --out-registry x.csv --out-list y.csv \
		--out-truth z.csv --list-format xlsx >out 2>err
' '
	expect_grep "^gen-lists: --list-format: .xlsx. is not csv or jsonl" err &&
	test ! -s out && test ! -e x.csv && test ! -e y.csv && test ! -e z.csv
'

test_expect_code 2 'wrong use exits 2: an option missing' '
	"$GEN" --registry 10 --list 1 --out-registry x.csv --out-list y.csv --out-truth z.csv \
		>out 2>err
' '
	expect_grep "^usage: gen-lists" err && test ! -s out && test ! -e x.csv
'

test_done
