/* u-error.c - struct pl_error: the code returned either way, prefixes that keep the start */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parley/error.h"
#include "banned.h"

/* The code comes back whether or not the caller wants the message. */
static void the_code_comes_back_without_an_error_struct(void **state)
{
	struct pl_error err = {0};
	(void)state;
	assert_int_equal(pl_error_set(NULL, PL_ENOTFOUND, "no person %s", "U-000001"),
	                 PL_ENOTFOUND);
	pl_error_prefix(NULL, "import %s", "a.csv"); /* nothing to prefix: nothing happens */
	assert_int_equal(pl_error_set(&err, PL_EDATA, "%s: bad date", "birth_date"), PL_EDATA);
	assert_int_equal(err.code, PL_EDATA);
	pl_error_prefix(&err, "row %d", 7);
	assert_string_equal(err.msg, "row 7: birth_date: bad date");
	assert_int_equal(err.code, PL_EDATA);
}

/* A message too long for the struct is cut at its end, NUL-terminated: the prefix (where)
 * and the start of the message (what) are what a person acts on. */
static void a_long_message_is_cut_at_its_end(void **state)
{
	struct pl_error err = {0};
	char longer[2 * sizeof(err.msg)];
	size_t len;
	(void)state;
	memset(longer, 'v', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	pl_error_set(&err, PL_EDATA, "%s", longer);
	assert_int_equal(strlen(err.msg), sizeof(err.msg) - 1);
	pl_error_set(&err, PL_EDATA, "the value %s is too long", longer);
	pl_error_prefix(&err, "import %s:%d", "list.csv", 12);
	len = strlen(err.msg);
	assert_int_equal(len, sizeof(err.msg) - 1);
	assert_memory_equal(err.msg, "import list.csv:12: the value vvv", 33);
}

/* A condition is the front end's to word; a plain error has none, even after one that had. */
static void a_condition_is_kept_until_the_next_error(void **state)
{
	struct pl_error err = {0};
	(void)state;
	assert_int_equal(pl_error_cond(&err, PL_EDATA, PL_COND_INDEX_STALE, "the index of %s", "a"),
	                 PL_EDATA);
	assert_int_equal(err.cond, PL_COND_INDEX_STALE);
	assert_string_equal(err.msg, "the index of a");
	pl_error_prefix(&err, "search");
	assert_int_equal(err.cond, PL_COND_INDEX_STALE);
	assert_int_equal(pl_error_set(&err, PL_EUSAGE, "side: bad"), PL_EUSAGE);
	assert_int_equal(err.cond, PL_COND_NONE);
	assert_int_equal(pl_error_cond(NULL, PL_ENOTFOUND, PL_COND_NO_DATA_FILE, "x"), PL_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(the_code_comes_back_without_an_error_struct),
	        cmocka_unit_test(a_long_message_is_cut_at_its_end),
	        cmocka_unit_test(a_condition_is_kept_until_the_next_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
