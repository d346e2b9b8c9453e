/* cli.c - option access, output of records (text and JSON), passphrases */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <jansson.h>
#include <utf8proc.h>

#include "parley/search.h"
#include "cli.h"
#include "banned.h"

const char *opt_get_nth(const struct ctx *c, const char *name, int i)
{
	for (int k = 0; k < c->a.nopt; k++)
		if (!strcmp(c->a.opt[k].name, name) && i-- == 0)
			return c->a.opt[k].val ? c->a.opt[k].val : "";
	return NULL;
}

const char *opt_get(const struct ctx *c, const char *name)
{
	return opt_get_nth(c, name, 0);
}

int opt_has(const struct ctx *c, const char *name)
{
	return opt_get(c, name) != NULL;
}

int opt_long(struct ctx *c, const char *name, long def, long *out)
{
	const char *v = opt_get(c, name);
	char *end;
	long n;
	if (!v) {
		*out = def;
		return 0;
	}
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < 0)
		return usage_error(c, "--%s: '%s' is not a number >= 0", name, v);
	*out = n;
	return 0;
}

int cli_columns;

void print_cell(const char *s, int width)
{
	size_t bytes;
	int w;
	if (!s)
		s = "";
	/* a column keeps one space after it: a longer value is cut, and "…" says so; with no
	 * width to fit (a pipe, --wide), it is shown whole */
	if (!cli_columns) {
		fputs(s, stdout);
		w = term_width(s);
		do
			putchar(' ');
		while (++w < width);
		return;
	}
	bytes = term_cut(s, width - 1, &w);
	if (s[bytes]) {
		bytes = term_cut(s, width - 2, &w);
		fwrite(s, 1, bytes, stdout);
		fputs("…", stdout);
		w++;
	} else {
		fwrite(s, 1, bytes, stdout);
	}
	for (; w < width; w++)
		putchar(' ');
}

void print_cell_right(const char *s, int width)
{
	int w;
	if (!s)
		s = "";
	w = term_width(s);
	for (; w < width; w++)
		putchar(' ');
	fputs(s, stdout);
}

/* The column that gives up a column next: the widest of those with flag set and without
 * COL_KEEPS that are wider than their least (their heading, and 9 for free text); -1 when
 * none is. */
static int widest(const struct column *cols, int n, const int *w, unsigned flag)
{
	int k = -1;
	for (int i = 0; i < n; i++) {
		int least = term_width(_(cols[i].heading)) + 1;
		if ((cols[i].flags & COL_SHRINKS) && least < 9)
			least = 9;
		if ((cols[i].flags & flag) == flag && !(cols[i].flags & COL_KEEPS) &&
		    w[i] > least && (k < 0 || w[i] > w[k]))
			k = i;
	}
	return k;
}

void table_fit_in(const struct column *cols, int n, const int *need, int *w, int room)
{
	int total = -1; /* the last column needs no space after it */
	for (int i = 0; i < n; i++) {
		w[i] = cols[i].width;
		if (need) { /* what its values need, its heading at least, not more than asked */
			int least = term_width(_(cols[i].heading)) + 1;
			int v = need[i] > least ? need[i] : least;
			if (v < w[i])
				w[i] = v;
		}
		total += w[i];
	}
	/* free text first (names, units), then the other columns but the kept ones */
	while (room && total > room) {
		int k = widest(cols, n, w, COL_SHRINKS);
		if (k < 0 && (k = widest(cols, n, w, 0)) < 0)
			break;
		w[k]--;
		total--;
	}
}

void table_fit(const struct column *cols, int n, const int *need, int *w)
{
	table_fit_in(cols, n, need, w, cli_columns);
}

void table_heading(const struct column *cols, int n, const int *w)
{
	for (int i = 0; i < n; i++)
		print_cell(_(cols[i].heading), w[i]);
	putchar('\n');
}

void table_begin(struct table *t, const struct column *cols, int n)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->n = n < TABLE_MAXCOLS ? n : TABLE_MAXCOLS;
}

static void table_print(const struct table *t, int i, const char *s)
{
	if (t->cols[i].flags & COL_RIGHT) {
		print_cell_right(s, t->w[i] - 1);
		putchar(' ');
	} else {
		print_cell(s, t->w[i]);
	}
}

