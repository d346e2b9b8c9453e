# apply.awk - replaces the one occurrence of a snippet in a file
#
#   awk -v FROM=SNIPPET -v TO=REPLACEMENT -v TARGET=FILE -v OUT=FILE2 -f apply.awk
#
# SNIPPET and REPLACEMENT are files holding the exact text. Exit 0 with FILE2 written
# when the snippet occurs exactly once in FILE; exit 3 with the count on stdout when it
# occurs zero times or more than once (a stale or ambiguous mutant: the runner says so
# loudly and never skips it). Byte-wise, as C sources are compared.

function slurp(path,    s, line, first, r) {
	s = ""
	first = 1
	while ((r = (getline line < path)) > 0) {
		s = first ? line : s "\n" line
		first = 0
	}
	if (r < 0) {
		printf "apply.awk: cannot read %s\n", path > "/dev/stderr"
		exit 4
	}
	close(path)
	return s
}

BEGIN {
	from = slurp(FROM)
	to = slurp(TO)
	text = slurp(TARGET)
	if (from == "") {
		print "apply.awk: empty snippet" > "/dev/stderr"
		exit 4
	}
	count = 0
	at = 0
	pos = 0 # text[1..pos] is searched
	while ((i = index(substr(text, pos + 1), from)) > 0) {
		count++
		if (count == 1)
			at = pos + i
		pos += i + length(from) - 1
	}
	if (count != 1) {
		print count
		exit 3
	}
	printf "%s%s%s\n", substr(text, 1, at - 1), to, substr(text, at + length(from)) > OUT
	close(OUT)
	exit 0
}
