#!/bin/sh
# check.sh - fails when the build uses a Debian package that deps/packages does not
# declare: for every header the compiler read (ninja's dependency log) and every library
# on every link line, the package that owns the file (dpkg -S) must be listed in the
# given sections of deps/packages or be in the closure of what the listed packages
# depend on (Depends and Pre-Depends, through virtual packages), so libc6-dev, pulled in
# by build-essential or gcc, counts as declared; zlib1g-dev, which libxlsxwriter-dev's
# link line needs but does not depend on, does not.
#
#   sh deps/check.sh BUILD_DIR [PACKAGES_FILE] [SECTION...]   (default: deps/packages, build test)
#
# Prints every undeclared file with its package and exits 1; 0 when all are declared.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: deps/check.sh BUILD_DIR [PACKAGES_FILE] [SECTION...]}
packages=${2:-$here/packages}
[ $# -ge 2 ] && shift 2 || shift $#
[ $# -gt 0 ] || set -- build test
top=$(cd "$here/.." && pwd)
build=$(cd "$build" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/deps-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

die() { echo "deps/check.sh: $*" >&2; exit 2; }
for tool in ninja dpkg dpkg-query awk; do
	command -v "$tool" >/dev/null || die "$tool is needed"
done
[ -f "$build/build.ninja" ] || die "$build holds no ninja build"

# 1. the files: headers from the dependency log, libraries from the link lines
ninja -C "$build" -t deps 2>/dev/null | awk '/^    \// { print $1 }' | sort -u >"$tmp/headers"
[ -s "$tmp/headers" ] || die "no dependency log in $build (build it first)"
cc=$(awk -F= '/^CMAKE_C_COMPILER:/ { print $2 }' "$build/CMakeCache.txt")
ninja -C "$build" -t commands 2>/dev/null | awk '!/ -c / && / -o / { for (i = 1; i <= NF; i++) print $i }' |
	awk '/^\/.*\.(so|a)(\.[0-9.]+)?$/ || /^-l/' | sort -u >"$tmp/linkargs"
: >"$tmp/libs"
while read -r arg; do
	case $arg in
	-l*)
		lib=${arg#-l}
		f=$("$cc" -print-file-name="lib$lib.so")
		[ "$f" = "lib$lib.so" ] && f=$("$cc" -print-file-name="lib$lib.a")
		case $f in
		/*) echo "$f" >>"$tmp/libs" ;;
		*) echo "link line asks for $arg and no package provides lib$lib" >>"$tmp/unowned" ;;
		esac
		;;
	*) echo "$arg" >>"$tmp/libs" ;;
	esac
done <"$tmp/linkargs"
# files of the source and build trees are ours
cat "$tmp/headers" "$tmp/libs" | while read -r f; do
	case $f in
	"$top"/* | "$build"/*) ;;
	*) realpath -s -m "$f" ;;
	esac
done | sort -u >"$tmp/files"

# 2. the package of each file (dpkg -S takes many at once; a path through a symlinked
# directory is tried again resolved)
: >"$tmp/owners"
xargs -r dpkg -S <"$tmp/files" 2>/dev/null | awk -F': ' '{ n = split($1, p, ", "); for (i = 1; i <= n; i++) { sub(/:.*/, "", p[i]); print $2 "\t" p[i] } }' >>"$tmp/owners" || true
cut -f1 "$tmp/owners" | sort -u >"$tmp/owned"
sort -u "$tmp/files" | comm -23 - "$tmp/owned" | while read -r f; do
	r=$(readlink -f "$f")
	o=$(dpkg -S "$r" 2>/dev/null | head -n 1 | awk -F': ' '{ sub(/[:,].*/, "", $1); print $1 }')
	if [ -n "$o" ]; then
		printf '%s\t%s\n' "$f" "$o" >>"$tmp/owners"
	else
		echo "$f belongs to no Debian package (installed by hand?)" >>"$tmp/unowned"
	fi
done

# 3. the closure of the declared packages over the installed ones
awk -v want=" $* " '!/^#/ && NF >= 2 && index(want, " " $1 " ") { print $2 }' "$packages" >"$tmp/declared"
dpkg-query -W -f='${db:Status-Abbrev}|${Package}|${Provides}|${Pre-Depends}, ${Depends}\n' >"$tmp/db"
awk -F'|' '
	function clean(s) { gsub(/\([^)]*\)/, "", s); gsub(/:[a-z0-9]+/, "", s); gsub(/[ \t]/, "", s); return s }
	NR == FNR { want[$1] = 1; next }
	$1 !~ /^ii/ { next }
	{
		pkg = $2; installed[pkg] = 1
		n = split($3, pv, ","); for (i = 1; i <= n; i++) { v = clean(pv[i]); if (v != "") prov[v] = prov[v] " " pkg }
		deps[pkg] = $4
	}
	END {
		for (p in want) queue[++qn] = p
		while (qi < qn) {
			p = queue[++qi]
			if (p in seen) continue
			seen[p] = 1
			if (!(p in installed)) {   # a virtual package: its providers
				m = split(prov[p], pp, " "); for (j = 1; j <= m; j++) queue[++qn] = pp[j]
				continue
			}
			n = split(deps[p], d, ",")
			for (i = 1; i <= n; i++) {
				a = split(d[i], alt, "|")
				for (k = 1; k <= a; k++) { x = clean(alt[k]); if (x != "") queue[++qn] = x }
			}
		}
		for (p in seen) if (p in installed) print p
	}' "$tmp/declared" "$tmp/db" | sort -u >"$tmp/closure"

# 4. the verdict
awk -F'\t' 'NR == FNR { ok[$1] = 1; next } !($2 in ok) { print $2 "\t" $1 }' "$tmp/closure" "$tmp/owners" |
	sort -u >"$tmp/undeclared"
status=0
if [ -s "$tmp/undeclared" ]; then
	echo "deps/check.sh: the build uses packages that deps/packages ($*) does not declare:"
	awk -F'\t' '{ printf "  %s needs %s\n", $2, $1 }' "$tmp/undeclared"
	status=1
fi
if [ -s "$tmp/unowned" ]; then
	sed 's/^/  /' "$tmp/unowned"
	status=1
fi
[ "$status" = 0 ] && echo "deps/check.sh: $(wc -l <"$tmp/files") files from $(cut -f2 "$tmp/owners" | sort -u | wc -l) packages, all declared ($*)"
exit $status