/* The widths are chosen from the rows seen: the heading and those rows are printed, and
 * the rows that follow are printed as they come. */
static void table_flow(struct table *t)
{
	int room = cli_columns;
	if (room && t->indent) /* the indent takes its columns; the rest a few at least */
		room = room - term_width(t->indent) > 20 ? room - term_width(t->indent) : 20;
	table_fit_in(t->cols, t->n, t->need, t->w, room);
	if (t->indent)
		fputs(t->indent, stdout);
	table_heading(t->cols, t->n, t->w);
	for (size_t i = 0; i < t->ncells; i++) {
		if (t->indent && i % (size_t)t->n == 0)
			fputs(t->indent, stdout);
		table_print(t, (int)(i % (size_t)t->n), t->cells[i]);
		if (i % (size_t)t->n == (size_t)t->n - 1)
			putchar('\n');
		pl_free(t->cells[i]);
	}
	pl_free(t->cells);
	t->cells = NULL;
	t->ncells = t->cap = 0;
	t->flowing = 1;
}

void table_cell(struct table *t, const char *s)
{
	char *copy;
	int i = t->col < t->n ? t->col++ : t->n - 1;
	if (!s)
		s = "";
	if (!t->flowing && t->ncells == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : (size_t)t->n * 16;
		char **cells = pl_realloc(t->cells, cap * sizeof(*cells));
		if (cells) {
			t->cells = cells;
			t->cap = cap;
		}
	}
	if (!t->flowing && (t->ncells == t->cap || !(copy = pl_strdup(s))))
		table_flow(t); /* out of memory: the rows seen so far measure the table */
	if (t->flowing) {
		if (t->indent && i == 0)
			fputs(t->indent, stdout);
		table_print(t, i, s);
		return;
	}
	t->cells[t->ncells++] = copy;
	if (term_width(s) + 1 > t->need[i])
		t->need[i] = term_width(s) + 1;
}

void table_row_end(struct table *t)
{
	t->col = 0;
	t->rows++;
	if (t->flowing)
		putchar('\n');
	else if (t->rows == TABLE_PAGE)
		table_flow(t);
}

void table_end(struct table *t, int ok)
{
	if (!t->flowing && (ok || t->rows))
		table_flow(t);
	for (size_t i = 0; i < t->ncells; i++)
		pl_free(t->cells[i]);
	pl_free(t->cells);
	t->cells = NULL;
	t->ncells = t->cap = 0;
}

static int is_restricted(const struct pl_record *r, size_t i)
{
	return (r->restricted >> i) & 1;
}

enum pl_ui_lang cli_lang = PL_UI_EN;

const char *field_label(const struct pl_field *f)
{
	return _(f->label ? f->label : f->name);
}

const char *date_text(const char *v, char *buf, size_t cap)
{
	size_t n = v ? strlen(v) : 0;
	if (cli_lang != PL_UI_UK || (n != 7 && n != 10) || v[4] != '-')
		return v;
	if (n == 7)
		snprintf(buf, cap, "%.2s.%.4s", v + 5, v);
	else
		snprintf(buf, cap, "%.2s.%.2s.%.4s", v + 8, v + 5, v);
	return buf;
}

/* "2026-12-07T10:33:11Z" as "07.12.2026 10:33:11 UTC" or "2026-12-07 10:33:11 UTC" */
static const char *time_text(const char *v, char *buf, size_t cap)
{
	if (strlen(v) != 20 || v[10] != 'T' || v[19] != 'Z')
		return v;
	if (cli_lang == PL_UI_UK)
		snprintf(buf, cap, "%.2s.%.2s.%.4s %.8s UTC", v + 8, v + 5, v, v + 11);
	else
		snprintf(buf, cap, "%.10s %.8s UTC", v, v + 11);
	return buf;
}

const char *value_text(const struct pl_field *f, const char *v, char *buf, size_t cap)
{
	if (!v)
		return v;
	if (f->type == PL_V_ENUM)
		return _(pl_value_label(f, v));
	if (f->type == PL_V_DATE)
		return date_text(v, buf, cap);
	if (f->type == PL_V_DATETIME && buf && strlen(v) == 16) {
		char day[16], shown[32];
		snprintf(day, sizeof(day), "%.10s", v);
		snprintf(buf, cap, "%s %s", date_text(day, shown, sizeof(shown)), v + 11);
		return buf;
	}
	if (f->type == PL_V_ID && buf) {
		snprintf(buf, cap, "#%s", v);
		return buf;
	}
	if ((f->flags & PL_F_SYSTEM) && buf)
		return time_text(v, buf, cap);
	return v;
}

