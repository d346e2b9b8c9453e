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
	if ((rc = pl_db_init(c->db, admin, c->os_user, pw, &c->err))) {
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
		printf("created %s\nadmin account: %s\npassword: %s\n", c->db_path, admin, pw);
		printf("(shown once: keep it safe; the CLI acts as it with --as %s)\n", admin);
	}
	memset(pw, 0, sizeof(pw));
	return rc;
}

static const struct opt init_opts[] = {
        {.name = "admin", .arg = "NAME", .help = "name of the first admin account", .required = 1},
        {.name = NULL},
};

const struct command cmd_init[] = {
        {.name = "init",
         .usage = "--admin NAME",
         .summary = "create a data file and its first admin account",
         .description =
                 "Creates the data file that `--db` or `$PARLEY_DB` names (else `./parley.db`), "
                 "mode 0600, with the schema of this parley, and its first account, an admin "
                 "called NAME. Prints the account's generated password once: keep it safe. The "
                 "CLI then acts as it with `--as NAME`. A file that exists already is refused, "
                 "and nothing is left behind when the file cannot be made.\n\n"
                 "The admin adds the other accounts (`parley account add`); `parley demo` fills "
                 "a new file with a demo office.",
         .examples = "parley --db office.db init --admin chief  # prints chief's password once",
         .flags = CMD_CREATE,
         .opts = init_opts,
         .run = run_init},
        {.name = NULL},
};
