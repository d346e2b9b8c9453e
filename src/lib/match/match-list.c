/* match-list.c - reading a list to match: CSV or JSON Lines with the import's columns */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <csv.h>
#include <jansson.h>

#include "parley/alloc.h"
#include "parley/date.h"
#include "parley/match.h"
#include "parley/strbuf.h"
#include "parley/text.h"
#include "banned.h"

#define READ_CHUNK (64 * 1024)
#define LINE_MAX_BYTES (1024 * 1024)
#define VALUE_MAX 200
#define MAX_ERRORS 100

/* The columns compared; the other columns of an import file are read past. */
static const char *const columns[PL_MF__MAX] = {"family_name", "given_name", "patronymic",
                                                "birth_date", "unit"};

struct lreader {
	const struct pl_match_read_opts *o;
	pl_diag_cb diag;
	void *diag_ctx;
	struct pl_match_row *rows;
	size_t n, cap;
	long errors;
	int fatal; /* out of memory, read error: err is set */
	struct pl_error *err;
	/* CSV */
	int header_done;
	int header_bad; /* no family_name column: the rows are not looked at */
	int ncols;
	int col[64]; /* field of each column, -1 for one not compared */
	char *cell[64];
	long cell_line[64];
	int ncell;
	long line, line_bytes;
};

