/* u-term.c - the display width of what the CLI shows (src/cli/term.c): Cyrillic, combining
 * marks, wide characters and escaped controls measured as a terminal shows them, and values
 * cut by width without splitting a character or its marks */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cli.h" /* before cmocka.h, whose fail() is a macro */

#include <cmocka.h>

#include "banned.h"

/* the variables of the CLI that term.c reads */
enum pl_ui_lang cli_lang;

static const struct {
	const char *s;
	int width;
} widths[] = {
        {"", 0},
        {"Ivan", 4},
        {"Ковальов", 8}, /* two bytes a letter, one column */
        {"морської піхоти", 15},
        {"Е\xcc\x81лка", 4},      /* E + combining acute: one column */
        {"a\xcc\x81\xcc\x88", 1}, /* two marks on one letter */
        {"李小龍", 6},            /* wide: two columns each */
        {"Ivan 李 Ковальов", 16},
        {"a\xe2\x80\xae"
         "b",
         8},            /* a bidi control shows as \u202E */
        {"\x1b[2J", 9}, /* ESC shows as \u001B */
        {"a\xff"
         "b",
         6},         /* a byte that starts no character: \xFF */
        {"\xd0", 4}, /* a character cut short */
};

static void widths_as_a_terminal_shows_them(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		if (term_width(widths[i].s) != widths[i].width)
			fail_msg("width of \"%s\": %d, not %d", widths[i].s,
			         term_width(widths[i].s), widths[i].width);
	}
	assert_int_equal(term_width(NULL), 0);
}

static const struct {
	const char *s;
	int max;
	size_t bytes;
	int width;
} cuts[] = {
        {"Ковальов", 5, 10, 5},
        {"Ковальов", 8, 16, 8},
        {"Ковальов", 0, 0, 0},
        {"李小龍", 3, 3, 2}, /* a wide character that does not fit waits */
        {"李小龍", 4, 6, 4},
        {"Е\xcc\x81лка", 1, 4, 1}, /* the mark stays with its letter */
        {"a\xcc\x81\xcc\x88z", 1, 5, 1},
        {"ab\x1b"
         "cd",
         5, 2, 2}, /* an escape is never cut in two */
        {"ab\x1b"
         "cd",
         8, 3, 8},
};

static void cuts_keep_characters_and_marks_whole(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		int w = -1;
		size_t b = term_cut(cuts[i].s, cuts[i].max, &w);
		if (b != cuts[i].bytes || w != cuts[i].width)
			fail_msg("cut of \"%s\" at %d: %zu bytes, %d columns; not %zu, %d",
			         cuts[i].s, cuts[i].max, b, w, cuts[i].bytes, cuts[i].width);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(widths_as_a_terminal_shows_them),
	        cmocka_unit_test(cuts_keep_characters_and_marks_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
