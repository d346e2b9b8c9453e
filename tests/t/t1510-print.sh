#!/bin/sh
# t1510-print.sh - printable handover lists (parley exchange print): the agreed lists
# before a stage and the record of a stage, as PDF and XLSX; every person's reference
# and names (Cyrillic and Latin), numbered, the totals, the signature lines, "page N of M"
# on a list of several pages with the table's header on each; medical notes never
# printed; the headings in the CLI's language; each print audited with the fingerprint
# the pages carry; every bad call refused with its reason and nothing written
. ./lib.sh
need pdftotext pdfinfo pdffonts unzip

# refs PREFIX FROM TO: PREFIX-0000FROM ... PREFIX-0000TO, one a word
refs() {
	i=$2
	while [ "$i" -le "$3" ]; do
		printf "%s-%06d " "$1" "$i"
		i=$((i + 1))
	done
}

OURS="Коваленко Бондаренко Ткаченко Шевченко Кравченко Олійник Шевчук Поліщук Бойко Мельник
Лисенко Марченко Руденко Савченко Петренко Кузьменко Левченко Павленко Гончаренко Кравчук
Мороз Ковальчук Мазур Романенко Іваненко Ґалаґан Карпенко Клименко Захарченко Харченко"
THEIRS="Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Федоров
Морозов Волков Алексеев Лебедев Семенов Егоров Павлов Козлов Степанов Николаев Орлов
Андреев Макаров Никитин Захаров Зайцев"

test_expect_success 'setup: 30 captives and 26 detainees, an agreed exchange, a stage' '
	setup_office &&
	n=0 &&
	for f in $OURS; do
		n=$((n + 1)) &&
		case $((n % 5)) in
		0) h=severely_wounded ;;
		1) h=wounded ;;
		2) h=severely_ill ;;
		*) h=healthy ;;
		esac &&
		as reg person add side=captive kind=military family_name="$f" given_name=Сергій \
			patronymic=Петрович birth_date="$(printf "1990-05-%02d" $((n % 28 + 1)))" sex=m citizenship=UA \
			rank=сержант unit="36 ОБрМП" service_number="UA$n" health=$h status=confirmed \
			medical_notes="СЕКРЕТНИЙ-ДІАГНОЗ-$n" >/dev/null || exit 1
	done &&
	n=0 &&
	for f in $THEIRS; do
		n=$((n + 1)) &&
		as reg person add side=detainee kind=military family_name="$f" given_name=Алексей \
			patronymic=Сергеевич birth_date=1995 sex=m citizenship=RU rank=рядовой \
			health=healthy >/dev/null || exit 1
	done &&
	as neg exchange new --title "Стамбул, червень" --venue Стамбул --planned-date 2024-06-25 \
		--formula "receive 30; give 26" >/dev/null &&
	as neg exchange mediator E-0001 --name Туреччина --kind state --role host >/dev/null &&
	as neg exchange mediator E-0001 --name МКЧХ --kind organisation --role observer >/dev/null &&
	as neg exchange status E-0001 proposed >/dev/null &&
	as neg exchange status E-0001 agreed --date 2024-06-01 >/dev/null &&
	as neg exchange add E-0001 $(refs U 1 30) --list agreed >/dev/null &&
	as neg exchange add E-0001 $(refs R 1 26) --list agreed >/dev/null &&
	as neg exchange new --title Чернетка >/dev/null
'

test_expect_success 'the agreed lists as a PDF: every reference and name, numbered, in order' '
	parley_state >before &&
	as neg exchange print E-0001 --pdf agreed.pdf >out 2>err &&
	expect_written before 1 0 &&
	expect_grep "E-0001, the agreed lists: 30 to receive and 26 to hand over, printed to agreed.pdf" out &&
	pdftotext -layout agreed.pdf agreed.txt &&
	n=0 &&
	for f in $OURS; do
		n=$((n + 1)) &&
		ref=$(printf "U-%06d" $n) &&
		grep -E "^ *$n +$ref +$f " agreed.txt >/dev/null ||
			{ echo "row $n: $ref $f not found"; exit 1; }
	done &&
	n=0 &&
	for f in $THEIRS; do
		n=$((n + 1)) &&
		ref=$(printf "R-%06d" $n) &&
		grep -E "^ *$n +$ref +$f " agreed.txt >/dev/null ||
			{ echo "row $n: $ref $f not found"; exit 1; }
	done
