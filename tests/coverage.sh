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
	def pct(c; t): if t == 0 then "-" else ((c * 1000 / t | floor) / 10 | tostring) end;
	"file                        lines            branches",
	(.files | sort_by(.filename)[] |
		"\(.filename | ltrimstr("src/lib/") | .[0:26] + " " * (26 - length))  " +
		"\(pct(.line_covered; .line_total) | " " * (5 - length) + .)% \(.line_covered)/\(.line_total)" +
		"\(" " * (14 - ("\(.line_covered)/\(.line_total)" | length)))" +
		"\(pct(.branch_covered; .branch_total) | " " * (5 - length) + .)% \(.branch_covered)/\(.branch_total)" +
		(if .line_covered * 100 < $floor * .line_total then "   below \($floor)%" else "" end)),
	"total                       \(pct(.line_covered; .line_total))% \(.line_covered)/\(.line_total)   \(pct(.branch_covered; .branch_total))% \(.branch_covered)/\(.branch_total)"
' "$build/coverage.json"

below=$(jq -r --argjson floor "$floor" '.files[] | select(.line_covered * 100 < $floor * .line_total) | .filename' "$build/coverage.json")
if [ -n "$below" ]; then
	for f in $below; do
		echo "coverage: $f is below $floor% of lines" >&2
	done
	exit 1
fi
echo "coverage: every file of src/lib covers $floor% of its lines or more"
