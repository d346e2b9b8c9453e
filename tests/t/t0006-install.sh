#!/bin/sh
# t0006-install.sh - make install and make uninstall, with PREFIX and DESTDIR as packagers
# use them: a release build of its own (here under the test's folder), installed by
# cmake --install, and removed again file by file
. ./lib.sh
need make cmake ninja
top=$PARLEY_SRC
root=$TRASH/root

# mk TARGET VAR=VALUE...: the project's Makefile, as a packager runs it (not as a child
# of the make or ninja that runs the tests)
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u DESTDIR make -C "$top" --no-print-directory "$@" \
		>mk.out 2>&1 || { cat mk.out; return 1; }
}

test_expect_success 'make install puts the CLI, its man pages and the docs under DESTDIR/PREFIX' '
	mk install PREFIX=/usr DESTDIR="$root" INSTALL_DIR="$TRASH/build" &&
	test -x "$root/usr/bin/parley" &&
	"$root/usr/bin/parley" --version >out && expect_grep "^parley " out &&
	ls "$root"/usr/share/man/man1/ >pages && expect_grep "^parley.*\.1$" pages &&
	test -f "$root/usr/share/doc/parley/README.md" &&
	test -f "$root/usr/share/doc/parley/docs/permissions.md" &&
	find "$root" ! -type d | sort >installed
'

test_expect_success 'nothing is installed outside PREFIX' '
	test -s installed && ! grep -v "^$root/usr/" installed
'

test_expect_success 'make uninstall, after a fresh clone (no build, no list), removes all of it' '
	mkdir -p "$root/usr/bin" "$root/usr/share/man/man1" &&
	echo other >"$root/usr/bin/other" && echo other >"$root/usr/share/man/man1/other.1" &&
	mk uninstall PREFIX=/usr DESTDIR="$root" INSTALL_DIR="$TRASH/fresh-build" &&
	find "$root" ! -type d | sort >left &&
	printf "%s\n" "$root/usr/bin/other" "$root/usr/share/man/man1/other.1" >want &&
	cmp want left &&
	test ! -e "$root/usr/share/doc/parley"
'

test_expect_success 'PREFIX defaults to /usr/local, and a build is configured again for a new one' '
	mk install DESTDIR="$root" INSTALL_DIR="$TRASH/build" &&
	test -x "$root/usr/local/bin/parley" &&
	test ! -e "$root/usr/bin/parley" &&
	mk uninstall DESTDIR="$root" INSTALL_DIR="$TRASH/build" &&
	test ! -e "$root/usr/local/bin/parley" &&
	test ! -e "$root/usr/local/share/doc/parley"
'

test_done
