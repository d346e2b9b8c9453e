#!/bin/sh
# t1600-xstats.sh - the statistics of exchanges (parley stats exchanges) and their report
# (parley report --pdf): on an office of 200 captives and three exchanges made through the
# CLI (the article's: 10 severely wounded agreed, 5 of them and 5 unwounded came; one in
# full; one whose arrivals are not recorded yet), the figures in text, CSV and JSON; an
# analyst sees no cell under 5 and no exchange before its people are home (carried out or
# not); the PDF is a PDF, in Ukrainian, with the counts; every bad call writes nothing
. ./lib.sh
need jq pdfinfo pdftotext

# 200 captives, every attribute from i: the returned are the military of even i, the
# severely wounded of i not a multiple of 3, and every 11th (91 of 200)
captives_csv() {
	awk 'BEGIN {
		print "side,kind,family_name,sex,birth_date,capture_date,health,tags,status,status_date"
		split("healthy wounded severely_wounded severely_ill unknown", H, " ")
		for (i = 1; i <= 200; i++) {
			kind = (i % 3 == 0) ? "civilian" : "military"
			h = H[i % 5 + 1]
			cy = 2022 + (i % 3 == 2 ? 1 : 0)
			tags = (i % 4 == 0) ? "medic" : (i % 9 == 0 ? "journalist" : "")
			ret = ((kind == "military" && i % 2 == 0) || (h == "severely_wounded" && i % 3 != 0) || i % 11 == 0)
			printf "captive,%s,Полонений%d,%s,%d-%02d-%02d,%d-%02d-%02d,%s,%s,%s,%s\n", kind, i,
				(i % 7 == 0) ? "f" : "m", 1960 + (i * 7) % 40, 1 + i % 12, 1 + i % 28, cy,
				1 + i % 12, 1 + i % 28, h, tags, ret ? "returned" : "confirmed",
				ret ? sprintf("%d-%02d-%02d", cy + 1, 1 + (i * 5) % 12, 1 + i % 27) : ""
		}
	}'
}

# refs HEALTH N: the first N confirmed captives of that health
refs() {
	as reg --json person list --status confirmed --health "$1" >refs.json &&
	jq -r ".[].ref" refs.json | head -n "$2"
}

test_expect_success 'setup: 200 captives and 30 detainees imported' '
	setup_office &&
	captives_csv >captives.csv &&
	as reg import captives.csv >/dev/null &&
	{ echo side,kind,family_name,sex; for i in $(seq 1 30); do echo "detainee,military,Їхній$i,m"; done; } >theirs.csv &&
	as reg import theirs.csv >/dev/null &&
	as head --json stats exchanges --table summary --as-of 2025-06-01 >s.json &&
	test "$(jq ".tables.summary[0].returned" s.json)" = 91 &&
	test "$(jq ".tables.summary[0].held" s.json)" = 109 &&
	test "$(jq ".tables.summary[0].exchanges" s.json)" = 0
'

test_expect_success 'setup: the article (10 severely wounded agreed; 5 of them and 5 unwounded came)' '
	refs severely_wounded 10 >sw && refs healthy 5 >hl &&
	as neg exchange new --title Стамбул \
		--formula "receive 10 where health = severely_wounded; give 10" >/dev/null &&
	as neg exchange status E-0001 proposed >/dev/null &&
	as neg exchange status E-0001 agreed --date 2024-06-01 >/dev/null &&
	as neg exchange mediator E-0001 --name Туреччина --kind state --role host >/dev/null &&
	as neg exchange add E-0001 $(cat sw) --list agreed >/dev/null &&
	as neg exchange add E-0001 R-000001 R-000002 R-000003 R-000004 R-000005 R-000006 \
		R-000007 R-000008 R-000009 R-000010 --list agreed >/dev/null &&
	{ head -n 5 sw; cat hl; } >came &&
	as reg exchange stage E-0001 --date 2024-06-25 --received @came \
		--given R-000001,R-000002,R-000003,R-000004,R-000005,R-000006,R-000007,R-000008 \
		--given R-000009,R-000010 >/dev/null &&
	for u in $(cat came); do
		as reg reception arrive "$u" --arrived "2024-06-25 14:30" >/dev/null || exit 1
	done &&
	as reg exchange status E-0001 executed >/dev/null
'

