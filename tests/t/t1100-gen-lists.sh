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
		if ($3 == "sibling") sib++; if ($3 == "distinct") distinct++
		if ($16 != "none") initials++; if ($16 == "joined") joined++
		if ($16 != "none" && $10 == "0") initials_patr++
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
		# 3% of rows are Russian rows of the vowel-shift class, drawn before the rest
		share("distractor", dist, n, 0.97 * 0.2)
		share("namesake", nsake, dist, 0.3)
		share("sibling", sib, dist, 0.2)
		share("distinct", distinct, dist, 0.1)
		share("script uk", script["uk"], n, 0.97 / 3)
		share("script ru", script["ru"], n, 0.03 + 0.97 / 3)
		share("script latin", script["latin"], n, 0.97 / 3)
		share("initials", initials, n, 0.05)
		share("joined", joined, initials_patr, 0.5)
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
		AND t.typo = '\''none'\'' AND t.names_swapped = '\''0'\'' AND t.initials = '\''none'\''
		AND (l.family_name <> r.family_name OR l.given_name <> r.given_name
			OR l.patronymic = r.patronymic)")" = 0 &&
	test "$(q "SELECT count(*) FROM list l JOIN truth t ON t.\"row\" = l.\"row\"
		JOIN reg r ON r.external_id = t.near_id
		WHERE t.distractor = '\''sibling'\'' AND t.script = '\''uk'\''
		AND t.typo = '\''none'\'' AND t.names_swapped = '\''0'\'' AND t.initials = '\''none'\''
		AND (l.family_name <> r.family_name OR l.given_name = r.given_name
			OR (l.patronymic <> '\'''\'' AND l.patronymic <> r.patronymic))")" = 0
'

test_expect_success 'a Ukrainian row without noise is its registry person as written' '
	test "$(q "SELECT count(*) FROM list l JOIN truth t ON t.\"row\" = l.\"row\"
		JOIN reg r ON r.external_id = t.external_id
		WHERE t.script = '\''uk'\'' AND t.typo = '\''none'\'' AND t.names_swapped = '\''0'\''
		AND t.initials = '\''none'\'' AND t.date_noise = '\''none'\''")" -gt 30 &&
	test "$(q "SELECT count(*) FROM list l JOIN truth t ON t.\"row\" = l.\"row\"
		JOIN reg r ON r.external_id = t.external_id
		WHERE t.script = '\''uk'\'' AND t.typo = '\''none'\'' AND t.names_swapped = '\''0'\''
		AND t.initials = '\''none'\''
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

test_expect_success 'a distinct-name distractor is a registry person but for another given name' '
	test "$(q "SELECT count(*) FROM truth WHERE distractor = '\''distinct'\''")" -gt 0 &&
	test "$(q "SELECT count(*) FROM truth t JOIN list l ON l.\"row\" = t.\"row\"
		JOIN reg r ON r.external_id = t.near_id
		WHERE t.distractor = '\''distinct'\'' AND t.script = '\''uk'\''
		AND t.typo = '\''none'\'' AND t.names_swapped = '\''0'\'' AND t.initials = '\''none'\''
		AND t.date_noise = '\''none'\''
		AND (l.family_name <> r.family_name OR l.given_name = r.given_name
			OR (l.patronymic <> '\'''\'' AND l.patronymic <> r.patronymic)
			OR substr(r.birth_date, 1, 4) <> substr(l.birth_date, -4)
			OR l.given_name || r.given_name NOT IN (
				'\''ІгорЄгор'\'', '\''ЄгорІгор'\'', '\''ЮрійГеоргій'\'', '\''ГеоргійЮрій'\'',
				'\''ЮрійЄгор'\'', '\''ЄгорЮрій'\'', '\''ГеоргійЄгор'\'', '\''ЄгорГеоргій'\'',
				'\''ОленаАльона'\'', '\''АльонаОлена'\'', '\''ОленаЕліна'\'', '\''ЕлінаОлена'\'',
				'\''АлінаАльона'\'', '\''АльонаАліна'\'', '\''ЄленаЕліна'\'', '\''ЕлінаЄлена'\'',
				'\''ІринаЯрина'\'', '\''ЯринаІрина'\'', '\''ІринаАрина'\'', '\''АринаІрина'\'',
				'\''ЯринаАрина'\'', '\''АринаЯрина'\''))")" = 0
'

