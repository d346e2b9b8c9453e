#!/bin/sh
# t0030-completion.sh - the bash completion (completion/parley.bash): commands, subcommands,
# options, the values of options, arguments and fields, files; asked of the parley being
# completed (parley complete), in a build tree and installed on PATH
. ./lib.sh
need /bin/bash
script=$PARLEY_SRC/completion/parley.bash

# complete WORD...: the candidates bash offers for the last WORD of "parley WORD...", as
# bash splits it (at = and :), one a line, in the file "got"
cat >complete.bash <<\EOF
. "$1"
cmd=$2
shift 2
line="parley $*"
COMP_LINE=$line
COMP_POINT=${#line}
# split as readline does: at blanks, and = and : are words of their own
COMP_WORDS=(parley)
for w in "$@"; do
	while [[ $w == *[=:]* ]]; do
		head=${w%%[=:]*}
		[[ -n $head ]] && COMP_WORDS+=("$head")
		w=${w#"$head"}
		COMP_WORDS+=("${w:0:1}")
		w=${w:1}
	done
	[[ -n $w || ${COMP_WORDS[-1]} != [=:] ]] && COMP_WORDS+=("$w")
done
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_parley "$cmd" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
((${#COMPREPLY[@]} == 0)) || printf '%s\n' "${COMPREPLY[@]}"
EOF
complete_() {
	/bin/bash complete.bash "$script" "$PARLEY" "$@" >got
}

# has WORD...: each WORD is a candidate; lacks WORD...: none is
has() {
	for w in "$@"; do
		grep -qx -- "$w" got || { echo "no candidate $w; got:"; cat got; return 1; }
	done
}
lacks() {
	for w in "$@"; do
		grep -qx -- "$w" got && { echo "unexpected candidate $w"; cat got; return 1; }
	done
	return 0
}
only() {
	printf '%s\n' "$@" >want
	sort got | cmp - want >/dev/null || { echo "wanted exactly: $*; got:"; cat got; return 1; }
}

test_expect_success 'a command prefix' '
	complete_ pe && only person &&
	complete_ ma && only match &&
	complete_ "" && has init person import match dedup help && test "$(wc -l <got)" -gt 15
'

test_expect_success 'a subcommand' '
	complete_ person st && only status &&
	complete_ person "" && has add show list edit status event evidence merge &&
	complete_ match r && has runs review
'

test_expect_success 'options: the command'"'"'s and the global ones' '
	complete_ person list --st && only --status &&
	complete_ import --d && only --db --dry-run &&
	complete_ person status U-000001 confirmed -- && has --date --corrects --reason --db --as &&
	lacks --side
'

test_expect_success 'an option given once is not offered again; a repeatable one is' '
	complete_ person list --side captive --s && only --sex --status &&
	complete_ account add x --role head --r && only --role
'

test_expect_success 'person status U-000001 <TAB>: the statuses of a captive' '
	complete_ person status U-000001 "" &&
	has missing data_unknown probable confirmed listed returned third_country died \
		remains_returned && lacks held exchanged &&
	complete_ person status R-000004 "" && only died exchanged held listed released &&
	complete_ person status U-000001 con && only confirmed
'

test_expect_success 'person list --status <TAB>: every status' '
	complete_ person list --status "" && has missing confirmed returned held exchanged &&
	complete_ person list --status=ret && only returned
'

test_expect_success 'person add --side <TAB>, and the values of other fields and options' '
	complete_ person add --side "" && only captive detainee &&
	complete_ person add --kind mil && only military &&
	complete_ person add --health "" && has healthy wounded severely_wounded severely_ill &&
	complete_ person add --sex "" && only f m unknown &&
	complete_ person event U-000001 "" && has capture transfer repatriation death &&
	complete_ person evidence U-000001 "" && has video icrc_notification returnee_testimony &&
	complete_ relative add U-000001 --relation "" && has wife mother in_law &&
	complete_ inquiry add U-000001 --channel "" && has hotline messenger &&
	complete_ account add olena --role "" && has registrar liaison head admin auditor &&
	complete_ export - --format "" && only csv jsonl xlsx &&
	complete_ match list.csv --source "" && has other_side icrc open_source &&
	complete_ translit --system "" && only bgn gost-b icao kmu2010 &&
	complete_ match review 3 --reliability "" && only A B C D E F
'

test_expect_success 'FIELD= and --FIELD of a command that takes fields' '
	complete_ person add side=c && only captive &&
	complete_ person add side= && only captive detainee &&
	complete_ person add fam && only family_name= &&
	complete_ person add --family && only --family-name &&
	complete_ person edit U-000001 health=se && only severely_ill severely_wounded &&
	complete_ person add --side captive --s && lacks --side && has --sex --status
'

mkdir -p dir/sub && touch list.csv dir/people.jsonl

test_expect_success 'import <TAB>: files' '
	complete_ import "" && has list.csv dir &&
	complete_ import dir/ && has dir/people.jsonl dir/sub &&
	complete_ --db "" && has list.csv &&
	complete_ person evidence U-000001 video --file l && only list.csv &&
	complete_ match "" && has list.csv runs review
'

test_expect_success 'help <TAB>: commands' '
	complete_ help "" && has person import match &&
	complete_ help person s && only show status
'

test_expect_success 'a word parley does not know gets nothing' '
	complete_ nosuch "" && test ! -s got &&
	complete_ person list --status xyz && test ! -s got
'

mkdir -p usr/bin && cp "$PARLEY" usr/bin/parley

test_expect_success 'installed on PATH: completing "parley" asks that one' '
	PATH="$TRASH/usr/bin:$PATH" /bin/bash complete.bash "$script" parley person st >got &&
	only status
'

test_expect_success 'parley complete prints a kind, then the candidates' '
	"$PARLEY" complete -- person list --side "" >out &&
	printf "words\ncaptive\ndetainee\n" >want && cmp want out &&
	"$PARLEY" complete -- import "" >out && test "$(cat out)" = files &&
	"$PARLEY" complete >out && head -n 1 out | grep -qx words && grep -qx person out
'

test_expect_code 2 'parley complete: an option of its own is a usage error' '
	"$PARLEY" complete --bogus 2>err
' '
	expect_grep "unknown option --bogus" err
'

test_done