test_expect_success 'setup: 6 for 6 in full (the Emirates), and 2 handed over, not yet home' '
	refs wounded 6 >w6 &&
	as neg exchange new --title Абу-Дабі --formula "receive 6; give 6" >/dev/null &&
	as neg exchange status E-0002 proposed >/dev/null &&
	as neg exchange status E-0002 agreed --date 2024-08-01 >/dev/null &&
	as neg exchange mediator E-0002 --name ОАЕ --kind state --role go_between >/dev/null &&
	as neg exchange add E-0002 $(cat w6) R-000011 R-000012 R-000013 R-000014 R-000015 \
		R-000016 --list agreed >/dev/null &&
	as reg exchange stage E-0002 --date 2024-08-24 --received @w6 \
		--given R-000011,R-000012,R-000013,R-000014,R-000015,R-000016 >/dev/null &&
	for u in $(cat w6); do
		as reg reception arrive "$u" --arrived "2024-08-24 18:00" >/dev/null || exit 1
	done &&
	as reg exchange status E-0002 executed >/dev/null &&
	refs unknown 2 >u2 &&
	as neg exchange new --title Третій --formula "receive 2; give 2" >/dev/null &&
	as neg exchange status E-0003 proposed >/dev/null &&
	as neg exchange status E-0003 agreed >/dev/null &&
	as neg exchange add E-0003 $(cat u2) R-000017 R-000018 --list agreed >/dev/null &&
	as reg exchange stage E-0003 --date 2024-09-10 --received @u2 --given R-000017,R-000018 \
		>/dev/null
'

test_expect_success 'summary: 3 exchanges, 107 returned, 93 still held, 18 of ours received' '
	as head --json stats exchanges --as-of 2025-06-01 >x.json &&
	test "$(jq ".tables.summary[0].exchanges" x.json)" = 3 &&
	test "$(jq ".tables.summary[0].returned" x.json)" = 107 &&
	test "$(jq ".tables.summary[0].held" x.json)" = 93 &&
	test "$(jq ".tables.summary[0].received" x.json)" = 18 &&
	test "$(jq ".tables.summary[0].given" x.json)" = 18 &&
	test "$(jq -r ".as_of" x.json)" = 2025-06-01 &&
	test "$(jq ".counts_only" x.json)" = false
'

test_expect_success 'per exchange: the article'"'"'s 10 agreed, 5 of them came, 5 not agreed, the term 5 short' '
	jq -c ".tables.exchanges[0]" x.json >e1 &&
	test "$(jq -r .exchange e1)" = E-0001 &&
	test "$(jq -r .date e1)" = 2024-06-25 &&
	test "$(jq -r .mediators e1)" = Туреччина &&
	test "$(jq "[.agreed, .received, .received_agreed, .received_unagreed, .agreed_missing] | @csv" e1)" = "\"10,10,5,5,5\"" &&
	test "$(jq "[.terms_held, .terms_broken, .short] | @csv" e1)" = "\"1,1,5\"" &&
	test "$(jq "[.agreed_give, .given] | @csv" e1)" = "\"10,10\"" &&
	test "$(jq -r ".tables.exchanges[1] | [.exchange, .received, .terms_broken] | @csv" x.json)" = "\"E-0002\",6,0" &&
	test "$(jq -r ".tables.exchanges[-1] | [.exchange, .agreed, .received] | @csv" x.json)" = "\"total\",18,18"
'

test_expect_success 'by month and by mediator' '
	test "$(jq -r ".tables.by_month[] | select(.month == \"2024-06\") | [.exchanges, .received] | @csv" x.json)" = "1,10" &&
	test "$(jq -r ".tables.by_month[] | select(.month == \"2024-08\") | [.exchanges, .received] | @csv" x.json)" = "1,6" &&
	test "$(jq -r ".tables.by_month[-1] | [.month, .exchanges, .returned] | @csv" x.json)" = "\"total\",3,107" &&
	test "$(jq -r ".tables.mediators[] | select(.mediator == \"ОАЕ\") | [.exchanges, .received] | @csv" x.json)" = "1,6" &&
	test "$(jq -r ".tables.mediators[] | select(.mediator == \"none\") | .exchanges" x.json)" = 1
'

