#!/bin/sh
# coverage.sh - line and branch coverage of libparley, one line per file of src/lib, from
# a build made with -DPARLEY_COVERAGE=ON whose tests have run (make coverage does both);
# fails naming every file below the floor of lines covered.
#
#   sh tests/coverage.sh BUILD_DIR [FLOOR]     (FLOOR in per cent of lines, 90 unless given)
#
# Writes BUILD_DIR/coverage.json (gcovr's summary) and BUILD_DIR/coverage.html (every
# line, for finding what no test reaches).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: tests/coverage.sh BUILD_DIR [FLOOR]}" && pwd)
floor=${2:-90}
command -v gcovr >/dev/null || { echo "coverage: gcovr is missing (sh deps/install.sh coverage)" >&2; exit 2; }
command -v jq >/dev/null || { echo "coverage: jq is missing (sh deps/install.sh test)" >&2; exit 2; }

gcovr --root "$top" --object-directory "$build" --filter "$top/src/lib/" \
	--exclude-unreachable-branches \
	--json-summary "$build/coverage.json" --html-details "$build/coverage.html" >/dev/null

jq -r --argjson floor "$floor" '
def pct(c; t): if t == 0 then "-" else ((c * 1000 / t | floor) / 10 | tostring) + "%" end;
def lpad(n): tostring | (" " * ([n - length, 0] | max)) + .;
def rpad(n): tostring | . + (" " * ([n - length, 0] | max));
def row(name; lc; lt; bc; bt):
	"\(name | rpad(24)) \(pct(lc; lt) | lpad(6)) \("\(lc)/\(lt)" | lpad(11))  \(pct(bc; bt) | lpad(6)) \("\(bc)/\(bt)" | lpad(11))";
"file                      lines             branches",
(.files | sort_by(.filename)[] |
	row(.filename | ltrimstr("src/lib/"); .line_covered; .line_total; .branch_covered; .branch_total) +
	(if .line_covered * 100 < $floor * .line_total then "   below \($floor)%" else "" end)),
row("total"; .line_covered; .line_total; .branch_covered; .branch_total)
' "$build/coverage.json"

below=$(jq -r --argjson floor "$floor" '.files[] | select(.line_covered * 100 < $floor * .line_total) | .filename' "$build/coverage.json")
if [ -n "$below" ]; then
	for f in $below; do
		echo "coverage: $f is below $floor% of lines" >&2
	done
	exit 1
fi
echo "coverage: every file of src/lib covers $floor% of its lines or more"
