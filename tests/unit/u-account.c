/* u-account.c - roles, the permission table, accounts and the acting account */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
	/* a restricted value this table does not know is shown to no role at all */
	assert_false(pl_roles_may_see(~0u, PL_R__MAX, "returned"));
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

/* The records of the trail from seq on, as "action account fields" lines. */
static int trail_line(void *ctx, const struct pl_audit_entry *e)
{
	char *buf = ctx;
	size_t n = strlen(buf);
	snprintf(buf + n, 4096 - n, "%s %s %s\n", e->action, e->account,
	         e->fields ? e->fields : "");
	return 0;
}

static long long audit_records(struct pl_db *db)
{
	struct pl_audit_report rep;
	struct pl_error err = {0};
	assert_int_equal(pl_audit_verify(db, NULL, 0, &rep, &err), 0);
	return rep.records;
}

static void test_accounts(void **state)
{
	struct pl_db *db = NULL;
	struct pl_error err = {0};
	struct pl_actor *admin = NULL, *reg = NULL, *sys = NULL, *aud = NULL;
	char pw[PL_PASSWORD_LEN + 1], pw2[PL_PASSWORD_LEN + 1], pwa[PL_PASSWORD_LEN + 1];
	char me[64], trail[4096] = "";
	long long before;
	(void)state;
	pl_os_user(me, sizeof(me));
	assert_int_equal(pl_db_open(path, PL_OPEN_CREATE, &db, &err), 0);
	/* the first admin is bound to another user here: it proves itself by password */
	assert_int_equal(pl_db_init(db, "chief", "nobody-here", pw, &err), 0);
	assert_int_equal(strlen(pw), PL_PASSWORD_LEN);
	assert_int_equal(pl_db_init(db, "again", NULL, pw2, &err), PL_EUSAGE);
	assert_int_equal(pl_account_bound_here(db, "chief"), 0);
	assert_int_equal(pl_authenticate(db, "chief", NULL, PL_AUTH_OS_USER, &admin, &err),
	                 PL_EPERM);
	assert_non_null(strstr(err.msg, "needs its password"));
	assert_null(admin);
	assert_int_equal(pl_authenticate(db, "chief", "wrong", PL_AUTH_OS_USER, &admin, &err),
	                 PL_EPERM);
	assert_string_equal(err.msg, "wrong account or password");
	assert_int_equal(pl_authenticate(db, "nobody", pw, PL_AUTH_OS_USER, &admin, &err),
	                 PL_EPERM);
	assert_string_equal(err.msg, "wrong account or password");
	assert_int_equal(pl_authenticate(db, "chief", pw, PL_AUTH_OS_USER, &admin, &err), 0);
	assert_string_equal(pl_actor_login(admin), "chief");
	assert_int_equal(pl_actor_roles(admin), R(ADMIN));

	/* bound to the user running the test: that is its proof, no password needed */
	assert_int_equal(pl_account_add(db, admin, "reg", R(REGISTRAR), me, pw2, &err), 0);
	assert_string_not_equal(pw, pw2);
	assert_int_equal(pl_account_bound_here(db, "reg"), 1);
	assert_int_equal(pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err), 0);
	pl_actor_free(reg);
	reg = NULL;
	/* ... but not for a caller that does not take the OS user as proof (a server) */
	assert_int_equal(pl_authenticate(db, "reg", NULL, 0, &reg, &err), PL_EPERM);
	assert_int_equal(pl_authenticate(db, "reg", pw2, 0, &reg, &err), 0);
	/* a registrar may not add accounts */
	assert_int_equal(pl_account_add(db, reg, "x", R(ADMIN), NULL, pw2, &err), PL_EPERM);
	assert_non_null(strstr(err.msg, "reg (registrar) may not account.add"));
	/* bad names, no roles */
	assert_int_equal(pl_account_add(db, admin, "Bad Name", R(ANALYST), NULL, pw2, &err),
	                 PL_EUSAGE);
	assert_int_equal(pl_account_add(db, admin, "ok", 0, NULL, pw2, &err), PL_EUSAGE);
	assert_int_equal(pl_account_add(db, admin, "reg", R(ANALYST), NULL, pw2, &err), PL_EDATA);
	/* roles change; no account changes its own, and the refusal is recorded */
	assert_int_equal(pl_account_set_roles(db, admin, "reg", R(HEAD), 0, &err), 0);
	before = audit_records(db);
	assert_int_equal(pl_account_set_roles(db, admin, "chief", R(HEAD), 0, &err), PL_EPERM);
	assert_non_null(strstr(err.msg, "no account changes its own roles"));
	assert_int_equal(audit_records(db), before + 1);
	assert_int_equal(pl_account_set_roles(db, admin, "chief", 0, R(ADMIN), &err), PL_EPERM);
	assert_int_equal(pl_account_set_roles(db, admin, "reg", 0, R(REGISTRAR) | R(HEAD), &err),
	                 PL_EUSAGE);
	pl_actor_free(reg);
	reg = NULL;
	assert_int_equal(pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err), 0);
	assert_int_equal(pl_actor_roles(reg), R(REGISTRAR) | R(HEAD));

	/* disabled: cut off at once, bound or not, and every use recorded */
	assert_int_equal(pl_account_set_disabled(db, admin, "reg", 1, &err), 0);
	pl_actor_free(reg);
	reg = NULL;
	before = audit_records(db);
	assert_int_equal(pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err), PL_EPERM);
	assert_non_null(strstr(err.msg, "disabled"));
	assert_int_equal(pl_authenticate(db, "reg", pw2, 0, &reg, &err), PL_EPERM);
	assert_string_equal(err.msg,
	                    "wrong account or password"); /* a server's caller is told no more */
	assert_int_equal(audit_records(db), before + 2);
	assert_int_equal(pl_account_set_disabled(db, admin, "chief", 1, &err), PL_EPERM);
	assert_int_equal(pl_account_set_disabled(db, admin, "reg", 0, &err), 0);
	assert_int_equal(pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err), 0);
	assert_int_equal(pl_account_set_disabled(db, reg, "chief", 1, &err), PL_EPERM);

	/* unbinding: then the password is the only proof */
	assert_int_equal(pl_account_bind(db, admin, "reg", "", &err), 0);
	assert_int_equal(pl_account_bound_here(db, "reg"), 0);
	assert_int_equal(pl_account_bind(db, admin, "reg", "Not A User", &err), PL_EUSAGE);

	/* five wrong passwords in a row: the account waits, even for the right one */
	assert_int_equal(pl_account_add(db, admin, "aud", R(AUDITOR), NULL, pwa, &err), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(pl_authenticate(db, "aud", "guess", 0, &aud, &err), PL_EPERM);
	assert_int_equal(pl_authenticate(db, "aud", pwa, 0, &aud, &err), PL_EPERM);
	assert_non_null(strstr(err.msg, "too many wrong passwords"));
	assert_null(aud);

	/* the system actor may do nothing */
	sys = pl_actor_system();
	assert_non_null(sys);
	assert_int_equal(pl_authorize(db, sys, PL_OP_PERSON_LIST, &err), PL_EPERM);
	/* the trail holds every refused login, with the reason and the name tried */
	{
		struct pl_audit_filter f = {0};
		struct pl_actor *auditor = NULL;
		assert_int_equal(pl_account_add(db, admin, "aud2", R(AUDITOR), me, pwa, &err), 0);
		assert_int_equal(pl_authenticate(db, "aud2", NULL, PL_AUTH_OS_USER, &auditor, &err),
		                 0);
		f.action = "denied:login";
		assert_int_equal(pl_audit_log(db, auditor, &f, trail_line, trail, &err), 0);
		assert_non_null(strstr(trail, "denied:login chief wrong password"));
		assert_non_null(strstr(trail, "denied:login - wrong password"));
		assert_non_null(strstr(trail, "denied:login reg disabled"));
		assert_non_null(strstr(trail, "denied:login aud locked"));
		pl_actor_free(auditor);
	}
	/* everything above verifies */
	assert_int_equal(pl_audit_verify(db, NULL, 1, NULL, &err), 0);
	pl_actor_free(admin);
	pl_actor_free(reg);
	pl_actor_free(sys);
	pl_db_close(db);
	unlink(path);
}