test_expect_success 'asked and handed over by category; the lift table; the model fits' '
	test "$(jq -r ".tables.asked[] | select(.attribute == \"health\" and .value == \"severely_wounded\") | [.asked_ours, .returned_ours] | @csv" x.json)" = "10,5" &&
	test "$(jq -r ".tables.lift[] | select(.attribute == \"kind\" and .value == \"civilian\") | [.persons, .returned] | @csv" x.json)" = "66,16" &&
	test "$(jq -r ".tables.lift[-1] | [.persons, .returned, .held] | @csv" x.json)" = "200,107,93" &&
	test "$(jq -r .model.state x.json)" = fit &&
	test "$(jq ".tables.model[] | select(.attribute == \"kind\" and .value == \"civilian\") | .odds_ratio < 0.2" x.json)" = true &&
	test "$(jq -r ".tables.model[] | select(.attribute == \"kind\" and .value == \"military\") | .note" x.json)" = reference
'

test_expect_success 'text: titles, the total, the model in words' '
	as head stats exchanges --as-of 2025-06-01 >x.txt &&
	expect_grep "per exchange: what was agreed and what came" x.txt &&
	expect_grep "^  E-0001 *2024-06-25 *carried out *Туреччина *10 *10 *5 *5 *5 *1 *1 *5 *10 *10 *$" x.txt &&
	expect_grep "200 persons, 107 of them returned" x.txt &&
	LANG=uk_UA.UTF-8 as head stats exchanges --as-of 2025-06-01 --table by_month >uk.txt &&
	expect_grep "^  06.2024 " uk.txt
'

test_expect_success 'CSV: one table wide, or every cell a line' '
	as head stats exchanges --table exchanges --csv --as-of 2025-06-01 >e.csv &&
	test "$(head -n 1 e.csv)" = "exchange,date,status,mediators,agreed,received,received_agreed,received_unagreed,agreed_missing,terms_held,terms_broken,short,agreed_give,given" &&
	expect_grep "^E-0001,2024-06-25,executed,Туреччина,10,10,5,5,5,1,1,5,10,10$" e.csv &&
	as head stats exchanges --csv --as-of 2025-06-01 >all.csv &&
	test "$(head -n 1 all.csv)" = "table,row,column,value" &&
	expect_grep "^summary,1,exchanges,3$" all.csv &&
	expect_grep "^summary,1,returned,107$" all.csv
'

test_expect_success 'an exchange carried out whose people are not all home yet: the head counts it' '
	as reg exchange status E-0003 executed >/dev/null &&
	as head --json stats exchanges --as-of 2025-06-01 >x3.json &&
	test "$(jq -r ".tables.exchanges[] | select(.exchange == \"E-0003\") | .status" x3.json)" = executed &&
	test "$(jq ".tables.summary[0].exchanges" x3.json)" = 3
'