test_expect_success 'the classes column: documented names, each where its columns say' '
	awk -F, '\''
	NR == 1 { if ($16 != "initials" || $17 != "classes") bad = 1; next }
	{
		n = split($17, c, ";")
		for (i = 1; i <= n; i++) {
			if (c[i] !~ /^(none|rare_given|latin_ts|ru_vowels2|distinct_names|ru_typo|initials|twins)$/) {
				print "unknown class " c[i]; bad = 1
			}
			has[$1, c[i]] = 1
		}
		ru_typo = $5 == "ru" && $9 == "family_name"
		if (ru_typo != (($1, "ru_typo") in has)) { print "ru_typo row " $1; bad = 1 }
		if (($16 != "none") != (($1, "initials") in has)) { print "initials row " $1; bad = 1 }
		if (($15 > 0) != (($1, "twins") in has)) { print "twins row " $1; bad = 1 }
		if ((($1, "latin_ts") in has) && $5 != "latin") { print "latin_ts row " $1; bad = 1 }
		if ((($1, "ru_vowels2") in has) && $5 != "ru") { print "ru_vowels2 row " $1; bad = 1 }
		if ((($1, "rare_given") in has) && $3 != "none") { print "rare_given row " $1; bad = 1 }
		if ($3 == "distinct" && !(($1, "distinct_names") in has)) { print "distinct " $1; bad = 1 }
		if ($17 == "none" && n != 1) bad = 1
	}
	END { exit bad }'\'' a/truth.csv &&
	for cl in latin_ts ru_vowels2 distinct_names ru_typo initials; do
		grep -q "$cl" a/truth.csv || { echo "no row of $cl"; exit 1; }
	done
'

# vowels.py FILE: each line "Ukrainian|Russian" surname changes two vowels or more, counting
# the folded vowels that differ where both spellings keep their letters (Білозір, Белозёр: 2)
cat >vowels.py <<'PY'
import sys
fold = str.maketrans("іїыєёэ", "иииеее")
checked = bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    uk, ru = (w.lower().translate(fold) for w in line.rstrip("\n").split("|"))
    uk = "".join(c for c in uk if c not in "ь'")
    ru = "".join(c for c in ru if c not in "ьъ")
    if len(uk) != len(ru):
        continue
    checked += 1
    d = sum(x != y and (x in "аеиоуюя" or y in "аеиоуюя") for x, y in zip(uk, ru))
    if d < 2:
        print("fewer than two vowels:", line.strip())
        bad = 1
sys.exit(bad or not checked)
PY

test_expect_success 'a Latin ts row has ts in its surname, a vowel-shift row two vowels changed' '
	test "$(q "SELECT count(*) FROM truth t JOIN list l ON l.\"row\" = t.\"row\"
		WHERE t.classes LIKE '\''%latin_ts%'\'' AND t.typo_field <> '\''family_name'\''
		AND t.names_swapped = '\''0'\'' AND lower(l.family_name) NOT LIKE '\''%ts%'\''")" = 0 &&
	test "$(q "SELECT count(*) FROM truth t JOIN list l ON l.\"row\" = t.\"row\"
		WHERE t.script = '\''latin'\'' AND t.typo = '\''none'\'' AND t.names_swapped = '\''0'\''
		AND lower(l.family_name) LIKE '\''%ts%'\''
		AND t.classes NOT LIKE '\''%latin_ts%'\''")" = 0 &&
	q "SELECT r.family_name, l.family_name FROM truth t JOIN list l ON l.\"row\" = t.\"row\"
		JOIN reg r ON r.external_id = t.external_id
		WHERE t.classes LIKE '\''%ru_vowels2%'\'' AND t.typo = '\''none'\''
		AND t.names_swapped = '\''0'\''" >shifts &&
	test -s shifts &&
	python3 vowels.py shifts
'

test_expect_success 'initials: the first letter and a full stop, in their columns or joined' '
	test "$(q "SELECT count(*) FROM truth t JOIN list l ON l.\"row\" = t.\"row\"
		WHERE t.initials = '\''split'\''
		AND NOT (length(l.given_name) = 2 AND l.given_name LIKE '\''_.'\''
			AND (l.patronymic = '\'''\'' OR (length(l.patronymic) = 2
				AND l.patronymic LIKE '\''_.'\'')))")" = 0 &&
	test "$(q "SELECT count(*) FROM truth t JOIN list l ON l.\"row\" = t.\"row\"
		WHERE t.initials = '\''joined'\''
		AND NOT (length(l.given_name) = 4 AND l.given_name LIKE '\''_._.'\''
			AND l.patronymic = '\'''\'')")" = 0 &&
	test "$(q "SELECT count(*) FROM truth WHERE initials = '\''joined'\''")" -gt 0 &&
	test "$(q "SELECT count(*) FROM truth t JOIN list l ON l.\"row\" = t.\"row\"
		JOIN reg r ON r.external_id = t.external_id
		WHERE t.initials <> '\''none'\'' AND t.script = '\''uk'\''
		AND substr(l.given_name, 1, 1) <> substr(r.given_name, 1, 1)")" = 0
'

# words DIC: the words of a hunspell dictionary, one a line
words() {
	sed -e 1d -e "s,/.*,," "$1" | sort -u
}

