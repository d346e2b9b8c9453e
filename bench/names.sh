#!/bin/sh
# names.sh - the three benchmarks of names (issue 3), each beside PostgreSQL 15's pg_trgm
# in the same run:
#
#   1. FEBRL 4 record linkage (bench/febrl.sh);
#   2. cross-script matching: a list of LIST rows (Russian Cyrillic, four Latin systems,
#      typos, no patronymics, wrong dates, a fifth distractors: docs/noise-model.md)
#      against a registry of REGISTRY Ukrainian persons, by parley match and by a
#      trigram-similarity join: precision, recall, F1, time, peak memory;
#   3. search: the latency of one name looked up in the registry, warm and in one
#      process (bench/search-latency), the whole `parley search` process beside it, and
#      the same queries through pg_trgm inside the server.
#
#   FEBRL_DATA=DIR sh bench/names.sh [REGISTRY [LIST]]     (default 1000000 and 10000)
#
# FEBRL_DATA is the folder of the FEBRL 4 files (bench/febrl.sh).
#
# $PARLEY is the parley binary (default build/release/parley, built when missing); the
# generator, search-latency and febrl come from the same build. Installs PostgreSQL when
# missing (bench/pg.sh). Everything is made in a temporary directory, removed at the end.
set -eu
nreg=${1:-1000000}
nlist=${2:-10000}
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
for tool in "$PARLEY" "$GEN" "$LAT" "$bin/bench/febrl"; do
	[ -x "$tool" ] || die "no $tool (build the release tree first)"
done
[ -x /usr/bin/time ] || die "GNU time is needed (apt-get install time)"

[ -n "${FEBRL_DATA:-}" ] || die "say where the FEBRL 4 files are: FEBRL_DATA=DIR (bench/febrl.sh)"
echo "### 1. FEBRL 4"
FEBRL=$bin/bench/febrl sh "$here/febrl.sh"

# shellcheck source=bench/pg.sh
. "$here/pg.sh"
pg_start names
version=$(psql -At -c "SHOW server_version" | cut -d' ' -f1)
chmod 755 "$work"
tmp=$work/files
mkdir -p "$tmp"
chmod 755 "$tmp"
export PARLEY_DB="$tmp/reg.db"

# pg_trgm takes about a second a row against a million persons: it matches the first
# PEER_ROWS rows of the list, and parley's figures on those rows are given beside
peer_rows=${PEER_ROWS:-1000}
[ "$peer_rows" -le "$nlist" ] || peer_rows=$nlist
echo "### 2. cross-script matching: a list of $nlist rows against $nreg persons"
echo "load average before the run: $load"
"$GEN" --registry "$nreg" --list "$nlist" --seed 1 --out-registry "$tmp/reg.csv" \
	--out-list "$tmp/list.csv" --out-truth "$tmp/truth.csv" 2>/dev/null
chmod 644 "$tmp"/*.csv
"$PARLEY" init --admin adm >/dev/null
"$PARLEY" --as adm account add reg --role registrar >/dev/null
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
echo "### 3. search: one name, in one process, warm"
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
psql -c "CREATE TABLE q (id serial, text text)"
head -500 "$tmp/queries.txt" | psql -c "COPY q (text) FROM STDIN"
psql -At -F' ' <<'SQL' >"$tmp/pg-lat"
SET pg_trgm.similarity_threshold = 0.3;
CREATE TEMP TABLE lat (ms float8);
DO $$
DECLARE t timestamptz; r record; n int;
BEGIN
	FOR round IN 1..2 LOOP
		TRUNCATE lat;
		FOR r IN SELECT text FROM q ORDER BY id LOOP
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
