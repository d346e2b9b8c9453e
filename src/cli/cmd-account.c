/* cmd-account.c - parley account add|list|role */
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "banned.h"

static int roles_from(struct ctx *c, const char *opt, unsigned *roles)
{
	const char *v;
	*roles = 0;
	for (int i = 0; (v = opt_get_nth(c, opt, i)); i++)
		if (pl_roles_parse_one(v, roles, &c->err))
			return PL_EUSAGE;
	return 0;
}

static int run_add(struct ctx *c)
{
	char pw[PL_PASSWORD_LEN + 1], roles_s[128];
	unsigned roles;
	int rc;
	if ((rc = roles_from(c, "role", &roles)))
		return rc;
	if ((rc = pl_account_add(c->db, c->actor, c->a.pos[0], roles, opt_get(c, "os-user"), pw,
	                         &c->err)))
		return rc;
	pl_roles_format(roles, roles_s, sizeof(roles_s));
	if (c->json) {
		json_t *j = json_pack("{s:s, s:s, s:s}", "login", c->a.pos[0], "roles", roles_s,
		                      "password", pw);
		rc = print_json(j, 0);
		json_decref(j);
	} else {
		printf(_("account: %s\nroles: %s\npassword: %s\n(shown once)\n"), c->a.pos[0],
		       roles_s, pw);
	}
	memset(pw, 0, sizeof(pw));
	return rc;
}

struct list_ctx {
	struct ctx *c;
	struct json_stream js;
	struct table t; /* account_columns, measured on the first page */
};

static const struct column account_columns[] = {
        {N_("LOGIN"), 24, COL_KEEPS}, {N_("ROLES"), 40, COL_SHRINKS}, {N_("OS USER"), 16, 0},
        {N_("CREATED"), 21, 0},       {N_("STATE"), 10, COL_KEEPS},
};

static int list_one(void *ctx, const struct pl_account_info *a)
{
	struct list_ctx *l = ctx;
	char roles[128];
	pl_roles_format(a->roles, roles, sizeof(roles));
	if (l->c->json) {
		json_t *o = json_pack("{s:s, s:s, s:s?, s:s, s:b}", "login", a->login, "roles",
		                      roles, "os_user", a->os_user[0] ? a->os_user : NULL,
		                      "created", a->created, "disabled", a->disabled);
		json_stream_item(&l->js, o);
		return 0;
	}
	table_cell(&l->t, a->login);
	table_cell(&l->t, roles);
	table_cell(&l->t, a->os_user[0] ? a->os_user : "-");
	table_cell(&l->t, a->created);
	table_cell(&l->t, a->disabled ? _("disabled") : "");
	table_row_end(&l->t);
	return 0;
}

static int run_list(struct ctx *c)
{
	struct list_ctx l = {.c = c};
	int rc;
	table_begin(&l.t, account_columns, 5);
	if (c->json)
		json_stream_begin(&l.js);
	rc = pl_account_list(c->db, c->actor, list_one, &l, &c->err);
	if (!c->json) /* the heading once the listing was allowed */
		table_end(&l.t, !rc);
	if (rc)
		return rc;
	if (c->json)
		json_stream_end(&l.js);
	return 0;
}

static int run_role(struct ctx *c)
{
	unsigned add, del;
	int rc;
	if ((rc = roles_from(c, "add", &add)) || (rc = roles_from(c, "remove", &del)))
		return rc;
	if (!add && !del)
		return usage_error(c, "account role: say --add ROLE or --remove ROLE");
	if ((rc = pl_account_set_roles(c->db, c->actor, c->a.pos[0], add, del, &c->err)))
		return rc;
	if (!c->json)
		printf(_("%s: roles changed\n"), c->a.pos[0]);
	return 0;
}

/* The role names, from the library's table: what --role, --add and --remove take. */
static const char *role_name(int i)
{
	return i >= 0 && i < PL_ROLE__MAX ? pl_role_name((enum pl_role)i) : NULL;
}

