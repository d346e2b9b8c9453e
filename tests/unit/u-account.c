/* u-account.c - roles, the permission table, accounts and the acting account */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "parley/parley.h"

#define R(x) (1u << PL_ROLE_##x)

static void test_role_names(void **state)
{
	unsigned roles = 0;
	char buf[128];
	struct pl_error err = {0};
	(void)state;
	for (int r = 0; r < PL_ROLE__MAX; r++)
		assert_int_equal(pl_role_by_name(pl_role_name((enum pl_role)r)), r);
	assert_int_equal(pl_role_by_name("janitor"), -1);
	assert_int_equal(pl_roles_parse_one("head", &roles, &err), 0);
	assert_int_equal(pl_roles_parse_one("registrar", &roles, &err), 0);
	assert_int_equal(pl_roles_parse_one("boss", &roles, &err), PL_EUSAGE);
	assert_non_null(strstr(err.msg, "'boss'"));
	pl_roles_format(roles, buf, sizeof(buf));
	assert_string_equal(buf, "registrar,head");
	pl_roles_format(0, buf, sizeof(buf));
	assert_string_equal(buf, "no role");
}

static void test_need_to_know(void **state)
{
	(void)state;
	/* medical notes: the registrar; the liaison for returnees only */
	assert_true(pl_roles_may_see(R(REGISTRAR), PL_R_MEDICAL_NOTES, "confirmed"));
	assert_false(pl_roles_may_see(R(LIAISON), PL_R_MEDICAL_NOTES, "confirmed"));
	assert_true(pl_roles_may_see(R(LIAISON), PL_R_MEDICAL_NOTES, "returned"));
	assert_false(pl_roles_may_see(R(NEGOTIATOR), PL_R_MEDICAL_NOTES, "returned"));
	assert_false(pl_roles_may_see(R(HEAD), PL_R_MEDICAL_NOTES, NULL));
	/* relatives' contacts: the liaison only */
	assert_true(pl_roles_may_see(R(LIAISON), PL_R_RELATIVE_CONTACTS, NULL));
	assert_false(pl_roles_may_see(R(HEAD), PL_R_RELATIVE_CONTACTS, NULL));
	assert_false(pl_roles_may_see(R(REGISTRAR), PL_R_RELATIVE_CONTACTS, NULL));
	/* the exchange listing: not the liaison */
	assert_false(pl_roles_may_see(R(LIAISON), PL_R_EXCHANGE_LISTING, NULL));
	assert_true(pl_roles_may_see(R(NEGOTIATOR), PL_R_EXCHANGE_LISTING, NULL));
	/* several roles: what any of them may */
	assert_true(pl_roles_may_see(R(LIAISON) | R(HEAD), PL_R_EXCHANGE_LISTING, NULL));
	assert_true(pl_roles_may(R(ANALYST) | R(LIAISON), PL_OP_RELATIVE_ADD));
	/* no role may do anything */
	for (int op = 0; op < PL_OP__MAX; op++)
		assert_false(pl_roles_may(0, (enum pl_op)op));
	/* admin and auditor see no case data */
	assert_false(pl_roles_may(R(ADMIN), PL_OP_PERSON_SHOW));
	assert_false(pl_roles_may(R(AUDITOR), PL_OP_PERSON_LIST));
	assert_false(pl_roles_may(R(ANALYST), PL_OP_PERSON_SHOW));
}

static char path[4096];

static int setup(void **state)
{
	const char *tmp = getenv("PARLEY_TEST_TMP");
	struct pl_error err = {0};
	(void)state;
	if (pl_global_init(&err))
		return -1;
	snprintf(path, sizeof(path), "%s/u-account-%d.db", tmp ? tmp : "/tmp", (int)getpid());
	if (tmp)
		mkdir(tmp, 0700);
	unlink(path);
	return 0;
}

static void test_accounts(void **state)
{
	struct pl_db *db = NULL;
	struct pl_error err = {0};
	struct pl_actor admin, reg, sys;
	char pw[PL_PASSWORD_LEN + 1], pw2[PL_PASSWORD_LEN + 1];
	(void)state;
	assert_int_equal(pl_db_open(path, PL_OPEN_CREATE, &db, &err), 0);
	assert_int_equal(pl_db_init(db, "chief", "tester", pw, &err), 0);
	assert_int_equal(strlen(pw), PL_PASSWORD_LEN);
	assert_int_equal(pl_db_init(db, "again", "tester", pw2, &err), PL_EUSAGE);
	assert_int_equal(pl_account_check_password(db, "chief", pw, &err), 0);
	assert_int_equal(pl_account_check_password(db, "chief", "wrong", &err), PL_EPERM);
	assert_int_equal(pl_account_check_password(db, "nobody", pw, &err), PL_EPERM);

	assert_int_equal(pl_actor_load(db, "chief", "tester", 0, &admin, &err), 0);
	assert_int_equal(pl_account_add(db, &admin, "reg", R(REGISTRAR), "alice", pw2, &err), 0);
	assert_string_not_equal(pw, pw2);
	/* bound to alice: bob may not, root may */
	assert_int_equal(pl_actor_load(db, "reg", "bob", 0, &reg, &err), PL_EPERM);
	assert_non_null(strstr(err.msg, "bound to the operating-system user alice"));
	assert_int_equal(pl_actor_load(db, "reg", "root", 1, &reg, &err), 0);
	assert_int_equal(pl_actor_load(db, "reg", "alice", 0, &reg, &err), 0);
	/* a registrar may not add accounts */
	assert_int_equal(pl_account_add(db, &reg, "x", R(ADMIN), NULL, pw2, &err), PL_EPERM);
	assert_non_null(strstr(err.msg, "reg (registrar) may not account.add"));
	/* bad names, no roles */
	assert_int_equal(pl_account_add(db, &admin, "Bad Name", R(ANALYST), NULL, pw2, &err),
	                 PL_EUSAGE);
	assert_int_equal(pl_account_add(db, &admin, "ok", 0, NULL, pw2, &err), PL_EUSAGE);
	assert_int_equal(pl_account_add(db, &admin, "reg", R(ANALYST), NULL, pw2, &err), PL_EDATA);
	/* roles change; an admin keeps its own admin role */
	assert_int_equal(pl_account_set_roles(db, &admin, "reg", R(HEAD), 0, &err), 0);
	assert_int_equal(pl_account_set_roles(db, &admin, "chief", 0, R(ADMIN), &err), PL_EUSAGE);
	assert_int_equal(pl_account_set_roles(db, &admin, "reg", 0, R(REGISTRAR) | R(HEAD), &err),
	                 PL_EUSAGE);
	assert_int_equal(pl_actor_load(db, "reg", "alice", 0, &reg, &err), 0);
	assert_int_equal(reg.roles, R(REGISTRAR) | R(HEAD));
	/* the system pseudo-actor may do nothing */
	pl_actor_system(&sys, "tester");
	assert_int_equal(pl_authorize(db, &sys, PL_OP_PERSON_LIST, &err), PL_EPERM);
	/* everything above verifies */
	assert_int_equal(pl_audit_verify(db, NULL, 1, NULL, &err), 0);
	pl_db_close(db);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_role_names),
	        cmocka_unit_test(test_need_to_know),
	        cmocka_unit_test_setup(test_accounts, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
