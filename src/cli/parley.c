/* parley.c - the command table, option parsing and the runner of every command */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "banned.h"

/* Every command, in the order --help and the manual list them. */
const struct command *const cli_tables[] = {
        cmd_init,
        cmd_person,
        cmd_relative,
        cmd_inquiry,
        cmd_exchange,
        cmd_formula,
        cmd_reception,
        cmd_notify,
        cmd_negotiation,
        cmd_session,
        cmd_welfare,
        cmd_position,
        cmd_opening,
        cmd_statement,
        cmd_promise,
        cmd_counterpart,
        cmd_profile,
        cmd_incident,
        cmd_briefing,
        cmd_plan,
        cmd_account,
        cmd_import,
        cmd_export,
        cmd_audit,
        cmd_stats,
        cmd_stats_exchanges,
        cmd_stats_negotiations,
        cmd_report,
        cmd_demo,
        cmd_backup,
        cmd_restore,
        cmd_translit,
        cmd_search,
        cmd_match,
        cmd_review,
        cmd_dedup,
        cmd_help,
        cmd_complete,
};
const size_t cli_ntables = sizeof(cli_tables) / sizeof(cli_tables[0]);

const struct opt cli_global_opts[] = {
        {.name = "db",
         .arg = "FILE",
         .help = "the data file (default $PARLEY_DB, then ./parley.db)",
         .values = V_FILE},
        {.name = "as", .arg = "NAME", .help = "act as account NAME (default $PARLEY_AS)"},
        {.name = "password-fd",
         .arg = "N",
         .help = "read the account's password from file descriptor N (else asked on the "
                 "terminal, unless the account is bound to this OS user)"},
        {.name = "json", .help = "print data as JSON"},
        {.name = "wide", .help = "show every value of a table whole, however wide the terminal"},
        {.name = "quiet",
         .help = "no progress bar on a terminal during long work, and no summary on standard "
                 "error (match)"},
        {.name = "help", .help = "show help (also -h)"},
        {.name = "version", .help = "print the version and the schema version"},
        {.name = NULL},
};

static const char *prog = "parley";

/* The library names the condition; the CLI says which command or option deals with it. */
static const char *advice(int cond)
{
	switch (cond) {
	case PL_COND_INDEX_STALE:
		return _("rebuild it with parley search --reindex, as a registrar, head or admin");
	case PL_COND_NO_DATA_FILE:
		return _("make one with parley init, or name another with --db FILE");
	case PL_COND_CORRECTION:
		return _("a wrong entry is corrected by a new one: --corrects ID --reason TEXT");
	case PL_COND_LIVE_DATA_FILE:
		return _("copy a data file in use with parley backup");
	case PL_COND_NAME_PERSON:
		return _("--accept ROW=REF names the person");
	default:
		return NULL;
	}
}

void say_error(const struct pl_error *err)
{
	const char *a = advice(err->cond);
	if (a)
		fprintf(stderr, "%s: %s (%s)\n", prog, err->msg[0] ? err->msg : "failed", a);
	else
		fprintf(stderr, "%s: %s\n", prog, err->msg[0] ? err->msg : "failed");
}

int fail(struct ctx *c, int code)
{
	if (!code)
		code = PL_EDATA;
	progress_clear();
	say_error(&c->err);
	return code;
}

int usage_error(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err.msg, sizeof(c->err.msg), fmt, ap);
	va_end(ap);
	c->err.code = PL_EUSAGE;
	return PL_EUSAGE;
}

const struct command *command_find(const char *name)
{
	for (size_t t = 0; t < cli_ntables; t++)
		for (const struct command *c = cli_tables[t]; c->name; c++)
			if (!strcmp(c->name, name))
				return c;
	return NULL;
}

int command_is_group(const char *word)
{
	size_t n = strlen(word);
	for (size_t t = 0; t < cli_ntables; t++)
		for (const struct command *c = cli_tables[t]; c->name; c++)
			if (!strncmp(c->name, word, n) && c->name[n] == ' ')
				return 1;
	return 0;
}

static const struct opt *find_opt(const struct opt *o, const char *name)
{
	for (; o && o->name; o++)
		if (!strcmp(o->name, name))
			return o;
	return NULL;
}

