/* doc.c - one renderer of the manual from the command table: --help, man pages, plain text
 *
 * Every word of parley's documentation about a command comes from its entry in the
 * table (struct command in cli.h): its usage, summary, description, options with
 * their values, fields and examples. This file renders them three ways, so that
 * `parley X --help`, the man page parley-<group>(1) and `parley help X` cannot
 * disagree: DOC_HELP (the compact --help), DOC_MAN (troff for man(1)) and DOC_TEXT
 * (the same page as plain text, for machines without man). The overview parley(1)
 * adds the hand-written sections below (the data file, the audit trail, backups).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parley/strbuf.h"
#include "cli.h"
#include "banned.h"

#define WIDTH 80 /* text forms wrap here */
#define INDENT 7 /* text forms: the margin of a section's body, as man(1) has it */

/* Exit statuses: the short word of --help and the sentence of the man pages. */
static const struct {
	int code;
	const char *word, *text;
} exit_statuses[] = {
        {PL_OK, "ok", "Success."},
        {PL_EDATA, "bad data",
         "Bad data: a value, a row or a change parley refuses, naming what is wrong; also a "
         "failure outside its control (a file that cannot be read or written, memory)."},
        {PL_EUSAGE, "usage",
         "Usage: an unknown command or option, a missing or extra argument, a value an option "
         "does not take."},
        {PL_ENOTFOUND, "not found", "Not found: no such person, account, record or file."},
        {PL_EPERM, "permission denied",
         "Permission denied: the acting account's roles may not do this (the refusal is "
         "audited)."},
        {PL_EINTEGRITY, "integrity failure",
         "Integrity failure: the data file or its audit trail is damaged or was changed behind "
         "parley's back."},
        {PL_EINTR, "interrupted",
         "Interrupted: Ctrl-C (SIGINT) stopped a long command (import, export, backup, match, "
         "dedup, the name index, audit verify, demo) at its next progress report; it wrote "
         "nothing: the data file is as it was (a backup's trail records that it failed) and "
         "no partial export or backup file is left. A second Ctrl-C ends parley at once."},
};

/*
 * The overview page parley(1): what no command's page says. Written here, in the
 * markup of a command's description; the sections about the commands, the global
 * options, exit statuses and the environment are rendered from the tables.
 */
static const char overview_name[] =
        "the registry of an office that brings prisoners of war and detained civilians home";

static const char overview_description[] =
        "`parley` keeps, in one SQLite file, the registry of captives (our people held by the "
        "other side, references `U-000123`) and detainees (people we hold who may be exchanged, "
        "references `R-000045`): their identity, status with its whole history, events, "
        "evidence, relatives and the inquiries of families; the lists that arrive from the "
        "other side, matched to the registry and reviewed; the audit trail of every write.\n\n"
        "Each command has a page of its own, named after its first word as git's are: "
        "`parley-person`(1) for `person add`, `person status` and the other person commands, "
        "`parley-import`(1) for `import`. `parley help COMMAND` shows it (through man where "
        "the page is installed, as plain text otherwise) and `parley COMMAND --help` prints the "
        "same in short.\n\n"
        "Options may come before or after the arguments. Every command takes `-h`, `--help`. "
        "Fields of a person, relative or inquiry are given as `--FIELD VALUE` or `FIELD=VALUE` "
        "(a field's name with - or _); the values every field takes, the same on the command "
        "line, in files and in JSON, are listed in docs/values.md.";