'

test_expect_success 'names in Latin letters beside them: KMU 2010 for ours, ICAO for theirs' '
	expect_grep "Kovalenko" agreed.txt && expect_grep "Galagan" agreed.txt &&
	expect_grep "Serhii" agreed.txt && expect_grep "Petrovych" agreed.txt &&
	expect_grep "Kuznetsov" agreed.txt && expect_grep "Vasilev" agreed.txt &&
	expect_grep "Aleksei" agreed.txt && expect_grep "Sergeevich" agreed.txt
'

test_expect_success 'the particulars, the totals per side and the signature lines of each side' '
	expect_grep "Agreed list for the border check" agreed.txt &&
	expect_grep "E-0001 «Стамбул, червень»" agreed.txt &&
	expect_grep "Стамбул" agreed.txt &&
	expect_grep "Туреччина (host); МКЧХ (observer)" agreed.txt &&
	expect_grep "2024-06-25" agreed.txt &&
	expect_grep "Total: 30 persons, 12 of them severely wounded or severely ill" agreed.txt &&
	expect_grep "Total: 26 persons" agreed.txt &&
	expect_grep "Crossed, as ticked above: ________ of 30." agreed.txt &&
	test "$(grep -c "For our side" agreed.txt)" = 2 &&
	test "$(grep -c "For the other side" agreed.txt)" = 2 &&
	test "$(grep -c "For the mediator" agreed.txt)" = 2 &&
	test "$(grep -o "signature" agreed.txt | wc -l)" = 6 &&
	test "$(grep -o "name and position" agreed.txt | wc -l)" = 6 &&
	expect_no_grep "СЕКРЕТНИЙ" agreed.txt
'

test_expect_success 'a list of several pages: page N of M on each, the table header on each' '
	pages=$(pdfinfo agreed.pdf | sed -n "s/^Pages: *//p") &&
	test "$pages" -ge 4 &&
	k=1 &&
	while [ $k -le "$pages" ]; do
		expect_grep "page $k of $pages" agreed.txt || exit 1
		k=$((k + 1))
	done &&
	test "$(grep -c "Family name" agreed.txt)" = "$pages" &&
	test "$(grep -c "FOR OFFICIAL USE: PERSONAL DATA" agreed.txt)" = "$pages" &&
	pdfinfo agreed.pdf >info && expect_grep "Page size: *841.89 x 595.28 pts (A4)" info &&
	pdffonts agreed.pdf >fonts && expect_grep "DejaVuSans " fonts &&
	expect_grep "DejaVuSans-Bold " fonts
'

test_expect_success 'every page carries who printed it, its audit record and the fingerprint' '
	pages=$(pdfinfo agreed.pdf | sed -n "s/^Pages: *//p") &&
	fp=$(sed -n "s/.*list fingerprint \\([0-9A-F ]*\\), audit record \\([0-9]*\\)$/\\1/p" out) &&
	seq=$(sed -n "s/.*, audit record \\([0-9]*\\)$/\\1/p" out) &&
	test -n "$fp" && test -n "$seq" &&
	test "$(grep -c "list fingerprint $fp" agreed.txt)" = "$pages" &&
	test "$(grep -c "by neg, audit record $seq" agreed.txt)" = "$pages" &&
	as aud audit log --action exchange.print --limit 0 >log &&
	expect_grep "E-0001" log &&
	expect_grep "^$seq .*exchange.print *exchanges/E-0001 stage=0;format=pdf;receive=30;give=26;fingerprint=$fp;lang=en" log
'

