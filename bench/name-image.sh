#!/bin/sh
# name-image.sh - the whole `parley search` process on a registry of N persons, with the
# name index's image beside the data file (mapped) and without it (the index read from
# table name_index, as before the image), warm and cold-ish (the data file and the image
# dropped from the page cache before each run); beside it, pg_trgm's single query through
# a whole psql process (bench/pg.sh's server, the query of bench/names.sh).
#
#   sh bench/name-image.sh [N [QUERY]]     (default 1000000 "Ковальов Сергій")
#
# $PARLEY is the parley binary (default build/release/parley, built when missing); the
# generator comes from the same build. Needs hyperfine (deps/packages: bench).
# Everything is made in a temporary directory, removed at the end.
set -eu
nreg=${1:-1000000}
query=${2:-Ковальов Сергій}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
die() {
	echo "name-image.sh: $*" >&2
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
[ -x "$GEN" ] || die "no $GEN (build the release tree first)"
command -v hyperfine >/dev/null || die "hyperfine is needed (deps/packages: bench)"

# shellcheck source=bench/pg.sh
. "$here/pg.sh"
pg_start name-image
chmod 755 "$work"
tmp=$work/files
mkdir -p "$tmp"
chmod 755 "$tmp"
export PARLEY_DB="$tmp/reg.db"
img=$PARLEY_DB.nameix

echo "### the name index's image: one parley search process on $nreg persons"
echo "load average before the run: $load"
"$GEN" --registry "$nreg" --list 10 --seed 1 --out-registry "$tmp/reg.csv" \
	--out-list "$tmp/list.csv" --out-truth "$tmp/truth.csv" 2>/dev/null
chmod 644 "$tmp"/*.csv
"$PARLEY" init --admin adm >/dev/null
"$PARLEY" --as adm account add reg --role registrar --os-user "$(id -un)" >/dev/null
"$PARLEY" --as reg import "$tmp/reg.csv" >/dev/null
t0=$(now)
"$PARLEY" --as reg search --reindex >/dev/null
t1=$(now)
echo "name index built, and its image written, in $(secs "$t0" "$t1") s: $(stat -c %s "$img") bytes"

search="'$PARLEY' --as reg search '$query'"
# cold-ish: the data file, its WAL and the image dropped from the page cache (only them)
cat >"$tmp/drop.sh" <<DROP
for f in "$PARLEY_DB" "$PARLEY_DB-wal" "$img"; do
	[ -f "\$f" ] && dd if="\$f" iflag=nocache count=0 status=none
done
true
DROP
drop="sh $tmp/drop.sh"
run() { # NAME HYPERFINE-ARGS...: the mean and spread of the whole process
	name=$1
	shift
	hyperfine -N --style none --export-json "$tmp/h.json" "$@" >/dev/null 2>&1 ||
		hyperfine --style none --export-json "$tmp/h.json" "$@" >/dev/null
	awk -v name="$name" '
		/"mean"/ { gsub(/[",]/, "", $2); mean = $2 * 1000 }
		/"stddev"/ { gsub(/[",]/, "", $2); sd = $2 * 1000 }
		/"min"/ { gsub(/[",]/, "", $2); min = $2 * 1000 }
		/"max"/ { gsub(/[",]/, "", $2); max = $2 * 1000 }
		END { printf "   %-44s %8.1f ms ± %5.1f (min %.1f, max %.1f)\n", name, mean, sd, min, max }
	' "$tmp/h.json"
}

"$PARLEY" --as reg search "$query" >"$tmp/with.out"
run "parley search, the image mapped, warm" -w 3 -r 20 "$search"
run "parley search, the image mapped, cold-ish" -r 10 --prepare "$drop" "$search"
# a folder where the image would be: no image read, none written
rm -f "$img"
mkdir "$img"
"$PARLEY" --as reg search "$query" >"$tmp/without.out"
run "parley search, the table read (no image), warm" -w 1 -r 5 "$search"
run "parley search, the table read, cold-ish" -r 5 --prepare "$drop" "$search"
rmdir "$img"
cmp -s "$tmp/with.out" "$tmp/without.out" || die "the answers differ with and without the image"

# pg_trgm: the same name in one query of a whole psql process, through a GIN trigram index
psql <<'SQL'
CREATE EXTENSION pg_trgm;
CREATE TABLE reg (side text, kind text, family_name text, given_name text, patronymic text,
	birth_date text, sex text, citizenship text, rank text, service_number text, unit text,
	capture_date text, capture_place text, health text, status text, source text,
	external_id text);
SQL
psql -c "COPY reg FROM STDIN (FORMAT csv, HEADER true)" <"$tmp/reg.csv"
psql <<'SQL'
ALTER TABLE reg ADD name text;
UPDATE reg SET name = concat_ws(' ', family_name, given_name, patronymic);
CREATE INDEX reg_name_trgm ON reg USING gin (name gin_trgm_ops);
VACUUM ANALYZE reg;
SQL
sql="SET pg_trgm.similarity_threshold = 0.3; SELECT external_id, name FROM reg WHERE name % '$query' ORDER BY similarity(name, '$query') DESC LIMIT 20"
run "pg_trgm through psql (one query), warm" -w 3 -r 20 \
	"$as $pgbin/psql -h $work -U bench -d postgres -X -q -At -c \"$sql\""
echo "(the whole process each: hyperfine; cold-ish: the data file, its WAL and the image"
echo " dropped from the page cache before each run, dd iflag=nocache)"
