/* db.h - opening, creating and migrating a parley data file */
#ifndef PARLEY_DB_H
#define PARLEY_DB_H

#include "parley/account.h"
#include "parley/error.h"

struct pl_db;

enum pl_open_flag {
	PL_OPEN_CREATE = 1 << 0,   /* make the file (it must not exist yet) */
	PL_OPEN_READONLY = 1 << 1, /* no writes, no migration */
};

/*
 * Opens the parley file at path: WAL, synchronous=FULL, foreign keys, busy
 * timeout, defensive mode, untrusted schema. Applies missing migrations in one
 * transaction; refuses a file made by a newer parley (PL_EINTEGRITY) and a
 * file that is not a parley file. *out is freed with pl_db_close(). A handle
 * belongs to one thread at a time (SQLite's mutexes are off): a server opens
 * one per worker.
 */
int pl_db_open(const char *path, unsigned flags, struct pl_db **out, struct pl_error *err);
void pl_db_close(struct pl_db *db);

/* Removes the data file at path with its -wal and -shm files (for a failed init). */
void pl_db_remove(const char *path);

/* The schema version this build writes, and the one the file has. */
int pl_db_schema_latest(void);
int pl_db_schema_version(struct pl_db *db);

/*
 * Makes the first admin account of a new file, bound to the operating-system user
 * os_user (NULL: the user running this process); refused when the file has accounts.
 * The generated password goes to pw_out.
 */
int pl_db_init(struct pl_db *db, const char *admin_login, const char *os_user,
               char pw_out[PL_PASSWORD_LEN + 1], struct pl_error *err);

/* 1 when the file holds any case data (persons). */
int pl_db_has_case_data(struct pl_db *db, struct pl_error *err);

#endif