static int add_opt(struct ctx *c, const char *name, const char *val)
{
	if (c->a.nopt >= (int)(sizeof(c->a.opt) / sizeof(c->a.opt[0])))
		return usage_error(c, "too many options");
	c->a.opt[c->a.nopt].name = name;
	c->a.opt[c->a.nopt].val = val;
	c->a.nopt++;
	return 0;
}

int args_add_kv(struct ctx *c, const char *key, const char *val)
{
	if (c->a.nkv >= sizeof(c->a.kv) / sizeof(c->a.kv[0]))
		return usage_error(c, "too many fields");
	c->a.kv[c->a.nkv].key = key;
	c->a.kv[c->a.nkv].val = val;
	c->a.nkv++;
	return 0;
}

/* "family-name" -> "family_name" in a static pool; NULL when it is no field. */
static const char *field_of(const struct command *cmd, const char *opt)
{
	const struct pl_entity *e;
	char name[64];
	size_t n = strlen(opt);
	int i;
	if (!(cmd->flags & CMD_FIELDS) || n >= sizeof(name))
		return NULL;
	for (size_t k = 0; k <= n; k++)
		name[k] = opt[k] == '-' ? '_' : opt[k];
	e = pl_entity((enum pl_entity_id)cmd->entity);
	i = pl_field_index(e, name);
	if (i < 0 || (e->fields[i].flags & PL_F_SYSTEM))
		return NULL;
	return e->fields[i].name;
}

enum { HELP_NONE, HELP_SHOW, HELP_VERSION };

static int parse(struct ctx *c, int argc, char **argv, int *help)
{
	const char *group = NULL;
	const struct command *single = NULL; /* a command that is also a group's first word */
	int only_pos = 0;

	for (int i = 1; i < argc; i++) {
		char *t = argv[i];
		if (!only_pos && !strcmp(t, "--")) {
			only_pos = 1;
			continue;
		}
		if (!only_pos && (!strcmp(t, "-h") || !strcmp(t, "--help"))) {
			*help = HELP_SHOW;
			continue;
		}
		if (!only_pos && t[0] == '-' && t[1] == '-' && t[2]) {
			char *name = t + 2, *eq = strchr(name, '='), *val = NULL;
			const struct opt *o;
			const char *field;
			if (eq) {
				*eq = '\0';
				val = eq + 1;
			}
			o = find_opt(cli_global_opts, name);
			if (single && !o) { /* an option of the command: it is the one-word one */
				c->cmd = single;
				single = NULL;
			}
			field = c->cmd ? field_of(c->cmd, name) : NULL;
			if (!o && c->cmd && !field)
				o = find_opt(c->cmd->opts, name);
			if (!o && !field) {
				if (!c->cmd)
					return usage_error(
					        c, "unknown option --%s%s", name,
					        group ? ""
					              : " (options of a command come after it)");
				return usage_error(c,
				                   "%s: unknown option --%s (see parley %s --help)",
				                   c->cmd->name, name, c->cmd->name);
			}
			if (field || o->arg) {
				if (!val) {
					if (i + 1 >= argc)
						return usage_error(c, "--%s needs a value", name);
					val = argv[++i];
				}
			} else if (val) {
				return usage_error(c, "--%s takes no value", name);
			}
			if (!strcmp(name, "version") && o == find_opt(cli_global_opts, name)) {
				*help = HELP_VERSION;
				continue;
			}
			if (o == find_opt(cli_global_opts, "db"))
				c->db_path = val;
			else if (o == find_opt(cli_global_opts, "as"))
				c->as = val;
			else if (o == find_opt(cli_global_opts, "password-fd"))
				c->password_fd = val;
			else if (o == find_opt(cli_global_opts, "json"))
				c->json = 1;
			else if (o == find_opt(cli_global_opts, "wide"))
				c->wide = 1;
			else if (o == find_opt(cli_global_opts, "quiet"))
				c->quiet = 1;
			else if (field) {
				if (args_add_kv(c, field, val))
					return PL_EUSAGE;
			} else {
				if (!o->repeat && opt_has(c, o->name))
					return usage_error(c, "%s: --%s given twice", c->cmd->name,
					                   name);
				if (add_opt(c, o->name, val))
					return PL_EUSAGE;
			}
			continue;
		}
		if (!only_pos && t[0] == '-' && t[1] && !(t[1] >= '0' && t[1] <= '9'))
			return usage_error(c, "unknown option %s", t);
		/* a word */
		if (!c->cmd) {
			char name[64];
			if (group)
				snprintf(name, sizeof(name), "%s %s", group, t);
			else
				snprintf(name, sizeof(name), "%s", t);
			c->cmd = command_find(name);
			if (c->cmd && group)
				single = NULL; /* the two-word command it was */
			if (c->cmd && !group && command_is_group(t)) {
				/* "match FILE" and "match review RUN": the next word decides */
				single = c->cmd;
				c->cmd = NULL;
				group = t;
				continue;
			}
			if (!c->cmd && single) {
				c->cmd = single;
				single = NULL;
				if (c->a.npos >= (int)(sizeof(c->a.pos) / sizeof(c->a.pos[0])))
					return usage_error(c, "too many arguments");
				c->a.pos[c->a.npos++] = t;
				continue;
			}
			if (!c->cmd) {
				if (!group && command_is_group(t)) {
					group = t;
					continue;
				}
				if (group)
					return usage_error(
					        c, "no command '%s %s' (see parley %s --help)",
					        group, t, group);
				return usage_error(c, "no command '%s' (see parley --help)", t);
			}
			continue;
		}
		if ((c->cmd->flags & CMD_FIELDS) && strchr(t, '=') && !only_pos) {
			char *eq = strchr(t, '=');
			const char *field;
			*eq = '\0';
			field = field_of(c->cmd, t);
			if (field) {
				if (args_add_kv(c, field, eq + 1))
					return PL_EUSAGE;
				continue;
			}
			*eq = '=';
		}
		if (c->a.npos >= (int)(sizeof(c->a.pos) / sizeof(c->a.pos[0])))
			return usage_error(c, "too many arguments");
		c->a.pos[c->a.npos++] = t;
	}
	if (!c->cmd && single)
		c->cmd = single;
	c->group = c->cmd ? NULL : group;
	if (!c->cmd && group && !*help)
		return usage_error(c, "%s: which command? (see parley %s --help)", group, group);
	if (!c->cmd && group)
		c->err.msg[0] = '\0';
	return 0;
}

