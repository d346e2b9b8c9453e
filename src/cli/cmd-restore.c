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
	/* long work from here, stopped cleanly by Ctrl-C (at the prompts it ends parley) */
	progress_catch_interrupt();
	rc = pl_restore_progress(src, c->db_path, encrypted ? pass : NULL, c->as, pw[0] ? pw : NULL,
	                         progress_show, NULL, &info, &c->err);
	if (rc == PL_EPERM && !pw[0] && !c->password_fd &&
	    !read_password(c, c->as, pw, sizeof(pw)) && pw[0])
		rc = pl_restore_progress(src, c->db_path, encrypted ? pass : NULL, c->as, pw,
		                         progress_show, NULL, &info, &c->err);
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
        {.name = "passphrase-file",
         .arg = "FILE",
         .help = "the passphrase of an encrypted backup is the first line of FILE (else "
                 "$PARLEY_PASSPHRASE or the terminal)",
         .values = V_FILE},
        {.name = NULL},
};

const struct command cmd_restore[] = {
        {.name = "restore",
         .usage = "BACKUP --as ADMIN [--passphrase-file F]",
         .summary = "check BACKUP and make it the data file --db names (a new file), acting as "
                    "--as, an admin in the backup",
         .description =
                 "Brings the backup BACKUP (made by `parley backup`, encrypted or not) back as "
                 "the data file that `--db` or `$PARLEY_DB` names, which must not exist. The "
                 "backup is checked again (its integrity and whole audit trail) before the file "
                 "is made, and the restore is recorded in the new file's audit trail, acting as "
                 "`--as ADMIN`, an admin account of the backup. An encrypted backup's "
                 "passphrase comes from `--passphrase-file`, else `$PARLEY_PASSPHRASE`, else the "
                 "terminal. Prints what the file holds and its audit head. Stopped (Ctrl-C), it "
                 "leaves no file.",
         .examples = "parley --db restored.db --as chief restore office-2026-11-28.bak",
         .min_pos = 1,
         .max_pos = 1,
         .opts = restore_opts,
         .args = {V_FILE},
         .run = run_restore},
        {.name = NULL},
};