static const struct opt add_opts[] = {
        {.name = "role",
         .arg = "ROLE",
         .repeat = 1,
         .help = "registrar, liaison, negotiator, psychologist, analyst, head, admin, auditor",
         .required = 1,
         .values = V_NAMES(role_name)},
        {.name = "os-user",
         .arg = "USER",
         .help = "bind the account to this operating-system user"},
        {.name = NULL},
};
static int run_disable(struct ctx *c)
{
	int disable = !strcmp(c->cmd->name, "account disable");
	int rc = pl_account_set_disabled(c->db, c->actor, c->a.pos[0], disable, &c->err);
	if (!rc && !c->json) {
		printf(disable ? _("%s: disabled; its every use is refused\n") : _("%s: enabled\n"),
		       c->a.pos[0]);
	}
	return rc;
}

static int run_bind(struct ctx *c)
{
	const char *user = c->a.npos > 1 ? c->a.pos[1] : "";
	int rc = pl_account_bind(c->db, c->actor, c->a.pos[0], user, &c->err);
	if (!rc && !c->json) {
		if (*user)
			printf(_("%s: acts from the operating-system user %s without a password\n"),
			       c->a.pos[0], user);
		else
			printf(_("%s: bound to no operating-system user; it acts with its "
			         "password\n"),
			       c->a.pos[0]);
	}
	return rc;
}

static const struct opt role_opts[] = {
        {.name = "add",
         .arg = "ROLE",
         .repeat = 1,
         .help = "give the role",
         .values = V_NAMES(role_name)},
        {.name = "remove",
         .arg = "ROLE",
         .repeat = 1,
         .help = "take the role away",
         .values = V_NAMES(role_name)},
        {.name = NULL},
};

#define DBA (CMD_DB | CMD_ACTOR)

const struct command cmd_account[] = {
        {.name = "account add",
         .usage = "LOGIN --role ROLE [--role ROLE...] [--os-user USER]",
         .summary = "add an account; prints its password once",
         .description =
                 "Adds the account LOGIN with the roles given, each `--role` one of them; an "
                 "account may do what any of its roles may (docs/permissions.md). Prints the "
                 "account's generated password once. With `--os-user USER` the account acts "
                 "from that operating-system user without its password (root included: root "
                 "is no exception); from any other user, and through the web, it acts with its "
                 "password. Admins only.",
         .examples = "parley --as chief account add olena --role registrar --os-user olena\n"
                     "parley --as chief account add taras --role liaison  # acts with its "
                     "password",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .opts = add_opts,
         .run = run_add},
        {.name = "account list",
         .usage = "",
         .summary = "list accounts and their roles",
         .description = "Prints each account: its login, roles, the operating-system user it "
                        "is bound to (- for none) and when it was made; `--json` an array. "
                        "Admins only.",
         .examples = "parley --as chief account list",
         .flags = DBA,
         .run = run_list},
        {.name = "account role",
         .usage = "LOGIN [--add ROLE...] [--remove ROLE...]",
         .summary = "change an account's roles (no account changes its own)",
         .description = "Gives an account roles (`--add`) and takes roles away (`--remove`), in "
                        "one change; at least one of them is needed. No account changes its own "
                        "roles: an admin cannot give itself a case role. Admins only; a refusal "
                        "is recorded in the audit trail.",
         .examples = "parley --as chief account role olena --add head --remove registrar",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .opts = role_opts,
         .run = run_role},
        {.name = "account disable",
         .usage = "LOGIN",
         .summary = "cut an account off at once: its every use is refused",
         .description = "Disables the account LOGIN: from now on every use of it is refused and "
                        "recorded in the audit trail, whatever its proof. No account disables "
                        "itself. Admins only.",
         .examples = "parley --as chief account disable taras",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_disable},
        {.name = "account enable",
         .usage = "LOGIN",
         .summary = "let a disabled account act again",
         .description = "Enables the account LOGIN again. Admins only.",
         .examples = "parley --as chief account enable taras",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_disable},
        {.name = "account bind",
         .usage = "LOGIN [USER]",
         .summary = "let an account act from an operating-system user without its password",
         .description = "Binds the account LOGIN to the operating-system user USER: from that "
                        "user it acts without its password (the proof is being that user); from "
                        "any other it needs the password. Without USER the account is bound to "
                        "no user and always needs its password. No account binds itself. Admins "
                        "only.",
         .examples =
                 "parley --as chief account bind olena olena\nparley --as chief account bind olena",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 2,
         .run = run_bind},
        {.name = NULL},
};