/*
 * Proves the account of --as: by this OS user when the account is bound to it, else by
 * its password (--password-fd, or the terminal). The library decides and records.
 */
static int authenticate(struct ctx *c)
{
	char pw[256] = "";
	int rc;
	if (!c->as || !*c->as)
		return usage_error(c, "say which account acts: --as NAME or PARLEY_AS");
	if (!pl_account_bound_here(c->db, c->as) && (rc = read_password(c, c->as, pw, sizeof(pw))))
		return rc;
	rc = pl_authenticate(c->db, c->as, pw[0] ? pw : NULL, PL_AUTH_OS_USER, &c->actor, &c->err);
	sodium_memzero(pw, sizeof(pw));
	return rc;
}

static int run(struct ctx *c)
{
	const struct command *cmd = c->cmd;
	unsigned flags = 0;
	int rc;

	if (c->a.npos < cmd->min_pos)
		return usage_error(c, "%s: missing argument (usage: parley %s %s)", cmd->name,
		                   cmd->name, cmd->usage);
	if (cmd->max_pos >= 0 && c->a.npos > cmd->max_pos)
		return usage_error(c, "%s: unexpected argument '%s' (usage: parley %s %s)",
		                   cmd->name, c->a.pos[cmd->max_pos], cmd->name, cmd->usage);
	for (const struct opt *o = cmd->opts; o && o->name; o++)
		if (o->required && !opt_has(c, o->name))
			return usage_error(c, "%s: --%s %s is required", cmd->name, o->name,
			                   o->arg ? o->arg : "");
	if (!(cmd->flags & CMD_FIELDS) && c->a.nkv)
		return usage_error(c, "%s: takes no fields", cmd->name);
	if (!c->db_path)
		c->db_path = getenv("PARLEY_DB");
	if (!c->db_path || !*c->db_path)
		c->db_path = "parley.db";
	if (!c->as)
		c->as = getenv("PARLEY_AS");
	if (cmd->flags & (CMD_DB | CMD_CREATE)) {
		if (cmd->flags & CMD_CREATE)
			flags |= PL_OPEN_CREATE;
		if ((rc = pl_db_open(c->db_path, flags, &c->db, &c->err)))
			return rc;
	}
	if (cmd->flags & CMD_ACTOR) {
		if ((rc = authenticate(c)))
			return rc;
	} else if (!(c->actor = pl_actor_system())) {
		return pl_error_set(&c->err, PL_EDATA, "out of memory");
	}
	progress_setup(c); /* after the password: Ctrl-C at its prompt ends parley */
	rc = cmd->run(c);
	progress_clear();
	return rc;
}

