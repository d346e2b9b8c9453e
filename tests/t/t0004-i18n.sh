#!/bin/sh
# t0004-i18n.sh - parley speaks the office's language: Ukrainian or English by LANG and
# LANGUAGE, values as words in text, tokens in JSON; the catalogues complete
. ./lib.sh
need xgettext msgcmp msgfmt

test_expect_success 'setup: an office with one captive' '
	setup_office &&
	as reg person add --side captive --kind military --family-name Ковальов --given-name Сергій \
		--birth-date 1985-03-02 --health severely_wounded >/dev/null &&
	as reg person status U-000001 data_unknown --date 2022-05-20 >/dev/null
'

test_expect_success 'the catalogues hold every message of the source, translated' '
	sh "$PARLEY_SRC/po/update.sh" --check
'

test_expect_success 'LANG=uk_UA.UTF-8: stats speaks Ukrainian, with totals and the time' '
	LANG=uk_UA.UTF-8 as reg stats >out &&
	expect_grep "станом на [0-9][0-9]\.[0-9][0-9]\.20[0-9][0-9] [0-9][0-9]:[0-9][0-9] UTC" out &&
	expect_grep "^  дані є, полон не підтверджено  *1$" out &&
	expect_grep "^  тяжкопоранений  *1$" out &&
	expect_grep "^  усього  *1$" out &&
	expect_no_grep "data_unknown" out
'

test_expect_success 'English by default: the same in words, numbers grouped' '
	LANG=C.UTF-8 as reg stats >out &&
	expect_grep ", as of 20[0-9-]* [0-9:]* UTC" out &&
	expect_grep "^  data, captivity unknown  *1$" out &&
	expect_grep "^  total  *1$" out &&
	expect_no_grep "data_unknown" out
'

test_expect_success 'a record in Ukrainian: labels, words, dates as Ukrainians write them' '
	LANG=uk_UA.UTF-8 as reg person show U-000001 >out &&
	expect_grep "^прізвище  *Ковальов$" out &&
	expect_grep "^дата народження  *02.03.1985$" out &&
	expect_grep "^стан здоровʼя  *тяжкопоранений$" out &&
	expect_grep "^статус  *дані є, полон не підтверджено$" out &&
	expect_grep "^статус від  *20.05.2022$" out
'

test_expect_success 'JSON keeps the tokens whatever the language' '
	LANG=uk_UA.UTF-8 as reg person show U-000001 --json >out &&
	expect_grep "\"status\": \"data_unknown\"" out &&
	expect_grep "\"birth_date\": \"1985-03-02\"" out &&
	LANG=uk_UA.UTF-8 as reg stats --json >out &&
	expect_grep "\"data_unknown\": 1" out &&
	expect_grep "\"as_of\": \"20[0-9-]*T[0-9:]*Z\"" out
'

test_expect_success 'LANGUAGE picks the language unless the locale is C, as gettext does' '
	LANG=C.UTF-8 LANGUAGE=uk as reg person list >out && expect_grep "^НОМЕР" out &&
	LANG=C LANGUAGE=uk as reg person list >out && expect_grep "^REF" out &&
	LANG=uk_UA.UTF-8 LANGUAGE=en:uk as reg person list >out && expect_grep "^REF" out &&
	LC_ALL=uk_UA.UTF-8 LANG=C.UTF-8 as reg person list >out && expect_grep "^НОМЕР" out &&
	LANG=de_DE.UTF-8 as reg person list >out && expect_grep "^REF" out
'

test_expect_success 'Ukrainian counts take the right plural form' '
	LANG=uk_UA.UTF-8 as reg person list >out && expect_grep "^(1 особа)$" out &&
	for i in 2 3 4 5; do
		as reg person add --side detainee --kind military --family-name "Іванов$i" >/dev/null || exit 1
	done &&
	LANG=uk_UA.UTF-8 as reg person list --side detainee --limit 2 >out && expect_grep "^(2 особи)$" out &&
	LANG=uk_UA.UTF-8 as reg person list >out && expect_grep "^(5 осіб)$" out
'

test_expect_success 'a refused listing prints nothing before its refusal' '
	test_must_fail_with 4 as psy person list >out 2>err &&
	test ! -s out && expect_grep "permission denied" err &&
	test_must_fail_with 4 as psy search Ковальов >out 2>err &&
	test ! -s out &&
	test_must_fail_with 4 as lia match runs >out 2>err &&
	test ! -s out &&
	test_must_fail_with 4 as lia stats >out 2>err &&
	test ! -s out
'

test_expect_success 'an empty listing still shows its header and count' '
	as reg person list --side detainee --text nobody >out &&
	expect_grep "^REF" out && expect_grep "^(0 persons)$" out
'

test_done
