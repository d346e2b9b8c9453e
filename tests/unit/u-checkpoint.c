/* u-checkpoint.c - signed checkpoints: an old newest checkpoint is stale under --max-age, and
 * what is signed binds the record, its hash and the time */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "parley/parley.h"

static char path[4096];

static int setup(void **state)
{
	const char *tmp = getenv("PARLEY_TEST_TMP");
	struct pl_error err = {0};
	(void)state;
	if (pl_global_init(&err))
		return -1;
	snprintf(path, sizeof(path), "%s/u-checkpoint-%d.db", tmp ? tmp : "/tmp", (int)getpid());
	if (tmp)
		mkdir(tmp, 0700);
	unlink(path);
	return 0;
}

/* A checkpoint line of head signed with sk at the time at (basic ISO form). */
static void sign_at(const unsigned char *sk, const char *head, const char *at, char *out,
                    size_t cap)
{
	char msg[256], pub[65], sig_hex[129];
	unsigned char sig[crypto_sign_BYTES];
	const char *colon = strchr(head, ':');
	int n = snprintf(msg, sizeof(msg),
	                 "parley audit checkpoint v1\nseq=%.*s\nhash=%s\nsigned_at=%s\n",
	                 (int)(colon - head), head, colon + 1, at);
	crypto_sign_detached(sig, NULL, (const unsigned char *)msg, (unsigned long long)n, sk);
	sodium_bin2hex(pub, sizeof(pub), sk + crypto_sign_SEEDBYTES, crypto_sign_PUBLICKEYBYTES);
	sodium_bin2hex(sig_hex, sizeof(sig_hex), sig, sizeof(sig));
	snprintf(out, cap, "%.*s:%s:%s:%s:%s", (int)(colon - head), head, colon + 1, at, pub,
	         sig_hex);
}

static void test_stale(void **state)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	struct pl_db *db = NULL;
	struct pl_actor *adm = NULL, *aud = NULL;
	struct pl_error err = {0};
	struct pl_audit_checkpoints cp;
	char pw[PL_PASSWORD_LEN + 1], me[64], head[PL_AUDIT_HEAD_MAX], line[PL_AUDIT_SIGNED_MAX];
	char pub[65];
	(void)state;
	pl_os_user(me, sizeof(me));
	crypto_sign_keypair(pk, sk);
	sodium_bin2hex(pub, sizeof(pub), pk, sizeof(pk));
	assert_int_equal(pl_db_open(path, PL_OPEN_CREATE, &db, &err), 0);
	assert_int_equal(pl_db_init(db, "adm", NULL, pw, &err), 0);
	assert_int_equal(pl_authenticate(db, "adm", NULL, PL_AUTH_OS_USER, &adm, &err), 0);
	assert_int_equal(pl_account_add(db, adm, "aud", 1u << PL_ROLE_AUDITOR, me, pw, &err), 0);
	assert_int_equal(pl_authenticate(db, "aud", NULL, PL_AUTH_OS_USER, &aud, &err), 0);
	assert_int_equal(pl_audit_head(db, aud, head, &err), 0);

	/* signed ten days ago: it holds, and is stale for a five-day rule */
	{
		time_t t = time(NULL) - 10 * 86400;
		char at[32];
		strftime(at, sizeof(at), "%Y%m%dT%H%M%SZ", gmtime(&t));
		sign_at(sk, head, at, line, sizeof(line));
	}
	assert_int_equal(pl_audit_checkpoint_add(db, aud, line, &err), 0);
	assert_int_equal(pl_audit_verify_checkpoints(db, pub, 0, &cp, &err), 0);
	assert_int_equal(cp.count, 1);
	assert_true(cp.age_seconds >= 10 * 86400 - 60 && cp.age_seconds <= 10 * 86400 + 60);
	assert_int_equal(pl_audit_verify_checkpoints(db, pub, 11, &cp, &err), 0);
	assert_int_equal(pl_audit_verify_checkpoints(db, pub, 5, &cp, &err), PL_EINTEGRITY);
	assert_non_null(strstr(err.msg, "older than 5 days"));

	/* the time is signed: the same signature under another time does not hold */
	{
		char moved[PL_AUDIT_SIGNED_MAX], *p;
		snprintf(moved, sizeof(moved), "%s", line);
		p = strchr(strchr(moved, ':') + 1, ':') + 1;
		memcpy(p, "2099", 4);
		assert_int_equal(pl_audit_checkpoint_add(db, aud, moved, &err), PL_EDATA);
	}
	/* a fresh one makes the trail current again */
	{
		char key[4200], fresh[PL_AUDIT_SIGNED_MAX];
		snprintf(key, sizeof(key), "%s.key", path);
		unlink(key);
		assert_int_equal(pl_audit_keygen(key, pub, &err), 0);
		assert_int_equal(pl_audit_sign(db, aud, key, fresh, &err), 0);
		/* two keys now: the check with the new one finds the old key's checkpoint */
		assert_int_equal(pl_audit_verify_checkpoints(db, pub, 5, &cp, &err), PL_EINTEGRITY);
		assert_non_null(strstr(err.msg, "not signed with this key"));
		unlink(key);
	}
	assert_int_equal(pl_audit_verify(db, NULL, 1, NULL, &err), 0);
	pl_actor_free(adm);
	pl_actor_free(aud);
	pl_db_close(db);
	unlink(path);
}

/* A disk that fills up while a key is written: the key file is removed (half a key would be
 * refused later, when a checkpoint is to be signed), and the message says what happened. The
 * file may grow to 100 bytes of its 149 (RLIMIT_FSIZE, SIGXFSZ ignored). */
static void test_keygen_on_a_full_disk(void **state)
{
	struct pl_error err = {0};
	struct rlimit was, small;
	struct sigaction ign = {.sa_handler = SIG_IGN}, old;
	char key[4200], pub[PL_AUDIT_PUBKEY_HEX] = "untouched";
	int rc;
	(void)state;
	snprintf(key, sizeof(key), "%s.key", path);
	unlink(key);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
	small = was;
	small.rlim_cur = 100;
	assert_int_equal(sigaction(SIGXFSZ, &ign, &old), 0);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	rc = pl_audit_keygen(key, pub, &err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
	assert_int_equal(sigaction(SIGXFSZ, &old, NULL), 0);
	assert_int_equal(rc, PL_EDATA);
	assert_non_null(strstr(err.msg, "File too large"));
	assert_non_null(strstr(err.msg, key));
	assert_int_equal(access(key, F_OK), -1);
	assert_string_equal(pub, "untouched");
	/* with room, the same name makes a key */
	assert_int_equal(pl_audit_keygen(key, pub, &err), 0);
	assert_int_equal(strlen(pub), 64);
	unlink(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup(test_stale, setup),
	        cmocka_unit_test_setup(test_keygen_on_a_full_disk, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
