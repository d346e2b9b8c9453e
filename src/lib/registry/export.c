/* export.c - persons to CSV, JSON Lines or XLSX, audited, formulas neutralised
 *
 * The columns are those import reads, after the reference: an exported file
 * imports again as it is. Values come through pl_person_list, so what the
 * actor may not see stays out. A file is written under a temporary name and
 * renamed when complete: a failed export leaves nothing behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <xlsxwriter.h>

#include "parley/alloc.h"
#include "parley/io.h"
#include "parley/strbuf.h"
#include "internal.h"
#include "banned.h"

#define XLSX_MAX_ROWS 1048576 /* Excel's limit, the header included */

static const char *const format_names[] = {"csv", "jsonl", "xlsx"};

struct exporter {
	enum pl_format format;
	const struct pl_entity *ent;
	int cols[64]; /* field indices, ref first */
	int ncols;
	FILE *out;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	long count;
	struct strbuf line;
	struct pl_db *db; /* for its progress callback */
	struct pl_error *err;
};

/* 1 when a spreadsheet would take s for a formula (OWASP: CSV injection). */
static int formula_like(const char *s)
{
	return s[0] && strchr("=+-@\t\r", s[0]) != NULL;
}

static void csv_cell(struct strbuf *sb, const char *v)
{
	size_t n;
	int quote;
	if (!v || !*v)
		return;
	n = strlen(v);
	/* libcsv, like spreadsheets, trims spaces around fields that are not quoted */
	quote = strpbrk(v, ",\"\r\n") || v[0] == ' ' || v[0] == '\t' || v[n - 1] == ' ' ||
	        v[n - 1] == '\t';
	if (quote)
		strbuf_addch(sb, '"');
	if (formula_like(v))
		strbuf_addch(sb, '\'');
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *p);
	}
	if (quote)
		strbuf_addch(sb, '"');
}

static int write_line(struct exporter *x)
{
	if (x->line.failed)
		return pl_error_set(x->err, PL_EDATA, "export: out of memory");
	if (fwrite(x->line.buf, 1, x->line.len, x->out) != x->line.len)
		return pl_error_set(x->err, PL_EDATA, "export: write error: %s", strerror(errno));
	strbuf_reset(&x->line);
	return 0;
}

static int xlsx_cell(struct exporter *x, long row, int col, const char *v, lxw_format *fmt)
{
	lxw_error e;
	if (!v || !*v)
		return 0;
	if (formula_like(v)) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addch(&sb, '\'');
		strbuf_adds(&sb, v);
		e = sb.failed ? LXW_ERROR_MEMORY_MALLOC_FAILED
		              : worksheet_write_string(x->ws, (lxw_row_t)row, (lxw_col_t)col,
		                                       sb.buf, fmt);
		strbuf_release(&sb);
	} else {
		e = worksheet_write_string(x->ws, (lxw_row_t)row, (lxw_col_t)col, v, fmt);
	}
	if (e != LXW_NO_ERROR)
		return pl_error_set(x->err, PL_EDATA, "export: %s", lxw_strerror(e));
	return 0;
}

static int header(struct exporter *x)
{
	const struct pl_entity *ent = x->ent;
	switch (x->format) {
	case PL_FMT_CSV:
		for (int c = 0; c < x->ncols; c++) {
			if (c)
				strbuf_addch(&x->line, ',');
			strbuf_adds(&x->line, ent->fields[x->cols[c]].name);
		}
		strbuf_adds(&x->line, "\r\n");
		return write_line(x);
	case PL_FMT_XLSX: {
		lxw_format *bold = workbook_add_format(x->wb);
		int rc;
		if (!bold)
			return pl_error_set(x->err, PL_EDATA, "export: out of memory");
		format_set_bold(bold);
		for (int c = 0; c < x->ncols; c++)
			if ((rc = xlsx_cell(x, 0, c, ent->fields[x->cols[c]].name, bold)))
				return rc;
		worksheet_freeze_panes(x->ws, 1, 0);
		return 0;
	}
	case PL_FMT_JSONL:
		return 0;
	}
	return 0;
}