/*
 * Account names and operating-system user names: 1 to 63 lower-case letters, digits, '.',
 * '_' or '-', starting with a letter or digit (kcgi's valids[] and invalids[]). A name
 * refused writes nothing; the message quotes it.
 */
static void test_names(void **state)
{
	static const char *const valids[] = {
	        "a",           /* one character */
	        "0",           /* a digit first */
	        "olena",       /* letters */
	        "o.kovalenko", /* and '.', '_', '-' after the first */
	        "reg_2",
	        "night-shift",
	        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789a", /* 63 */
	};
	static const char *const invalids[] = {
	        "",
	        "-lead",
	        ".hidden",
	        "_x",
	        "Olena",
	        "oLena",
	        "two words",
	        "tab\tname",
	        "ol\xc3\xa9na", /* olena with an accent: letters are ASCII */
	        "a/b",
	        "a:b",
	        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789ab", /* 64 */
	};
	struct pl_db *db = NULL;
	struct pl_error err = {0};
	struct pl_actor *admin = NULL;
	char pw[PL_PASSWORD_LEN + 1], me[64];
	long long before;
	(void)state;
	pl_os_user(me, sizeof(me));
	assert_int_equal(pl_db_open(path, PL_OPEN_CREATE, &db, &err), 0);
	assert_int_equal(pl_db_init(db, "chief", me, pw, &err), 0);
	assert_int_equal(pl_authenticate(db, "chief", NULL, PL_AUTH_OS_USER, &admin, &err), 0);
	before = audit_records(db);
	for (size_t i = 0; i < sizeof(invalids) / sizeof(invalids[0]); i++) {
		char quoted[128];
		snprintf(quoted, sizeof(quoted), "'%s'", invalids[i]);
		if (pl_account_add(db, admin, invalids[i], R(ANALYST), NULL, pw, &err) !=
		            PL_EUSAGE ||
		    !strstr(err.msg, quoted) || !strstr(err.msg, "1 to 63"))
			fail_msg("account name %s: not refused as it should be (%s)", quoted,
			         err.msg);
		/* nor is it a name for the operating-system user of another account */
		if (pl_account_add(db, admin, "new", R(ANALYST), invalids[i], pw, &err) !=
		            PL_EUSAGE ||
		    !strstr(err.msg, quoted) ||
		    !strstr(err.msg, "not an operating-system user name"))
			fail_msg("os user %s: not refused as it should be (%s)", quoted, err.msg);
	}
	assert_int_equal(audit_records(db), before);
	/* every other one bound to an operating-system user of the same name */
	for (size_t i = 0; i < sizeof(valids) / sizeof(valids[0]); i++)
		if (pl_account_add(db, admin, valids[i], R(ANALYST), i % 2 ? valids[i] : NULL, pw,
		                   &err))
			fail_msg("account %s: refused (%s)", valids[i], err.msg);
	assert_int_equal(audit_records(db),
	                 before + (long long)(sizeof(valids) / sizeof(valids[0])));
	pl_actor_free(admin);
	pl_db_close(db);
	unlink(path);
}

