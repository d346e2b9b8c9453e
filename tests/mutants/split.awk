# split.awk - reads mutant files into one index and a pair of snippet files per mutant
#
#   awk -v OUT=DIR -v GEN=GENDIR -f split.awk FILE.mut...
#
# Writes DIR/index (one line a mutant: number, id, group, origin, file, labels, rule,
# separated by TABs) and DIR/NNNN.from, DIR/NNNN.to (the snippets, exact bytes, no
# final newline). The group is the file's name less .mut; the origin is "generated" for
# the files under GENDIR, "hand" for the others. Any fault in a file stops the run
# (exit 2) with the file and line: a mutant list is code, not a wish list.

function fail(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	bad = 1
	exit 2
}

function trim(s) {
	sub(/^[ \t]+/, "", s)
	sub(/[ \t]+$/, "", s)
	return s
}

function flush(    f, t) {
	if (id == "")
		return
	if (rule == "")
		fail("mutant " id ": no rule (say what it breaks)")
	if (file == "")
		fail("mutant " id ": no file")
	if (labels == "")
		fail("mutant " id ": no labels (the tests to run first)")
	if (!nfrom)
		fail("mutant " id ": no from (the original snippet)")
	if (!nto)
		fail("mutant " id ": no to (its replacement; an empty 'to' line deletes it)")
	if (from == to)
		fail("mutant " id ": from and to are the same")
	n++
	f = sprintf("%s/%04d.from", OUT, n)
	t = sprintf("%s/%04d.to", OUT, n)
	printf "%s", from > f
	close(f)
	printf "%s", to > t
	close(t)
	printf "%04d\t%s\t%s\t%s\t%s\t%s\t%s\n", n, id, group, origin, file, labels, rule > index_file
	id = ""
}

BEGIN {
	if (OUT == "") {
		print "split.awk: set OUT" > "/dev/stderr"
		exit 2
	}
	index_file = OUT "/index"
	printf "" > index_file
	n = 0
	id = ""
}

FNR == 1 {
	flush()
	group = FILENAME
	sub(/.*\//, "", group)
	sub(/\.mut$/, "", group)
	origin = (GEN != "" && index(FILENAME, GEN "/") == 1) ? "generated" : "hand"
}

# comments and blank lines between mutants
/^#/ || /^[ \t]*$/ { next }

{
	key = $0
	sub(/[ \t].*/, "", key)
	val = substr($0, length(key) + 1)
	if (key == "from" || key == "to")
		val = substr(val, 2) # exactly one separator: the rest is verbatim, tabs and all
	else
		val = trim(val)
	if (key == "id") {
		flush()
		if (val !~ /^[A-Za-z0-9][A-Za-z0-9._-]*$/)
			fail("mutant id '" val "': letters, digits, '.', '_' and '-' only")
		if (val in seen)
			fail("mutant " val " is defined twice (first in " seen[val] ")")
		seen[val] = FILENAME
		id = val
		rule = file = labels = from = to = ""
		nfrom = nto = 0
	} else if (id == "") {
		fail("'" key "' before the first 'id'")
	} else if (key == "rule") {
		rule = val
	} else if (key == "file") {
		file = val
	} else if (key == "labels") {
		labels = val
	} else if (key == "from") {
		from = nfrom++ ? from "\n" val : val
	} else if (key == "to") {
		to = nto++ ? to "\n" val : val
	} else {
		fail("unknown key '" key "' (id, rule, file, labels, from, to)")
	}
}

END {
	if (!bad)
		flush()
	if (bad)
		exit 2
}
