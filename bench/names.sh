#!/bin/sh
# names.sh - the benchmarks of names (issues 3 and 14), each beside PostgreSQL 15's pg_trgm
# in the same run:
#
#   1. FEBRL 4 record linkage (bench/febrl.sh);
#   2. cross-script matching: a list of LIST rows (Russian Cyrillic, four Latin systems,
#      typos, no patronymics, initials, wrong dates, a fifth distractors: docs/noise-model.md)
#      against a registry of REGISTRY Ukrainian persons, names half from demo-names.c and
#      half from Debian's hunspell-uk (NAMES), by parley match and by a trigram-similarity
#      join: precision, recall, F1, time, peak memory;
#   3. every class of issue 14 and every breakdown of the noise on its own line: match
#      precision, recall and F1 (parley over all rows; pg_trgm over the first PEER_ROWS
#      rows, parley on the same rows beside it), and search top-1: each true row of the
#      list as one query (family, given name and patronymic as the list writes them), the
#      true person first alone, or first among equal scores (bench/search-accuracy for
#      parley; pg_trgm's similarity on the first PEER_ROWS rows' queries);
#   4. search: the latency of one name looked up in the registry, warm and in one
#      process (bench/search-latency), the whole `parley search` process beside it, and
#      the same queries through pg_trgm inside the server;
#   5. small registries: three persons, a few rows, the decisions.
#
#   FEBRL_DATA=DIR|skip [NAMES=mixed] [PEER_ROWS=1000] [QUICK=1] sh bench/names.sh [REGISTRY [LIST]]
#
# Defaults: REGISTRY 1000000, LIST 10000; QUICK=1 makes them 100000 and 5000 with
# PEER_ROWS 500 (a few minutes in all). FEBRL_DATA is the folder of the FEBRL 4 files
# (bench/febrl.sh), or skip. NAMES is gen-lists --names (demo, hunspell or mixed; mixed
# needs hunspell-uk, in deps/packages' bench section).
#
# $PARLEY is the parley binary (default build/release/parley, built when missing); the
# generator, search-latency, search-accuracy and febrl come from the same build. Installs
# PostgreSQL when missing (bench/pg.sh). Everything is made in a temporary directory,
# removed at the end.
set -eu
if [ "${QUICK:-0}" = 1 ]; then
	nreg=${1:-100000}
	nlist=${2:-5000}
	peer_rows=${PEER_ROWS:-500}
else
	nreg=${1:-1000000}
	nlist=${2:-10000}
	peer_rows=${PEER_ROWS:-1000}
fi
names=${NAMES:-mixed}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
die() {
	echo "names.sh: $*" >&2
	exit 2
}
if [ -z "${PARLEY:-}" ]; then
	PARLEY=$top/build/release/parley
	if [ ! -x "$PARLEY" ]; then
		cmake -S "$top" -B "$top/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
		cmake --build "$top/build/release" >/dev/null
	fi
fi
bin=$(cd "$(dirname "$PARLEY")" && pwd)
GEN=$bin/bench/gen-lists
LAT=$bin/bench/search-latency
ACC=$bin/bench/search-accuracy
for tool in "$PARLEY" "$GEN" "$LAT" "$ACC" "$bin/bench/febrl"; do
	[ -x "$tool" ] || die "no $tool (build the release tree first)"
done
[ -x /usr/bin/time ] || die "GNU time is needed (apt-get install time)"

[ -n "${FEBRL_DATA:-}" ] ||
	die "say where the FEBRL 4 files are: FEBRL_DATA=DIR (bench/febrl.sh), or FEBRL_DATA=skip"
if [ "$FEBRL_DATA" = skip ]; then
	echo "### 1. FEBRL 4: skipped (FEBRL_DATA=skip)"
else
	echo "### 1. FEBRL 4"
	FEBRL=$bin/bench/febrl sh "$here/febrl.sh"
fi

# shellcheck source=bench/pg.sh
. "$here/pg.sh"
pg_start names
version=$(psql -At -c "SHOW server_version" | cut -d' ' -f1)
chmod 755 "$work"
tmp=$work/files
mkdir -p "$tmp"
chmod 755 "$tmp"
export PARLEY_DB="$tmp/reg.db"
me=$(id -un)