static void report(struct lreader *r, long line, const char *column, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static void report(struct lreader *r, long line, const char *column, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	r->errors++;
	if (r->errors > MAX_ERRORS || !r->diag)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->diag(r->diag_ctx, r->o->label, line, column, msg);
}

static void oom(struct lreader *r)
{
	if (!r->fatal)
		pl_error_set(r->err, PL_EDATA, "%s: out of memory", r->o->label);
	r->fatal = 1;
}

/*
 * A birth date as lists write it: YYYY-MM-DD, YYYY-MM, YYYY, or DD.MM.YYYY and MM.YYYY
 * (the other side's form); one-digit days and months are taken. Written as YYYY[-MM[-DD]]
 * into out. Returns 0, or -1 when it is no date.
 */
int pl_match_parse_date(const char *s, char out[11])
{
	int part[3] = {0, 0, 0}, digits[3] = {0, 0, 0}, n = 0, y, m = 0, d = 0;
	char sep = 0;
	for (const char *p = s;; p++) {
		if (*p >= '0' && *p <= '9') {
			if (++digits[n] > 4)
				return -1;
			part[n] = part[n] * 10 + (*p - '0');
		} else if ((*p == '-' || *p == '.' || *p == '/') && n < 2 && digits[n] &&
		           (!sep || sep == *p)) {
			sep = *p;
			n++;
		} else if (!*p) {
			break;
		} else {
			return -1;
		}
	}
	if (!digits[n])
		return -1;
	if (sep == '-' || !sep) { /* YYYY[-MM[-DD]] */
		if (digits[0] != 4 || (n >= 1 && digits[1] > 2) || (n == 2 && digits[2] > 2))
			return -1;
		y = part[0];
		m = n >= 1 ? part[1] : 0;
		d = n == 2 ? part[2] : 0;
	} else { /* [DD.]MM.YYYY */
		if (digits[n] != 4 || digits[0] > 2 || (n == 2 && digits[1] > 2))
			return -1;
		y = part[n];
		m = part[n - 1];
		d = n == 2 ? part[0] : 0;
	}
	if (y < 1900 || y > 2100 || (n >= 1 && (m < 1 || m > 12)))
		return -1;
	if (d) {
		int yy;
		unsigned mm, dd;
		pl_civil_from_days(pl_days_from_civil(y, (unsigned)m, (unsigned)d), &yy, &mm, &dd);
		if (yy != y || (int)mm != m || (int)dd != d)
			return -1;
	} else if (n == 2) {
		return -1;
	}
	if (d)
		snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	else if (m)
		snprintf(out, 11, "%04d-%02d", y, m);
	else
		snprintf(out, 11, "%04d", y);
	return 0;
}

/* Checks one value of field f; 0, or -1 (reported). The value is trimmed in place. */
static int check_value(struct lreader *r, long line, int f, char *v)
{
	size_t len, bad, lead = strspn(v, " \t");
	if (lead)
		memmove(v, v + lead, strlen(v + lead) + 1);
	len = strlen(v);
	while (len && (v[len - 1] == ' ' || v[len - 1] == '\t' || v[len - 1] == '\r'))
		v[--len] = '\0';
	if (!pl_utf8_valid(v, len, &bad)) {
		report(r, line, columns[f], "invalid UTF-8 at byte %zu", bad + 1);
		return -1;
	}
	if (len > VALUE_MAX) {
		report(r, line, columns[f], "longer than %d bytes", VALUE_MAX);
		return -1;
	}
	if (f == PL_MF_BIRTH_DATE && *v) {
		char d[11];
		if (pl_match_parse_date(v, d)) {
			report(r, line, columns[f],
			       "'%s' is not a date (YYYY-MM-DD, DD.MM.YYYY, YYYY-MM, MM.YYYY or "
			       "YYYY)",
			       v);
			return -1;
		}
	}
	return 0;
}

/* Adds a row of values by field (NULL: not given); takes nothing over. */
static void add_row(struct lreader *r, long line, char *const v[PL_MF__MAX])
{
	struct pl_match_row *row;
	int bad = 0;
	for (int f = 0; f < PL_MF__MAX; f++)
		if (v[f] && check_value(r, line, f, v[f]))
			bad = 1;
	if (!bad && (!v[PL_MF_FAMILY] || !*v[PL_MF_FAMILY])) {
		report(r, line, columns[PL_MF_FAMILY], "no family name");
		bad = 1;
	}
	if (bad || r->errors)
		return;
	if (r->n == r->o->max_rows) {
		report(r, line, NULL, "more than %zu rows", r->o->max_rows);
		return;
	}
	if (r->n == r->cap) {
		size_t c = r->cap ? r->cap * 2 : 256;
		struct pl_match_row *p = pl_realloc(r->rows, c * sizeof(*p));
		if (!p) {
			oom(r);
			return;
		}
		r->rows = p;
		r->cap = c;
	}
	row = &r->rows[r->n];
	memset(row, 0, sizeof(*row));
	row->row = (long)r->n + 1;
	row->line = line;
	r->n++;
	{
		char **dst[PL_MF__MAX] = {&row->family, &row->given, &row->patronymic,
		                          &row->birth_date, &row->unit};
		for (int f = 0; f < PL_MF__MAX; f++)
			if (v[f] && *v[f] && !(*dst[f] = pl_strdup(v[f]))) {
				oom(r);
				return;
			}
	}
}

/* --- CSV --- */

static void csv_cell(void *data, size_t len, void *ctx)
{
	struct lreader *r = ctx;
	if (r->fatal)
		return;
	if (r->ncell == (int)(sizeof(r->cell) / sizeof(r->cell[0]))) {
		if (r->ncell++ == (int)(sizeof(r->cell) / sizeof(r->cell[0])))
			report(r, r->line, NULL, "more than 64 columns");
		return;
	}
	if (r->ncell > (int)(sizeof(r->cell) / sizeof(r->cell[0])))
		return;
	if (memchr(data ? data : "", '\0', len)) {
		report(r, r->line, NULL, "a NUL byte in a field");
		r->cell[r->ncell] = NULL;
	} else if (!(r->cell[r->ncell] = pl_strndup(data ? data : "", len))) {
		oom(r);
		return;
	}
	r->cell_line[r->ncell++] = r->line;
}

static void cells_free(struct lreader *r)
{
	int n = r->ncell < 64 ? r->ncell : 64;
	for (int i = 0; i < n; i++)
		pl_free(r->cell[i]);
	r->ncell = 0;
}

static void csv_header(struct lreader *r, long line)
{
	int have_family = 0;
	r->header_done = 1;
	r->ncols = r->ncell;
	for (int i = 0; i < r->ncell && i < 64; i++) {
		const char *h = r->cell[i] ? r->cell[i] : "";
		r->col[i] = -1;
		while (*h == ' ')
			h++;
		for (int f = 0; f < PL_MF__MAX; f++)
			if (!strcmp(h, columns[f])) {
				for (int k = 0; k < i; k++)
					if (r->col[k] == f)
						report(r, line, h, "the column is given twice");
				r->col[i] = f;
				have_family |= f == PL_MF_FAMILY;
			}
	}
	r->header_bad = !have_family;
	if (!have_family)
		report(r, line, NULL,
		       "no family_name column (the header names the columns: family_name, "
		       "given_name, patronymic, birth_date, unit; others are read past)");
}

static void csv_row(int term, void *ctx)
{
	struct lreader *r = ctx;
	char *v[PL_MF__MAX] = {NULL};
	long line;
	(void)term;
	if (r->fatal || !r->ncell)
		goto out;
	line = r->cell_line[0];
	if (!r->header_done) {
		csv_header(r, line);
		goto out;
	}
	if (r->header_bad || (r->ncell == 1 && r->cell[0] && !*r->cell[0]))
		goto out; /* an empty line */
	if (r->ncell != r->ncols) {
		report(r, line, NULL, "%d field%s, the header has %d", r->ncell,
		       r->ncell == 1 ? "" : "s", r->ncols);
		goto out;
	}
	for (int i = 0; i < r->ncell && i < 64; i++)
		if (r->col[i] >= 0)
			v[r->col[i]] = r->cell[i] ? r->cell[i] : "";
	add_row(r, line, v);
out:
	cells_free(r);
}

static void read_csv(struct lreader *r, FILE *in)
{
	struct csv_parser p;
	char *buf = pl_malloc(READ_CHUNK);
	int first = 1;
	size_t got;
	if (!buf || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		pl_free(buf);
		oom(r);
		return;
	}
	csv_set_realloc_func(&p, pl_realloc);
	csv_set_free_func(&p, pl_free);
	r->line = 1;
	while (!r->fatal && r->errors <= MAX_ERRORS && (got = fread(buf, 1, READ_CHUNK, in))) {
		size_t pos = 0;
		if (first && got >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
			pos = 3;
		first = 0;
		while (pos < got && !r->fatal) {
			const char *nl = memchr(buf + pos, '\n', got - pos);
			size_t seg = nl ? (size_t)(nl - (buf + pos)) + 1 : got - pos;
			if (csv_parse(&p, buf + pos, seg, csv_cell, csv_row, r) != seg) {
				if (csv_error(&p) == CSV_EPARSE)
					report(r, r->line, NULL,
					       "malformed CSV: a quote in a field that is not "
					       "quoted, "
					       "or text after a closing quote");
				else
					oom(r);
				goto done;
			}
			pos += seg;
			r->line_bytes += (long)seg;
			if (r->line_bytes > LINE_MAX_BYTES) {
				report(r, r->line, NULL, "line longer than 1 MiB");
				goto done;
			}
			if (nl) {
				r->line++;
				r->line_bytes = 0;
			}
		}
	}
	if (ferror(in)) {
		pl_error_set(r->err, PL_EDATA, "%s: read error: %s", r->o->label, strerror(errno));
		r->fatal = 1;
	} else if (!r->fatal && csv_fini(&p, csv_cell, csv_row, r)) {
		if (csv_error(&p) == CSV_EPARSE)
			report(r, r->line, NULL, "the file ends inside a quoted field");
		else
			oom(r);
	}
done:
	cells_free(r);
	if (!r->header_done && !r->fatal && !r->errors)
		report(r, 1, NULL, "no header: the file is empty");
	csv_free(&p);
	pl_free(buf);
}

/* --- JSON Lines --- */

static void json_line(struct lreader *r, const char *s, size_t len, long line)
{
	json_error_t jerr;
	json_t *o;
	const char *key;
	json_t *val;
	char *v[PL_MF__MAX] = {NULL};
	size_t i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (i == len)
		return; /* an empty line */
	if (!(o = json_loadb(s, len, JSON_REJECT_DUPLICATES, &jerr))) {
		report(r, line, NULL, "not JSON: %s", jerr.text);
		return;
	}
	if (!json_is_object(o)) {
		report(r, line, NULL, "not a JSON object");
		json_decref(o);
		return;
	}
	json_object_foreach(o, key, val)
	{
		for (int f = 0; f < PL_MF__MAX; f++) {
			if (strcmp(key, columns[f]))
				continue;
			if (json_is_null(val))
				break;
			if (!json_is_string(val)) {
				report(r, line, key, "not a string");
				break;
			}
			if (strlen(json_string_value(val)) != json_string_length(val)) {
				report(r, line, key, "a NUL character in the value");
				break;
			}
			if (!v[f] && !(v[f] = pl_strdup(json_string_value(val))))
				oom(r);
		}
	}
	if (!r->errors && !r->fatal)
		add_row(r, line, v);
	for (int f = 0; f < PL_MF__MAX; f++)
		pl_free(v[f]);
	json_decref(o);
}

static void read_jsonl(struct lreader *r, FILE *in)
{
	struct strbuf sb = STRBUF_INIT;
	char *buf = pl_malloc(READ_CHUNK);
	long line = 1;
	int first = 1, skipping = 0;
	size_t got;
	if (!buf) {
		oom(r);
		return;
	}
	sb.cap = LINE_MAX_BYTES;
	while (!r->fatal && r->errors <= MAX_ERRORS && (got = fread(buf, 1, READ_CHUNK, in))) {
		size_t pos = 0;
		if (first && got >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
			pos = 3;
		first = 0;
		while (pos < got && !r->fatal) {
			const char *nl = memchr(buf + pos, '\n', got - pos);
			size_t seg = nl ? (size_t)(nl - (buf + pos)) : got - pos;
			if (!skipping && strbuf_add(&sb, buf + pos, seg)) {
				if (sb.len + seg > LINE_MAX_BYTES)
					report(r, line, NULL, "line longer than 1 MiB");
				else
					oom(r);
				skipping = 1;
			}
			pos += seg;
			if (!nl)
				break;
			pos++;
			if (!skipping)
				json_line(r, sb.buf ? sb.buf : "", sb.len, line);
			strbuf_release(&sb);
			sb.cap = LINE_MAX_BYTES;
			skipping = 0;
			line++;
		}
	}
	if (ferror(in)) {
		pl_error_set(r->err, PL_EDATA, "%s: read error: %s", r->o->label, strerror(errno));
		r->fatal = 1;
	} else if (!r->fatal && !skipping && sb.len) {
		json_line(r, sb.buf, sb.len, line);
	}
	strbuf_release(&sb);
	pl_free(buf);
}

void pl_match_rows_free(struct pl_match_row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++) {
		pl_free(rows[i].family);
		pl_free(rows[i].given);
		pl_free(rows[i].patronymic);
		pl_free(rows[i].birth_date);
		pl_free(rows[i].unit);
	}
	pl_free(rows);
}

int pl_match_read(FILE *in, const struct pl_match_read_opts *o, pl_diag_cb diag, void *diag_ctx,
                  struct pl_match_row **rows, size_t *n, struct pl_error *err)
{
	struct pl_match_read_opts opts = {PL_FMT_CSV, "list", 1000000};
	struct lreader r;
	if (o)
		opts = *o;
	if (!opts.label)
		opts.label = "list";
	if (!opts.max_rows)
		opts.max_rows = 1000000;
	if (opts.format != PL_FMT_CSV && opts.format != PL_FMT_JSONL)
		return pl_error_set(err, PL_EUSAGE, "match: a list is CSV or JSON Lines");
	memset(&r, 0, sizeof(r));
	r.o = &opts;
	r.diag = diag;
	r.diag_ctx = diag_ctx;
	r.err = err;
	if (opts.format == PL_FMT_CSV)
		read_csv(&r, in);
	else
		read_jsonl(&r, in);
	if (!r.fatal && r.errors)
		pl_error_set(err, PL_EDATA, "%s: %ld error%s in the list: nothing matched",
		             opts.label, r.errors, r.errors == 1 ? "" : "s");
	if (r.fatal || r.errors) {
		pl_match_rows_free(r.rows, r.n);
		return err ? err->code : PL_EDATA;
	}
	*rows = r.rows;
	*n = r.n;
	return 0;
}
