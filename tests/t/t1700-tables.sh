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

test_done
