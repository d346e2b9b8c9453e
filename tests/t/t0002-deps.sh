#!/bin/sh
# t0002-deps.sh - every Debian package the build and the tests use is declared in
# deps/packages, the one list that make run and make check install from
. ./lib.sh
need ninja dpkg-query
: "${PARLEY_BUILD:?set PARLEY_BUILD to the build directory}"
top=$PARLEY_SRC

test_expect_success 'every header read and library linked comes from a declared package' '
	{ sh "$top/deps/check.sh" "$PARLEY_BUILD" >out 2>&1 || { cat out; false; }; } &&
	expect_grep "all declared" out
'

test_expect_success 'a package left out of the list fails the check, naming the file that needs it' '
	grep -v "^build *libcsv-dev" "$top/deps/packages" >packages &&
	test_must_fail_with 1 sh "$top/deps/check.sh" "$PARLEY_BUILD" "$PWD/packages" >out 2>&1 &&
	expect_grep "/usr/include/csv.h needs libcsv-dev" out &&
	expect_grep "libcsv.so needs libcsv-dev" out
'

# libxlsxwriter-dev's link line asks for -lz and it does not depend on zlib1g-dev; cairo,
# pango (through libpng-dev and libglib2.0-dev) and libglpk-dev do, so they go too, to leave
# zlib1g-dev needed by a link line and in the closure of nothing declared
test_expect_success 'a package pulled in only by an undeclared one is undeclared (zlib1g-dev)' '
	grep -vE "^build +(zlib1g-dev|libcairo2-dev|libpango1.0-dev|libglpk-dev) " "$top/deps/packages" >packages &&
	test_must_fail_with 1 sh "$top/deps/check.sh" "$PARLEY_BUILD" "$PWD/packages" >out 2>&1 &&
	expect_grep "libz.so needs zlib1g-dev" out
'

test_expect_success 'every program a test needs is in a declared package, or one every Debian has (essential, required)' '
	sed -n "s/^need //p" "$top"/tests/t/t*.sh | tr " " "\n" | grep -v "^\\\$\\|^\"" |
		sort -u >tools &&
	test -s tools &&
	sh "$top/deps/install.sh" --list build test >declared &&
	while read -r tool; do
		path=$(command -v "$tool") &&
		pkg=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null) &&
		pkg=$(echo "$pkg" | head -n 1 | sed "s/:.*//") &&
		case "$(dpkg-query -W -f="\${Essential} \${Priority}" "$pkg")" in yes* | *required) continue ;; esac &&
		grep -qx "$pkg" declared ||
			{ echo "$tool ($pkg) is not declared"; exit 1; }
	done <tools
'

test_expect_success 'deps/install.sh lists a section and refuses an unknown one' '
	sh "$top/deps/install.sh" --list test >list &&
	expect_grep "^jq$" list && expect_no_grep "^gcc$" list &&
	test_must_fail_with 2 sh "$top/deps/install.sh" --list nosuch 2>err &&
	expect_grep "no section" err
'

test_done