static int export_one(void *ctx, const struct pl_record *r)
{
	struct exporter *x = ctx;
	int rc = 0;
	x->count++;
	if ((rc = progress_report(x->db, N_("exporting"), (uint64_t)x->count, 0, x->err)))
		return rc;
	switch (x->format) {
	case PL_FMT_CSV:
		for (int c = 0; c < x->ncols; c++) {
			if (c)
				strbuf_addch(&x->line, ',');
			csv_cell(&x->line, r->v[x->cols[c]]);
		}
		strbuf_adds(&x->line, "\r\n");
		return write_line(x);
	case PL_FMT_JSONL: {
		json_t *o = json_object();
		char *s = NULL;
		if (!o)
			return pl_error_set(x->err, PL_EDATA, "export: out of memory");
		for (int c = 0; c < x->ncols && !rc; c++) {
			const char *v = r->v[x->cols[c]];
			if (json_object_set_new(o, x->ent->fields[x->cols[c]].name,
			                        v ? json_string(v) : json_null()))
				rc = pl_error_set(x->err, PL_EDATA, "export: out of memory");
		}
		if (!rc && !(s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER)))
			rc = pl_error_set(x->err, PL_EDATA, "export: out of memory");
		json_decref(o);
		if (rc)
			return rc;
		strbuf_adds(&x->line, s);
		strbuf_addch(&x->line, '\n');
		free(s);
		return write_line(x);
	}
	case PL_FMT_XLSX:
		if (x->count >= XLSX_MAX_ROWS)
			return pl_error_set(x->err, PL_EDATA,
			                    "export: more persons than a sheet holds (%d rows): "
			                    "narrow the filter or use csv",
			                    XLSX_MAX_ROWS - 1);
		for (int c = 0; c < x->ncols && !rc; c++)
			rc = xlsx_cell(x, x->count, c, r->v[x->cols[c]], NULL);
		return rc;
	}
	return 0;
}

/* "side:captive,status:confirmed", or "all" */
static void filter_text(const struct pl_person_filter *f, struct strbuf *sb)
{
	const struct {
		const char *name, *v;
	} parts[] = {
	        {"side", f->side},     {"status", f->status}, {"kind", f->kind},
	        {"health", f->health}, {"sex", f->sex},       {"unit", f->unit},
	        {"text", f->text},     {"tag", f->tag},       {"citizenship", f->citizenship},
	};
	size_t start = sb->len;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (parts[i].v)
			strbuf_addf(sb, "%s%s:%s", sb->len > start ? "," : "", parts[i].name,
			            parts[i].v);
	if (f->limit)
		strbuf_addf(sb, "%slimit:%ld", sb->len > start ? "," : "", f->limit);
	if (f->offset)
		strbuf_addf(sb, "%soffset:%ld", sb->len > start ? "," : "", f->offset);
	if (sb->len == start)
		strbuf_adds(sb, "all");
}

/* A temporary file next to path, mode 0600; its name goes to tmp (pl_free). */
static int open_temp(const char *path, char **tmp, int *fd, struct pl_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s.XXXXXX", path);
	if (sb.failed)
		return pl_error_set(err, PL_EDATA, "out of memory");
	*fd = mkstemp(sb.buf);
	if (*fd < 0) {
		int e = errno;
		strbuf_release(&sb);
		return pl_error_set(err, e == ENOENT ? PL_ENOTFOUND : PL_EDATA, "%s: %s", path,
		                    strerror(e));
	}
	*tmp = strbuf_detach(&sb);
	return 0;
}

int pl_export(struct pl_db *db, const struct pl_actor *actor, const struct pl_person_filter *f,
              enum pl_format format, const char *path, FILE *out, long *count, struct pl_error *err)
{
	struct exporter x;
	struct strbuf note = STRBUF_INIT;
	char *tmp = NULL;
	int fd = -1, rc;

