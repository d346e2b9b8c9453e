#!/bin/sh
# t1700-tables.sh - text tables fit the terminal: COLUMNS or the terminal's width, values
# cut with "…" by display width (Cyrillic, combining marks, wide characters), no line
# ending in a space; --wide and a pipe show every value whole
. ./lib.sh
need /usr/bin/python3

setup_office

# the width of each line of a file as a terminal shows it: combining marks none, wide
# characters two
widths() {
	/usr/bin/python3 -c '
import sys, unicodedata
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    print(sum(0 if unicodedata.combining(c) else
              2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))
' "$1"
}

UNIT="окрема бригада морської піхоти імені контр-адмірала Михайла Остроградського"

test_expect_success 'setup: persons with long Cyrillic units, wide and combining names' '
	printf "side,kind,family_name,given_name,patronymic,unit\n" >list.csv &&
	printf "captive,military,Ковальчук-Шевченко,Олександр,Володимирович,%s\n" "$UNIT" >>list.csv &&
	printf "captive,military,李小龍,Jose\314\201,,中国人民解放军海军陆战队第一旅\n" >>list.csv &&
	printf "captive,civilian,Zoe\314\210,Е\314\201лка,,\n" >>list.csv &&
	as reg import list.csv >/dev/null
'

test_expect_success 'person list at 80 columns fits them, with … where it cut' '
	COLUMNS=80 as reg person list >out &&
	widths out >w &&
	test "$(sort -n w | tail -n 1)" -le 80 &&
	expect_grep "^U-000001 .*…" out &&
	expect_grep "^U-000002 .*…" out &&
	expect_grep "окрема" out &&
	! grep -q "Остроградського" out &&
	expect_grep "(3 persons)" out
'

test_expect_success 'the reference and the status are never cut' '
	COLUMNS=60 as reg person list >out &&
	expect_grep "^U-000001 missing, no data " out &&
	COLUMNS=40 as reg person list >out &&
	expect_grep "^U-000003 missing, no data " out
'

test_expect_success 'no line of a table ends in a space, the header included' '
	COLUMNS=80 as reg person list >out80 &&
	as reg person list >outpipe &&
	as reg --wide person list >outwide &&
	as adm account list >accounts &&
	! grep -q " $" out80 && ! grep -q " $" outpipe && ! grep -q " $" outwide &&
	! grep -q " $" accounts &&
	head -n 1 outpipe >header &&
	expect_grep "UNIT$" header
'

test_expect_success 'a pipe without COLUMNS and --wide show every value whole' '
	as reg person list >out &&
	expect_grep "$UNIT" out &&
	expect_grep "中国人民解放军海军陆战队第一旅" out &&
	! grep -q "…" out &&
	COLUMNS=80 as reg --wide person list >wide &&
	expect_grep "$UNIT" wide &&
	! grep -q "…" wide
'

test_expect_success 'a combining mark stays with its letter where a value is cut' '
	printf "side,kind,family_name,given_name\ncaptive,civilian,Е\314\201\314\201\314\201ЛКААААААААААААААААААААААААААААААААААААААААААААААААААААААААААААААА,x\n" >marks.csv &&
	as reg import marks.csv >/dev/null &&
	COLUMNS=70 as reg person list --text ЛКА >out &&
	widths out >w &&
	test "$(sort -n w | tail -n 1)" -le 70 &&
	expect_grep "…" out
'

test_expect_success 'on a terminal, its width is measured' '
	need_script=$(command -v script) &&
	test -n "$need_script" &&
	script -qec "stty cols 72; $PARLEY --db $PARLEY_DB --as reg person list" /dev/null >tty.out &&
	tr -d "\r" <tty.out >tty &&
	widths tty >w &&
	test "$(sort -n w | tail -n 1)" -le 72 &&
	expect_grep "…" tty
'

test_expect_success 'search fits too' '
	COLUMNS=70 as reg search Ковальчук >out &&
	widths out >w &&
	test "$(sort -n w | tail -n 1)" -le 70 &&
	! grep -q " $" out
'

# the widest line of a file as a terminal shows it
widest() {
	widths "$1" >w.widest && sort -n w.widest | tail -n 1
}

# on a pty of 80 columns (COLUMNS says 80 too): standard output a terminal
on_tty80() {
	script -qec "stty cols 80; COLUMNS=80 $PARLEY --db $PARLEY_DB $*" /dev/null >tty.raw &&
	tr -d "\r" <tty.raw
}

# detainees with no unit: names that fit whole, a long Cyrillic one and a mixed-script one
SHORT="Шевченко-Ковальчук Олександр Петрович"
LONGC="Ковальчук-Шевченко-Остроградський Олександр-Михайло Володимирович"
MIXED="O'Brien-Ковальов 李小龍 Jean-Baptiste Олександрович"