test_expect_success 'a stage: who crossed, those added at the handover marked, the rest left off' '
	as reg exchange stage E-0001 --date 2024-06-25 --place "кордон з Білоруссю" \
		--received "$(refs U 1 20 | tr " " ",")" --given "$(refs R 1 20 | tr " " ",")" \
		--new "family_name=Новенький;given_name=Іван;kind=military" >/dev/null &&
	as reg exchange print E-0001 --stage 1 --pdf stage1.pdf >out1 &&
	expect_grep "E-0001, stage 1: 21 received and 20 handed over, printed to stage1.pdf" out1 &&
	pdftotext -layout stage1.pdf stage1.txt &&
	expect_grep "Handover record, stage 1" stage1.txt &&
	expect_grep "2024-06-25" stage1.txt &&
	expect_grep "кордон з Білоруссю" stage1.txt &&
	expect_grep "^ *20 *U-000020 *Кравчук" stage1.txt &&
	expect_grep "^ *21 *U-000031 *Новенький" stage1.txt &&
	expect_grep "^ *21 *U-000031 .*added to the$" stage1.txt &&
	expect_no_grep "U-000021" stage1.txt && expect_no_grep "R-000021" stage1.txt &&
	expect_grep "Total: 21 persons" stage1.txt && expect_grep "Total: 20 persons" stage1.txt
'

test_expect_success 'the agreed lists after a stage mark who crossed at it' '
	as neg exchange print E-0001 --pdf after.pdf >/dev/null &&
	pdftotext -layout after.pdf after.txt &&
	test "$(grep -c "crossed at stage 1" after.txt)" = 40
'

test_expect_success 'LANG=uk_UA.UTF-8: Ukrainian headings, the same names, the same fingerprint' '
	LANG=uk_UA.UTF-8 as reg exchange print E-0001 --stage 1 --pdf etap1.pdf >out-uk &&
	expect_grep "E-0001, етап 1: отримано 21, передано 20, надруковано в etap1.pdf" out-uk &&
	pdftotext -layout etap1.pdf etap1.txt &&
	expect_grep "Акт передачі, етап 1" etap1.txt &&
	expect_grep "Отримуємо (наших): 21 особа" etap1.txt &&
	expect_grep "Передаємо (їхніх): 20 осіб" etap1.txt &&
	expect_grep "Від нашої сторони" etap1.txt && expect_grep "Від посередника" etap1.txt &&
	expect_grep "сторінка 1 з" etap1.txt &&
	expect_grep "25.06.2024" etap1.txt &&
	expect_grep "тяжкопоранений" etap1.txt &&
	expect_grep "Kovalenko" etap1.txt &&
	fp1=$(sed -n "s/.*list fingerprint \\([0-9A-F ]*\\), audit.*/\\1/p" out1) &&
	test -n "$fp1" && expect_grep "контрольний код списку $fp1" etap1.txt
'

test_expect_success 'XLSX: a sheet a side, the rows, the header repeated on every printed page' '
	as reg exchange print E-0001 --stage 1 --xlsx stage1.xlsx >outx &&
	expect_grep "printed to stage1.xlsx" outx &&
	test "$(head -c 2 stage1.xlsx)" = PK &&
	unzip -l stage1.xlsx >list &&
	expect_grep "xl/worksheets/sheet1.xml" list && expect_grep "xl/worksheets/sheet2.xml" list &&
	expect_no_grep "sheet3.xml" list &&
	unzip -p stage1.xlsx xl/sharedStrings.xml >strings &&
	fp1=$(sed -n "s/.*list fingerprint \\([0-9A-F ]*\\), audit.*/\\1/p" out1) &&
	for r in $(refs U 1 20) U-000031 $(refs R 1 20); do
		expect_grep ">$r<" strings || exit 1
	done &&
	expect_grep ">Коваленко<" strings && expect_grep ">Kovalenko<" strings &&
	expect_grep ">Иванов<" strings && expect_grep ">Ivanov<" strings &&
	expect_grep "Family name in Latin letters" strings &&
	expect_grep "For the mediator" strings && expect_grep ">signature<" strings &&
	expect_no_grep "СЕКРЕТНИЙ" strings && expect_no_grep "U-000021" strings &&
	unzip -p stage1.xlsx xl/workbook.xml >workbook &&
	expect_grep "_xlnm.Print_Titles" workbook &&
	unzip -p stage1.xlsx xl/worksheets/sheet1.xml >sheet1 &&
	expect_grep "pane ySplit=" sheet1 && expect_grep "orientation=\"landscape\"" sheet1 &&
	expect_grep "page &amp;P of &amp;N" sheet1 && expect_grep "$fp1" sheet1 &&
	expect_no_grep "<f>" sheet1