/*
 * Proof refused without a write: no account named is a usage error and leaves the trail as
 * it was; a wrong password on a data file that cannot be written is refused all the same,
 * saying that the refusal could not be recorded; and an operation refused there fails too.
 */
static void test_refusals_that_cannot_be_recorded(void **state)
{
	struct pl_db *db = NULL;
	struct pl_error err = {0};
	struct pl_actor *a = NULL, *reg = NULL;
	char pw[PL_PASSWORD_LEN + 1], pwr[PL_PASSWORD_LEN + 1], me[64];
	long long before;
	(void)state;
	pl_os_user(me, sizeof(me));
	assert_int_equal(pl_db_open(path, PL_OPEN_CREATE, &db, &err), 0);
	assert_int_equal(pl_db_init(db, "chief", "nobody-here", pw, &err), 0);
	assert_int_equal(pl_authenticate(db, "chief", pw, 0, &a, &err), 0);
	assert_int_equal(pl_account_add(db, a, "reg", R(REGISTRAR), me, pwr, &err), 0);
	pl_actor_free(a);
	a = NULL;
	before = audit_records(db);
	assert_int_equal(pl_authenticate(db, "", pw, PL_AUTH_OS_USER, &a, &err), PL_EUSAGE);
	assert_string_equal(err.msg, "no account named to act as");
	assert_int_equal(pl_authenticate(db, NULL, NULL, PL_AUTH_OS_USER, &a, &err), PL_EUSAGE);
	assert_null(a);
	assert_int_equal(audit_records(db), before);
	pl_db_close(db);

	assert_int_equal(pl_db_open(path, PL_OPEN_READONLY, &db, &err), 0);
	assert_int_not_equal(pl_authenticate(db, "chief", "wrong", 0, &a, &err), 0);
	assert_non_null(strstr(err.msg, "cannot record a refused login"));
	assert_null(a);
	assert_int_not_equal(pl_authenticate(db, "ghost", "wrong", 0, &a, &err), 0);
	assert_null(a);
	/* reg proves itself by its user, which writes nothing; its refusal cannot be written */
	assert_int_equal(pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err), 0);
	assert_int_not_equal(pl_authorize(db, reg, PL_OP_ACCOUNT_ADD, &err), 0);
	assert_int_equal(audit_records(db), before);
	pl_actor_free(reg);
	pl_db_close(db);
	unlink(path);
}

/* An unknown account costs a password hash as a known one does: no oracle by time. */
static void test_login_time(void **state)
{
	struct pl_db *db = NULL;
	struct pl_error err = {0};
	struct pl_actor *a = NULL;
	char pw[PL_PASSWORD_LEN + 1];
	struct timespec t0, t1, t2;
	double known, unknown;
	(void)state;
	assert_int_equal(pl_db_open(path, PL_OPEN_CREATE, &db, &err), 0);
	assert_int_equal(pl_db_init(db, "chief", "nobody-here", pw, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(pl_authenticate(db, "chief", "wrong", 0, &a, &err), PL_EPERM);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(pl_authenticate(db, "nosuch", "wrong", 0, &a, &err), PL_EPERM);
	clock_gettime(CLOCK_MONOTONIC, &t2);
	known = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	unknown = (double)(t2.tv_sec - t1.tv_sec) + (double)(t2.tv_nsec - t1.tv_nsec) / 1e9;
	/* both pay argon2id (tens of milliseconds); a skipped hash would take microseconds */
	if (unknown < known / 4 || unknown < 0.005)
		fail_msg("an unknown account took %.4f s, a known one %.4f s", unknown, known);
	pl_db_close(db);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_role_names),
	        cmocka_unit_test(test_need_to_know),
	        cmocka_unit_test_setup(test_accounts, setup),
	        cmocka_unit_test_setup(test_names, setup),
	        cmocka_unit_test_setup(test_refusals_that_cannot_be_recorded, setup),
	        cmocka_unit_test_setup(test_login_time, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
