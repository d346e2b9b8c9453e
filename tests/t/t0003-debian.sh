#!/bin/sh
# t0003-debian.sh - debian/ says what the project says: debian/control's Build-Depends
# are the build and test sections of deps/packages (the one list), and debian/changelog's
# version is the project's, whose only source is project(parley VERSION ...) in
# CMakeLists.txt (CMake makes PARLEY_VERSION of include/parley/version.h from it)
. ./lib.sh
top=$PARLEY_SRC

# build_depends CONTROL: the packages of the source paragraph's Build-Depends, one a
# line and sorted, without versions, architectures and build profiles; debhelper-compat
# (the debhelper level, not a package of deps/packages) left out
build_depends() {
	awk '/^$/ { exit }
	     /^#/ { next }
	     /^[^ \t]/ { in_bd = sub(/^Build-Depends:/, "") }
	     in_bd { print }' "$1" |
		tr ',' '\n' | sed -e 's/([^)]*)//g' -e 's/\[[^]]*\]//g' -e 's/<[^>]*>//g' \
		-e 's/[[:space:]]//g' | grep -v -e '^$' -e '^debhelper-compat$' | sort
}

# nocheck_depends CONTROL: those marked <!nocheck>
nocheck_depends() {
	awk '/^$/ { exit }
	     /^#/ { next }
	     /^[^ \t]/ { in_bd = sub(/^Build-Depends:/, "") }
	     in_bd { print }' "$1" |
		tr ',' '\n' | grep '<!nocheck>' | sed -e 's/[(<[].*//' -e 's/[[:space:]]//g' | sort
}

# section PACKAGES SECTION...: the packages of those sections of a deps/packages file
section() {
	f=$1
	shift
	awk -v want=" $* " '!/^#/ && NF >= 2 && index(want, " " $1 " ") { print $2 }' "$f" | sort
}

# same_deps CONTROL PACKAGES: fails, naming each package that only one of them has
same_deps() {
	build_depends "$1" >bd.list
	section "$2" build test >pk.list
	test -s bd.list || { echo "no Build-Depends in $1"; return 1; }
	comm -23 bd.list pk.list | sed 's/^/only in debian\/control: /' >diff.list
	comm -13 bd.list pk.list | sed 's/^/only in deps\/packages (build, test): /' >>diff.list
	cat diff.list
	! test -s diff.list
}

# upstream_version CHANGELOG: the version of the top entry, less a Debian revision
upstream_version() {
	sed -n '1s/^[a-z0-9.+-]* (\([^)]*\)).*/\1/p' "$1" | sed 's/-[^-]*$//'
}

# project_version CMAKELISTS
project_version() {
	sed -n 's/^project(parley VERSION \([0-9.]*\).*/\1/p' "$1"
}

# same_version CHANGELOG CMAKELISTS: fails, saying both, when they differ
same_version() {
	d=$(upstream_version "$1")
	p=$(project_version "$2")
	echo "debian/changelog: '$d', CMakeLists.txt: '$p'"
	test -n "$p" && test "$d" = "$p"
}

test_expect_success 'Build-Depends are the build and test sections of deps/packages' '
	same_deps "$top/debian/control" "$top/deps/packages"
'

test_expect_success 'a package missing from debian/control fails the check, naming it' '
	grep -v "^ libcsv-dev,$" "$top/debian/control" >control &&
	! same_deps control "$top/deps/packages" >out &&
	expect_grep "only in deps/packages (build, test): libcsv-dev" out
'

test_expect_success 'a package missing from deps/packages fails the check, naming it' '
	grep -v "^test  *jq " "$top/deps/packages" >packages &&
	! same_deps "$top/debian/control" packages >out &&
	expect_grep "only in debian/control: jq" out
'

test_expect_success 'only test packages are <!nocheck> (a build without tests needs the rest)' '
	nocheck_depends "$top/debian/control" >nocheck &&
	section "$top/deps/packages" test >test.list &&
	test -s nocheck &&
	comm -23 nocheck test.list >wrong &&
	! test -s wrong
'

test_expect_success 'debian/changelog has the project version' '
	same_version "$top/debian/changelog" "$top/CMakeLists.txt"
'

test_expect_success 'another version in debian/changelog fails the check' '
	sed "1s/(\([^)]*\))/(9.\1)/" "$top/debian/changelog" >changelog &&
	! same_version changelog "$top/CMakeLists.txt" >out &&
	expect_grep "debian/changelog: .9\." out
'

test_expect_success 'parley --version and PARLEY_VERSION are the project version, made by CMake' '
	v=$(project_version "$top/CMakeLists.txt") &&
	"$PARLEY" --version >out &&
	expect_grep "^parley $v " out &&
	! grep -rn "define PARLEY_VERSION \"[0-9]" "$top/include" &&
	expect_grep "define PARLEY_VERSION \"@PROJECT_VERSION@\"" "$top/include/parley/version.h.in"
'

test_done
