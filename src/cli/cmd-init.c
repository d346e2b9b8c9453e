/* cmd-init.c - parley init: a new data file and its first admin */
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "banned.h"

static int run_init(struct ctx *c)
{
	char pw[PL_PASSWORD_LEN + 1];
	const char *admin = opt_get(c, "admin");
	int rc;
	if ((rc = pl_db_init(c->db, admin, opt_get(c, "os-user"), pw, &c->err))) {
		pl_db_close(c->db);
		c->db = NULL;
		pl_db_remove(c->db_path);
		return rc;
	}
	if (c->json) {
		json_t *j = json_pack("{s:s, s:s, s:s}", "file", c->db_path, "admin", admin,
		                      "password", pw);
		rc = print_json(j, 0);
		json_decref(j);
	} else {
		printf(_("created %s\nadmin account: %s\npassword: %s\n"), c->db_path, admin, pw);
		printf(_("(shown once: keep it safe. The admin acts from the operating-system user "
		         "who made the file, or any user with this password: --as %s)\n"),
		       admin);
	}
	memset(pw, 0, sizeof(pw));
	return rc;
}

static const struct opt init_opts[] = {
        {.name = "admin", .arg = "NAME", .help = "name of the first admin account", .required = 1},
        {.name = "os-user",
         .arg = "USER",
         .help = "the operating-system user the admin acts from without its password "
                 "(default: the user running init)"},
        {.name = NULL},
};

const struct command cmd_init[] = {
        {.name = "init",
         .usage = "--admin NAME",
         .summary = "create a data file and its first admin account",
         .description =
                 "Creates the data file that `--db` or `$PARLEY_DB` names (else `./parley.db`), "
                 "mode 0600, with the schema of this parley, and its first account, an admin "
                 "called NAME, bound to the operating-system user who ran init (`--os-user` names "
                 "another): from that user it acts with `--as NAME` and no password. Prints the "
                 "account's generated password once, for any other user: keep it safe. A file "
                 "that exists already is refused, "
                 "and nothing is left behind when the file cannot be made.\n\n"
                 "The admin adds the other accounts (`parley account add`); `parley demo` fills "
                 "a new file with a demo office.",
         .examples = "parley --db office.db init --admin chief  # prints chief's password once",
         .flags = CMD_CREATE,
         .opts = init_opts,
         .run = run_init},
        {.name = NULL},
};
