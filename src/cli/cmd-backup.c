/* cmd-backup.c - parley backup: a checked copy of the live file, encrypted on request */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "cli.h"
#include "banned.h"

static int run_backup(struct ctx *c)
{
	const char *dest = c->a.pos[0];
	struct pl_backup_info info;
	char pass[256];
	int encrypt = opt_has(c, "encrypt") || opt_has(c, "passphrase-file");
	int rc;

	if (!encrypt && getenv("PARLEY_PASSPHRASE"))
		fprintf(stderr, "parley: note: PARLEY_PASSPHRASE is set but --encrypt is not "
		                "given: this backup is not encrypted\n");
	if (encrypt &&
	    (rc = read_passphrase(c, "passphrase for the backup: ", 1, pass, sizeof(pass)))) {
		sodium_memzero(pass, sizeof(pass));
		return rc;
	}
	rc = pl_backup(c->db, c->actor, dest, encrypt ? pass : NULL, &info, &c->err);
	sodium_memzero(pass, sizeof(pass));
	if (rc)
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:s, s:I, s:I, s:s, s:b}", "file", dest, "persons",
		                      (json_int_t)info.persons, "audit_records",
		                      (json_int_t)info.audit_records, "audit_head", info.audit_head,
		                      "encrypted", info.encrypted);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf(info.encrypted ? _("backup %s (encrypted): %lld persons, %lld audit records, audit "
	                          "head %s\n")
	                      : _("backup %s: %lld persons, %lld audit records, audit head %s\n"),
	       dest, info.persons, info.audit_records, info.audit_head);
	return 0;
}

static const struct opt backup_opts[] = {
        {.name = "encrypt",
         .help = "encrypt with a passphrase (argon2id, XChaCha20-Poly1305): from "
                 "--passphrase-file, "
                 "$PARLEY_PASSPHRASE or the terminal"},
        {.name = "passphrase-file",
         .arg = "FILE",
         .help = "the passphrase is the first line of FILE (implies --encrypt)",
         .values = V_FILE},
        {.name = NULL},
};

const struct command cmd_backup[] = {
        {.name = "backup",
         .usage = "FILE [--encrypt] [--passphrase-file F]",
         .summary = "copy the live data file to FILE (new), check the copy and print what it "
                    "holds (admin)",
         .description =
                 "Copies the live data file to FILE, which must not exist, while others keep "
                 "reading (SQLite's online backup; writes wait until it is done); then checks "
                 "the copy (its integrity and the whole audit trail) before it reports it: the "
                 "persons and audit records it holds and its audit head. The backup's audit "
                 "record ends both the file's trail and the copy's, the same record in each, so "
                 "the head printed is both files'. Keep it with the backup: `parley audit verify "
                 "--head` on the restored file proves nothing was cut off. A backup that fails "
                 "or is stopped (Ctrl-C) writes nothing to the data file and leaves no FILE.\n\n"
                 "With `--encrypt` the copy is encrypted with a key derived from a passphrase "
                 "(argon2id; XChaCha20-Poly1305), read from `--passphrase-file`, else "
                 "`$PARLEY_PASSPHRASE`, else asked twice on the terminal. Admins only. "
                 "`parley restore` brings a backup back.",
         .examples = "parley --as chief backup office-2026-11-28.bak\n"
                     "parley --as chief backup office.bak.enc --passphrase-file passphrase.txt",
         .flags = CMD_DB | CMD_ACTOR | CMD_PROGRESS,
         .min_pos = 1,
         .max_pos = 1,
         .opts = backup_opts,
         .args = {V_FILE},
         .run = run_backup},
        {.name = NULL},
};
