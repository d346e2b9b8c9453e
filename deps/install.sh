#!/bin/sh
# install.sh - installs the Debian packages of the named sections of deps/packages that
# are missing, and the uk_UA.UTF-8 locale when the build section is asked for.
#
#   sh deps/install.sh build test       (as root on Debian 12; apt-get update first)
#   sh deps/install.sh --list build     (prints the packages, one a line)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
list=0
if [ "${1:-}" = --list ]; then
	list=1
	shift
fi
[ $# -gt 0 ] || { echo "usage: deps/install.sh [--list] SECTION..." >&2; exit 2; }
for s in "$@"; do
	grep -q "^$s[[:space:]]" "$here/packages" || { echo "deps/install.sh: no section '$s' in deps/packages" >&2; exit 2; }
done
pkgs=$(awk -v want=" $* " '!/^#/ && NF >= 2 && index(want, " " $1 " ") { print $2 }' "$here/packages")
if [ "$list" = 1 ]; then
	printf '%s\n' $pkgs
	exit 0
fi
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	[ "$(id -u)" = 0 ] || { echo "deps/install.sh: missing:$missing (run as root, or apt-get install them)" >&2; exit 2; }
	echo "installing:$missing"
	apt-get update -qq
	# shellcheck disable=SC2086 # one word a package
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
# the office's locale: a minimal Debian has none but C
case " $* " in
*" build "*)
	if ! locale -a 2>/dev/null | grep -qix 'uk_UA.utf8'; then
		if [ "$(id -u)" = 0 ]; then
			echo "generating the locale uk_UA.UTF-8"
			localedef -i uk_UA -f UTF-8 uk_UA.UTF-8
		else
			echo "deps/install.sh: no uk_UA.UTF-8 locale (as root: localedef -i uk_UA -f UTF-8 uk_UA.UTF-8)" >&2
		fi
	fi
	;;
esac
