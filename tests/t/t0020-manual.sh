#!/bin/sh
# t0020-manual.sh - the manual: a man page for every command, generated from the table that
# --help reads (so they carry the same options), rendered by man without warnings;
# parley help through man where the page is beside the binary, as plain text otherwise;
# the pages and the completion installed where a package needs them
. ./lib.sh
need man /bin/gzip cmake
: "${PARLEY_BUILD:?set PARLEY_BUILD to the build directory}"

# every command, as parley --help lists them
"$PARLEY" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\( [a-z][a-z]*\)\{0,1\}\)  .*/\1/p' \
	>commands

# page NAME: the group page of a command, "person status" -> parley-person
page() {
	echo "parley-${1%% *}"
}

test_expect_success 'the command list is read' '
	grep -qx "person status" commands && grep -qx "match review" commands &&
	grep -qx init commands && test "$(wc -l <commands)" -gt 30
'

test_expect_success 'help --man writes parley.1 and one page per first word of a command' '
	"$PARLEY" help --man pages >out 2>err && test ! -s err &&
	test -f pages/parley.1 &&
	while read -r c; do
		p=pages/$(page "$c").1
		test -f "$p" || { echo "no page for $c"; exit 1; }
		grep -qx "\\.SS \"parley $c\"" "$p" || { echo "$p has no part for $c"; exit 1; }
	done <commands &&
	ls pages | sort >got &&
	{ echo parley.1; while read -r c; do echo "$(page "$c").1"; done <commands; } |
		sort -u >want && cmp want got
'

test_expect_success 'the build wrote the same pages (make target man)' '
	ls "$PARLEY_BUILD/man" | sort >built && cmp want built &&
	for p in pages/*.1; do cmp "$p" "$PARLEY_BUILD/man/${p#pages/}" || exit 1; done
'

test_expect_success 'man renders every page with no warning' '
	for p in pages/*.1; do
		man --warnings -l "$p" >/dev/null 2>warn || { echo "man failed on $p"; exit 1; }
		test ! -s warn || { echo "$p:"; cat warn; exit 1; }
	done
'

test_expect_success 'every option and field of every command'"'"'s --help is in its page' '
	mkdir -p text &&
	for p in pages/*.1; do
		MANWIDTH=200 man -l "$p" >"text/${p#pages/}.txt" 2>/dev/null || exit 1
	done &&
	while read -r c; do
		"$PARLEY" $c --help >help || exit 1
		t=text/$(page "$c").1.txt
		grep -o -- "^  --[a-z][a-z-]*" help | sed "s/^  //" >opts
		sed -n "/^fields/,/^\$/s/^  \\([a-z_]*\\).*/\\1/p" help | grep . >>opts
		test -s opts || { echo "no options read from $c --help"; exit 1; }
		while read -r o; do
			grep -q -- "$o" "$t" || { echo "$c: $o is not in $t"; exit 1; }
		done <opts
	done <commands
'

test_expect_success 'a page names the values of an option, and lists the exit statuses' '
	grep -q "One of captive, detainee" text/parley-person.1.txt &&
	grep -q "One of registrar, liaison" text/parley-account.1.txt &&
	grep -q "^EXIT STATUS" text/parley-import.1.txt &&
	grep -q "^EXAMPLES" text/parley-import.1.txt &&
	grep -q "parley import list.csv --dry-run" text/parley-import.1.txt &&
	grep -q "^SEE ALSO" text/parley-person.1.txt &&
	grep -q "parley-dedup(1)" text/parley-person.1.txt
'

test_expect_success 'parley.1 is the overview: every command, its page, the general sections' '
	t=text/parley.1.txt &&
	while read -r c; do grep -q "^       $c" "$t" || { echo "parley(1) lacks $c"; exit 1; }; done \
		<commands &&
	for s in "GLOBAL OPTIONS" COMMANDS "THE DATA FILE" "THE AUDIT TRAIL" BACKUPS \
		"EXIT STATUS" ENVIRONMENT FILES "SEE ALSO"; do
		grep -q "^$s" "$t" || { echo "parley(1) lacks $s"; exit 1; }
	done &&
	grep -q "PARLEY_PASSPHRASE" "$t" && grep -q "See parley-person(1)" "$t"