DICT=/usr/share/hunspell/uk_UA.dic
test_expect_success '--names hunspell: the same bytes from one seed, every name from the dictionary' '
	test -r "$DICT" &&
	gen h --names hunspell && gen h2 --names hunspell &&
	cmp h/reg.csv h2/reg.csv && cmp h/list.csv h2/list.csv && cmp h/truth.csv h2/truth.csv &&
	! cmp -s a/reg.csv h/reg.csv &&
	expect_grep "^gen-lists: names: hunspell; the dictionary: [0-9]* words, [0-9]* male and [0-9]* female given names, [0-9]* surnames" h/err &&
	expect_grep "names from the dictionary *900 100.00%" h/err &&
	words "$DICT" >dict.words &&
	awk -F, '\''NR > 1 && $7 == "m" { print $3; print $4; print $5 }'\'' h/reg.csv |
		sort -u >men.words &&
	test "$(wc -l <men.words)" -gt 500 &&
	comm -23 men.words dict.words >not-in-dict && test ! -s not-in-dict &&
	awk -F, '\''NR > 1 && $7 == "f" { print $4; print $5 }'\'' h/reg.csv | sort -u >women.words &&
	comm -23 women.words dict.words >not-in-dict && test ! -s not-in-dict
'

test_expect_success 'hunspell surnames: by the documented endings, no given name, women'\''s forms' '
	awk -F, '\''NR > 1 && $7 == "m" { print $3 }'\'' h/reg.csv | sort -u >men.surnames &&
	test -s men.surnames &&
	! grep -v -E "(енко|ук|юк|ак|ик|ич|ський|цький|ов|ев|єв|ів|ін|ин|ець)$" men.surnames &&
	awk -F, '\''NR > 1 { print $4 }'\'' h/reg.csv | sort -u >given.words &&
	comm -12 men.surnames given.words >both && test ! -s both &&
	sed -n -e "1d" -e "s,/.*[\$@z2j].*,,p" "$DICT" | sort -u >flagged &&
	comm -12 men.surnames flagged >both && test ! -s both &&
	awk -F, '\''NR > 1 && $7 == "f" { print $3 }'\'' h/reg.csv | sort -u >women.surnames &&
	test -s women.surnames &&
	! grep -E "(ов|ев|єв|ін|ський|цький)$" women.surnames
'

test_expect_success 'the dictionary names no demo-names.c list would: rare given names, surnames' '
	gen a2 --names demo && cmp a/reg.csv a2/reg.csv &&
	awk -F, '\''NR > 1 { print $3 }'\'' a/reg.csv | sort -u >demo.surnames &&
	awk -F, '\''NR > 1 && $7 == "m" { print $3 }'\'' h/reg.csv | sort -u >hs.surnames &&
	test "$(comm -13 demo.surnames hs.surnames | wc -l)" -gt 1000 &&
	expect_grep "class rare_given *0 " a/err
'

test_expect_success '--names mixed: about half of the names from each, rare given names among them' '
	gen m --names mixed && gen m2 --names mixed && cmp m/list.csv m2/list.csv &&
	awk '\''/names from the dictionary/ { p = $(NF - 7) + 0; exit !(p > 40 && p < 60) }'\'' m/err &&
	grep -q rare_given m/truth.csv
'

# a surname that reads the same for men and women: its bearers are the persons of that
# spelling, and a rare_given row'\''s surname has more than 8
test_expect_success 'a rare given name row: a true row of a common surname' '
	awk -F, '\''FILENAME == ARGV[1] { if (FNR > 1) { n[$3]++; s[$17] = $3 }; next }
		FNR > 1 && $17 ~ /rare_given/ {
			if ($3 != "none") { print "a distractor: " $1; bad = 1 }
			f = s[$2]; rows++
			if (f ~ /(енко|ук|юк|ак|ик|ич|ець)$/) { inv++; if (n[f] <= 8) { print f, n[f]; bad = 1 } }
		}
		END { exit bad || !rows || !inv }'\'' m/reg.csv m/truth.csv
'

test_expect_code 2 'a --dict that is not there is refused with one message, nothing written' '
	mkdir -p nodict &&
	"$GEN" --registry 10 --list 1 --seed 1 --out-registry nodict/x.csv --out-list nodict/y.csv \
		--out-truth nodict/z.csv --names hunspell --dict nodict/uk_UA.dic >out 2>err
' '
	expect_grep "^gen-lists: --dict: nodict/uk_UA.dic: cannot read: No such file or directory" err &&
	test "$(wc -l <err)" = 1 && test ! -s out && test ! -e nodict/x.csv &&
	test ! -e nodict/y.csv && test ! -e nodict/z.csv
'

test_expect_code 2 'a --dict that holds no names is refused' '
	printf "2\nкіт/1\nпес\n" >nodict/small.dic &&
	"$GEN" --registry 10 --list 1 --seed 1 --out-registry nodict/x.csv --out-list nodict/y.csv \
		--out-truth nodict/z.csv --names mixed --dict nodict/small.dic >out 2>err
' '
	expect_grep "^gen-lists: --dict: nodict/small.dic: not hunspell-uk.s dictionary" err &&
	test "$(wc -l <err)" = 1 && test ! -e nodict/x.csv
'

test_expect_code 2 'wrong use exits 2: an unknown source of names' '
	"$GEN" --registry 10 --list 1 --seed 1 --out-registry x.csv --out-list y.csv \
		--out-truth z.csv --names census >out 2>err
' '
	expect_grep "^gen-lists: --names: .census. is not demo, hunspell or mixed" err &&
	test ! -s out && test ! -e x.csv
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