test_expect_success 'an analyst: counts only, no cell under 5, no exchange before its people are home' '
	as ana --json stats exchanges --as-of 2025-06-01 >a.json &&
	test "$(jq ".counts_only" a.json)" = true &&
	test "$(jq ".tables.summary[0].exchanges" a.json)" = 2 &&
	test "$(jq ".tables.summary[0].received" a.json)" = 16 &&
	test "$(jq ".tables.summary[0].returned" a.json)" = 107 &&
	test "$(jq "[.tables.exchanges[].exchange] | index(\"E-0003\")" a.json)" = null &&
	# every count of persons is "<5", "withheld", or 5 and more (a grand total may be 0)
	jq "[.tables | to_entries[] | .value[] | to_entries[] |
		select(.key | test(\"^(returned|held|received|given|agreed|received_agreed|received_unagreed|agreed_missing|short|agreed_give|asked_ours|returned_ours|asked_theirs|given_theirs|persons)$\")) |
		.value | select(type == \"number\" and . > 0 and . < 5)] | length" a.json >small &&
	test "$(cat small)" = 0 &&
	test "$(jq -r ".tables.lift[] | select(.attribute == \"sex\" and .value == \"unknown\") | .persons" a.json)" = "<5" &&
	test "$(jq -r ".tables.lift[] | select(.attribute == \"sex\" and .value == \"f\") | .persons" a.json)" = withheld &&
	as ana stats exchanges --as-of 2025-06-01 >a.txt &&
	expect_grep "counts only" a.txt && expect_grep "<5" a.txt && expect_no_grep "E-0003" a.txt
'

test_expect_success 'report --pdf: a PDF of A4 pages, in Ukrainian, with the counts' '
	LANG=uk_UA.UTF-8 as ana report --pdf report.pdf --as-of 2025-06-01 2>err &&
	expect_grep "report.pdf" err &&
	pdfinfo report.pdf >info &&
	expect_grep "^Page size: *595.* x 841.* pts (A4)" info &&
	pages=$(sed -n "s/^Pages: *//p" info) && test "$pages" -ge 4 &&
	pdftotext -enc UTF-8 report.pdf report.txt &&
	expect_grep "Обміни полоненими: статистика і закономірності" report.txt &&
	expect_grep "Туреччина" report.txt &&
	expect_grep "107" report.txt &&
	expect_grep "<5" report.txt &&
	! ls report.pdf.* 2>/dev/null
'

test_expect_code 2 'report: a file that exists is not replaced without --force' '
	echo keep >kept.pdf &&
	parley_state >before &&
	as head report --pdf kept.pdf >out 2>err
' '
	expect_grep "kept.pdf exists: give --force" err && test "$(cat kept.pdf)" = keep &&
	test ! -s out && expect_unchanged before
'

test_expect_success 'report --force replaces it, with a PDF' '
	as head report --pdf kept.pdf --force --as-of 2025-06-01 2>/dev/null &&
	pdfinfo kept.pdf >/dev/null
'

test_expect_code 2 'report: a bad date writes nothing' '
	as head report --pdf bad.pdf --as-of 2025-02-30x >out 2>err
' '
	expect_grep "2025-02-30x" err && test ! -e bad.pdf && ! ls bad.pdf.* 2>/dev/null
'

test_expect_code 2 'report without --pdf is a usage error' '
	as head report >out 2>err
' '
	expect_grep "pdf FILE is required" err
'

test_expect_code 3 'report into a directory that is not there writes nothing' '
	as head report --pdf nosuch/r.pdf >out 2>err
' '
	expect_grep "no such directory" err && test ! -e nosuch
'

test_expect_code 4 'a liaison may not: refused, recorded, nothing written' '
	parley_state >before &&
	as lia report --pdf lia.pdf >out 2>err
' '
	expect_grep "may not stats" err && test ! -e lia.pdf &&
	expect_denied_only before lia stats &&
	test_must_fail_with 4 as lia stats exchanges 2>err2 && expect_grep "may not stats" err2
'

test_expect_success 'the model says why it has no odds ratios: two attributes that say the same (every civilian a medic)' '
	"$PARLEY" --db col.db init --admin adm >/dev/null &&
	"$PARLEY" --db col.db --as adm account add chief --role head --os-user "$ME" >/dev/null &&
	"$PARLEY" --db col.db --as adm account add clerk --role registrar --os-user "$ME" >/dev/null &&
	awk "BEGIN { print \"side,kind,family_name,sex,tags,status,status_date\"
		for (i = 1; i <= 40; i++) {
			civ = i % 2; ret = i % 4 < 2
			printf \"captive,%s,Полонений%d,m,%s,%s,%s\\n\", civ ? \"civilian\" : \"military\", i,
				civ ? \"medic\" : \"\", ret ? \"returned\" : \"confirmed\", (ret && i > 8) ? \"2024-05-01\" : \"\"
		} }" >col.csv &&
	"$PARLEY" --db col.db --as clerk import col.csv >/dev/null &&
	"$PARLEY" --db col.db --as chief --json stats exchanges --table model >m.json &&
	test "$(jq -r .model.state m.json)" = singular &&
	test "$(jq -r .model.returned m.json)" = 20 &&
	expect_grep "collinear, near .*medic" m.json &&
	test "$(jq ".tables.model | map(select(.odds_ratio != null)) | length" m.json)" = 0 &&
	"$PARLEY" --db col.db --as chief stats exchanges --table model >m.txt &&
	expect_grep "no odds ratios: the attributes say the same of these persons" m.txt &&
	"$PARLEY" --db col.db --as chief --json stats exchanges --table by_month >b.json &&
	test "$(jq -r ".tables.by_month[] | select(.month == \"unknown\") | .returned" b.json)" = 4 &&
	test "$(jq -r ".tables.by_month[] | select(.month == \"2024-05\") | .returned" b.json)" = 16
'

test_expect_code 2 'stats exchanges: a table that is none is named with those that are' '
	as head stats exchanges --table nosuch >out 2>err
' '
	expect_grep "nosuch.*summary, by_month" err && test ! -s out
'

test_done