test_expect_success 'setup: detainees with long names and no unit' '
	need_script=$(command -v script) && test -n "$need_script" &&
	printf "side,kind,family_name,given_name,patronymic\n" >det.csv &&
	printf "detainee,military,Шевченко-Ковальчук,Олександр,Петрович\n" >>det.csv &&
	printf "detainee,military,Ковальчук-Шевченко-Остроградський,Олександр-Михайло,Володимирович\n" >>det.csv &&
	printf "detainee,military,O'"'"'Brien-Ковальов 李小龍,Jean-Baptiste,Олександрович\n" >>det.csv &&
	as reg import det.csv >/dev/null
'

test_expect_success 'person list on an 80-column pty: an empty UNIT takes its heading, names the rest' '
	PARLEY_AS=reg on_tty80 person list --side detainee >tty &&
	test "$(widest tty)" -le 80 &&
	expect_grep "BORN UNIT$" tty &&
	expect_grep "$SHORT" tty &&
	! grep "$SHORT" tty | grep -q "…" &&
	expect_grep "(3 persons)" tty
'

# REF, STATUS and KIND take 25 columns; NAME the 42 it asks for, its value 41 and the space
test_expect_success 'a long Cyrillic name is cut with … at its column'"'"'s whole width, not shorter' '
	PARLEY_AS=reg on_tty80 person list --side detainee >tty &&
	grep "Остроград" tty >line &&
	expect_grep "…" line &&
	test "$(widest line)" -eq 66 &&
	expect_grep "Ковальчук-Шевченко-Остроград" line
'

test_expect_success 'a name of mixed scripts (wide CJK characters) fits by display width' '
	PARLEY_AS=reg on_tty80 person list --side detainee >tty &&
	grep "Brien" tty >line &&
	test "$(widest line)" -le 80 &&
	expect_grep "李小龍" line
'

test_expect_success '--wide on a terminal shows every name whole' '
	PARLEY_AS=reg on_tty80 --wide person list --side detainee >tty &&
	expect_grep "$LONGC" tty && expect_grep "$MIXED" tty && ! grep -q "…" tty
'

test_expect_success 'exchange list has a header row and fits 80 columns, its title cut with …' '
	as neg exchange new --title "Обмін у Стамбулі за посередництва Туреччини та Обʼєднаних Арабських Еміратів, червень" >ref &&
	PARLEY_AS=neg on_tty80 exchange list >tty &&
	head -n 1 tty >header &&
	expect_grep "^REF  *STATUS  *DATE  *TITLE$" header &&
	expect_grep "^E-0001 " tty &&
	test "$(widest tty)" -le 80 &&
	grep "^E-0001" tty | grep -q "…" &&
	as neg exchange list >pipe &&
	expect_grep "Обʼєднаних Арабських Еміратів, червень" pipe && ! grep -q "…" pipe
'

test_expect_success 'account list has a header row and fits 80 columns' '
	PARLEY_AS=adm on_tty80 account list >tty &&
	expect_grep "^LOGIN  *ROLES  *OS USER  *CREATED  *STATE$" tty &&
	test "$(widest tty)" -le 80 &&
	! grep -q " $" tty
'

test_expect_success 'widths come from the first page: a later row is cut to them' '
	{
		printf "side,kind,family_name,given_name\n" &&
		i=0 && while test $i -lt 200; do printf "detainee,civilian,Бондар,Іван\n"; i=$((i + 1)); done &&
		printf "detainee,civilian,Бондаренко-Остапенко-Запорожець,Іван\n"
	} >page.csv &&
	as reg import page.csv >/dev/null &&
	COLUMNS=200 as reg person list --kind civilian --side detainee >out &&
	test "$(grep -c "^R-" out)" = 201 &&
	expect_grep "Бондар Іван" out &&
	grep "Бондаренко" out >line && expect_grep "…" line &&
	! grep -q Запорожець line &&
	as reg person list --kind civilian --side detainee >pipe &&
	expect_grep Бондаренко-Остапенко-Запорожець pipe
'

test_expect_success 'match and dedup fit 80 columns: the comparison takes the rest, cut with …' '
	printf "family_name,given_name,patronymic\n%s\n" "Шевченко-Ковальчук,Олександр,Петрович" >m.csv &&
	PARLEY_AS=reg on_tty80 match m.csv --quiet >tty &&
	test "$(widest tty)" -le 80 && expect_grep "…" tty &&
	COLUMNS=200 as reg match m.csv --quiet >wide &&
	test "$(widest wide)" -gt 80 &&
	PARLEY_AS=reg on_tty80 dedup --quiet >tty &&
	test "$(widest tty)" -le 80
'

test_done
