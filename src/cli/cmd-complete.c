/* cmd-complete.c - parley complete: the candidates of the bash completion, from the table
 *
 * completion/parley.bash hands the words of the command line, up to the one being
 * completed, to the parley being completed; this file reads them as parley.c's parser
 * would (global options anywhere, a group's second word, option values, fields) and
 * prints what may come next, from the command table and the library's token lists, so
 * the completion is as true as --help. It needs no data file and never fails loudly:
 * a line it cannot follow gets no candidates.
 */
#include <string.h>

#include "cli.h"
#include "banned.h"

struct walk {
	const char *group;            /* a first word waiting for its second */
	const struct command *single; /* the one-word command that group is too (match) */
	const struct command *cmd;
	int npos;
	const char *pos[2];
	const struct opt *want; /* the option whose value is the next word */
	const struct pl_field *want_field;
	const char *seen[64]; /* options and fields given */
	int nseen;
	int only_pos, lost;
};

static const struct opt *opt_in(const struct opt *o, const char *name, size_t n)
{
	for (; o && o->name; o++)
		if (strlen(o->name) == n && !strncmp(o->name, name, n))
			return o;
	return NULL;
}

/* The field called name (n bytes, - or _) of a field-taking command, or NULL. */
static const struct pl_field *field_in(const struct command *c, const char *name, size_t n)
{
	const struct pl_entity *e;
	char key[64];
	int i;
	if (!c || !(c->flags & CMD_FIELDS) || n >= sizeof(key))
		return NULL;
	for (size_t k = 0; k < n; k++)
		key[k] = name[k] == '-' ? '_' : name[k];
	key[n] = '\0';
	e = pl_entity((enum pl_entity_id)c->entity);
	i = pl_field_index(e, key);
	return i < 0 || (e->fields[i].flags & PL_F_SYSTEM) ? NULL : &e->fields[i];
}

static void seen_add(struct walk *w, const char *name)
{
	if (w->nseen < (int)(sizeof(w->seen) / sizeof(w->seen[0])))
		w->seen[w->nseen++] = name;
}

static int was_seen(const struct walk *w, const char *name)
{
	for (int i = 0; i < w->nseen; i++)
		if (!strcmp(w->seen[i], name))
			return 1;
	return 0;
}

static void word(struct walk *w, const char *t)
{
	char name[128];
	const struct command *c;
	if (w->cmd) {
		const char *eq = strchr(t, '=');
		if (eq && !w->only_pos && field_in(w->cmd, t, (size_t)(eq - t))) {
			seen_add(w, field_in(w->cmd, t, (size_t)(eq - t))->name);
			return;
		}
		if (w->npos < 2)
			w->pos[w->npos] = t;
		w->npos++;
		return;
	}
	if (w->group) {
		snprintf(name, sizeof(name), "%s %s", w->group, t);
		if ((c = command_find(name))) {
			w->cmd = c;
		} else if (w->single) {
			w->cmd = w->single;
			w->pos[w->npos++] = t;
		} else {
			w->lost = 1;
		}
		w->group = NULL;
		return;
	}
	c = command_find(t);
	if (command_is_group(t)) {
		w->group = t;
		w->single = c;
	} else if (c) {
		w->cmd = c;
	} else {
		w->lost = 1;
	}
}

static void option(struct walk *w, const char *t)
{
	const char *name = t + 2, *eq = strchr(name, '=');
	size_t n = eq ? (size_t)(eq - name) : strlen(name);
	const struct opt *o = opt_in(cli_global_opts, name, n);
	const struct pl_field *f = NULL;
	if (!o && w->group && w->single) { /* an option of the one-word command */
		w->cmd = w->single;
		w->group = NULL;
	}
	if (!o && w->cmd)
		o = opt_in(w->cmd->opts, name, n);
	if (!o)
		f = field_in(w->cmd, name, n);
	if (o)
		seen_add(w, o->name);
	if (f)
		seen_add(w, f->name);
	if (!eq) {
		w->want = o && o->arg ? o : NULL;
		w->want_field = f;
	}
}

