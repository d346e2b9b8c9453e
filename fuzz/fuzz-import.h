/* fuzz-import.h - what the import fuzz targets share: a parley file made once, a dry run per input
 *
 * Each target defines FUZZ_FORMAT and includes this. Besides the sanitizers,
 * every input checks what import promises: a reported line is a line of the
 * input, a dry run writes nothing, and bad input is PL_EDATA, nothing else.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parley/parley.h"

/* The operating-system user running the test: accounts bound to it act without a password. */
static const char *me(void)
{
	static char user[64];
	if (!user[0])
		pl_os_user(user, sizeof(user));
	return user;
}

static struct pl_db *fuzz_db;
static struct pl_actor *fuzz_reg;
static char fuzz_dir[64];
static char fuzz_path[128];

static void fuzz_cleanup(void)
{
	char side[160];
	pl_db_close(fuzz_db);
	fuzz_db = NULL;
	unlink(fuzz_path);
	snprintf(side, sizeof(side), "%s-wal", fuzz_path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", fuzz_path);
	unlink(side);
	rmdir(fuzz_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char pw[PL_PASSWORD_LEN + 1];
	struct pl_error err = {0};
	struct pl_actor *adm = NULL;
	(void)argc;
	(void)argv;
	snprintf(fuzz_dir, sizeof(fuzz_dir), "/tmp/parley-fuzz-XXXXXX");
	if (!mkdtemp(fuzz_dir)) {
		perror("mkdtemp");
		abort();
	}
	snprintf(fuzz_path, sizeof(fuzz_path), "%s/fuzz.db", fuzz_dir);
	if (pl_global_init(&err) || pl_db_open(fuzz_path, PL_OPEN_CREATE, &fuzz_db, &err) ||
	    pl_db_init(fuzz_db, "adm", NULL, pw, &err) ||
	    pl_authenticate(fuzz_db, "adm", NULL, PL_AUTH_OS_USER, &adm, &err) ||
	    pl_account_add(fuzz_db, adm, "reg", 1u << PL_ROLE_REGISTRAR, me(), pw, &err) ||
	    pl_authenticate(fuzz_db, "reg", NULL, PL_AUTH_OS_USER, &fuzz_reg, &err)) {
		fprintf(stderr, "fuzz setup: %s\n", err.msg);
		abort();
	}
	pl_actor_free(adm);
	atexit(fuzz_cleanup);
	return 0;
}

struct fuzz_input {
	const uint8_t *data;
	size_t size;
	long lines;
};

static void fuzz_diag(void *ctx, const char *file, long line, const char *column,
                      const char *reason)
{
	const struct fuzz_input *in = ctx;
	if (!file || !reason || line < 0 || line > in->lines || (column && !*column) ||
	    (column && (pl_has_control(column) || strchr(column, '\n') || strchr(column, '\t'))) ||
	    !pl_utf8_valid(reason, strlen(reason), NULL) || pl_has_control(reason) ||
	    strpbrk(reason, "\t\r\n")) {
		fprintf(stderr, "bad report: %s:%ld:%s: %s (input has %ld lines)\n",
		        file ? file : "(null)", line, column ? column : "(null)",
		        reason ? reason : "(null)", in->lines);
		abort();
	}
	if (line == 0 && strncmp(reason, "...and ", 7)) {
		fprintf(stderr, "a report with no line: %s\n", reason);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pl_import_opts o = {FUZZ_FORMAT, "fuzz", "fuzz", 1, 5};
	struct pl_import_result res = {0};
	struct pl_error err = {0};
	struct fuzz_input fin = {data, size, 1};
	FILE *in;
	int rc;

	for (size_t i = 0; i < size; i++)
		fin.lines += data[i] == '\n';
	in = size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
	if (!in)
		abort();
	rc = pl_import(fuzz_db, fuzz_reg, in, &o, fuzz_diag, &fin, &res, &err);
	fclose(in);
	if (rc != 0 && rc != PL_EDATA) {
		fprintf(stderr, "import returned %d: %s\n", rc, err.msg);
		abort();
	}
	if ((rc == 0) != (res.errors == 0) || res.added + res.updated > res.rows) {
		fprintf(stderr, "import returned %d with %ld errors, %ld rows\n", rc, res.errors,
		        res.rows);
		abort();
	}
	if (pl_db_has_case_data(fuzz_db, NULL) != 0) {
		fprintf(stderr, "a dry run wrote persons\n");
		abort();
	}
	return 0;
}
