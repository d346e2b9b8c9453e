#!/bin/sh
# t1400-formula.sh - parley formula check: a formula printed the one way parley writes it
# and each term in words; --json; standard input; a wrong formula pointed at (exit 1);
# --help and its examples; no data file and no account needed
. ./lib.sh
need jq

test_expect_success 'a formula prints as parley writes it, then each term in words' '
	"$PARLEY" formula check "receive 10 where health = severely_wounded; give 10 where Health=Severely_Wounded" >out 2>err &&
	cat >want <<-\EOF &&
	formula: receive 10 where health = severely_wounded; give 10 where health = severely_wounded
	2 terms:
	  1. receive exactly 10 persons, each severely wounded (health = severely_wounded)
	  2. give exactly 10 persons, each severely wounded (health = severely_wounded)
	EOF
	cmp want out && test ! -s err
'

test_expect_success 'it needs no data file and makes none' '
	test ! -e "$PARLEY_DB" &&
	PARLEY_DB="$TRASH/none.db" "$PARLEY" formula check "receive 390; give 390" >out &&
	test ! -e none.db && expect_grep "^formula: receive 390; give 390$" out
'

test_expect_success 'the issue'"'"'s examples read, each in its words' '
	"$PARLEY" formula check "receive 215; give 55 and R-42" >out &&
	cat >want <<-\EOF &&
	formula: receive 215; give 55 and R-000042
	3 terms:
	  1. receive exactly 215 persons
	  2. give exactly 55 persons, besides those named
	  3. give R-000042 by name
	EOF
	cmp want out &&
	"$PARLEY" formula check "receive all where health in (severely_wounded, severely_ill) or age between 18 and 25 at 2025-06-09; give all where health in (severely_wounded, severely_ill)" >out &&
	expect_grep "^  1. receive every eligible person who is severely wounded or severely ill or aged 18 to 25 on 2025-06-09 (" out &&
	"$PARLEY" formula check "receive 6000 remains; give 6000 remains" >out &&
	expect_grep "^  2. give the remains of exactly 6000 persons$" out &&
	"$PARLEY" formula check "receive 1000; at least 120 where kind = civilian; give 1000" >out &&
	expect_grep "^  2. of those received, at least 120 civilian (kind = civilian)$" out
'

test_expect_success 'the words of TEXT are joined by spaces' '
	"$PARLEY" formula check receive 215 ";" give 55 and R-000042 >out &&
	expect_grep "^formula: receive 215; give 55 and R-000042$" out
'

test_expect_success 'no TEXT: the formula is read from standard input, over several lines' '
	printf "receive 10\n  where kind = civilian\n     and not sentenced;\ngive 10\n" >terms.txt &&
	"$PARLEY" formula check <terms.txt >out &&
	expect_grep "^formula: receive 10 where kind = civilian and not sentenced; give 10$" out
'

test_expect_success '--json prints the formula and its terms' '
	"$PARLEY" formula check --json "receive all remains where age >= 60; give 55 and R-000042; at most 5 where sentenced" >out &&
	jq -e ".formula == \"receive all remains where age >= 60; give 55 and R-000042; at most 5 where sentenced\"" out >/dev/null &&
	jq -e ".terms | length == 4" out >/dev/null &&
	jq -c ".terms[] | [.term, .side, .kind, .count, .all, .remains, .selector, .ref]" out >got &&
	cat >want <<-\EOF &&
	[1,"receive","total",null,true,true,"age >= 60",null]
	[2,"give","total",55,false,false,null,null]
	[3,"give","named",1,false,false,"ref = R-000042","R-000042"]
	[4,"give","at_most",5,false,false,"sentenced",null]
	EOF
	cmp want got &&
	jq -r ".terms[3] | .text, .words, .line, .column" out >got &&
	printf "%s\n" "at most 5 where sentenced" "of those given, at most 5 sentenced (sentenced)" 1 60 >want &&
	cmp want got
'

test_expect_code 1 'a wrong formula: exit 1, the word pointed at, nothing on stdout' '
	"$PARLEY" formula check "receive 10; give severly" >out 2>err
' '
	cat >want <<-\EOF &&
	parley: formula:1:18: expected a count or '"'"'all'"'"', found '"'"'severly'"'"'
	  receive 10; give severly
	                   ^
	EOF
	cmp want err && test ! -s out
'

test_expect_code 1 'a value that is no token names the field and its values' '
	"$PARLEY" formula check "receive 10 where health = severly_wounded" >out 2>err
' '
	expect_grep "^parley: formula:1:27: health: .severly_wounded. is not one of healthy, wounded, severely_wounded, severely_ill$" err &&
	test ! -s out
'

test_expect_code 1 'an error on a later line of standard input names that line' '
	printf "receive 10;\n\tgive 10 where sex = x\n" | "$PARLEY" formula check >out 2>err
' '
	printf "parley: formula:2:22: sex: %s is not one of m, f\n  \tgive 10 where sex = x\n  \t%20s^\n" \
		"'"'"'x'"'"'" "" >want &&
	cmp want err && test ! -s out
'

test_expect_code 1 'a long line is shown around the word' '
	"$PARLEY" formula check "receive 10 where sex = f or sex = f or sex = f or sex = f or sex = f or sex = f or sex = f or sex = f or sex = f or helth = x" >out 2>err
' '
	expect_grep "^parley: formula:1:117: .helth. is no field" err &&
	sed -n 2p err >line && sed -n 3p err >caret &&
	expect_grep "^  \.\.\..* or helth = x\$" line &&
	test "$(wc -c <caret)" = "$(( $(sed "s/helth.*//" line | wc -c) + 1 ))" &&
	test ! -s out
'

test_expect_code 1 'a formula longer than 64 KiB is refused' '
	{ printf "receive 1 where "; i=0; while test $i -lt 5000; do printf "sentenced and "; i=$((i + 1)); done; printf sentenced; } >long.txt &&
	"$PARLEY" formula check <long.txt >out 2>err
' '
	expect_grep "^parley: formula:1:1: longer than 65536 bytes$" err && test ! -s out
'

test_expect_code 1 'bad UTF-8 is pointed at' '
	"$PARLEY" formula check "receive 10 where unit has $(printf "\377")" >out 2>err
' '
	expect_grep "^parley: formula:1:27: invalid UTF-8$" err && test ! -s out
'

test_expect_code 1 'an empty formula' '
	"$PARLEY" formula check </dev/null >out 2>err
' '
	expect_grep "^parley: formula:1:1: expected a term (.receive N. or .give N.), found the end of the formula$" err &&
	test ! -s out
'

test_expect_success 'LANG=uk_UA.UTF-8: the headings in Ukrainian, the formula as it is' '
	LANG=uk_UA.UTF-8 "$PARLEY" formula check "receive 390; give 390" >out &&
	expect_grep "^формула: receive 390; give 390$" out &&
	expect_grep "^2 умови:$" out
'

test_expect_success '--help: the usage, the language in brief, examples that work' '
	"$PARLEY" formula check --help >out &&
	expect_grep "^usage: parley .*formula check \[TEXT...\]$" out &&
	expect_grep "^examples:" out && expect_grep "at least" out &&
	sed -n "s/^ *parley formula check \(\"[^\"]*\"\).*/\1/p" out >examples &&
	test "$(wc -l <examples)" -ge 3 &&
	while read -r e; do
		eval "\"\$PARLEY\" formula check $e" >/dev/null || { echo "example fails: $e"; exit 1; }
	done <examples
'

test_done