/* Prints pre + s when it starts with cur. */
static void put(const char *cur, const char *pre, const char *s, const char *post)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "%s%s%s", pre, s, post);
	if (n > 0 && (size_t)n < sizeof(line) && !strncmp(line, cur, strlen(cur)))
		printf("%s\n", line);
}

static void put_values(const char *cur, const char *pre, const struct values *v, const char *ref)
{
	const char *t;
	for (int i = 0; (t = values_token(v, ref, i)); i++)
		put(cur, pre, t, "");
}

static void put_field_values(const char *cur, const char *pre, const struct pl_field *f)
{
	for (int i = 0; f && f->type == PL_V_ENUM && f->tokens[i]; i++)
		put(cur, pre, f->tokens[i], "");
}

/* The first words of every command (group NULL), or the second words of group's. */
static void put_commands(const char *cur, const char *group)
{
	size_t n = group ? strlen(group) : 0;
	for (size_t t = 0; t < cli_ntables; t++)
		for (const struct command *c = cli_tables[t]; c->name; c++) {
			char first[64];
			int again = 0;
			if (group) {
				if (!strncmp(c->name, group, n) && c->name[n] == ' ')
					put(cur, "", c->name + n + 1, "");
				continue;
			}
			command_group(c, first, sizeof(first));
			for (size_t u = 0; u <= t && !again; u++)
				for (const struct command *d = cli_tables[u]; d->name && d != c;
				     d++)
					if (!strncmp(d->name, first, strlen(first)) &&
					    (d->name[strlen(first)] == ' ' ||
					     !d->name[strlen(first)]))
						again = 1;
			if (!again)
				put(cur, "", first, "");
		}
}

static void put_options(const struct walk *w, const char *cur)
{
	const struct command *cmd = w->cmd ? w->cmd : w->single;
	for (const struct opt *o = cli_global_opts; o->name; o++)
		if (!was_seen(w, o->name))
			put(cur, "--", o->name, "");
	for (const struct opt *o = cmd ? cmd->opts : NULL; o && o->name; o++)
		if (o->repeat || !was_seen(w, o->name))
			put(cur, "--", o->name, "");
	if (cmd && (cmd->flags & CMD_FIELDS)) {
		const struct pl_entity *e = pl_entity((enum pl_entity_id)cmd->entity);
		for (size_t i = 0; i < e->nfields; i++) {
			char dashed[64];
			size_t k;
			if ((e->fields[i].flags & PL_F_SYSTEM) || was_seen(w, e->fields[i].name))
				continue;
			for (k = 0; e->fields[i].name[k] && k + 1 < sizeof(dashed); k++)
				dashed[k] =
				        e->fields[i].name[k] == '_' ? '-' : e->fields[i].name[k];
			dashed[k] = '\0';
			put(cur, "--", dashed, "");
		}
	}
}