const char *num_text(long long n, char *buf, size_t cap)
{
	/* Ukrainian groups by a narrow no-break space (U+202F), English by a comma */
	const char *sep = cli_lang == PL_UI_UK ? "\u202f" : ",";
	char digits[32];
	size_t len, out = 0, seplen = strlen(sep);
	int k = snprintf(digits, sizeof(digits), "%lld", n < 0 ? -n : n);
	if (k < 0 || cap < 2)
		return "";
	len = (size_t)k;
	if (n < 0)
		buf[out++] = '-';
	for (size_t i = 0; i < len && out + seplen + 2 < cap; i++) {
		if (i && (len - i) % 3 == 0) {
			memcpy(buf + out, sep, seplen);
			out += seplen;
		}
		buf[out++] = digits[i];
	}
	buf[out] = '\0';
	return buf;
}

/* The words for a value a view adds to a record, or for what a restricted mark hides. */
static const char *extra_label(const char *name)
{
	static const char *const labels[][2] = {
	        {"author", N_("author")},
	        {"merged_into", N_("merged into")},
	        {"merged_from", N_("merged from")},
	        {"merged", N_("merged")},
	        {"merged_by", N_("merged by")},
	        {"merge_reason", N_("reason for the merge")},
	        {"exchange_listing", N_("exchange listing")},
	        /* the negotiation desk */
	        {"negotiation", N_("negotiation")},
	        {"session", N_("session")},
	        {"sessions", N_("sessions")},
	        {"exchanges", N_("exchanges")},
	        {"minutes", N_("length (minutes)")},
	        {"long", N_("longer than the limit")},
	        {"limit_hours", N_("limit (hours)")},
	        {"versions", N_("versions")},
	        {"counterpart", N_("counterpart")},
	        {"overdue", N_("overdue")},
	        {"statements", N_("statements")},
	        {"promises_kept", N_("promises kept")},
	        {"promises_broken", N_("promises broken")},
	        {"profiled", N_("last profiled")},
	        {"person", N_("person")},
	        {"relative", N_("relative")},
	        {"score", N_("score")},
	};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i][0], name))
			return _(labels[i][1]);
	return name;
}

/* indent, then label padded to the label column (by display width, for Cyrillic); a
 * longer label is printed whole, with one space after it */
static void print_label(const char *indent, const char *label)
{
	int w = term_width(label);
	fputs(indent, stdout);
	fputs(label, stdout);
	do
		putchar(' ');
	while (++w < 26);
}

void print_record(const struct pl_record *r, const char *indent)
{
	char buf[64];
	for (size_t i = 0; i < r->ent->nfields; i++) {
		const struct pl_field *f = &r->ent->fields[i];
		const char *v = r->v[i];
		if (!strcmp(f->name, "person_id") || !strcmp(f->name, "author_id"))
			continue;
		/* the negotiation desk names the rows a row points to in its extras */
		if (r->ent->id >= PL_ENT_NEGOTIATION && f->type == PL_V_ID &&
		    (f->flags & PL_F_SYSTEM))
			continue;
		/* the negotiation desk names the rows a row points to in its extras */
		if (r->ent->id >= PL_ENT_NEGOTIATION && f->type == PL_V_ID &&
		    (f->flags & PL_F_SYSTEM))
			continue;
		if (is_restricted(r, i)) {
			const char *hidden = pl_record_restricted_name(r, i);
			print_label(indent, field_label(f));
			if (v) /* a value shown in place of the one hidden (the hotline's) */
				printf("%s  [%s: %s]\n", value_text(f, v, buf, sizeof(buf)),
				       _("restricted"), extra_label(hidden));
			else
				printf("[%s]\n", _("restricted"));
			continue;
		}
		if (!v)
			continue;
		print_label(indent, field_label(f));
		v = value_text(f, v, buf, sizeof(buf));
		/* continuation lines of multi-line text keep the indentation */
		for (const char *p = v; *p; p++) {
			putchar(*p);
			if (*p == '\n' && p[1]) {
				print_label(indent, "");
			}
		}
		putchar('\n');
	}
	for (size_t k = 0; k < r->nextra; k++)
		if (r->extra[k] && strcmp(r->extra_names[k], "person_ref")) {
			print_label(indent, extra_label(r->extra_names[k]));
			printf("%s\n", r->extra[k]);
		}
}

