#!/bin/sh
# t0021-messages.sh - the library's messages name fields and conditions, never a front
# end's flag or command (a web page has no --reindex); the CLI adds its own advice for a
# condition the library names (struct pl_error's cond).
. ./lib.sh
: "${PARLEY_SRC:?set PARLEY_SRC to the source directory}"

# the string literals of src/lib, comments left out, one "file:line: text" each
find "$PARLEY_SRC/src/lib" -name '*.c' | sort | xargs awk '
	FNR == 1 { incomment = 0 }
	{
		line = $0
		out = ""
		while (line != "") {
			if (incomment) {
				i = index(line, "*/")
				if (!i) { line = ""; break }
				line = substr(line, i + 2); incomment = 0
				continue
			}
			c = substr(line, 1, 1)
			if (substr(line, 1, 2) == "/*") { incomment = 1; line = substr(line, 3); continue }
			if (substr(line, 1, 2) == "//") break
			if (c == "'"'"'") { # a character literal: skip it whole
				if (match(line, /^'"'"'(\\.|[^\\'"'"'])*'"'"'/)) { line = substr(line, RLENGTH + 1); continue }
			}
			if (c == "\"") {
				if (match(line, /^"(\\.|[^\\"])*"/)) {
					out = out substr(line, 2, RLENGTH - 2)
					line = substr(line, RLENGTH + 1)
					continue
				}
			}
			line = substr(line, 2)
		}
		if (out != "") print FILENAME ":" FNR ": " out
	}' >strings

# no_match ERE FILE OUT: nothing in FILE matches ERE (what does is in OUT, and said)
no_match() {
	if grep -E -- "$1" "$2" >"$3"; then
		cat "$3" >&2
		return 1
	fi
}

test_expect_success 'the literals of the library are read' '
	test "$(wc -l <strings)" -gt 1000 &&
	grep -q "is not one of captive, detainee" strings
'

test_expect_success 'no message of the library names a flag' '
	no_match "(^|[^a-z0-9-])--[a-z]" strings flags
'

test_expect_success 'no message of the library names a command of the CLI' '
	no_match "parley (init|backup|restore|search|person|relative|inquiry|exchange|reception|notify|import|export|match|dedup|account|demo|stats|report|formula|translit|review)([^a-z]|$)|parley audit (head|keygen|sign|sign-head|verify|log)([^a-z-]|$)" \
		strings commands
'

test_expect_code 3 'the CLI words a condition the library names: no data file' '
	"$PARLEY" --db nothing-here.db person list >out 2>err' '
	expect_grep "^parley: no parley data file at nothing-here.db (make one with parley init, or name another with --db FILE)$" err &&
	test ! -s out
'

test_expect_success 'the CLI words a condition the library names: a wrong status' '
	"$PARLEY" init --admin adm >/dev/null &&
	"$PARLEY" --as adm account add reg --role registrar --os-user "$ME" >/dev/null &&
	as reg person add --side captive --kind military --family-name Ковальов \
		--given-name Сергій >/dev/null &&
	as reg person status U-000001 returned >/dev/null &&
	test_must_fail_with 1 as reg person status U-000001 missing 2>err &&
	expect_grep "U-000001 cannot go from returned to missing; possible: .* (a wrong entry is corrected by a new one: --corrects ID --reason TEXT)$" err
'

test_done
