/* cmd-restore.c - parley restore: a backup brought back as a new data file
 *
 * The command opens no data file before it runs: --db names the file to make
 * (it must not exist) and --as an admin account in the backup, so it has
 * neither CMD_DB nor CMD_ACTOR and reads c->db_path and c->as itself.
 */
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "cli.h"
#include "banned.h"

static int run_restore(struct ctx *c)
{
	const char *src = c->a.pos[0];
	struct pl_backup_info info;
	char pass[256] = "", pw[256] = "";
	int encrypted, rc;

	if (!c->as || !*c->as)
		return usage_error(c, "restore: say which admin of the backup acts: --as NAME or "
		                      "PARLEY_AS");
	encrypted = pl_backup_is_encrypted(src);
	if (encrypted &&
	    (rc = read_passphrase(c, "passphrase of the backup: ", 0, pass, sizeof(pass)))) {
		sodium_memzero(pass, sizeof(pass));
		return rc;
	}
	/* the admin of the backup: bound to this OS user there, or its password */
	if (c->password_fd && (rc = read_password(c, c->as, pw, sizeof(pw)))) {
		sodium_memzero(pass, sizeof(pass));
		return rc;
	}
	rc = pl_restore(src, c->db_path, encrypted ? pass : NULL, c->as, pw[0] ? pw : NULL, &info,
	                &c->err);
	if (rc == PL_EPERM && !pw[0] && !c->password_fd &&
	    !read_password(c, c->as, pw, sizeof(pw)) && pw[0])
		rc = pl_restore(src, c->db_path, encrypted ? pass : NULL, c->as, pw, &info,
		                &c->err);
	sodium_memzero(pass, sizeof(pass));
	sodium_memzero(pw, sizeof(pw));
	if (rc)
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:s, s:s, s:I, s:I, s:s, s:b}", "backup", src, "file",
		                      c->db_path, "persons", (json_int_t)info.persons,
		                      "audit_records", (json_int_t)info.audit_records, "audit_head",
		                      info.audit_head, "encrypted", info.encrypted);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf(info.encrypted
	               ? _("restored %s (encrypted) into %s: %lld persons, %lld audit "
	                   "records, audit head %s\n")
	               : _("restored %s into %s: %lld persons, %lld audit records, audit head "
	                   "%s\n"),
	       src, c->db_path, info.persons, info.audit_records, info.audit_head);
	return 0;
}

static const struct opt restore_opts[] = {
        {"passphrase-file", "FILE", 0,
         "the passphrase of an encrypted backup is the first line of FILE (else "
         "$PARLEY_PASSPHRASE or the terminal)",
         0},
        {NULL, NULL, 0, NULL, 0},
};

const struct command cmd_restore[] = {
        {"restore", "BACKUP --as ADMIN [--passphrase-file F]",
         "check BACKUP and make it the data file --db names (a new file), acting as --as, an "
         "admin in the backup",
         0, 0, 1, 1, restore_opts, run_restore},
        {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
