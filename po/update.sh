#!/bin/sh
# update.sh - extracts the messages of the source into po/parley.pot and merges them
# into every catalogue (po/uk.po), as gettext's tools do. Run after changing a message;
# then translate what msgmerge marked new or fuzzy.
#
#   sh po/update.sh            update po/parley.pot and po/*.po
#   sh po/update.sh --check    change nothing; fail, naming the messages, when the
#                              template is stale or a catalogue leaves one untranslated
#                              (tests/t/t0004-i18n.sh runs this)
#
# Needs gettext's xgettext, msgmerge, msgcmp and msgfmt (deps/packages: build).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
check=0
[ "${1:-}" = --check ] && check=1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/po-update.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$top"
# _() and N_() mark a message, Q_(one, many, n) one with a count
find src include -name '*.[ch]' | LC_ALL=C sort >"$tmp/files"
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=Q_:1,2 \
	--add-comments=TRANSLATORS: --sort-output --no-location --omit-header \
	--files-from="$tmp/files" -o "$tmp/parley.pot"
if [ "$check" = 0 ]; then
	mv "$tmp/parley.pot" "$here/parley.pot"
	for po in "$here"/*.po; do
		msgmerge --quiet --update --backup=none --no-location --sort-output "$po" "$here/parley.pot"
	done
	exit 0
fi
status=0
if ! cmp -s "$tmp/parley.pot" "$here/parley.pot"; then
	echo "po/parley.pot is stale: run sh po/update.sh, then translate (diff of the messages):"
	diff "$here/parley.pot" "$tmp/parley.pot" | grep '^[<>] msgid' || true
	status=1
fi
for po in "$here"/*.po; do
	name=po/$(basename "$po")
	if ! msgcmp "$po" "$tmp/parley.pot" >"$tmp/cmp" 2>&1; then
		echo "$name lacks messages of the source:"
		sed 's/^/  /' "$tmp/cmp"
		status=1
	fi
	stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)
	case $stats in
	*fuzzy* | *untranslated*)
		echo "$name: $stats"
		status=1
		;;
	esac
done
exit $status