static const struct {
	const char *title, *text;
} overview_sections[] = {
        {"THE DATA FILE",
         "One SQLite file (`--db FILE`, else `$PARLEY_DB`, else `./parley.db`), made by `parley "
         "init` with mode 0600, in WAL mode with `synchronous=FULL`: a change is on disk when "
         "parley says it is done. The file holds its schema version; a file made by a newer "
         "parley is refused, and one that is not parley's is refused with exit status 5. "
         "Attached evidence files are stored inside it, once per content (by BLAKE2b hash). "
         "Files parley writes (data files, backups, exports) are readable by their owner "
         "alone.\n\n"
         "Every command but `init`, `audit verify`, `translit`, `help` and `complete` acts as "
         "an account: `--as NAME` or `$PARLEY_AS` (`restore` as an admin of the backup); "
         "naming none is a usage error. An account acts only with proof: its binding to the "
         "operating-system user running parley (`account add --os-user`, `account bind`), or "
         "its password, read from the file descriptor `--password-fd N` names or asked on the "
         "terminal without echo. Root is no exception. A wrong password is refused (exit "
         "status 4) and recorded; after five in a row the account waits before its password is "
         "tried again. What each role may do and see is the table in docs/permissions.md; a "
         "value a role may not see is shown as [restricted]."},
        {"THE AUDIT TRAIL",
         "Every write, and every read of a restricted value (medical notes, relatives' "
         "contacts), appends an audit record in the same transaction: the time (UTC), the "
         "account, the operating-system user, the action, the object, the names of the fields "
         "written (never their values) and a hash of the row written. Records are chained with "
         "BLAKE2b, so `parley audit verify` finds any edit, deletion or reordering (exit status "
         "5, naming the record); with a head kept elsewhere (`parley audit head`) it also finds "
         "truncation; `--deep` compares every data row with its last audited write. See "
         "`parley-audit`(1)."},
        {"BACKUPS",
         "`parley backup FILE` copies the live file while others keep reading (writes wait), "
         "then checks the copy (SQLite's integrity check and the whole audit trail) before "
         "reporting it; its audit record ends both the file's trail and the copy's, and a backup "
         "that fails or is stopped writes nothing; with "
         "`--encrypt` the copy is encrypted with a passphrase (argon2id, XChaCha20-Poly1305). "
         "`parley --db NEW.db --as ADMIN restore FILE` brings a backup back as a new file, checks "
         "it again and records the restore in its audit trail. See `parley-backup`(1) and "
         "`parley-restore`(1)."},
};

static const struct {
	const char *name, *text;
} environment[] = {
        {"PARLEY_DB", "The data file, when `--db` is not given (default `./parley.db`)."},
        {"PARLEY_AS", "The acting account, when `--as` is not given."},
        {"PARLEY_PASSPHRASE",
         "The passphrase of an encrypted backup (`backup --encrypt`, `restore`), when no "
         "`--passphrase-file` is given; else it is asked on the terminal."},
};

static const char overview_files[] =
        "`./parley.db`: the data file when neither `--db` nor `$PARLEY_DB` names one.\n\n"
        "In parley's source tree: docs/permissions.md (who may do and see what), "
        "docs/values.md (the values of every field), docs/import.md (the formats of import, "
        "export and match files), docs/matching.md (how lists are matched).";

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- writing ---------------------------------------------------------------------------- */

struct doc {
	FILE *f;
	enum doc_form form;
	int fresh; /* DOC_MAN: nothing written since the last heading (no .PP needed) */
	int blank; /* DOC_TEXT: a blank line is owed before the next paragraph */
};

/* troff text: \ - and a leading . or ' escaped, `literal` in bold. */
static void man_put(FILE *f, const char *s, size_t n, int line_start)
{
	int bold = 0;
	if (n && line_start && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", f);
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '`':
			fputs(bold ? "\\fR" : "\\fB", f);
			bold = !bold;
			break;
		case '\\':
			fputs("\\e", f);
			break;
		case '-':
			fputs("\\-", f);
			break;
		case '\n':
			fputc(' ', f);
			break;
		default:
			fputc(s[i], f);
		}
	}
	if (bold)
		fputs("\\fR", f);
}

/* Plain text of n bytes of markup, wrapped at WIDTH: the first line starts at column col
 * (already written), the next ones at indent. Backquotes are dropped. */