'

test_expect_code 3 'no such stage: refused, naming the stages there are; nothing written' '
	parley_state >before &&
	as reg exchange print E-0001 --stage 5 --pdf five.pdf >out 2>err
' '
	expect_grep "E-0001 has no stage 5 (stages 1 to 1)" err && test ! -s out &&
	test ! -e five.pdf && expect_unchanged before
'

test_expect_code 3 'no such exchange: refused, nothing written' '
	parley_state >before &&
	as reg exchange print E-0099 --pdf x.pdf >out 2>err
' '
	expect_grep "E-0099" err && test ! -s out && test ! -e x.pdf && expect_unchanged before
'

test_expect_code 2 'both --pdf and --xlsx: refused, neither written' '
	parley_state >before &&
	as reg exchange print E-0001 --pdf both.pdf --xlsx both.xlsx >out 2>err
' '
	expect_grep "not both" err && test ! -s out && test ! -e both.pdf && test ! -e both.xlsx &&
	expect_unchanged before
'

test_expect_code 2 'neither --pdf nor --xlsx: refused, saying what to give' '
	parley_state >before &&
	as reg exchange print E-0001 >out 2>err
' '
	expect_grep "give --pdf FILE or --xlsx FILE" err && test ! -s out && expect_unchanged before
'

test_expect_code 2 'a stage that is no number: refused' '
	as reg exchange print E-0001 --stage -1 --pdf neg.pdf >out 2>err
' '
	expect_grep "stage" err && test ! -e neg.pdf
'

test_expect_code 1 'a file that cannot be made: refused naming it, nothing written or left' '
	echo not-a-directory >plain &&
	parley_state >before &&
	as reg exchange print E-0001 --pdf plain/list.pdf >out 2>err
' '
	expect_grep "plain/list.pdf: Not a directory" err && test ! -s out &&
	expect_unchanged before && test "$(ls | grep -c "list.pdf")" = 0
'

test_expect_code 3 'a directory that does not exist: refused naming the file' '
	parley_state >before &&
	as reg exchange print E-0001 --xlsx nowhere/list.xlsx >out 2>err
' '
	expect_grep "nowhere/list.xlsx" err && test ! -e nowhere && expect_unchanged before
'

test_expect_code 2 'an existing file is kept unless --force; a directory is never replaced' '
	echo keep >kept.pdf &&
	parley_state >before &&
	as reg exchange print E-0001 --pdf kept.pdf >out 2>err
' '
	expect_grep "kept.pdf exists: give --force" err && test "$(cat kept.pdf)" = keep &&
	mkdir adir &&
	test_must_fail_with 2 as reg exchange print E-0001 --pdf adir --force 2>err2 &&
	expect_grep "adir is a directory" err2 && test -d adir &&
	expect_unchanged before
'

test_expect_success '--force replaces a file with the whole print' '
	as reg exchange print E-0001 --pdf kept.pdf --force >/dev/null &&
	test "$(head -c 5 kept.pdf)" = "%PDF-" &&
	test -z "$(ls | grep "kept.pdf.")"
'

test_expect_code 1 'an exchange with nobody on its agreed lists: nothing to print' '
	parley_state >before &&
	as neg exchange print E-0002 --pdf empty.pdf >out 2>err
' '
	expect_grep "E-0002 has nobody on its agreed lists: nothing to print" err &&
	test ! -e empty.pdf && expect_unchanged before
'

test_expect_code 4 'a liaison may not print: refused, only the refusal audited, no file' '
	parley_state >before &&
	as lia exchange print E-0001 --stage 1 --pdf lia.pdf >out 2>err
' '
	expect_grep "permission denied: lia (liaison) may not exchange.show" err && test ! -s out &&
	test ! -e lia.pdf && expect_denied_only before lia exchange.show
'

