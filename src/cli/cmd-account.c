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
	print_cell(a->login, 24);
	print_cell(roles, 40);
	print_cell(a->os_user[0] ? a->os_user : "-", 16);
	printf("%s%s%s\n", a->created, a->disabled ? "  " : "", a->disabled ? _("disabled") : "");
	return 0;
}

static int run_list(struct ctx *c)
{
	struct list_ctx l = {c, {0}};
	int rc;
	if (c->json)
		json_stream_begin(&l.js);
	if ((rc = pl_account_list(c->db, c->actor, list_one, &l, &c->err)))
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

static const struct opt add_opts[] = {
        {"role", "ROLE", 1,
         "registrar, liaison, negotiator, psychologist, analyst, head, admin, auditor", 1},
        {"os-user", "USER", 0, "bind the account to this operating-system user", 0},
        {NULL, NULL, 0, NULL, 0},
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
        {"add", "ROLE", 1, "give the role", 0},
        {"remove", "ROLE", 1, "take the role away", 0},
        {NULL, NULL, 0, NULL, 0},
};
static const struct opt no_opts[] = {{NULL, NULL, 0, NULL, 0}};

#define DBA (CMD_DB | CMD_ACTOR)

const struct command cmd_account[] = {
        {"account add", "LOGIN --role ROLE [--role ROLE...] [--os-user USER]",
         "add an account; prints its password once", DBA, 0, 1, 1, add_opts, run_add},
        {"account list", "", "list accounts and their roles", DBA, 0, 0, 0, no_opts, run_list},
        {"account role", "LOGIN [--add ROLE...] [--remove ROLE...]",
         "change an account's roles (no account changes its own)", DBA, 0, 1, 1, role_opts,
         run_role},
        {"account disable", "LOGIN", "cut an account off at once: its every use is refused", DBA, 0,
         1, 1, no_opts, run_disable},
        {"account enable", "LOGIN", "let a disabled account act again", DBA, 0, 1, 1, no_opts,
         run_disable},
        {"account bind", "LOGIN [USER]",
         "let the account act from the operating-system user USER without its password (no "
         "USER: unbind)",
         DBA, 0, 1, 2, no_opts, run_bind},
        {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
