#!/bin/sh
# t1000-translit.sh - parley translit: the standards, the guessed language, --all, --json,
# standard input, bad input; no data file needed
. ./lib.sh
need jq

# lines WANT... : writes the lines to "want"
lines() {
	printf '%s\n' "$@" >want
}

test_expect_success 'Ukrainian by the national system, exactly that line' '
	"$PARLEY" translit --lang uk "Згурський Їжакевич Короп'\''є" >out 2>err &&
	lines "Zghurskyi Yizhakevych Koropie" && cmp want out && test ! -s err
'

test_expect_success 'one line per argument' '
	"$PARLEY" translit --lang uk "Сергій Ковальов" Щербухи "Біла Церква" >out &&
	lines "Serhii Kovalov" Shcherbukhy "Bila Tserkva" && cmp want out
'

test_expect_success 'the language is guessed per argument; undecided is uk' '
	"$PARLEY" translit "Сергей Ковалёв" "СЕРГЕЙ КОВАЛЁВ" "Сергій Ковальов" "Иван Петров" >out &&
	lines "Sergei Kovalev" "SERGEI KOVALEV" "Serhii Kovalov" "Yvan Petrov" && cmp want out
'

test_expect_success '--lang ru takes ICAO, the letters Russian lacks by ICAO too' '
	"$PARLEY" translit --lang ru "Иван Петров" "Объедков" "Іван" >out &&
	lines "Ivan Petrov" "Obieedkov" "Ivan" && cmp want out
'

test_expect_success '--system picks the standard' '
	"$PARLEY" translit --system bgn "Сергей Ковалёв" >out &&
	"$PARLEY" translit --system gost-b "Щукин Царь" >>out &&
	"$PARLEY" translit --lang uk --system icao "Дмитро" >>out &&
	lines "Sergey Kovalëv" "Shhukin Czar\`" "Dmytro" && cmp want out
'

test_expect_success 'look-alike Latin letters in a Cyrillic word are read as Cyrillic' '
	"$PARLEY" translit "Poмaн Ceргiй" >out &&
	lines "Roman Serhii" && cmp want out
'

test_expect_success '--all prints every system, SYSTEM<TAB>form' '
	"$PARLEY" translit --lang uk --all "Щербухи" >out &&
	printf "kmu2010\tShcherbukhy\nicao\tShcherbukhy\nbgn\tShcherbukhi\ngost-b\tShherbuxy\`\n" >want &&
	cmp want out
'

test_expect_success 'no TEXT: one line out per line in, blank lines kept, CRLF too' '
	printf "Згурський\r\n\nСергей Ковалёв\nЮрій" | "$PARLEY" translit >out &&
	lines Zghurskyi "" "Sergei Kovalev" Yurii && cmp want out
'

test_expect_success '--json prints input, lang, system and output' '
	"$PARLEY" --json translit "Юрій" "Сергей Ковалёв" "Иван" >out &&
	cat >want <<-\EOF &&
	[
	{"input":"Юрій","lang":"uk","system":"kmu2010","output":"Yurii"},
	{"input":"Сергей Ковалёв","lang":"ru","system":"icao","output":"Sergei Kovalev"},
	{"input":"Иван","lang":"unknown","system":"kmu2010","output":"Yvan"}
	]
	EOF
	cmp want out && jq -e "length == 3" out >/dev/null
'

test_expect_success '--json --all from standard input' '
	echo "Ґалаґан" | "$PARLEY" translit --json --all >out &&
	jq -r ".[] | .system + \" \" + .output" out >got &&
	lines "kmu2010 Galagan" "icao Galagan" "bgn Galagan" "gost-b G\`alag\`an" && cmp want got
'

test_expect_code 1 'bad UTF-8 in an argument: exit 1, nothing printed' '
	"$PARLEY" translit Іван "$(printf "\300\257")" >out 2>err
' '
	test ! -s out && expect_grep "argument 2: invalid UTF-8 at byte 1" err
'

test_expect_code 1 'bad UTF-8 on a line: the others are printed, it is left empty' '
	printf "Іван\n\377\nПетро\n" >in &&
	"$PARLEY" translit <in >out 2>err
' '
	lines Ivan "" Petro && cmp want out &&
	expect_grep "line 2: invalid UTF-8 at byte 1" err &&
	expect_grep "1 of 3 lines" err
'

test_expect_code 2 'an unknown system is a usage error naming the systems' '
	"$PARLEY" translit --system iso9 Іван >out 2>err
' '
	expect_grep "unknown system .iso9. (kmu2010, icao, bgn, gost-b)" err && test ! -s out
'

test_expect_code 2 'an unknown language is a usage error' '
	"$PARLEY" translit --lang ua Іван >out 2>err
' '
	expect_grep "uk or ru" err && test ! -s out
'

test_expect_code 2 '--all and --system exclude each other' '
	"$PARLEY" translit --all --system icao Іван >out 2>err
' '
	expect_grep "all" err && expect_grep "system" err && test ! -s out
'

test_expect_success 'no data file is opened or made' '
	"$PARLEY" --db nothing.db translit Іван >out &&
	lines Ivan && cmp want out && test ! -e nothing.db && test ! -e "$PARLEY_DB"
'

test_expect_success '--help names the systems and the default language' '
	"$PARLEY" translit --help >out &&
	expect_grep "kmu2010" out && expect_grep "gost-b" out && expect_grep "undecided: uk.s system" out
'

test_done