test_expect_code 4 'an analyst may not print either' '
	parley_state >before &&
	as ana exchange print E-0001 --xlsx ana.xlsx >out 2>err
' '
	expect_grep "may not exchange.show" err && test ! -e ana.xlsx &&
	expect_denied_only before ana exchange.show
'

test_expect_code 2 'a link planted at the name: never followed, with --force or without' '
	ln -s "$PWD/stolen.pdf" planted.pdf &&
	parley_state >before &&
	as reg exchange print E-0001 --pdf planted.pdf >out 2>err
' '
	expect_grep "planted.pdf exists: give --force" err &&
	test_must_fail_with 2 as reg exchange print E-0001 --pdf planted.pdf --force 2>err2 &&
	expect_grep "planted.pdf is not a regular file" err2 &&
	test_must_fail_with 2 as reg exchange print E-0001 --xlsx planted.pdf --force 2>err3 &&
	test ! -e stolen.pdf && test -L planted.pdf && expect_unchanged before
'

test_expect_success 'a stage with bodies, its own carrier, a woman of two citizenships born in a month, an apostrophe, a name in Latin letters already, one of no citizenship, a place with a letter beyond the BMP' '
	as reg person add side=captive kind=civilian family_name="Ком’якова" given_name=Ірина \
		sex=f citizenship="UA;PL" birth_date=1990-05 status=confirmed >/dev/null &&
	as reg person add side=detainee kind=military family_name=Зрадник citizenship=UA >/dev/null &&
	as reg person add side=captive kind=military family_name=Smith given_name=John \
		citizenship=GB status=confirmed >/dev/null &&
	as reg person add side=detainee kind=military family_name=Безгромадянський >/dev/null &&
	as reg exchange stage E-0001 --date 2024-06-26 --received U-000021,U-000032,U-000033 \
		--given R-000027,R-000028 --remains-received 3 --remains-given 2 --mediator Ватикан \
		--place "міст 𝟐, Сумщина" >/dev/null &&
	as reg exchange print E-0001 --stage 2 --pdf stage2.pdf >out2 &&
	pdftotext -layout stage2.pdf stage2.txt &&
	expect_grep "3 bodies without a name" stage2.txt &&
	expect_grep "2 bodies without a name" stage2.txt &&
	expect_grep "U-000032 *Ком’якова *Ірина" stage2.txt &&
	expect_grep "U-000032 .* F " stage2.txt && expect_grep "UA, PL" stage2.txt &&
	expect_grep "R-000027 *Зрадник" stage2.txt && expect_grep "Ватикан" stage2.txt &&
	expect_grep "Place of the stage міст 𝟐, Сумщина" stage2.txt &&
	test "$(grep -c "Smith" stage2.txt)" = 1 &&
	expect_grep "^ *Zradnyk$" stage2.txt && expect_grep "^ *Bezgromadianskii$" stage2.txt &&
	expect_grep "U-000032 .*1990-05" stage2.txt &&
	LANG=uk_UA.UTF-8 as reg exchange print E-0001 --stage 2 --pdf etap2.pdf >/dev/null &&
	pdftotext -layout etap2.pdf etap2.txt &&
	expect_grep "U-000032 .*05.1990" etap2.txt &&
	expect_grep "3 тіла без імені" etap2.txt && expect_grep "2 тіла без імені" etap2.txt
'

test_expect_success 'the printed files are the printer'"'"'s alone (mode 600), whatever the umask' '
	test "$(stat -c %a agreed.pdf)" = 600 && test "$(stat -c %a stage1.xlsx)" = 600 &&
	(umask 0 && as reg exchange print E-0001 --pdf open.pdf >/dev/null &&
		as reg exchange print E-0001 --xlsx open.xlsx >/dev/null) &&
	test "$(stat -c %a open.pdf)" = 600 && test "$(stat -c %a open.xlsx)" = 600
'

test_expect_success 'nothing half-written left behind by any print above, done or refused' '
	test -z "$(ls -A | grep -E "\.(pdf|xlsx)\.")"
'

test_expect_success 'the trail verifies' '
	"$PARLEY" audit verify --deep >/dev/null
'

test_done
