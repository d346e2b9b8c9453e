#!/bin/sh
# import.sh - parley import of a million generated persons, and sqlite3's own .import
# of the same file into a bare table, timed in the same run.
#
#   sh bench/import.sh [ROWS]          (default 1000000)
#
# $PARLEY is the parley binary (default build/release/parley, built when missing),
# $GEN the generator (default bench/gen-persons of the same build). The parley
# figure is the whole command on a fresh file: parsing, validation, one
# transaction with an audit record (and its row hash) for every row written,
# the commit with synchronous=FULL and the WAL checkpoint. The peers load the
# same bytes into a table without constraints, indexes or audit.
set -eu
rows=${1:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
if [ -z "${PARLEY:-}" ]; then
	PARLEY=$top/build/release/parley
	if [ ! -x "$PARLEY" ]; then
		cmake -S "$top" -B "$top/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
		cmake --build "$top/build/release" >/dev/null
	fi
fi
GEN=${GEN:-$(dirname "$PARLEY")/bench/gen-persons}
for tool in "$PARLEY" "$GEN"; do
	[ -x "$tool" ] || { echo "import.sh: no $tool (build first)" >&2; exit 2; }
done
command -v sqlite3 >/dev/null || { echo "import.sh: sqlite3 is needed" >&2; exit 2; }

load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
work=$(mktemp -d "${TMPDIR:-/tmp}/parley-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

now() { date +%s.%N; }
# rate ROWS START END: "12.34 s  81037 rows/s"
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { t = b - a; printf "%7.2f s %9.0f rows/s", t, n / t }'; }

"$GEN" -n "$rows" >"$work/persons.csv"
size=$(wc -c <"$work/persons.csv")
lines=$(wc -l <"$work/persons.csv")

db=$work/office.db
"$PARLEY" --db "$db" init --admin adm >/dev/null
"$PARLEY" --db "$db" --as adm account add reg --role registrar >/dev/null
sync
t0=$(now)
"$PARLEY" --db "$db" --as reg import "$work/persons.csv" >"$work/parley.out"
t1=$(now)
parley_line=$(rate "$rows" "$t0" "$t1")
grep -q ": $rows added, 0 updated" "$work/parley.out" || {
	echo "import.sh: parley did not import every row:" >&2
	cat "$work/parley.out" >&2
	exit 1
}
dbsize=$(du -k "$db" | cut -f1)

sync
t0=$(now)
sqlite3 "$work/bare.db" ".import --csv $work/persons.csv persons"
t1=$(now)
file_line=$(rate "$rows" "$t0" "$t1")

t0=$(now)
sqlite3 "$work/bare-wal.db" "PRAGMA journal_mode=WAL" "PRAGMA synchronous=FULL" \
	".import --csv $work/persons.csv persons" >/dev/null
t1=$(now)
wal_line=$(rate "$rows" "$t0" "$t1")

t0=$(now)
sqlite3 :memory: ".import --csv $work/persons.csv persons" \
	"SELECT count(*) FROM persons" >"$work/mem.out"
t1=$(now)
mem_line=$(rate "$rows" "$t0" "$t1")
[ "$(cat "$work/mem.out")" = "$rows" ] || { echo "import.sh: sqlite3 read $(cat "$work/mem.out") rows" >&2; exit 1; }

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo "?")
echo "import: $rows persons, $lines lines, $((size / 1048576)) MiB of CSV"
echo "machine: $(nproc) cores, $cpu; load average before: $load"
echo "$("$PARLEY" --version), sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
echo "  parley import (WAL, synchronous=FULL, audited)  $parley_line  (file $((dbsize / 1024)) MiB)"
echo "  sqlite3 .import, bare table, file (defaults)    $file_line"
echo "  sqlite3 .import, bare table, file (WAL, FULL)   $wal_line"
echo "  sqlite3 .import, bare table, :memory:           $mem_line"