json_t *record_json(const struct pl_record *r)
{
	json_t *o = json_object(), *restricted = json_array();
	if (!o || !restricted)
		goto fail;
	if (r->ent->id != PL_ENT_PERSON && json_object_set_new(o, "id", json_integer(r->id)))
		goto fail;
	for (size_t i = 0; i < r->ent->nfields; i++) {
		const struct pl_field *f = &r->ent->fields[i];
		json_t *v;
		if (!strcmp(f->name, "author_id") || !strcmp(f->name, "person_id"))
			continue;
		if (is_restricted(r, i) &&
		    json_array_append_new(restricted, json_string(pl_record_restricted_name(r, i))))
			goto fail;
		if (!r->v[i])
			v = json_null();
		else if (f->type == PL_V_ID || f->type == PL_V_COUNT)
			v = json_integer(strtoll(r->v[i], NULL, 10));
		else
			v = json_string(r->v[i]);
		if (json_object_set_new(o, f->name, v))
			goto fail;
	}
	for (size_t k = 0; k < r->nextra; k++)
		if (json_object_set_new(o, r->extra_names[k],
		                        r->extra[k] ? json_string(r->extra[k]) : json_null()))
			goto fail;
	if (json_object_set_new(o, "restricted", restricted))
		goto fail_o;
	return o;
fail:
	json_decref(restricted);
fail_o:
	json_decref(o);
	return NULL;
}

int print_json(json_t *j, int pretty)
{
	char *s;
	if (!j)
		return PL_EDATA;
	s = json_dumps(j, (pretty ? JSON_INDENT(2) : JSON_COMPACT) | JSON_PRESERVE_ORDER);
	if (!s)
		return PL_EDATA;
	puts(s);
	free(s);
	return 0;
}

/* Nothing is printed before the first item or the end: a command that fails first
 * leaves no half array on standard output. */
void json_stream_begin(struct json_stream *s)
{
	s->n = -1;
}

void json_stream_item(struct json_stream *s, json_t *j)
{
	char *str = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	if (s->n < 0) {
		fputs("[", stdout);
		s->n = 0;
	}
	fputs(s->n++ ? ",\n" : "\n", stdout);
	fputs(str ? str : "null", stdout);
	free(str);
}

void json_stream_end(struct json_stream *s)
{
	if (s->n < 0)
		fputs("[", stdout);
	fputs(s->n > 0 ? "\n]\n" : "]\n", stdout);
}