# pg_trgm takes about a second a row against a million persons: it matches the first
# PEER_ROWS rows of the list, and parley's figures on those rows are given beside
[ "$peer_rows" -le "$nlist" ] || peer_rows=$nlist
echo "### 2. cross-script matching: a list of $nlist rows against $nreg persons (names: $names)"
echo "load average before the run: $load"
"$GEN" --registry "$nreg" --list "$nlist" --seed 1 --names "$names" \
	--out-registry "$tmp/reg.csv" --out-list "$tmp/list.csv" --out-truth "$tmp/truth.csv" \
	2>"$tmp/gen.err" || { cat "$tmp/gen.err" >&2; die "gen-lists failed"; }
chmod 644 "$tmp"/*.csv
"$PARLEY" init --admin adm >/dev/null
"$PARLEY" --as adm account add reg --role registrar --os-user "$me" >/dev/null
t0=$(now)
"$PARLEY" --as reg import "$tmp/reg.csv" >/dev/null
t1=$(now)
"$PARLEY" --as reg search --reindex >/dev/null
t2=$(now)
echo "parley: import $(secs "$t0" "$t1") s, name index built in $(secs "$t1" "$t2") s"

# score FILE [ROWS]: "precision recall f1 links" of the links in FILE (row,external_id)
# against the truth, over the list's first ROWS rows (default all)
score() {
	awk -F, -v rows="${2:-0}" '
		FNR == 1 { next }
		rows && $1 > rows { next }
		FILENAME == ARGV[1] { truth[$1] = $2; if ($2 != "") ntrue++; next }
		{ n++; if (truth[$1] == $2) tp++ }
		END {
			p = n ? tp / n : 0; r = ntrue ? tp / ntrue : 0
			printf "%.4f %.4f %.4f %d\n", p, r, p + r ? 2 * p * r / (p + r) : 0, n
		}' "$tmp/truth.csv" "$1"
}

/usr/bin/time -f "%e %M" -o "$tmp/time" "$PARLEY" --as reg match "$tmp/list.csv" --output csv \
	>"$tmp/match.csv" 2>"$tmp/match.err"
# shellcheck disable=SC2046 # the two figures of GNU time as $1 and $2
set -- $(cat "$tmp/time")
p_secs=$1
p_mib=$(($2 / 1024))
# the matches as row,external_id (references were given in the order of the registry)
awk -F, 'NR > 1 && $2 == "match" { printf "%s,G%07d\n", $1, substr($3, 3) + 0 }' \
	"$tmp/match.csv" | sed '1i row,external_id' >"$tmp/parley-links.csv"
p_score=$(score "$tmp/parley-links.csv")
p_score_peer=$(score "$tmp/parley-links.csv" "$peer_rows")
sed 's/^parley: /   /' "$tmp/match.err"

psql <<'SQL'
CREATE EXTENSION pg_trgm;
CREATE TABLE reg (side text, kind text, family_name text, given_name text, patronymic text,
	birth_date text, sex text, citizenship text, rank text, service_number text, unit text,
	capture_date text, capture_place text, health text, status text, source text,
	external_id text);
CREATE TABLE list (row int, family_name text, given_name text, patronymic text,
	birth_date text, unit text);
SQL
t0=$(now)
psql -c "COPY reg FROM STDIN (FORMAT csv, HEADER true)" <"$tmp/reg.csv"
psql -c "COPY list FROM STDIN (FORMAT csv, HEADER true)" <"$tmp/list.csv"
t1=$(now)
psql <<'SQL'
ALTER TABLE reg ADD name text, ADD year int;
CREATE FUNCTION year_of(d text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN d ~ '^[0-9]{4}' THEN left(d, 4)::int
	            WHEN d ~ '[0-9]{4}$' THEN right(d, 4)::int END $$;
UPDATE reg SET name = concat_ws(' ', family_name, given_name, patronymic),
	year = year_of(birth_date);
ALTER TABLE list ADD name text, ADD year int;
UPDATE list SET name = concat_ws(' ', family_name, given_name, patronymic),
	year = year_of(birth_date);
VACUUM ANALYZE reg;
VACUUM ANALYZE list;
SQL
t2=$(now)
psql -c "CREATE INDEX reg_name_trgm ON reg USING gin (name gin_trgm_ops)"
t3=$(now)
# the task through pg_trgm: for each row, the person whose name is most similar among
# those above the default threshold (0.3), born within a year of the list's year when
# both are known, ties by the closer year
psql -v peer_rows="$peer_rows" <<'SQL'
SET pg_trgm.similarity_threshold = 0.3;
CREATE TABLE links AS
	SELECT l.row, best.external_id
	FROM (SELECT * FROM list WHERE row <= :peer_rows) l CROSS JOIN LATERAL (
		SELECT r.external_id
		FROM reg r
		WHERE r.name % l.name
		  AND (l.year IS NULL OR r.year IS NULL OR abs(r.year - l.year) <= 1)
		ORDER BY similarity(r.name, l.name) DESC, abs(coalesce(r.year - l.year, 0)),
		         r.external_id
		LIMIT 1) best;
SQL
t4=$(now)
psql -At -c "SELECT 'row,external_id' UNION ALL SELECT row || ',' || external_id FROM links" \
	>"$tmp/pg-links.csv"
g_score=$(score "$tmp/pg-links.csv" "$peer_rows")
g_mib=$(($(ps -o rss= -C postgres | sort -n | tail -1) / 1024))

row() { printf '%-46s %9s %7s %7s %6s %9s %9s\n' "$@"; }
echo
row "" precision recall f1 links seconds "peak MiB"
# shellcheck disable=SC2086
set -- $p_score
row "parley match, all $nlist rows" "$1" "$2" "$3" "$4" "$p_secs" "$p_mib"
# shellcheck disable=SC2086
set -- $p_score_peer
row "parley match, its first $peer_rows rows" "$1" "$2" "$3" "$4" "" ""
# shellcheck disable=SC2086
set -- $g_score
row "pg_trgm $version, first $peer_rows rows" "$1" "$2" "$3" "$4" "$(secs "$t3" "$t4")" \
	"$g_mib"
echo "(pg_trgm: loading $(secs "$t0" "$t1") s, names and years $(secs "$t1" "$t2") s, GIN"
echo " index $(secs "$t2" "$t3") s, apart; its peak is the largest server process's RSS.)"
echo "(parley: the whole process, reading the index of $nreg persons from the file included;"
echo " pg_trgm: the name similarity join alone, rows 1 to $peer_rows, the name plus a birth"
echo " year within one of the list's, the most similar name above the default 0.3.)"

echo
echo "### 3. by class and by noise: match, and search top-1 of the true rows"
# the queries: each true row's names as the list writes them, in its columns' order
awk -F, 'FILENAME == ARGV[1] { if (FNR > 1 && $2 != "") t[$1] = 1; next }
	FNR > 1 && ($1 in t) { q = $2; if ($3 != "") q = q " " $3; if ($4 != "") q = q " " $4
		print $1 "\t" q }' "$tmp/truth.csv" "$tmp/list.csv" >"$tmp/queries.tsv"
chmod 644 "$tmp/queries.tsv"
"$ACC" "$PARLEY_DB" reg "$tmp/queries.tsv" >"$tmp/parley-search.tsv" 2>"$tmp/acc.err" ||
	{ cat "$tmp/acc.err" >&2; die "search-accuracy failed"; }
sed 's/^search-accuracy: /   parley (bench\/search-accuracy): /' "$tmp/acc.err"
# pg_trgm's search: the persons of the top similarity above 0.3, for the first PEER_ROWS
# rows' queries (the whole name, no year: what parley's queries give)
awk -F'\t' -v rows="$peer_rows" '$1 <= rows' "$tmp/queries.tsv" >"$tmp/pg-queries.tsv"
psql -c "CREATE TABLE q (row int, text text)"
psql -c "COPY q FROM STDIN" <"$tmp/pg-queries.tsv"
t0=$(now)
psql -At -F"$(printf '\t')" >"$tmp/pg-search.tsv" <<'SQL'
SET pg_trgm.similarity_threshold = 0.3;
SELECT q.row, max(s.sim), count(*), string_agg(s.external_id, ' ')
FROM q CROSS JOIN LATERAL (
	SELECT external_id, sim, max(sim) OVER () AS top
	FROM (SELECT external_id, similarity(name, q.text) AS sim FROM reg
	      WHERE name % q.text ORDER BY sim DESC LIMIT 100) x) s
WHERE s.sim = s.top
GROUP BY q.row;
SQL
t1=$(now)
echo "   pg_trgm: $(wc -l <"$tmp/pg-queries.tsv") queries in $(secs "$t0" "$t1") s"
awk -F'[,\t]' -v peer="$peer_rows" -v nlist="$nlist" '
	function add(g) { if (!(g in seen)) { seen[g] = 1; extra[++ne] = g }; grp[g, ++gn[g]] = r }
	BEGIN {
		# the lines in this order; any other group after them
		ng = split("all rows;script uk;script ru;script latin kmu2010;script latin icao;" \
			"script latin bgn;script latin gost-b;capitals: family;capitals: all;" \
			"typo (any);typo in the surname;typo in the given name;typo in the patronymic;" \
			"no patronymic;date: swap;date: year_only;date: year_off;names swapped;" \
			"initials split;initials joined;distractor random;distractor namesake;" \
			"distractor sibling;distractor distinct;class rare_given;class latin_ts;" \
			"class ru_vowels2;class distinct_names;class ru_typo;class initials;class twins",
			order, ";")
		for (o = 1; o <= ng; o++) known[order[o]] = 1
	}
	FILENAME == ARGV[1] {
		if (FNR == 1) next
		r = $1; truth[r] = $2; peerrow[r] = r <= peer
		add("all rows")
		add($5 == "latin" ? "script latin " $6 : "script " $5)
		if ($7 != "none") add("capitals: " $7)
		if ($8 != "none") add("typo (any)")
		if ($9 == "family_name") add("typo in the surname")
		if ($9 == "given_name") add("typo in the given name")
		if ($9 == "patronymic") add("typo in the patronymic")
		if ($10 == "1") add("no patronymic")
		if ($11 != "none") add("date: " $11)
		if ($12 == "1") add("names swapped")
		if ($3 != "none") add("distractor " $3)
		if ($16 != "none") add("initials " $16)
		n = split($17, c, ";")
		for (i = 1; i <= n; i++) if (c[i] != "none") add("class " c[i])
		next
	}
	FILENAME == ARGV[2] { if (FNR > 1) plink[$1] = $2; next }
	FILENAME == ARGV[3] { if (FNR > 1) glink[$1] = $2; next }
	FILENAME == ARGV[4] || FILENAME == ARGV[5] {
		# row, top score, how many share it, their ids (parley: U-0000001 references)
		k = split($4, ids, " "); hit = 0
		for (i = 1; i <= k; i++) {
			id = ids[i]
			if (id ~ /^U-/) id = sprintf("G%07d", substr(id, 3) + 0)
			if (id == truth[$1]) hit = 1
		}
		s = hit ? (k == 1 ? 2 : 1) : 0  # 2 first alone, 1 first among equals, 0 not first
		if (FILENAME == ARGV[4]) psearch[$1] = s; else gsearch[$1] = s
		next
	}
	function prf(links, tp, ntrue,   p, rr) {
		p = links ? tp / links : 0; rr = ntrue ? tp / ntrue : 0
		return sprintf("%6.4f %6.4f %6.4f", p, rr, p + rr ? 2 * p * rr / (p + rr) : 0)
	}
	function pct(a, n) { return n ? sprintf("%6.2f", 100 * a / n) : "     -" }
	END {
		for (e = 1; e <= ne; e++) if (!(extra[e] in known)) order[++ng] = extra[e]
		printf "%-24s %5s | %-20s %5s | %4s | %-20s %5s | %-20s %5s\n", "match", "rows",
			"parley P, R, F1", "wrong", "rows", "parley P, R, F1", "wrong",
			"pg_trgm P, R, F1", "wrong"
		for (o = 1; o <= ng; o++) {
			g = order[o]
			if (!gn[g]) continue
			split("", m)
			for (i = 1; i <= gn[g]; i++) {
				r = grp[g, i]; t = truth[r]
				m["n"]++; if (t != "") m["true"]++
				if (r in plink) { m["pl"]++; if (plink[r] == t) m["ptp"]++; else m["pw"]++ }
				if (!peerrow[r]) continue
				m["qn"]++; if (t != "") m["qtrue"]++
				if (r in plink) { m["qpl"]++; if (plink[r] == t) m["qptp"]++; else m["qpw"]++ }
				if (r in glink) { m["gl"]++; if (glink[r] == t) m["gtp"]++; else m["gw"]++ }
			}
			none = "     -      -      -"
			printf "%-24s %5d | %-20s %5d | %4d | %-20s %5d | %-20s %5d\n", g, m["n"],
				m["true"] ? prf(m["pl"], m["ptp"], m["true"]) : none, m["pw"], m["qn"],
				m["qtrue"] ? prf(m["qpl"], m["qptp"], m["qtrue"]) : none, m["qpw"],
				m["qtrue"] ? prf(m["gl"], m["gtp"], m["qtrue"]) : none, m["gw"]
		}
		print ""
		printf "%-24s %5s | %-16s | %4s | %-16s | %-16s\n", "search top-1 (%)", "true",
			"parley alone tie", "true", "parley alone tie", "pg_trgm alone tie"
		for (o = 1; o <= ng; o++) {
			g = order[o]
			split("", m)
			for (i = 1; i <= gn[g]; i++) {
				r = grp[g, i]; if (truth[r] == "") continue
				m["n"]++; s = psearch[r] + 0
				if (s == 2) m["pa"]++; if (s >= 1) m["pt"]++
				if (!peerrow[r]) continue
				m["qn"]++
				s = psearch[r] + 0; if (s == 2) m["qa"]++; if (s >= 1) m["qt"]++
				s = gsearch[r] + 0; if (s == 2) m["ga"]++; if (s >= 1) m["gt"]++
			}
			if (!m["n"]) continue
			printf "%-24s %5d | %6s %6s    | %4d | %6s %6s    | %6s %6s\n", g, m["n"],
				pct(m["pa"], m["n"]), pct(m["pt"], m["n"]), m["qn"], pct(m["qa"], m["qn"]),
				pct(m["qt"], m["qn"]), pct(m["ga"], m["qn"]), pct(m["gt"], m["qn"])
		}
	}' "$tmp/truth.csv" "$tmp/parley-links.csv" "$tmp/pg-links.csv" "$tmp/parley-search.tsv" \
	"$tmp/pg-search.tsv"
echo "(match: precision, recall, F1 of the links of the rows of each line; wrong: links to"
echo " another person (for distractors every link is wrong); then the same over the first"
echo " $peer_rows rows, parley beside pg_trgm. search: the true rows, each row's names as one"
echo " query; alone: the true person first and alone, tie: first or sharing the top score"
echo " with others; then the true rows among the first $peer_rows, parley beside pg_trgm."
echo " The truth's columns and classes: docs/noise-model.md.)"

echo
echo "### 4. search: one name, in one process, warm"
awk -F, 'NR > 1 && NR <= 3001 { print $2 " " $3 " " $4 }' "$tmp/list.csv" >"$tmp/queries.txt"
chmod 644 "$tmp/queries.txt"
lat=$("$LAT" "$PARLEY_DB" reg "$tmp/queries.txt")
echo "$lat" | sed 's/^/   /'
for q in "Ковальов Сергій" "SHEVCHENKO OLEKSANDR" "Мельник Андрей Николаевич"; do
	/usr/bin/time -f "%e %M" -o "$tmp/time" "$PARLEY" --as reg search "$q" >/dev/null
	# shellcheck disable=SC2046 # the two figures of GNU time as $1 and $2
	set -- $(cat "$tmp/time")
	echo "   parley search \"$q\": the whole process $1 s, $(($2 / 1024)) MiB"
done
t0=$(now)
psql -At -c "SET pg_trgm.similarity_threshold = 0.3" \
	-c "SELECT count(*) FROM (SELECT external_id FROM reg WHERE name % 'Ковальов Сергій'
		ORDER BY similarity(name, 'Ковальов Сергій') DESC LIMIT 20) s" >/dev/null
t1=$(now)
echo "   pg_trgm: one query through psql, the whole process $(secs "$t0" "$t1") s"
psql -c "CREATE TABLE ql (id serial, text text)"
head -500 "$tmp/queries.txt" | psql -c "COPY ql (text) FROM STDIN"
psql -At -F' ' <<'SQL' >"$tmp/pg-lat"
SET pg_trgm.similarity_threshold = 0.3;
CREATE TEMP TABLE lat (ms float8);
DO $$
DECLARE t timestamptz; r record; n int;
BEGIN
	FOR round IN 1..2 LOOP
		TRUNCATE lat;
		FOR r IN SELECT text FROM ql ORDER BY id LOOP
			t := clock_timestamp();
			SELECT count(*) INTO n FROM (SELECT external_id FROM reg WHERE name % r.text
				ORDER BY similarity(name, r.text) DESC LIMIT 20) s;
			INSERT INTO lat VALUES (extract(epoch FROM clock_timestamp() - t) * 1000);
		END LOOP;
	END LOOP;
END $$;
SELECT count(*), round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 3),
       round(percentile_cont(0.9) WITHIN GROUP (ORDER BY ms)::numeric, 3),
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 3),
       round(max(ms)::numeric, 3) FROM lat;
SQL
# shellcheck disable=SC2046
set -- $(tail -1 "$tmp/pg-lat")
echo "   pg_trgm $version inside the server (the first 500 queries, second round): queries $1" \
	"p50_ms $2 p90_ms $3 p99_ms $4 max_ms $5"

echo
echo "### 5. small registries: three persons, a few rows"
small=$tmp/small
mkdir -p "$small"
cat >"$small/reg.csv" <<'CSV'
side,kind,family_name,given_name,patronymic,birth_date,sex,citizenship,source,external_id
captive,military,Ковальов,Сергій,Іванович,1985-03,m,UA,gen,S1
captive,military,Шевченко,Олександр,Петрович,1990-07-15,m,UA,gen,S2
captive,civilian,Бондаренко,Ірина,Миколаївна,1978-11-02,f,UA,gen,S3
CSV
# row, what a correct system decides, and why
cat >"$small/list.csv" <<'CSV'
family_name,given_name,patronymic,birth_date
Kovalev,Sergei,,1985-03-11
Ковалев,Сергей,Иванович,11.03.1985
Ковальов,С.,І.,1985
SHEVCHENKO,OLEKSANDR,PETROVYCH,1990-07-15
Бондаренко,Ирина,Николаевна,02.11.1978
Мельник,Андрій,Васильович,1982-01-01
Kovalov,S.,,
CSV
printf '%s\n' "match S1 (issue 14: every field agrees)" "match S1" \
	"match S1 (initials and the year agree)" "match S2" "match S3" "none (not in the registry)" \
	"possible S1 (initial, no date)" >"$small/want"
PARLEY_DB=$small/small.db
export PARLEY_DB
"$PARLEY" init --admin adm >/dev/null
"$PARLEY" --as adm account add reg --role registrar --os-user "$me" >/dev/null
"$PARLEY" --as reg import "$small/reg.csv" >/dev/null
"$PARLEY" --as reg match "$small/list.csv" --output csv >"$small/match.csv" 2>"$small/match.err" ||
	true
awk -F, 'FILENAME == ARGV[1] { if (FNR > 1) line[FNR - 1] = $0; next }
	FILENAME == ARGV[2] { want[FNR] = $0; next }
	FNR > 1 { ref = $3; sub(/^U-0*/, "S", ref)
		printf "   %-8s %-3s %-7s want %-40s %s\n", $2, ref, $4, want[$1], line[$1] }' \
	"$small/list.csv" "$small/want" "$small/match.csv"
sed 's/^parley: /   /' "$small/match.err"