'

test_expect_success '--help carries the description and the examples' '
	"$PARLEY" person merge --help >out &&
	expect_grep "^Joins the duplicate DUP" out && expect_grep "^examples:" out &&
	expect_grep "see parley-person(1)" out
'

# a copy of parley with no pages beside it, and a man that says how it was called
mkdir -p alone fake &&
cp "$PARLEY" alone/parley &&
cat >fake/man <<\EOF
#!/bin/sh
echo "man $*"
EOF
chmod +x fake/man

test_expect_success 'help without pages beside the binary prints the page as plain text' '
	PATH="$TRASH/fake:$PATH" alone/parley help person >out 2>err && test ! -s err &&
	expect_no_grep "^man " out &&
	expect_grep "^PARLEY-PERSON(1)" out && expect_grep "^   parley person status" out &&
	expect_grep "^       --corrects ID" out && expect_no_grep "^\\." out &&
	expect_no_grep "\\\\f" out
'

test_expect_success 'help in a build tree shows the built page through man' '
	PATH="$TRASH/fake:$PATH" "$PARLEY" help person status >out &&
	expect_grep "^man -l .*/man/parley-person.1\$" out &&
	PATH="$TRASH/fake:$PATH" "$PARLEY" help >out &&
	expect_grep "^man -l .*/man/parley.1\$" out
'

test_expect_success 'help --text prints the text even where man would show the page' '
	PATH="$TRASH/fake:$PATH" "$PARLEY" help --text import >out &&
	expect_grep "^PARLEY-IMPORT(1)" out && expect_grep "max-errors" out
'

test_expect_success 'the real man shows the page' '
	"$PARLEY" help match >out 2>err && expect_grep "PARLEY-MATCH(1)" out &&
	expect_grep "match review" out
'

test_expect_success 'help needs no data file and makes none' '
	PARLEY_DB="$TRASH/none.db" "$PARLEY" help --text >out && test ! -e none.db &&
	expect_grep "^PARLEY(1)" out
'

test_expect_code 2 'help of an unknown command names it' '
	"$PARLEY" help nosuch 2>err
' '
	grep -q "no command '"'"'nosuch'"'"'" err && test "$(wc -l <err)" = 1
'

test_expect_code 2 'help of an unknown subcommand names it' '
	"$PARLEY" help person nosuch 2>err
' '
	grep -q "no command '"'"'person nosuch'"'"'" err
'

test_expect_code 2 'help --man takes no command' '
	"$PARLEY" help person --man pages2 2>err
' '
	expect_grep "give it alone" err && test ! -e pages2
'

test_expect_code 2 'help --man needs its directory' '
	"$PARLEY" help --man 2>err
' '
	expect_grep "needs a value" err
'

test_expect_success 'help --man makes the directories it needs' '
	"$PARLEY" help --man new/man/dir && test -f new/man/dir/parley-person.1
'

test_expect_code 1 'help --man into a directory that cannot be made' '
	echo >afile && "$PARLEY" help --man "$TRASH/afile/dir" 2>err
' '
	expect_grep "cannot make .*afile/dir: Not a directory" err
'

test_expect_success 'installed: pages in share/man/man1, the completion in bash-completion' '
	DESTDIR= cmake --install "$PARLEY_BUILD" --prefix "$TRASH/inst" >/dev/null &&
	test -x inst/bin/parley &&
	test -f inst/share/man/man1/parley.1 && test -f inst/share/man/man1/parley-person.1 &&
	test -f inst/share/bash-completion/completions/parley &&
	ls inst/share/man/man1 | sort >installed && cmp want installed
'

test_expect_success 'installed: help finds the page of its own prefix, gzipped as Debian has it' '
	gzip -9 inst/share/man/man1/parley-person.1 &&
	PATH="$TRASH/fake:$PATH" inst/bin/parley help person add >out &&
	expect_grep "^man -l .*/inst/bin/../share/man/man1/parley-person.1.gz\$" out &&
	inst/bin/parley help person >out && expect_grep "PARLEY-PERSON(1)" out
'

test_done