static int read_line_from(FILE *f, char *out, size_t cap)
{
	size_t n;
	if (!fgets(out, (int)cap, f))
		return -1;
	n = strlen(out);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

static int prompt_tty(const char *prompt, char *out, size_t cap)
{
	FILE *tty = fopen("/dev/tty", "r+");
	struct termios old, quiet;
	int rc;
	if (!tty)
		return -1;
	fprintf(tty, "%s", prompt);
	fflush(tty);
	tcgetattr(fileno(tty), &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	rc = read_line_from(tty, out, cap);
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fprintf(tty, "\n");
	fclose(tty);
	return rc;
}

int read_password(struct ctx *c, const char *login, char *out, size_t cap)
{
	out[0] = '\0';
	if (c->password_fd) {
		char *end;
		long fd;
		size_t n = 0;
		errno = 0;
		fd = strtol(c->password_fd, &end, 10);
		if (errno || end == c->password_fd || *end || fd < 0 || fd > 1 << 20)
			return usage_error(c, "--password-fd: '%s' is not a file descriptor",
			                   c->password_fd);
		/* byte by byte, so that nothing after the first line is taken from the pipe */
		while (n + 1 < cap) {
			char ch;
			ssize_t got = read((int)fd, &ch, 1);
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0) {
				memset(out, 0, cap);
				return usage_error(c, "--password-fd %ld: %s", fd, strerror(errno));
			}
			if (got == 0 || ch == '\n')
				break;
			out[n++] = ch;
		}
		out[n] = '\0';
		if (n && out[n - 1] == '\r')
			out[n - 1] = '\0';
		return 0;
	}
	{
		char prompt[128];
		snprintf(prompt, sizeof(prompt), "password of %s: ", login);
		if (prompt_tty(prompt, out, cap))
			out[0] = '\0';
	}
	return 0;
}

int read_passphrase(struct ctx *c, const char *prompt, int confirm, char *out, size_t cap)
{
	const char *file = opt_get(c, "passphrase-file");
	const char *env = getenv("PARLEY_PASSPHRASE");
	if (file) {
		FILE *f = fopen(file, "r");
		int rc;
		if (!f)
			return usage_error(c, "--passphrase-file %s: %s", file, strerror(errno));
		rc = read_line_from(f, out, cap);
		fclose(f);
		if (rc)
			return usage_error(c, "--passphrase-file %s: empty", file);
	} else if (env) {
		snprintf(out, cap, "%s", env);
	} else {
		char again[256];
		int differ;
		if (prompt_tty(prompt, out, cap)) {
			memset(out, 0, cap);
			return usage_error(c, "no passphrase: give --passphrase-file FILE, set "
			                      "PARLEY_PASSPHRASE, or run on a terminal");
		}
		if (confirm) {
			differ = prompt_tty("again: ", again, sizeof(again)) || strcmp(again, out);
			memset(again, 0, sizeof(again));
			if (differ) {
				memset(out, 0, cap);
				return usage_error(c, "the passphrases differ");
			}
		}
	}
	if (strlen(out) < 12) {
		memset(out, 0, cap);
		return usage_error(c, "the passphrase is too short: use at least 12 characters");
	}
	return 0;
}

/* FILE:LINE:COLUMN: reason, on stderr; a report with no line is printed as it is. */
void print_diag(void *ctx, const char *file, long line, const char *column, const char *reason)
{
	(void)ctx;
	if (line <= 0)
		fprintf(stderr, "%s\n", reason);
	else if (!column)
		fprintf(stderr, "%s:%ld: %s\n", file, line, reason);
	else
		fprintf(stderr, "%s:%ld:%s: %s\n", file, line, column, reason);
}

/* The format of --format, or of the file's name (import, match). */
int file_format(struct ctx *c, const char *cmd, const char *path, enum pl_format *out)
{
	const char *name = opt_get(c, "format");
	int f;
	if (name) {
		if (!strcmp(name, "csv"))
			*out = PL_FMT_CSV;
		else if (!strcmp(name, "jsonl") || !strcmp(name, "ndjson"))
			*out = PL_FMT_JSONL;
		else
			return usage_error(c, "--format: '%s' is not csv or jsonl", name);
		return 0;
	}
	if (!strcmp(path, "-"))
		return usage_error(c, "%s: say what standard input holds: --format csv|jsonl", cmd);
	f = pl_format_from_name(path);
	if (f == PL_FMT_XLSX)
		return usage_error(c, "%s: %s: xlsx is not read: save the sheet as CSV (UTF-8)",
		                   cmd, path);
	if (f < 0)
		return usage_error(c,
		                   "%s: cannot tell the format of %s from its name: give "
		                   "--format csv|jsonl",
		                   cmd, path);
	*out = (enum pl_format)f;
	return 0;
}

int ensure_name_index(struct ctx *c)
{
	long long n = 0;
	int stale, rc;
	if ((rc = pl_search_index_stale(c->db, &stale, &c->err)))
		return rc;
	if (!stale || !pl_roles_may(pl_actor_roles(c->actor), PL_OP_PERSON_LIST))
		return 0;
	if ((rc = pl_search_reindex(c->db, c->actor, &n, &c->err)))
		return rc;
	fprintf(stderr, "parley: %s (%lld)\n", _("name index built"), n);
	return 0;
}

int opt_probability(struct ctx *c, const char *name, double *out)
{
	const char *v = opt_get(c, name);
	char *end;
	double p;
	if (!v)
		return 0;
	p = strtod(v, &end);
	if (end == v || *end || !(p > 0 && p <= 1))
		return usage_error(c, "--%s: '%s' is not a number above 0, at most 1", name, v);
	*out = p;
	return 0;
}

int print_ref(struct ctx *c, const char *ref)
{
	if (c->json) {
		json_t *j = json_pack("{s:s}", "ref", ref);
		int rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf("%s\n", ref);
	return 0;
}
