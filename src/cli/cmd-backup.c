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
        {"encrypt", NULL, 0,
         "encrypt with a passphrase (argon2id, XChaCha20-Poly1305): from --passphrase-file, "
         "$PARLEY_PASSPHRASE or the terminal",
         0},
        {"passphrase-file", "FILE", 0,
         "the passphrase is the first line of FILE (implies --encrypt)", 0},
        {NULL, NULL, 0, NULL, 0},
};

const struct command cmd_backup[] = {
        {"backup", "FILE [--encrypt] [--passphrase-file F]",
         "copy the live data file to FILE (new), check the copy and print what it holds "
         "(admin)",
         CMD_DB | CMD_ACTOR, 0, 1, 1, backup_opts, run_backup},
        {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
