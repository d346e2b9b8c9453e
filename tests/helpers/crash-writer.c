/* crash-writer.c - adds persons in a loop for the kill -9 test (t0800-crash.sh)
 *
 * usage: crash-writer FILE LOGIN
 * Adds persons as LOGIN (a registrar) until killed. Each line it prints is a
 * promise kept only after the commit returned: "REF" when the person was
 * added, "REF confirmed" when a status change was recorded. stdout is flushed
 * after every line, so what the test reads was acknowledged.
 */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "parley/parley.h"
#include "banned.h"

int main(int argc, char **argv)
{
	struct pl_error err = {0};
	struct pl_db *db = NULL;
	struct pl_actor *actor = NULL;
	char note[600];

	if (argc != 3) {
		fprintf(stderr, "usage: crash-writer FILE LOGIN\n");
		return 2;
	}
	/* a longer note fills pages faster, so checkpoints happen while we are killed */
	memset(note, 'n', sizeof(note) - 1);
	note[sizeof(note) - 1] = '\0';
	if (pl_global_init(&err) || pl_db_open(argv[1], 0, &db, &err) ||
	    pl_authenticate(db, argv[2], NULL, PL_AUTH_OS_USER, &actor, &err))
		goto fail;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (unsigned long i = 0;; i++) {
		char name[64], ref[PL_REF_MAX];
		struct pl_kv kv[] = {
		        {"side", i % 5 == 4 ? "detainee" : "captive"},
		        {"kind", i % 2 ? "civilian" : "military"},
		        {"family_name", name},
		        {"note", note},
		};
		snprintf(name, sizeof(name), "Crash %lu", i);
		if (pl_person_add(db, actor, kv, sizeof(kv) / sizeof(kv[0]), ref, &err))
			goto fail;
		if (printf("%s\n", ref) < 0 || fflush(stdout))
			goto fail_out;
		if (i % 3 == 0 && ref[0] == 'U') {
			struct pl_kv st[] = {{"status", "confirmed"}, {"source", "ICRC"}};
			if (pl_person_set_status(db, actor, ref, st, 2, NULL, &err))
				goto fail;
			if (printf("%s confirmed\n", ref) < 0 || fflush(stdout))
				goto fail_out;
		}
	}
fail:
	fprintf(stderr, "crash-writer: %s\n", err.msg);
	pl_db_close(db);
	return err.code ? err.code : 1;
fail_out:
	fprintf(stderr, "crash-writer: cannot write to standard output\n");
	pl_db_close(db);
	return 1;
}
