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
        {"admin", "NAME", 0, "name of the first admin account", 1},
        {"os-user", "USER", 0,
         "the operating-system user the admin acts from without its password (default: "
         "the user running init)",
         0},
        {NULL, NULL, 0, NULL, 0},
};

const struct command cmd_init[] = {
        {"init", "--admin NAME", "create a data file and its first admin account", CMD_CREATE, 0, 0,
         0, init_opts, run_init},
        {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
