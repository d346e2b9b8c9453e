/* db.c - the library handle: open, close, first admin, global setup */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <sodium.h>

#include "parley/alloc.h"
#include "parley/db.h"
#include "parley/i18n.h"
#include "parley/parley.h"
#include "internal.h"
#include "name-index.h"
#include "banned.h"

int pl_global_init(struct pl_error *err)
{
	if (sodium_init() < 0)
		return pl_error_set(err, PL_EDATA, "libsodium could not start");
	/* GSL's default handler aborts: the model of xstats reads its return codes */
	gsl_set_error_handler_off();
	return pl_i18n_init(err) || store_global_init(err) ? (err ? err->code : PL_EDATA) : 0;
}

int pl_db_open(const char *path, unsigned flags, struct pl_db **out, struct pl_error *err)
{
	struct pl_db *db = pl_calloc(1, sizeof(*db));
	int rc;
	if (!db)
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = store_open(path, flags, &db->st, err))) {
		pl_free(db);
		return rc;
	}
	/* an upgrade of a file with data is a write like any other: the trail says so */
	if (store_migrated_from(db->st) > 0) {
		struct pl_actor sys = {.login = "-"};
		char fields[64];
		pl_os_user(sys.os_user, sizeof(sys.os_user));
		snprintf(fields, sizeof(fields), "from=%d,to=%d", store_migrated_from(db->st),
		         pl_db_schema_latest());
		if ((rc = audit_note(db, &sys, "schema.migrate", NULL, 0, NULL, fields, err))) {
			pl_db_close(db);
			return rc;
		}
	}
	*out = db;
	return 0;
}

void pl_set_progress(struct pl_db *db, pl_progress_fn *fn, void *ctx)
{
	db->progress = fn;
	db->progress_ctx = ctx;
}

int progress_report(struct pl_db *db, const char *phase, uint64_t done, uint64_t total,
                    struct pl_error *err)
{
	if (!db->progress || (done && done != total && (done & 1023)))
		return 0;
	if (db->progress(db->progress_ctx, phase, done, total))
		return pl_error_set(err, PL_EINTR, "interrupted");
	return 0;
}

void pl_db_close(struct pl_db *db)
{
	if (!db)
		return;
	nameix_free(db->nameix);
	store_close(db->st);
	pl_free(db);
}

void pl_db_remove(const char *path)
{
	static const char *const sides[] = {"", "-wal", "-shm"};
	char p[4096];
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++)
		if (snprintf(p, sizeof(p), "%s%s", path, sides[i]) < (int)sizeof(p))
			unlink(p);
}

int pl_db_schema_version(struct pl_db *db)
{
	return store_schema_version(db->st);
}

int pl_db_init(struct pl_db *db, const char *admin_login, const char *os_user,
               char pw_out[PL_PASSWORD_LEN + 1], struct pl_error *err)
{
	struct pl_actor sys = {.login = "-"};
	int rc;
	pl_os_user(sys.os_user, sizeof(sys.os_user));
	if ((rc = store_begin(db, err)))
		return rc;
	if (store_count(db->st, "accounts") != 0) {
		store_rollback(db);
		return pl_error_set(err, PL_EUSAGE, "the file already has accounts");
	}
	if ((rc = account_make(db, &sys, admin_login, 1u << PL_ROLE_ADMIN,
	                       os_user && *os_user ? os_user : sys.os_user, pw_out, err))) {
		store_rollback(db);
		return rc;
	}
	return store_commit(db, err);
}

int pl_db_has_case_data(struct pl_db *db, struct pl_error *err)
{
	long long n = store_count(db->st, "persons");
	if (n < 0)
		return pl_error_set(err, PL_EDATA, "cannot count persons") ? -1 : -1;
	return n > 0;
}