/* What the current word cur may be, after the words w has read. */
static void candidates(struct walk *w, const char *cur)
{
	const struct values *arg = NULL;
	int files = 0;

	if (w->lost) {
		printf("words\n");
		return;
	}
	/* the value of an option: "--side <TAB>" or "--side=<TAB>" */
	if (!w->want && !w->want_field && !w->only_pos && !strncmp(cur, "--", 2) &&
	    strchr(cur, '=')) {
		const char *name = cur + 2;
		size_t n = (size_t)(strchr(cur, '=') - name);
		const struct opt *o = opt_in(cli_global_opts, name, n);
		const struct pl_field *f = NULL;
		char pre[128];
		const struct command *cmd = w->cmd ? w->cmd : w->single;
		if (!o && cmd)
			o = opt_in(cmd->opts, name, n);
		if (!o)
			f = field_in(cmd, name, n);
		snprintf(pre, sizeof(pre), "--%.*s=", (int)n, name);
		printf("%s\n", o && o->values.kind == VAL_FILE ? "files" : "words");
		if (o && o->arg)
			put_values(cur, pre, &o->values, w->npos ? w->pos[0] : NULL);
		put_field_values(cur, pre, f);
		return;
	}
	if (w->want || w->want_field) {
		printf("%s\n", w->want && w->want->values.kind == VAL_FILE ? "files" : "words");
		if (w->want)
			put_values(cur, "", &w->want->values, w->npos ? w->pos[0] : NULL);
		put_field_values(cur, "", w->want_field);
		return;
	}
	if (!w->only_pos && cur[0] == '-') {
		printf("words\n");
		put_options(w, cur);
		return;
	}
	if (!w->cmd) {
		if (w->group && w->single && w->single->args[0].kind == VAL_FILE)
			files = 1;
		printf("%s\n", files ? "files" : "words");
		put_commands(cur, w->group);
		if (w->group && w->single)
			put_values(cur, "", &w->single->args[0], NULL);
		return;
	}
	if (w->npos < 2 && (w->cmd->max_pos < 0 || w->npos < w->cmd->max_pos))
		arg = &w->cmd->args[w->npos];
	if ((w->cmd->flags & CMD_FIELDS) && strchr(cur, '=') && !w->only_pos) {
		char pre[128];
		size_t n = (size_t)(strchr(cur, '=') - cur);
		snprintf(pre, sizeof(pre), "%.*s=", (int)n, cur);
		printf("words\n");
		put_field_values(cur, pre, field_in(w->cmd, cur, n));
		return;
	}
	printf("%s\n", arg && arg->kind == VAL_FILE ? "files" : "words");
	if (arg && arg->kind == VAL_COMMAND)
		put_commands(cur, w->npos == 0                  ? NULL
		                  : command_is_group(w->pos[0]) ? w->pos[0]
		                                                : "");
	else if (arg)
		put_values(cur, "", arg, w->npos ? w->pos[0] : NULL);
	if ((w->cmd->flags & CMD_FIELDS) && w->npos >= w->cmd->min_pos && !w->only_pos) {
		const struct pl_entity *e = pl_entity((enum pl_entity_id)w->cmd->entity);
		for (size_t i = 0; i < e->nfields; i++)
			if (!(e->fields[i].flags & PL_F_SYSTEM) && !was_seen(w, e->fields[i].name))
				put(cur, "", e->fields[i].name, "=");
	}
}

static int run_complete(struct ctx *c)
{
	struct walk w;
	int last = c->a.npos - 1;

	memset(&w, 0, sizeof(w));
	for (int i = 0; i < last; i++) {
		const char *t = c->a.pos[i];
		if (w.want || w.want_field) {
			w.want = NULL;
			w.want_field = NULL;
			continue;
		}
		if (!w.only_pos && !strcmp(t, "--"))
			w.only_pos = 1;
		else if (!w.only_pos && t[0] == '-' && t[1] == '-' && t[2])
			option(&w, t);
		else if (!w.only_pos && t[0] == '-' && t[1])
			continue; /* -h */
		else
			word(&w, t);
	}
	candidates(&w, last >= 0 ? c->a.pos[last] : "");
	return 0;
}

const struct command cmd_complete[] = {
        {.name = "complete",
         .usage = "-- WORD...",
         .summary = "print what may come next on a command line (for the bash completion)",
         .description =
                 "Reads WORD... as the words of a parley command line after `parley`, the last "
                 "one the word being completed (empty for a new word), and prints what it may "
                 "be, one candidate a line after a first line that says `words`, or `files` "
                 "when a file name is expected there too (the shell completes those). The "
                 "candidates are commands, a group's subcommands, options (the command's, the "
                 "global ones), `--FIELD` and `FIELD=` of the commands that take fields, and "
                 "the values of an option or argument: the tokens of its field (statuses, "
                 "kinds, sides, health categories, sexes, event and evidence kinds, relations, "
                 "channels), roles, formats, sources, transliteration systems; after a "
                 "reference, a status of its side. Words it cannot follow give none. Needs no "
                 "data file.\n\n"
                 "completion/parley.bash in parley's source tree, installed as "
                 "/usr/share/bash-completion/completions/parley, calls it: the completion "
                 "always agrees with the parley it completes, installed or in a build tree.",
         .examples = "parley complete -- person st  # words, then status\n"
                     "parley complete -- person status U-000001 ''  # the statuses of a captive\n"
                     "parley complete -- import ''  # files",
         .max_pos = -1,
         .args = {V_COMMAND},
         .run = run_complete},
        {.name = NULL},
};