/* 1 when standard output carries data a program reads (JSON, CSV, JSON Lines): written
 * as it is, but to a terminal. */
static int data_output(const struct ctx *c)
{
	const char *out;
	if (c->json || !c->cmd)
		return c->json;
	if (!strcmp(c->cmd->name, "export"))
		return 1;
	if (!strcmp(c->cmd->name, "stats exchanges") && opt_has(c, "csv"))
		return 1;
	if (!strcmp(c->cmd->name, "match") && (out = opt_get(c, "output")) && strcmp(out, "table"))
		return 1;
	return !strcmp(c->cmd->name, "complete");
}

/*
 * The language of text output, as gettext chooses it: the first of LC_ALL, LC_MESSAGES
 * and LANG that is set names the locale; under "C" or "POSIX" parley speaks English,
 * else LANGUAGE (a list such as "uk:en") when set, else the locale's language. The
 * locale need not be installed: the catalogues are parley's own.
 */
static enum pl_ui_lang choose_lang(void)
{
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"}, *loc = NULL, *list;
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]) && !loc; i++)
		if ((loc = getenv(vars[i])) && !*loc)
			loc = NULL;
	if (!loc || !strcmp(loc, "C") || !strcmp(loc, "POSIX"))
		return PL_UI_EN;
	list = getenv("LANGUAGE");
	return pl_lang_choose(list && *list ? list : loc);
}

int main(int argc, char **argv)
{
	struct ctx c;
	int help = HELP_NONE, rc;

	memset(&c, 0, sizeof(c));
	umask(077); /* data files, backups and exports: the owner's alone */
	term_setup_stderr();
	if (pl_global_init(&c.err)) {
		fail(&c, PL_EDATA);
		term_finish();
		return PL_EDATA;
	}
	cli_lang = choose_lang();
	if ((rc = parse(&c, argc, argv, &help))) {
		fprintf(stderr, "%s: %s\n", prog, c.err.msg);
		term_finish();
		return rc;
	}
	term_setup_stdout(!data_output(&c));
	cli_columns = c.wide ? 0 : term_columns();
	if (help == HELP_VERSION) {
		printf("parley %s (schema %d)\n", PARLEY_VERSION, pl_db_schema_latest());
		return term_finish() ? PL_EDATA : 0;
	}
	if (help == HELP_SHOW || !c.cmd) {
		if (c.cmd)
			doc_help(stdout, c.cmd);
		else if (c.group && help)
			doc_help_group(stdout, c.group);
		else
			doc_help_all(help ? stdout : stderr);
		term_finish();
		return help ? 0 : PL_EUSAGE;
	}
	rc = run(&c);
	pl_actor_free(c.actor);
	pl_db_close(c.db);
	if (fflush(stdout) || ferror(stdout) ||
	    (stdout != cli_raw_stdout && (fflush(cli_raw_stdout) || ferror(cli_raw_stdout)))) {
		fprintf(stderr, "%s: write error on standard output: %s\n", prog, strerror(errno));
		term_finish();
		return rc ? rc : PL_EDATA;
	}
	if (rc)
		say_error(&c.err);
	if (term_finish() && !rc)
		rc = PL_EDATA;
	return rc;
}