	if (format != PL_FMT_CSV && format != PL_FMT_JSONL && format != PL_FMT_XLSX)
		return pl_error_set(err, PL_EUSAGE, "export writes csv, jsonl or xlsx");
	if (!path)
		return pl_error_set(err, PL_EUSAGE, "export: no file named");
	if (format == PL_FMT_XLSX && !strcmp(path, "-"))
		return pl_error_set(err, PL_EUSAGE,
		                    "xlsx is not written to standard output: name a file");
	if ((rc = pl_authorize(db, actor, PL_OP_EXPORT, err)))
		return rc;
	if ((rc = pl_person_filter_check(f, err)))
		return rc;

	memset(&x, 0, sizeof(x));
	x.format = format;
	x.ent = pl_entity(PL_ENT_PERSON);
	x.db = db;
	x.err = err;
	for (size_t i = 0; i < x.ent->nfields && x.ncols < 64; i++) {
		const struct pl_field *fl = &x.ent->fields[i];
		if (!(fl->flags & PL_F_SYSTEM) || !strcmp(fl->name, "ref"))
			x.cols[x.ncols++] = (int)i;
	}

	if (format == PL_FMT_XLSX) {
		lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
		if ((rc = open_temp(path, &tmp, &fd, err)))
			return rc;
		close(fd);
		fd = -1;
		x.wb = workbook_new_opt(tmp, &o);
		x.ws = x.wb ? workbook_add_worksheet(x.wb, "persons") : NULL;
		if (!x.ws) {
			rc = pl_error_set(err, PL_EDATA, "%s: cannot start the workbook", path);
			goto fail;
		}
	} else if (out || !strcmp(path, "-")) {
		x.out = out ? out : stdout;
	} else {
		if ((rc = open_temp(path, &tmp, &fd, err)))
			return rc;
		x.out = fdopen(fd, "w");
		if (!x.out) {
			rc = pl_error_set(err, PL_EDATA, "%s: %s", path, strerror(errno));
			goto fail;
		}
		fd = -1;
	}

	if ((rc = header(&x)) || (rc = progress_report(db, N_("exporting"), 0, 0, err)) ||
	    (rc = pl_person_list(db, actor, f, export_one, &x, err)) ||
	    (rc = progress_report(db, N_("exporting"), (uint64_t)x.count, (uint64_t)x.count, err)))
		goto fail;
	if (x.wb) {
		lxw_error e = workbook_close(x.wb);
		x.wb = NULL;
		if (e != LXW_NO_ERROR) {
			rc = pl_error_set(err, PL_EDATA, "%s: %s", path, lxw_strerror(e));
			goto fail;
		}
	} else if (fflush(x.out) || ferror(x.out)) {
		rc = pl_error_set(err, PL_EDATA, "%s: write error: %s", path, strerror(errno));
		goto fail;
	}
	if (tmp && x.out) {
		int bad = fsync(fileno(x.out)) != 0;
		bad |= fclose(x.out) != 0;
		x.out = NULL;
		if (bad) {
			rc = pl_error_set(err, PL_EDATA, "%s: write error: %s", path,
			                  strerror(errno));
			goto fail;
		}
	}

	strbuf_adds(&note, "filter=");
	filter_text(f, &note);
	strbuf_addf(&note, ";count=%ld;format=%s", x.count, format_names[format]);
	if (note.failed) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto fail;
	}
	/* the record that the data left the office comes before the file appears */
	if ((rc = audit_note(db, actor, "export", NULL, 0, NULL, note.buf, err)))
		goto fail;
	if (tmp && rename(tmp, path)) {
		rc = pl_error_set(err, PL_EDATA, "%s: %s", path, strerror(errno));
		goto fail;
	}
	pl_free(tmp);
	strbuf_release(&note);
	strbuf_release(&x.line);
	if (count)
		*count = x.count;
	return 0;
fail:
	if (x.wb)
		workbook_close(x.wb);
	if (tmp && x.out)
		fclose(x.out);
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		pl_free(tmp);
	}
	strbuf_release(&note);
	strbuf_release(&x.line);
	return rc;
}