static void text_wrap(FILE *f, const char *s, size_t n, size_t col, size_t indent)
{
	size_t i = 0;
	int first = 1;
	while (i < n) {
		size_t start, end, w = 0;
		while (i < n && (s[i] == ' ' || s[i] == '\n'))
			i++;
		if (i >= n)
			break;
		start = i;
		while (i < n && s[i] != ' ' && s[i] != '\n')
			i++;
		end = i;
		for (size_t k = start; k < end; k++)
			w += s[k] != '`' && ((unsigned char)s[k] & 0xC0) != 0x80;
		if (!first && col + 1 + w > WIDTH) {
			fputc('\n', f);
			col = 0;
		}
		if (!col) {
			fprintf(f, "%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		for (size_t k = start; k < end; k++)
			if (s[k] != '`')
				fputc(s[k], f);
		col += w;
		first = 0;
	}
	fputc('\n', f);
}

static void doc_section(struct doc *d, const char *title)
{
	if (d->form == DOC_MAN) {
		fprintf(d->f, ".SH \"%s\"\n", title);
		d->fresh = 1;
	} else {
		fprintf(d->f, "\n%s\n", title);
		d->blank = 0;
	}
}

static void doc_subsection(struct doc *d, const char *title)
{
	if (d->form == DOC_MAN) {
		fputs(".SS \"", d->f);
		man_put(d->f, title, strlen(title), 0);
		fputs("\"\n", d->f);
		d->fresh = 1;
	} else {
		fprintf(d->f, "%s   %s\n", d->blank ? "\n" : "", title);
		d->blank = 0;
	}
}

/* One paragraph of markup (a "- " item when bullet), at the body's margin (+extra). */
static void doc_paragraph(struct doc *d, const char *s, size_t n, int bullet, int extra)
{
	if (d->form == DOC_MAN) {
		if (bullet)
			fputs(".IP \\(bu 2\n", d->f);
		else if (!d->fresh)
			fputs(".PP\n", d->f);
		man_put(d->f, s, n, 1);
		fputc('\n', d->f);
		d->fresh = 0;
		return;
	}
	if (d->blank && !bullet)
		fputc('\n', d->f);
	if (d->form == DOC_HELP)
		extra -= INDENT;
	if (bullet) {
		fprintf(d->f, "%*s- ", INDENT + extra, "");
		text_wrap(d->f, s, n, (size_t)(INDENT + extra + 2), (size_t)(INDENT + extra + 2));
	} else {
		text_wrap(d->f, s, n, 0, (size_t)(INDENT + extra));
	}
	d->blank = 1;
}

/* Paragraphs of markup: separated by blank lines; "- " starts an item of a list. */
static void doc_markup(struct doc *d, const char *s, int extra)
{
	while (s && *s) {
		const char *end = strstr(s, "\n\n");
		size_t n = end ? (size_t)(end - s) : strlen(s);
		int bullet = n > 2 && s[0] == '-' && s[1] == ' ';
		if (bullet)
			doc_paragraph(d, s + 2, n - 2, 1, extra);
		else if (n)
			doc_paragraph(d, s, n, 0, extra);
		s += n;
		while (*s == '\n')
			s++;
	}
}

/* A tagged paragraph: the tag (markup; for options already troff when man_tag), the body
 * (markup) under it, indented. */
static void doc_item(struct doc *d, const char *tag, int man_tag, const char *body)
{
	if (d->form == DOC_MAN) {
		fputs(".TP\n", d->f);
		if (man_tag)
			fputs(tag, d->f);
		else
			man_put(d->f, tag, strlen(tag), 1);
		fputc('\n', d->f);
		man_put(d->f, body, strlen(body), 1);
		fputc('\n', d->f);
		d->fresh = 0;
		return;
	}
	if (d->blank)
		fputc('\n', d->f);
	text_wrap(d->f, tag, strlen(tag), 0, INDENT);
	text_wrap(d->f, body, strlen(body), 0, INDENT + 7);
	d->blank = 1;
}

/* ---- values ----------------------------------------------------------------------------- */

static const struct pl_field *field_named(const char *spec)
{
	const char *dot = strchr(spec, '.');
	if (!dot)
		return NULL;
	for (int e = 0; e < PL_ENT__MAX; e++) {
		const struct pl_entity *ent = pl_entity((enum pl_entity_id)e);
		int i;
		if (strlen(ent->name) != (size_t)(dot - spec) ||
		    strncmp(ent->name, spec, (size_t)(dot - spec)))
			continue;
		i = pl_field_index(ent, dot + 1);
		return i < 0 ? NULL : &ent->fields[i];
	}
	return NULL;
}

static const char *nth(const char *const *tokens, int i)
{
	for (int k = 0; tokens && tokens[k]; k++)
		if (k == i)
			return tokens[k];
	return NULL;
}

const char *values_token(const struct values *v, const char *ref, int i)
{
	const struct pl_field *f;
	if (i < 0)
		return NULL;
	switch (v->kind) {
	case VAL_TOKENS:
		return nth(v->tokens, i);
	case VAL_FIELD:
		f = field_named(v->field);
		return f && f->type == PL_V_ENUM ? nth(f->tokens, i) : NULL;
	case VAL_NAMES:
		return v->name(i);
	case VAL_STATUS:
		if (ref && (ref[0] == 'U' || ref[0] == 'u') && ref[1] == '-')
			return nth(pl_captive_statuses, i);
		if (ref && (ref[0] == 'R' || ref[0] == 'r') && ref[1] == '-')
			return nth(pl_detainee_statuses, i);
		f = field_named("status.status");
		return f ? nth(f->tokens, i) : NULL;
	default:
		return NULL;
	}
}

int values_check(const struct values *v, const char *where, struct pl_error *err)
{
	const struct pl_field *f;
	switch (v->kind) {
	case VAL_FIELD:
		f = v->field ? field_named(v->field) : NULL;
		if (!f || f->type != PL_V_ENUM)
			return pl_error_set(err, PL_EDATA, "%s: '%s' is no field with tokens",
			                    where, v->field ? v->field : "");
		return 0;
	case VAL_TOKENS:
	case VAL_NAMES:
		if (!values_token(v, NULL, 0))
			return pl_error_set(err, PL_EDATA, "%s: a list of values with no value",
			                    where);
		return 0;
	default:
		return 0;
	}
}

/* "one of `a`, `b`, `c`" into sb. */
static void add_tokens(struct strbuf *sb, const struct values *v, const char *ref)
{
	const char *t;
	for (int i = 0; (t = values_token(v, ref, i)); i++)
		strbuf_addf(sb, "%s`%s`", i ? ", " : "", t);
}

/* The sentence a page adds about a value: what it may be. */
static void add_values(struct strbuf *sb, const struct values *v)
{
	switch (v->kind) {
	case VAL_TOKENS:
	case VAL_FIELD:
	case VAL_NAMES:
		strbuf_adds(sb, " One of ");
		add_tokens(sb, v, NULL);
		strbuf_adds(sb, ".");
		break;
	case VAL_STATUS:
		strbuf_adds(sb, " A captive's status (");
		add_tokens(sb, v, "U-");
		strbuf_adds(sb, ") or a detainee's (");
		add_tokens(sb, v, "R-");
		strbuf_adds(sb, "), as the reference says.");
		break;
	default:
		break;
	}
}

/* Ends what sb holds with a full stop, unless it has one. */
static void full_stop(struct strbuf *sb)
{
	if (!sb->len || sb->buf[sb->len - 1] != '.')
		strbuf_addch(sb, '.');
}

/* ---- the parts of a page ---------------------------------------------------------------- */

/* "--side SIDE" as an item's tag: troff or text. */
static void opt_tag(struct strbuf *sb, enum doc_form form, const struct opt *o)
{
	if (form == DOC_MAN) {
		strbuf_adds(sb, "\\fB\\-\\-");
		for (const char *p = o->name; *p; p++)
			strbuf_adds(sb, *p == '-' ? "\\-" : (char[2]){*p, 0});
		strbuf_adds(sb, "\\fR");
		if (o->arg) {
			strbuf_adds(sb, " \\fI");
			for (const char *p = o->arg; *p; p++)
				strbuf_adds(sb, *p == '-'    ? "\\-"
				                : *p == '\\' ? "\\e"
				                             : (char[2]){*p, 0});
			strbuf_adds(sb, "\\fR");
		}
	} else {
		strbuf_addf(sb, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
	}
}

static int opt_items(struct doc *d, const struct opt *opts, const char *where, struct pl_error *err)
{
	for (const struct opt *o = opts; o && o->name; o++) {
		struct strbuf tag = STRBUF_INIT, body = STRBUF_INIT;
		char what[128];
		int rc;
		snprintf(what, sizeof(what), "%s --%s", where, o->name);
		if ((rc = values_check(&o->values, what, err)))
			return rc;
		opt_tag(&tag, d->form, o);
		strbuf_adds(&body, o->help);
		if (o->required)
			strbuf_adds(&body, " (required)");
		if (o->repeat)
			strbuf_adds(&body, " (repeatable)");
		full_stop(&body);
		add_values(&body, &o->values);
		if (tag.failed || body.failed)
			rc = pl_error_set(err, PL_EDATA, "out of memory");
		else
			doc_item(d, strbuf_str(&tag), d->form == DOC_MAN, strbuf_str(&body));
		strbuf_release(&tag);
		strbuf_release(&body);
		if (rc)
			return rc;
	}
	return 0;
}

static int field_items(struct doc *d, const struct command *c, struct pl_error *err)
{
	const struct pl_entity *e = pl_entity((enum pl_entity_id)c->entity);
	for (size_t i = 0; i < e->nfields; i++) {
		const struct pl_field *fl = &e->fields[i];
		struct strbuf tag = STRBUF_INIT, body = STRBUF_INIT;
		struct values v = {.kind = VAL_TOKENS, .tokens = fl->tokens};
		int rc = 0;
		if (fl->flags & PL_F_SYSTEM)
			continue;
		strbuf_addf(&tag, "`%s`", fl->name);
		strbuf_adds(&body, fl->doc ? fl->doc : fl->name);
		full_stop(&body);
		if (fl->type == PL_V_ENUM)
			add_values(&body, &v);
		if (fl->flags & PL_F_REQUIRED)
			strbuf_adds(&body, " Required.");
		if (fl->flags & PL_F_CAPTIVE)
			strbuf_adds(&body, " Captives only.");
		if (fl->flags & PL_F_DETAINEE)
			strbuf_adds(&body, " Detainees only.");
		if (fl->flags & PL_F_FIXED)
			strbuf_adds(&body, " Set when the row is made, never edited.");
		if (fl->flags & PL_F_NOEDIT)
			strbuf_adds(&body, " Changed by its own command, not by an edit.");
		if ((fl->flags & PL_F_RESTRICTED) && !(fl->doc && strstr(fl->doc, "restricted")))
			strbuf_adds(&body, " Restricted.");
		if (tag.failed || body.failed)
			rc = pl_error_set(err, PL_EDATA, "out of memory");
		else
			doc_item(d, strbuf_str(&tag), 0, strbuf_str(&body));
		strbuf_release(&tag);
		strbuf_release(&body);
		if (rc)
			return rc;
	}
	return 0;
}

/* "Add a captive or a detainee; prints the reference." from a summary. */
static void sentence(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);
	if (n && s[0] >= 'a' && s[0] <= 'z') {
		strbuf_addch(sb, (char)(s[0] - 'a' + 'A'));
		s++;
		n--;
	}
	strbuf_adds(sb, s);
	if (n && s[n - 1] != '.')
		strbuf_addch(sb, '.');
}

static void synopsis_line(struct doc *d, const char *name, const char *usage)
{
	if (d->form == DOC_MAN) {
		fputs("\\fBparley ", d->f);
		man_put(d->f, name, strlen(name), 0);
		fputs("\\fR", d->f);
		if (usage && *usage) {
			fputc(' ', d->f);
			man_put(d->f, usage, strlen(usage), 0);
		}
		fputs("\n.br\n", d->f);
		d->fresh = 0;
	} else {
		char line[512];
		snprintf(line, sizeof(line), "parley %s%s%s", name, usage && *usage ? " " : "",
		         usage ? usage : "");
		fprintf(d->f, "%*s", INDENT, "");
		text_wrap(d->f, line, strlen(line), INDENT, INDENT + 7);
	}
}

static void example_lines(struct doc *d, const char *ex)
{
	if (d->form == DOC_MAN) {
		if (!d->fresh)
			fputs(".PP\n", d->f);
		fputs(".RS 4\n.nf\n", d->f);
	} else if (d->blank) {
		fputc('\n', d->f);
	}
	while (ex && *ex) {
		const char *nl = strchr(ex, '\n');
		size_t n = nl ? (size_t)(nl - ex) : strlen(ex);
		if (d->form == DOC_MAN) {
			man_put(d->f, ex, n, 1);
			fputc('\n', d->f);
		} else {
			fprintf(d->f, "%*s%.*s\n", d->form == DOC_HELP ? 2 : INDENT + 4, "", (int)n,
			        ex);
		}
		ex += n;
		if (*ex)
			ex++;
	}
	if (d->form == DOC_MAN)
		fputs(".fi\n.RE\n", d->f);
	d->fresh = 0;
	d->blank = 1;
}

static void global_items(struct doc *d)
{
	struct pl_error err;
	opt_items(d, cli_global_opts, "global", &err); /* no values: cannot fail */
}

static void exit_items(struct doc *d)
{
	for (size_t i = 0; i < N(exit_statuses); i++) {
		char tag[16];
		snprintf(tag, sizeof(tag), "%d", exit_statuses[i].code);
		doc_item(d, tag, 0, exit_statuses[i].text);
	}
}

void command_group(const struct command *c, char *out, size_t cap)
{
	const char *sp = strchr(c->name, ' ');
	size_t n = sp ? (size_t)(sp - c->name) : strlen(c->name);
	snprintf(out, cap, "%.*s", (int)n, c->name);
}

static int in_group(const struct command *c, const char *group)
{
	size_t n = strlen(group);
	return !strncmp(c->name, group, n) && (c->name[n] == ' ' || !c->name[n]);
}

#define FOR_EACH_COMMAND(c)                                                                        \
	for (size_t t_ = 0; t_ < cli_ntables; t_++)                                                \
		for (const struct command *c = cli_tables[t_]; c->name; c++)

/* The groups (first words) in the order of the table, each once; returns how many. The
 * words are kept from the first call on: the table does not change. */
static size_t groups(const char *out[], size_t cap)
{
	static char words[64][32];
	static size_t n;
	if (!n) {
		FOR_EACH_COMMAND(c)
		{
			char w[32];
			size_t k;
			command_group(c, w, sizeof(w));
			for (k = 0; k < n && strcmp(words[k], w); k++)
				;
			if (k == n && n < N(words))
				snprintf(words[n++], sizeof(words[0]), "%s", w);
		}
	}
	for (size_t i = 0; i < n && i < cap; i++)
		out[i] = words[i];
	return n < cap ? n : cap;
}

/* ---- --help ----------------------------------------------------------------------------- */

static void print_opts(FILE *f, const struct opt *o)
{
	for (; o && o->name; o++) {
		char left[64];
		snprintf(left, sizeof(left), "--%s%s%s", o->name, o->arg ? " " : "",
		         o->arg ? o->arg : "");
		fprintf(f, "  %-26s %s%s\n", left, o->help, o->repeat ? " (repeatable)" : "");
	}
}

static void print_exit_line(FILE *f)
{
	fputs("exit status:", f);
	for (size_t i = 0; i < N(exit_statuses); i++)
		fprintf(f, "%s %d %s", i ? "," : "", exit_statuses[i].code, exit_statuses[i].word);
	fputc('\n', f);
}

void doc_help(FILE *f, const struct command *c)
{
	struct doc d = {.f = f, .form = DOC_HELP};
	char group[32];
	fprintf(f, "usage: parley [--db FILE]%s %s%s%s\n\n%s\n",
	        c->flags & CMD_ACTOR ? " [--as NAME]" : "", c->name, *c->usage ? " " : "", c->usage,
	        c->summary);
	if (c->description) {
		fputc('\n', f);
		d.blank = 0;
		doc_markup(&d, c->description, 0);
	}
	if (c->opts && c->opts->name) {
		fprintf(f, "\noptions:\n");
		print_opts(f, c->opts);
	}
	if (c->flags & CMD_FIELDS) {
		const struct pl_entity *e = pl_entity((enum pl_entity_id)c->entity);
		fprintf(f, "\nfields (--FIELD VALUE or FIELD=VALUE; values in docs/values.md):\n");
		for (size_t i = 0; i < e->nfields; i++) {
			const struct pl_field *fl = &e->fields[i];
			char name[64];
			if (fl->flags & PL_F_SYSTEM)
				continue;
			snprintf(name, sizeof(name), "%s%s", fl->name,
			         fl->flags & PL_F_REQUIRED ? " *" : "");
			fprintf(f, "  %-26s %s\n", name, fl->doc ? fl->doc : "");
		}
		fprintf(f, "  (* required)\n");
	}
	if (c->examples && *c->examples) {
		fprintf(f, "\nexamples:\n");
		d.blank = 0;
		example_lines(&d, c->examples);
	}
	fprintf(f, "\nglobal options:\n");
	print_opts(f, cli_global_opts);
	fputc('\n', f);
	print_exit_line(f);
	command_group(c, group, sizeof(group));
	fprintf(f, "see parley-%s(1), or: parley help %s\n", group, group);
}

void doc_help_all(FILE *f)
{
	fprintf(f, "usage: parley [--db FILE] [--as NAME] [--json] COMMAND [ARGS]\n\n"
	           "parley keeps the registry of an office that brings prisoners of war and "
	           "detained\ncivilians home.\n\ncommands:\n");
	FOR_EACH_COMMAND(c)
	fprintf(f, "  %-19s  %s\n", c->name, c->summary);
	fprintf(f, "\nglobal options:\n");
	print_opts(f, cli_global_opts);
	fprintf(f,
	        "\n'parley COMMAND --help' tells more; 'parley help [COMMAND]' shows the manual, "
	        "parley(1).\n");
}

void doc_help_group(FILE *f, const char *group)
{
	char g[64];
	fprintf(f,
	        "usage: parley [--db FILE] [--as NAME] [--json] %s COMMAND [ARGS]\n\ncommands:\n",
	        group);
	FOR_EACH_COMMAND(c)
	{
		command_group(c, g, sizeof(g));
		if (!strcmp(g, group))
			fprintf(f, "  %-19s  %s\n", c->name, c->summary);
	}
	fprintf(f,
	        "\n'parley %s COMMAND --help' tells more; 'parley help %s' shows the manual, "
	        "parley-%s(1).\n",
	        group, group, group);
}

/* ---- pages ------------------------------------------------------------------------------ */

static void page_head(struct doc *d, const char *page, const char *name_line)
{
	char upper[64];
	size_t i;
	for (i = 0; page[i] && i + 1 < sizeof(upper); i++)
		upper[i] = (char)(page[i] >= 'a' && page[i] <= 'z' ? page[i] - 'a' + 'A' : page[i]);
	upper[i] = '\0';
	if (d->form == DOC_MAN) {
		fprintf(d->f,
		        ".\\\" %s.1 - generated by parley help --man from the command table "
		        "(src/cli); do not edit\n",
		        page);
		fprintf(d->f, ".TH \"%s\" 1 \"\" \"parley %s\" \"parley manual\"\n", upper,
		        PARLEY_VERSION);
		fputs(".nh\n.ad l\n", d->f); /* tokens and options stay whole, as typed */
		fputs(".SH NAME\n", d->f);
		man_put(d->f, page, strlen(page), 1);
		fputs(" \\- ", d->f);
		man_put(d->f, name_line, strlen(name_line), 0);
		fputc('\n', d->f);
		d->fresh = 0;
	} else {
		fprintf(d->f, "%s(1)%*sparley manual\n", upper,
		        (int)(WIDTH - 3 - strlen(upper) - strlen("parley manual")), "");
		doc_section(d, "NAME");
		fprintf(d->f, "%*s%s - ", INDENT, "", page);
		text_wrap(d->f, name_line, strlen(name_line), INDENT + strlen(page) + 3, INDENT);
	}
}

/* The pages that literal text of a description names ("`person merge`", "`parley
 * match`", "`parley-audit`(1)"), but group's own: added once each to seen. */
static void refs_of(const char *text, const char *group, const char *seen[], size_t *n, size_t cap)
{
	const char *all[64];
	size_t ng = groups(all, N(all));
	const char *p = text ? strchr(text, '`') : NULL;
	while (p) {
		const char *end = strchr(p + 1, '`');
		char seg[128], one[64], second[64], two[130], *w = seg;
		int prefixed = 0, words;
		if (!end)
			break;
		snprintf(seg, sizeof(seg), "%.*s", (int)(end - p - 1), p + 1);
		p = strchr(end + 1, '`');
		if (!strncmp(w, "parley ", 7) || !strncmp(w, "parley-", 7)) {
			w += 7;
			prefixed = 1;
		}
		one[0] = second[0] = '\0';
		words = sscanf(w, "%63[a-z] %63[a-z]", one, second);
		snprintf(two, sizeof(two), "%s %s", one, second);
		if (!(words == 2 && command_find(two)) &&
		    !(prefixed && words >= 1 && (command_find(one) || command_is_group(one))))
			continue;
		for (size_t g = 0; g < ng; g++) {
			size_t k;
			if (strcmp(all[g], one) || !strcmp(all[g], group))
				continue;
			for (k = 0; k < *n && strcmp(seen[k], all[g]); k++)
				;
			if (k == *n && *n < cap)
				seen[(*n)++] = all[g];
		}
	}
}

static void see_also(struct doc *d, const char *group)
{
	const char *seen[64];
	size_t n = 0;
	struct strbuf sb = STRBUF_INIT;
	FOR_EACH_COMMAND(c)
	{
		if (group && in_group(c, group))
			refs_of(c->description, group, seen, &n, N(seen));
	}
	if (!group)
		n = groups(seen, N(seen));
	doc_section(d, "SEE ALSO");
	if (group)
		strbuf_adds(&sb, "`parley`(1)");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s`parley-%s`(1)", i || group ? ", " : "", seen[i]);
	strbuf_adds(&sb, "; docs/values.md, docs/permissions.md and docs/import.md in parley's "
	                 "source tree.");
	doc_markup(d, strbuf_str(&sb), 0);
	strbuf_release(&sb);
}

static int command_part(struct doc *d, const struct command *c, struct pl_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	char where[64];
	int rc;
	snprintf(where, sizeof(where), "parley %s", c->name);
	doc_subsection(d, where);
	sentence(&sb, c->summary);
	doc_markup(d, strbuf_str(&sb), 0);
	strbuf_release(&sb);
	doc_markup(d, c->description, 0);
	for (int i = 0; i < (int)N(c->args); i++) {
		snprintf(where, sizeof(where), "%s: argument %d", c->name, i + 1);
		if ((rc = values_check(&c->args[i], where, err)))
			return rc;
	}
	if (c->opts && c->opts->name) {
		doc_markup(d, "Options:", 0);
		if ((rc = opt_items(d, c->opts, c->name, err)))
			return rc;
	}
	if (c->flags & CMD_FIELDS) {
		doc_markup(d,
		           "Fields, each as `--FIELD VALUE` or `FIELD=VALUE` (with - or _ in the "
		           "name); docs/values.md says more of their values:",
		           0);
		if ((rc = field_items(d, c, err)))
			return rc;
	}
	return 0;
}

static int group_page(struct doc *d, const char *group, struct pl_error *err)
{
	struct strbuf name = STRBUF_INIT;
	char page[64];
	int n = 0, rc;
	const struct command *only = NULL;

	FOR_EACH_COMMAND(c)
	{
		if (!in_group(c, group))
			continue;
		only = n ? NULL : c;
		strbuf_addf(&name, "%s%s", n ? ", " : "", c->name);
		n++;
	}
	if (!n) {
		strbuf_release(&name);
		return pl_error_set(err, PL_ENOTFOUND, "no command '%s'", group);
	}
	snprintf(page, sizeof(page), "parley-%s", group);
	page_head(d, page, only ? only->summary : strbuf_str(&name));
	strbuf_release(&name);

	doc_section(d, "SYNOPSIS");
	FOR_EACH_COMMAND(c)
	{
		if (in_group(c, group))
			synopsis_line(d, c->name, c->usage);
	}
	doc_section(d, "DESCRIPTION");
	FOR_EACH_COMMAND(c)
	{
		if (in_group(c, group) && (rc = command_part(d, c, err)))
			return rc;
	}
	doc_section(d, "GLOBAL OPTIONS");
	global_items(d);
	doc_section(d, "EXIT STATUS");
	exit_items(d);
	doc_section(d, "EXAMPLES");
	FOR_EACH_COMMAND(c)
	{
		if (in_group(c, group) && c->examples && *c->examples)
			example_lines(d, c->examples);
	}
	see_also(d, group);
	return 0;
}

static int overview_page(struct doc *d)
{
	const char *all[64];
	size_t ng = groups(all, N(all));

	page_head(d, "parley", overview_name);
	doc_section(d, "SYNOPSIS");
	synopsis_line(d, "[--db FILE] [--as NAME] [--json]", "COMMAND [ARGS]");
	synopsis_line(d, "COMMAND", "--help");
	synopsis_line(d, "help", "[COMMAND]");
	synopsis_line(d, "--version", "");
	doc_section(d, "DESCRIPTION");
	doc_markup(d, overview_description, 0);
	doc_section(d, "GLOBAL OPTIONS");
	global_items(d);
	doc_section(d, "COMMANDS");
	for (size_t g = 0; g < ng; g++)
		FOR_EACH_COMMAND(c)
		{
			struct strbuf body = STRBUF_INIT;
			char tag[80];
			if (!in_group(c, all[g]))
				continue;
			snprintf(tag, sizeof(tag), "`%s`", c->name);
			sentence(&body, c->summary);
			strbuf_addf(&body, " See `parley-%s`(1).", all[g]);
			doc_item(d, tag, 0, strbuf_str(&body));
			strbuf_release(&body);
		}
	for (size_t i = 0; i < N(overview_sections); i++) {
		doc_section(d, overview_sections[i].title);
		doc_markup(d, overview_sections[i].text, 0);
	}
	doc_section(d, "EXIT STATUS");
	exit_items(d);
	doc_section(d, "ENVIRONMENT");
	for (size_t i = 0; i < N(environment); i++) {
		char tag[64];
		snprintf(tag, sizeof(tag), "`%s`", environment[i].name);
		doc_item(d, tag, 0, environment[i].text);
	}
	doc_section(d, "FILES");
	doc_markup(d, overview_files, 0);
	see_also(d, NULL);
	return 0;
}

int doc_page(FILE *f, enum doc_form form, const char *group, struct pl_error *err)
{
	struct doc d = {.f = f, .form = form == DOC_HELP ? DOC_TEXT : form};
	return group ? group_page(&d, group, err) : overview_page(&d);
}

static int write_page(const char *dir, const char *group, struct pl_error *err)
{
	char path[4096];
	FILE *f;
	int n, rc;
	n = snprintf(path, sizeof(path), "%s/parley%s%s.1", dir, group ? "-" : "",
	             group ? group : "");
	if (n < 0 || (size_t)n >= sizeof(path))
		return pl_error_set(err, PL_EUSAGE, "help --man: the directory's name is too long");
	if (!(f = fopen(path, "w")))
		return pl_error_set(err, PL_EDATA, "cannot write %s: %s", path, strerror(errno));
	fchmod(fileno(f), 0644); /* a page, not data: readable by all, whatever the umask */
	rc = doc_page(f, DOC_MAN, group, err);
	if (fclose(f) && !rc)
		rc = pl_error_set(err, PL_EDATA, "cannot write %s: %s", path, strerror(errno));
	if (rc)
		remove(path);
	return rc;
}

int doc_write_pages(const char *dir, struct pl_error *err)
{
	const char *all[64];
	size_t ng = groups(all, N(all));
	int rc;
	char path[4096];
	int n = snprintf(path, sizeof(path), "%s", dir);
	if (n < 0 || (size_t)n >= sizeof(path))
		return pl_error_set(err, PL_EUSAGE, "help --man: the directory's name is too long");
	/* mkdir -p: build/man in a fresh tree */
	for (char *p = path + 1;; p++) {
		char was = *p;
		if (was != '/' && was)
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return pl_error_set(err, PL_EDATA, "cannot make %s: %s", path,
			                    strerror(errno));
		*p = was;
		if (!was)
			break;
	}
	if ((rc = write_page(dir, NULL, err)))
		return rc;
	for (size_t g = 0; g < ng; g++)
		if ((rc = write_page(dir, all[g], err)))
			return rc;
	return 0;
}
