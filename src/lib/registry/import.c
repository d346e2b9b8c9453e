/* import.c - persons from CSV and JSON Lines: all or nothing, every bad cell named
 *
 * Two threads. The reader, a thread of its own, cuts the input into physical
 * lines and hands them to libcsv (or jansson) one by one, so that every cell
 * knows the physical line it starts on, newlines inside quoted fields
 * included. It checks each row with the library's own rules
 * (pl_field_normalize, person_check, as person add does) and passes batches of
 * checked rows, with the problems it found, to the writer. The writer, the
 * caller's thread and the only one that touches the data file, reports the
 * problems in the order of the file, matches rows on source and external_id,
 * and writes them with person_insert or person_update in one transaction.
 * After the first problem nothing more is written, and at the end the
 * transaction is rolled back. See docs/import.md.
 *
 * Ownership: pl_import reads from `in` and leaves it open; a value the
 * reader made belongs to its batch until the writer takes it into its record.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <csv.h>
#include <jansson.h>

#include "parley/alloc.h"
#include "parley/io.h"
#include "parley/strbuf.h"
#include "parley/text.h"
#include "internal.h"
#include "banned.h"

#define BIT(i) (1ULL << (i))
#define LINE_MAX_BYTES (1u << 20)   /* a physical line */
#define RECORD_MAX_BYTES (1u << 20) /* a CSV record, however many lines it spans */
#define READ_CHUNK (256u << 10)
#define LABEL_MAX 200

int pl_format_from_name(const char *path)
{
	static const struct {
		const char *ext;
		enum pl_format fmt;
	} exts[] = {
	        {".csv", PL_FMT_CSV},
	        {".jsonl", PL_FMT_JSONL},
	        {".ndjson", PL_FMT_JSONL},
	        {".xlsx", PL_FMT_XLSX},
	};
	size_t n = path ? strlen(path) : 0;
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t k = strlen(exts[i].ext);
		if (n > k && !strcasecmp(path + n - k, exts[i].ext))
			return (int)exts[i].fmt;
	}
	return -1;
}

/* --- the (source, external_id) pairs seen in this file, with their lines --- */

struct seen_entry {
	uint64_t hash;
	size_t off; /* offset + 1 of "source\0external_id\0" in keys; 0: empty slot */
	long line;
};

struct seen {
	struct seen_entry *tab;
	size_t cap, n;
	struct strbuf keys;
};

static uint64_t fnv1a(const char *a, const char *b)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *a; a++)
		h = (h ^ (unsigned char)*a) * 0x100000001b3ULL;
	h = (h ^ 0xff) * 0x100000001b3ULL; /* no value holds 0xff: valid UTF-8 */
	for (; *b; b++)
		h = (h ^ (unsigned char)*b) * 0x100000001b3ULL;
	return h;
}

static int seen_grow(struct seen *s)
{
	size_t cap = s->cap ? s->cap * 2 : 1024;
	struct seen_entry *t = pl_calloc(cap, sizeof(*t));
	if (!t)
		return -1;
	for (size_t i = 0; i < s->cap; i++) {
		size_t j;
		if (!s->tab[i].off)
			continue;
		for (j = s->tab[i].hash & (cap - 1); t[j].off; j = (j + 1) & (cap - 1))
			;
		t[j] = s->tab[i];
	}
	pl_free(s->tab);
	s->tab = t;
	s->cap = cap;
	return 0;
}

/*
 * Adds the pair (source may be ""); returns the line it was first seen on
 * when it is already there, 0 when it is new, -1 when out of memory.
 */
static long seen_add(struct seen *s, const char *source, const char *ext, long line)
{
	uint64_t h = fnv1a(source, ext);
	size_t j;
	if ((s->n + 1) * 2 > s->cap && seen_grow(s))
		return -1;
	for (j = h & (s->cap - 1); s->tab[j].off; j = (j + 1) & (s->cap - 1)) {
		const char *k = s->keys.buf + s->tab[j].off - 1;
		if (s->tab[j].hash == h && !strcmp(k, source) && !strcmp(k + strlen(k) + 1, ext))
			return s->tab[j].line;
	}
	s->tab[j].hash = h;
	s->tab[j].off = s->keys.len + 1;
	s->tab[j].line = line;
	strbuf_add(&s->keys, source, strlen(source) + 1);
	strbuf_add(&s->keys, ext, strlen(ext) + 1);
	if (s->keys.failed)
		return -1;
	s->n++;
	return 0;
}

static void seen_release(struct seen *s)
{
	pl_free(s->tab);
	strbuf_release(&s->keys);
	memset(s, 0, sizeof(*s));
}

/* --- rows handed from the reader (a thread of its own) to the writer --- */

#define BATCH_ROWS 256
#define QUEUE_BATCHES 4
#define FIELDS_MAX 64

/* One row as the reader checked it. */
struct brow {
	long line;           /* the physical line the row starts on */
	int bad;             /* the reader found it bad (and said why) */
	char *v[FIELDS_MAX]; /* normalized values of the person's fields */
	long cl[FIELDS_MAX]; /* the line each field's cell starts on */
};

/* A problem the reader found, reported before row `before` of its batch. */
struct bmsg {
	int before;
	long line;
	char *column, *reason;
};

struct batch {
	struct batch *next;
	uint64_t bytes; /* the bytes of the input read up to its last row (progress) */
	int n, nmsgs, amsgs;
	struct bmsg *msgs;
	struct brow rows[BATCH_ROWS];
};

struct queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *ready, *ready_tail, *spare;
	int nbatches;
	int done;   /* the reader has finished: nothing more comes */
	int cancel; /* the writer has failed: the reader stops */
	int fatal;  /* the reader failed outside the data (err says how) */
	struct pl_error err;
};

/* A batch to fill: a spare one, a new one, or wait for the writer to free one. */
static struct batch *queue_get(struct queue *q)
{
	struct batch *b = NULL;
	pthread_mutex_lock(&q->mu);
	while (!q->spare && q->nbatches >= QUEUE_BATCHES && !q->cancel)
		pthread_cond_wait(&q->cv, &q->mu);
	if (q->cancel) {
		pthread_mutex_unlock(&q->mu);
		return NULL;
	}
	if (q->spare) {
		b = q->spare;
		q->spare = b->next;
	} else if ((b = pl_malloc(sizeof(*b)))) {
		q->nbatches++;
		b->msgs = NULL;
		b->amsgs = 0;
	}
	pthread_mutex_unlock(&q->mu);
	if (b) {
		b->next = NULL;
		b->n = 0;
		b->nmsgs = 0;
	}
	return b;
}

static void queue_push(struct queue *q, struct batch *b)
{
	pthread_mutex_lock(&q->mu);
	if (q->ready_tail)
		q->ready_tail->next = b;
	else
		q->ready = b;
	q->ready_tail = b;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

/* The next batch to write; NULL when the reader is done and all was taken. */
static struct batch *queue_pop(struct queue *q)
{
	struct batch *b;
	pthread_mutex_lock(&q->mu);
	while (!q->ready && !q->done)
		pthread_cond_wait(&q->cv, &q->mu);
	b = q->ready;
	if (b) {
		q->ready = b->next;
		if (!q->ready)
			q->ready_tail = NULL;
	}
	pthread_mutex_unlock(&q->mu);
	return b;
}

static void queue_release(struct queue *q, struct batch *b)
{
	pthread_mutex_lock(&q->mu);
	b->next = q->spare;
	q->spare = b;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

static void batch_clear(struct batch *b, size_t nfields)
{
	for (int k = 0; k < b->n; k++)
		for (size_t i = 0; i < nfields; i++) {
			pl_free(b->rows[k].v[i]);
			b->rows[k].v[i] = NULL;
		}
	for (int m = 0; m < b->nmsgs; m++) {
		pl_free(b->msgs[m].column);
		pl_free(b->msgs[m].reason);
	}
	b->n = b->nmsgs = 0;
}

static void queue_free(struct queue *q, size_t nfields)
{
	while (q->ready) {
		struct batch *b = q->ready;
		q->ready = b->next;
		batch_clear(b, nfields);
		pl_free(b->msgs);
		pl_free(b);
	}
	while (q->spare) {
		struct batch *b = q->spare;
		q->spare = b->next;
		pl_free(b->msgs);
		pl_free(b);
	}
}

/* --- the reader: bytes to checked rows --- */

/* One cell of a row: a person field, its raw value, the line it starts on. */
struct cell {
	int field;
	const char *val;
	size_t len;
	long line;
};

struct reader {
	struct queue *q;
	FILE *in;
	enum pl_format format;
	const struct pl_entity *ent;
	const char *label;
	const char *source; /* the default of the source column, normalized */
	struct batch *cur;  /* the batch being filled */
	int fatal;          /* a failure outside the data: q->err says what */
	int stop;           /* the rest of the input cannot be read (CSV syntax, long line) */
	long errors;
	struct seen seen;
	int fi_source, fi_external;

	/* CSV */
	int header_done;
	int ncols;
	int *cols;           /* field index of each column; -1: ignored */
	struct strbuf cells; /* the values of the record being read, NUL-terminated */
	struct cell *row;    /* its cells (val: an offset into cells until the record ends) */
	int nrow, row_alloc;
	long line;         /* the physical line being read */
	long last_row_end; /* the line the last record ended on */
	size_t line_bytes;
	uint64_t bytes; /* the bytes of the input parsed so far */
};

static int r_fatal(struct reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int r_fatal(struct reader *rd, const char *fmt, ...)
{
	va_list ap;
	if (rd->fatal)
		return rd->fatal;
	rd->fatal = PL_EDATA;
	va_start(ap, fmt);
	vsnprintf(rd->q->err.msg, sizeof(rd->q->err.msg), fmt, ap);
	va_end(ap);
	rd->q->err.code = PL_EDATA;
	return rd->fatal;
}

static int r_oom(struct reader *rd)
{
	return r_fatal(rd, "%s: out of memory", rd->label);
}

/* Makes sure the current batch has room for one more row; 0 when it has. */
static int r_room(struct reader *rd)
{
	if (rd->cur && rd->cur->n < BATCH_ROWS)
		return 0;
	if (rd->cur) {
		rd->cur->bytes = rd->bytes;
		queue_push(rd->q, rd->cur);
		rd->cur = NULL;
	}
	if (rd->fatal || rd->stop)
		return -1;
	rd->cur = queue_get(rd->q);
	if (!rd->cur) {
		pthread_mutex_lock(&rd->q->mu);
		if (rd->q->cancel)
			rd->stop = 1;
		pthread_mutex_unlock(&rd->q->mu);
		if (!rd->stop)
			r_oom(rd);
		return -1;
	}
	return 0;
}

static void r_report(struct reader *rd, long line, const char *column, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* A problem, reported before the row the batch gets next. */
static void r_report(struct reader *rd, long line, const char *column, const char *fmt, ...)
{
	char reason[640];
	struct batch *b;
	struct bmsg *m;
	va_list ap;

	rd->errors++;
	if (r_room(rd))
		return;
	b = rd->cur;
	if (b->nmsgs == b->amsgs) {
		int a = b->amsgs ? b->amsgs * 2 : 8;
		struct bmsg *msgs = pl_realloc(b->msgs, (size_t)a * sizeof(*msgs));
		if (!msgs) {
			r_oom(rd);
			return;
		}
		b->msgs = msgs;
		b->amsgs = a;
	}
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	m = &b->msgs[b->nmsgs];
	m->before = b->n;
	m->line = line;
	m->column = column ? pl_strdup(column) : NULL;
	m->reason = pl_strdup(reason);
	if ((column && !m->column) || !m->reason) {
		pl_free(m->column);
		pl_free(m->reason);
		r_oom(rd);
		return;
	}
	b->nmsgs++;
}

/* msg without a leading "name: " */
static const char *strip_name(const char *msg, const char *name)
{
	size_t n = strlen(name);
	if (!strncmp(msg, name, n) && msg[n] == ':' && msg[n + 1] == ' ')
		return msg + n + 2;
	return msg;
}

/* The field a message of person_check ("field: reason") names, or -1; *rest: the reason. */
static int check_field(const struct pl_entity *ent, const char *msg, const char **rest)
{
	const char *colon = strstr(msg, ": ");
	char name[64];
	if (!colon || (size_t)(colon - msg) >= sizeof(name))
		return -1;
	memcpy(name, msg, (size_t)(colon - msg));
	name[colon - msg] = '\0';
	*rest = colon + 2;
	return pl_field_index(ent, name);
}

/* A row that cannot be read as one (wrong number of fields, bad JSON): counted, bad. */
static void r_bad_row(struct reader *rd, long line)
{
	struct brow *b;
	if (r_room(rd))
		return;
	b = &rd->cur->rows[rd->cur->n++];
	memset(b->v, 0, sizeof(b->v));
	b->line = line;
	b->bad = 1;
}

/* Checks one row the way person add would, and queues it for the writer. */
static void r_row(struct reader *rd, long line, const struct cell *c, int n)
{
	const struct pl_entity *ent = rd->ent;
	struct pl_record view = {0};
	struct pl_error e = {0};
	struct brow *b;
	const char *ext, *rest;
	long errors = rd->errors;

	if (r_room(rd))
		return;
	b = &rd->cur->rows[rd->cur->n];
	memset(b->v, 0, sizeof(b->v));
	for (size_t i = 0; i < ent->nfields; i++)
		b->cl[i] = line;
	b->line = line;
	b->bad = 0;
	for (int k = 0; k < n; k++) {
		const struct pl_field *f = &ent->fields[c[k].field];
		const char *val = c[k].val;
		size_t bad_at;
		char *v;
		b->cl[c[k].field] = c[k].line;
		if (!pl_utf8_valid(val, c[k].len, &bad_at)) {
			r_report(rd, c[k].line, f->name, "invalid UTF-8 at byte %zu", bad_at + 1);
			continue;
		}
		/* the mark export puts before what a spreadsheet would take for a formula */
		if (val[0] == '\'' && val[1] && strchr("=+-@\t\r", val[1]))
			val++;
		if (pl_field_normalize(f, val, &v, &e)) {
			r_report(rd, c[k].line, f->name, "%s", strip_name(e.msg, f->name));
			continue;
		}
		pl_free(b->v[c[k].field]);
		b->v[c[k].field] = v;
	}
	if (rd->errors == errors && !b->v[rd->fi_source] && rd->source &&
	    !(b->v[rd->fi_source] = pl_strdup(rd->source)))
		r_oom(rd);
	view.ent = ent;
	view.v = b->v;
	if (rd->errors == errors && person_check(&view, &e)) {
		int i = check_field(ent, e.msg, &rest);
		if (i < 0)
			r_report(rd, line, NULL, "%s", e.msg);
		else
			r_report(rd, b->cl[i], ent->fields[i].name, "%s", rest);
	}
	ext = b->v[rd->fi_external];
	if (rd->errors == errors && ext) {
		const char *src = b->v[rd->fi_source];
		long first = seen_add(&rd->seen, src ? src : "", ext, line);
		if (first < 0)
			r_oom(rd);
		else if (first)
			r_report(rd, b->cl[rd->fi_external], "external_id",
			         "'%s'%s%s is already on line %ld", ext, src ? " of source " : "",
			         src ? src : "", first);
	}
	/* the batch may have been handed on while reporting: the row goes where its messages went
	 */
	if (rd->fatal || rd->stop || !rd->cur || &rd->cur->rows[rd->cur->n] != b) {
		for (size_t i = 0; i < ent->nfields; i++)
			pl_free(b->v[i]);
		return;
	}
	b->bad = rd->errors != errors;
	rd->cur->n++;
}

/* --- CSV --- */

/* 1 when a name can stand as the column of a message: short, printable, no ':'. */
static int printable_name(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 64 || !pl_utf8_valid(s, n, NULL) || pl_has_control(s))
		return 0;
	for (; *s; s++)
		if (*s == ':' || *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			return 0;
	return 1;
}

/* The header: column names to person fields; every problem reported on its line. */
static void csv_header(struct reader *rd, long line)
{
	const struct pl_entity *ent = rd->ent;
	int *cols = pl_calloc((size_t)rd->nrow, sizeof(*cols));
	long errors = rd->errors;
	if (!cols) {
		r_oom(rd);
		return;
	}
	for (int k = 0; k < rd->nrow; k++) {
		char name[64], shown[80];
		const char *raw = rd->row[k].val;
		size_t len = rd->row[k].len, n = 0;
		int i, ok = pl_utf8_valid(raw, len, NULL);
		cols[k] = -1;
		while (len && (*raw == ' ' || *raw == '\t')) {
			raw++;
			len--;
		}
		while (len && (raw[len - 1] == ' ' || raw[len - 1] == '\t'))
			len--;
		for (size_t j = 0; ok && j < len && n + 1 < sizeof(name); j++) {
			char ch = raw[j];
			name[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a'
			                   : ch == '-'            ? '_'
			                                          : ch);
		}
		name[n] = '\0';
		if (!ok || len >= sizeof(name) || !n) {
			snprintf(shown, sizeof(shown), "column %d", k + 1);
			r_report(rd, line, shown, "%s",
			         !ok ? "the name is not valid UTF-8"
			         : n ? "the name is too long to be a person field"
			             : "the header names no column here");
			continue;
		}
		if (!strcmp(name, "ref"))
			continue; /* export writes it; a reference is parley's to give */
		i = pl_field_index(ent, name);
		if (i < 0 && !printable_name(name)) {
			snprintf(shown, sizeof(shown), "column %d", k + 1);
			r_report(rd, line, shown,
			         "unknown column: not a person field (see "
			         "docs/import.md)");
			continue;
		}
		if (i < 0 || (ent->fields[i].flags & PL_F_SYSTEM)) {
			r_report(rd, line, name, "%s",
			         i < 0 ? "unknown column: not a person field (see docs/import.md)"
			               : "this column is set by parley, not by a file");
			continue;
		}
		for (int j = 0; j < k; j++)
			if (cols[j] == i) {
				r_report(rd, line, name, "column given twice (also column %d)",
				         j + 1);
				i = -1;
				break;
			}
		cols[k] = i;
	}
	for (size_t i = 0; i < ent->nfields; i++) {
		int found = 0;
		if (!(ent->fields[i].flags & PL_F_REQUIRED))
			continue;
		for (int k = 0; k < rd->nrow; k++)
			found |= cols[k] == (int)i;
		if (!found)
			r_report(rd, line, ent->fields[i].name, "required column missing");
	}
	rd->cols = cols;
	rd->ncols = rd->nrow;
	rd->header_done = 1;
	if (rd->errors > errors)
		rd->stop = 1; /* rows read against a bad header would only repeat it */
}

static void csv_field(void *data, size_t len, void *ctx)
{
	struct reader *rd = ctx;
	const char *s = data ? data : "";
	long nl = 0;
	if (rd->stop || rd->fatal)
		return;
	for (const char *p = memchr(s, '\n', len); p;
	     p = memchr(p + 1, '\n', len - (size_t)(p + 1 - s)))
		nl++;
	if (rd->nrow == rd->row_alloc) {
		int a = rd->row_alloc ? rd->row_alloc * 2 : 64;
		struct cell *row = pl_realloc(rd->row, (size_t)a * sizeof(*row));
		if (!row) {
			r_oom(rd);
			return;
		}
		rd->row = row;
		rd->row_alloc = a;
	}
	rd->row[rd->nrow].val = (const char *)(uintptr_t)rd->cells.len;
	rd->row[rd->nrow].len = len;
	rd->row[rd->nrow].line = rd->line - nl;
	rd->row[rd->nrow].field = -1;
	rd->nrow++;
	strbuf_add(&rd->cells, s, len);
	strbuf_addch(&rd->cells, '\0');
	if (rd->cells.failed)
		r_oom(rd);
}

static void csv_row(int term, void *ctx)
{
	struct reader *rd = ctx;
	long line;
	int n = 0;
	(void)term;
	if (rd->stop || rd->fatal || !rd->nrow)
		goto out;
	for (int k = 0; k < rd->nrow; k++)
		rd->row[k].val = rd->cells.buf + (uintptr_t)rd->row[k].val;
	line = rd->row[0].line;
	if (!rd->header_done) {
		csv_header(rd, line);
		goto out;
	}
	if (rd->nrow != rd->ncols) {
		r_report(rd, line, NULL, "%d field%s, the header has %d", rd->nrow,
		         rd->nrow == 1 ? "" : "s", rd->ncols);
		r_bad_row(rd, line);
		goto out;
	}
	/* keep the cells of known columns, in place */
	for (int k = 0; k < rd->nrow; k++)
		if (rd->cols[k] >= 0) {
			rd->row[n] = rd->row[k];
			rd->row[n++].field = rd->cols[k];
		}
	r_row(rd, line, rd->row, n);
out:
	rd->last_row_end = rd->line;
	rd->nrow = 0;
	strbuf_reset(&rd->cells);
}

static void *csv_realloc(void *p, size_t n)
{
	return pl_realloc(p, n);
}

/* Reads into buf (at most cap bytes); 0 at the end, -1 on a read error. */
static long read_some(FILE *in, char *buf, size_t cap)
{
	size_t n = fread(buf, 1, cap, in);
	if (n == 0 && ferror(in))
		return -1;
	return (long)n;
}

static int cancelled(struct reader *rd)
{
	int c;
	pthread_mutex_lock(&rd->q->mu);
	c = rd->q->cancel;
	pthread_mutex_unlock(&rd->q->mu);
	if (c)
		rd->stop = 1;
	return c;
}

static void read_csv(struct reader *rd)
{
	struct csv_parser p;
	char *buf = pl_malloc(READ_CHUNK);
	int first = 1;
	long got;

	if (!buf || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		pl_free(buf);
		r_oom(rd);
		return;
	}
	csv_set_realloc_func(&p, csv_realloc);
	csv_set_free_func(&p, pl_free);
	rd->line = 1;
	while (!rd->stop && !rd->fatal && !cancelled(rd) &&
	       (got = read_some(rd->in, buf, READ_CHUNK)) != 0) {
		size_t pos = 0, len;
		if (got < 0) {
			r_fatal(rd, "%s: read error: %s", rd->label, strerror(errno));
			break;
		}
		len = (size_t)got;
		if (first && len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
			pos = 3; /* a byte order mark */
		first = 0;
		while (pos < len && !rd->stop && !rd->fatal) {
			const char *nl = memchr(buf + pos, '\n', len - pos);
			size_t seg = nl ? (size_t)(nl - (buf + pos)) + 1 : len - pos;
			if (csv_parse(&p, buf + pos, seg, csv_field, csv_row, rd) != seg) {
				if (csv_error(&p) == CSV_EPARSE)
					r_report(rd, rd->line, NULL,
					         "malformed CSV: a quote in a field that is not "
					         "quoted, or text after a closing quote (quote the "
					         "field and double the quotes inside it)");
				else
					r_oom(rd);
				rd->stop = 1;
				break;
			}
			pos += seg;
			rd->bytes += seg;
			rd->line_bytes += seg;
			if (rd->line_bytes > LINE_MAX_BYTES) {
				r_report(rd, rd->line, NULL, "line longer than 1 MiB");
				rd->stop = 1;
			} else if (rd->cells.len + p.entry_pos > RECORD_MAX_BYTES) {
				r_report(rd, rd->nrow ? rd->row[0].line : rd->line, NULL,
				         "record longer than 1 MiB (a quote left open?)");
				rd->stop = 1;
			}
			if (nl) {
				rd->line++;
				rd->line_bytes = 0;
			}
		}
	}
	if (!rd->stop && !rd->fatal) {
		long open_line = rd->nrow ? rd->row[rd->nrow - 1].line : rd->last_row_end + 1;
		if (rd->line_bytes == 0 && rd->line > 1)
			rd->line--; /* the newline at the end of the file starts no line */
		if (csv_fini(&p, csv_field, csv_row, rd)) {
			if (csv_error(&p) == CSV_EPARSE)
				r_report(rd, open_line, NULL,
				         "the file ends inside a quoted field (a quote left open)");
			else
				r_oom(rd);
		}
	}
	if (!rd->header_done && !rd->fatal && !rd->errors && !rd->stop)
		r_report(rd, 1, NULL, "no header: the file is empty");
	csv_free(&p);
	pl_free(buf);
}

/* --- JSON Lines --- */

static void jsonl_line(struct reader *rd, const char *s, size_t len, long line, struct cell **cells,
                       int *acells)
{
	json_error_t jerr;
	json_t *o, *v;
	const char *key;
	size_t bad_at;
	long errors = rd->errors;
	int n = 0;

	while (len && (s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	if (!len)
		return; /* a blank line */
	if (!pl_utf8_valid(s, len, &bad_at)) {
		r_report(rd, line, NULL, "invalid UTF-8 at byte %zu", bad_at + 1);
		r_bad_row(rd, line);
		return;
	}
	o = json_loadb(s, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!o || !json_is_object(o)) {
		if (o)
			r_report(rd, line, NULL, "not a JSON object: each line holds one {...}");
		else
			r_report(rd, line, NULL, "invalid JSON: %s (at character %d)", jerr.text,
			         jerr.position + 1);
		r_bad_row(rd, line);
		json_decref(o);
		return;
	}
	if (json_object_size(o) > (size_t)*acells) {
		struct cell *c = pl_realloc(*cells, json_object_size(o) * sizeof(*c));
		if (!c) {
			json_decref(o);
			r_oom(rd);
			return;
		}
		*cells = c;
		*acells = (int)json_object_size(o);
	}
	json_object_foreach(o, key, v)
	{
		int i = pl_field_index(rd->ent, key);
		if (!strcmp(key, "ref"))
			continue;
		if (i < 0 || (rd->ent->fields[i].flags & PL_F_SYSTEM)) {
			if (!printable_name(key))
				r_report(rd, line, NULL,
				         "a key that is not a person field (see docs/import.md)");
			else
				r_report(rd, line, key, "%s",
				         i < 0 ? "unknown key: not a person field (see "
				                 "docs/import.md)"
				               : "this key is set by parley, not by a file");
			continue;
		}
		if (json_is_null(v))
			continue;
		if (json_is_number(v)) {
			char num[64];
			if (json_is_integer(v))
				snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
				         json_integer_value(v));
			else
				snprintf(num, sizeof(num), "%g", json_real_value(v));
			r_report(rd, line, key, "%s is a number: write it as a string (\"%s\")",
			         num, num);
			continue;
		}
		if (!json_is_string(v)) {
			r_report(rd, line, key, "must be a string or null");
			continue;
		}
		(*cells)[n].field = i;
		(*cells)[n].val = json_string_value(v);
		(*cells)[n].len = json_string_length(v);
		(*cells)[n].line = line;
		n++;
	}
	if (rd->errors != errors)
		r_bad_row(rd, line);
	else
		r_row(rd, line, *cells, n);
	json_decref(o);
}

static void read_jsonl(struct reader *rd)
{
	struct strbuf sb = STRBUF_INIT;
	struct cell *cells = NULL;
	char *buf = pl_malloc(READ_CHUNK);
	long line = 1, got;
	int first = 1, skipping = 0, acells = 0;

	if (!buf) {
		r_oom(rd);
		return;
	}
	sb.cap = LINE_MAX_BYTES;
	while (!rd->fatal && !rd->stop && !cancelled(rd) &&
	       (got = read_some(rd->in, buf, READ_CHUNK)) != 0) {
		size_t pos = 0, len;
		if (got < 0) {
			r_fatal(rd, "%s: read error: %s", rd->label, strerror(errno));
			break;
		}
		len = (size_t)got;
		if (first && len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
			pos = 3;
		first = 0;
		while (pos < len && !rd->fatal && !rd->stop) {
			const char *nl = memchr(buf + pos, '\n', len - pos);
			size_t seg = nl ? (size_t)(nl - (buf + pos)) : len - pos;
			if (!skipping && strbuf_add(&sb, buf + pos, seg)) {
				r_report(rd, line, NULL, "line longer than 1 MiB");
				r_bad_row(rd, line);
				skipping = 1;
			}
			pos += seg;
			rd->bytes += seg;
			if (!nl)
				break;
			pos++;
			rd->bytes++;
			if (!skipping)
				jsonl_line(rd, sb.buf ? sb.buf : "", sb.len, line, &cells, &acells);
			strbuf_release(&sb);
			sb.cap = LINE_MAX_BYTES;
			skipping = 0;
			line++;
		}
	}
	if (!rd->fatal && !rd->stop && !skipping && sb.len)
		jsonl_line(rd, sb.buf, sb.len, line, &cells, &acells);
	strbuf_release(&sb);
	pl_free(cells);
	pl_free(buf);
}

static void *reader_main(void *arg)
{
	struct reader *rd = arg;
	if (rd->format == PL_FMT_CSV)
		read_csv(rd);
	else
		read_jsonl(rd);
	if (rd->cur) {
		rd->cur->bytes = rd->bytes;
		queue_push(rd->q, rd->cur);
		rd->cur = NULL;
	}
	pthread_mutex_lock(&rd->q->mu);
	rd->q->done = 1;
	rd->q->fatal = rd->fatal;
	pthread_cond_broadcast(&rd->q->cv);
	pthread_mutex_unlock(&rd->q->mu);
	return NULL;
}

/* --- the writer: checked rows into the file, in one transaction --- */

/* The file's name for messages and the audit trail: valid UTF-8, printable, short. */
static void clean_label(const char *in, char *out, size_t cap)
{
	size_t n = 0;
	for (const char *p = in; *p && n + 4 < cap;) {
		size_t len = strlen(p), k = 1, bad;
		unsigned char ch = (unsigned char)*p;
		if (ch >= 0x80) {
			k = ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : 2;
			if (k > len || !pl_utf8_valid(p, k, &bad))
				k = 0;
			else if (ch == 0xC2 && (unsigned char)p[1] <= 0x9F) {
				out[n++] = '?'; /* a C1 control character */
				p += 2;
				continue;
			}
		} else if (ch < 0x20 || ch == 0x7F) {
			k = 0;
		}
		if (!k) {
			out[n++] = '?';
			p++;
			continue;
		}
		memcpy(out + n, p, k);
		n += k;
		p += k;
	}
	out[n] = '\0';
}

struct writer {
	struct pl_db *db;
	const struct pl_actor *actor;
	const struct pl_entity *ent;
	const char *label;
	pl_diag_cb diag;
	void *diag_ctx;
	struct pl_error *err;
	struct pl_import_result res;
	long max_errors;
	int fatal;    /* a failure outside the data (storage): stop, return it */
	int writing;  /* 0 once a row was bad: the rest is only checked */
	char *reason; /* of the person_changes an update writes */
	struct pl_record rec;
	const char **merged; /* a person as an update would leave it */
	int fi_side, fi_status, fi_status_date, fi_external, fi_medical;
	int denied;    /* a row wrote a value the actor may not see: the import is refused */
	uint64_t size; /* the bytes of the input when it is a file (0: not known) */
};

static void report(struct writer *w, long line, const char *column, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static void report(struct writer *w, long line, const char *column, const char *fmt, ...)
{
	char reason[640], shown[640];
	va_list ap;
	w->res.errors++;
	w->writing = 0;
	if (w->res.errors > w->max_errors || !w->diag)
		return;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	/* messages quote cells: no control character reaches a terminal, no broken UTF-8 */
	clean_label(reason, shown, sizeof(shown));
	w->diag(w->diag_ctx, w->label, line, column, shown);
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* A row that matched a person: checks what an update would do, then does it. */
static void row_update(struct writer *w, const struct brow *b, long long id, uint64_t set)
{
	const struct pl_entity *ent = w->ent;
	struct pl_record cur, merged;
	struct pl_error e = {0};
	const char *rest;
	int bad = 0, rc;

	if ((rc = store_get(w->db->st, ent, id, &cur, w->err))) {
		w->fatal = rc;
		return;
	}
	/* a re-import leaves the status alone: it changes with person status */
	set &= ~(BIT(w->fi_status) | BIT(w->fi_status_date));
	if (!same(cur.v[w->fi_side], w->rec.v[w->fi_side])) {
		report(w, b->cl[w->fi_side], "side",
		       "%s (external_id %s) is a %s: the side of a person cannot change",
		       pl_record_get(&cur, "ref"), w->rec.v[w->fi_external], cur.v[w->fi_side]);
		bad = 1;
	}
	if (!bad) {
		merged = cur;
		merged.v = (char **)w->merged;
		for (size_t i = 0; i < ent->nfields; i++)
			w->merged[i] = (set & BIT(i)) ? w->rec.v[i] : cur.v[i];
		if (person_check(&merged, &e)) {
			int i = check_field(ent, e.msg, &rest);
			if (i < 0)
				report(w, b->line, NULL, "%s", e.msg);
			else
				report(w, b->cl[i], ent->fields[i].name, "%s", rest);
			bad = 1;
		}
	}
	w->res.updated++;
	if (!bad && w->writing &&
	    (rc = person_update(w->db, w->actor, &cur, &w->rec, set, w->reason, "import", w->err)))
		w->fatal = rc;
	pl_record_release(&cur);
}

static void write_row(struct writer *w, struct brow *b)
{
	const struct pl_entity *ent = w->ent;
	struct pl_record *r = &w->rec;
	uint64_t set = 0;
	long long id = 0;
	int rc;

	w->res.rows++;
	if (b->bad)
		return;
	for (size_t i = 0; i < ent->nfields; i++) {
		pl_free(r->v[i]);
		r->v[i] = b->v[i];
		b->v[i] = NULL;
		if (r->v[i])
			set |= BIT(i);
	}
	r->id = 0;
	r->restricted = 0;
	/* a value the actor may not see is not written, whatever is stored (no oracle) */
	if ((set & BIT(w->fi_medical)) &&
	    !pl_roles_may_see(w->actor->roles, PL_R_MEDICAL_NOTES, NULL)) {
		report(w, b->cl[w->fi_medical], "medical_notes",
		       "permission denied: %s may not write medical notes", w->actor->login);
		w->denied = 1;
		return;
	}
	if (r->v[w->fi_external] &&
	    (rc = store_person_by_external(w->db->st, pl_record_get(r, "source"),
	                                   r->v[w->fi_external], &id, w->err))) {
		w->fatal = rc;
		return;
	}
	if (id) {
		row_update(w, b, id, set);
		return;
	}
	w->res.added++;
	if (w->writing && (rc = person_insert(w->db, w->actor, r, "import", NULL, w->err)))
		w->fatal = rc;
}

/* The rows the whole input holds, estimated from those up to the end of batch b and the
 * bytes they took (0: not known, the input is no file); exact once all is read. */
static uint64_t rows_expected(const struct writer *w, const struct batch *b)
{
	uint64_t upto = (uint64_t)w->res.rows + (uint64_t)b->n, est;
	if (!w->size || !b->bytes)
		return 0;
	est = (uint64_t)((double)upto * (double)w->size / (double)b->bytes + 0.5);
	return est > upto ? est : upto + 1; /* the end is said once, by the import */
}

static void write_batch(struct writer *w, struct batch *b)
{
	uint64_t total = rows_expected(w, b);
	int m = 0;
	for (int k = 0; k < b->n && !w->fatal; k++) {
		int rc;
		for (; m < b->nmsgs && b->msgs[m].before <= k; m++)
			report(w, b->msgs[m].line, b->msgs[m].column, "%s", b->msgs[m].reason);
		write_row(w, &b->rows[k]);
		if (!w->fatal && (rc = progress_report(w->db, N_("importing"),
		                                       (uint64_t)w->res.rows, total, w->err)))
			w->fatal = rc;
	}
	for (; m < b->nmsgs && !w->fatal; m++)
		report(w, b->msgs[m].line, b->msgs[m].column, "%s", b->msgs[m].reason);
}

/* --- the whole import --- */

/* Runs the reader on a thread of its own and writes what it hands over. */
static int pipeline(struct writer *w, struct reader *rd, struct queue *q)
{
	pthread_t th;
	struct batch *b;
	int rc;

	if ((rc = pthread_create(&th, NULL, reader_main, rd)))
		return pl_error_set(w->err, PL_EDATA, "import: cannot start a thread: %s",
		                    strerror(rc));
	while ((b = queue_pop(q))) {
		if (!w->fatal)
			write_batch(w, b);
		batch_clear(b, w->ent->nfields);
		if (w->fatal) {
			pthread_mutex_lock(&q->mu);
			q->cancel = 1;
			pthread_cond_broadcast(&q->cv);
			pthread_mutex_unlock(&q->mu);
		}
		queue_release(q, b);
	}
	pthread_join(th, NULL);
	if (w->fatal)
		return w->fatal;
	if (q->fatal)
		return pl_error_set(w->err, q->fatal, "%s", q->err.msg);
	return 0;
}

int pl_import(struct pl_db *db, const struct pl_actor *actor, FILE *in,
              const struct pl_import_opts *opts, pl_diag_cb diag, void *diag_ctx,
              struct pl_import_result *res, struct pl_error *err)
{
	struct writer w;
	struct reader rd;
	struct queue q;
	char label[LABEL_MAX + 1];
	struct strbuf note = STRBUF_INIT;
	char *source = NULL;
	int rc;

	if (!opts || !in || (opts->format != PL_FMT_CSV && opts->format != PL_FMT_JSONL))
		return pl_error_set(err, PL_EUSAGE, "import reads CSV or JSON Lines");
	if (pl_entity(PL_ENT_PERSON)->nfields > FIELDS_MAX)
		return pl_error_set(err, PL_EUSAGE, "import: a person has too many fields");
	if ((rc = pl_authorize(db, actor, PL_OP_IMPORT, err)))
		return rc;
	memset(&w, 0, sizeof(w));
	memset(&rd, 0, sizeof(rd));
	memset(&q, 0, sizeof(q));
	clean_label(opts->label ? opts->label : "-", label, sizeof(label));

	w.db = db;
	w.actor = actor;
	w.ent = pl_entity(PL_ENT_PERSON);
	w.label = label;
	w.diag = diag;
	w.diag_ctx = diag_ctx;
	w.err = err;
	w.max_errors = opts->max_errors > 0 ? opts->max_errors : 100;
	w.writing = 1;
	w.fi_side = pl_field_index(w.ent, "side");
	w.fi_status = pl_field_index(w.ent, "status");
	w.fi_status_date = pl_field_index(w.ent, "status_date");
	w.fi_external = pl_field_index(w.ent, "external_id");
	w.fi_medical = pl_field_index(w.ent, "medical_notes");

	{ /* a file's size makes a total of rows to expect; a pipe has none */
		struct stat sb;
		long at = ftell(in);
		if (fstat(fileno(in), &sb) == 0 && S_ISREG(sb.st_mode) && at >= 0 &&
		    sb.st_size > at)
			w.size = (uint64_t)(sb.st_size - at);
	}
	rd.q = &q;
	rd.in = in;
	rd.format = opts->format;
	rd.ent = w.ent;
	rd.label = label;
	rd.fi_source = pl_field_index(w.ent, "source");
	rd.fi_external = w.fi_external;
	rd.cells.cap = RECORD_MAX_BYTES * 2;
	rd.seen.keys.cap = (size_t)1 << 31;

	if (opts->source) {
		struct pl_error e = {0};
		if (pl_field_normalize(&w.ent->fields[rd.fi_source], opts->source, &source, &e))
			return pl_error_set(err, PL_EUSAGE, "source: %s",
			                    strip_name(e.msg, "source"));
		rd.source = source;
	}
	strbuf_addf(&note, "import of %s", label);
	w.reason = strbuf_detach(&note);
	w.merged = pl_calloc(w.ent->nfields, sizeof(*w.merged));
	if (!w.reason || !w.merged || pl_record_init(&w.rec, w.ent)) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	pthread_mutex_init(&q.mu, NULL);
	pthread_cond_init(&q.cv, NULL);
	if ((rc = store_begin(db, err)))
		goto out_queue;
	if ((rc = pipeline(&w, &rd, &q)) ||
	    (rc = progress_report(db, N_("importing"), (uint64_t)w.res.rows, (uint64_t)w.res.rows,
	                          err))) {
		store_rollback(db);
		goto out_queue;
	}
	if (w.res.errors > w.max_errors && diag) {
		char more[64];
		snprintf(more, sizeof(more), "...and %ld more error%s", w.res.errors - w.max_errors,
		         w.res.errors - w.max_errors == 1 ? "" : "s");
		diag(diag_ctx, label, 0, NULL, more);
	}
	if (w.denied) {
		rc = refuse(
		        db, actor, "import", NULL, "medical_notes", PL_EPERM, err,
		        "permission denied: %s may not write medical notes: nothing was imported",
		        actor->login);
		goto out_queue;
	}
	if (w.res.errors) {
		store_rollback(db);
		rc = pl_error_set(err, PL_EDATA, "%s: %ld error%s: nothing was imported", label,
		                  w.res.errors, w.res.errors == 1 ? "" : "s");
		goto out_queue;
	}
	if (opts->dry_run) {
		store_rollback(db);
		goto out_queue;
	}
	strbuf_addf(&note, "rows=%ld,added=%ld,updated=%ld,file=%s", w.res.rows, w.res.added,
	            w.res.updated, label);
	if (note.failed)
		rc = pl_error_set(err, PL_EDATA, "out of memory");
	else
		rc = audit_note(db, actor, "import", NULL, 0, NULL, note.buf, err);
	/*
	 * the name index is built for a whole import at once, on the next search,
	 * rather than row by row: a million rows keep their import speed
	 */
	if (!rc && (w.res.added || w.res.updated))
		rc = store_set_name_index_version(db, "0", err);
	if (rc)
		store_rollback(db);
	else
		rc = store_commit(db, err);
out_queue:
	queue_free(&q, w.ent->nfields);
	pthread_cond_destroy(&q.cv);
	pthread_mutex_destroy(&q.mu);
out:
	if (res) {
		*res = w.res;
		if (rc) {
			res->added = 0;
			res->updated = 0;
		}
	}
	strbuf_release(&note);
	if (w.rec.v)
		pl_record_release(&w.rec);
	pl_free(w.merged);
	pl_free(w.reason);
	pl_free(source);
	pl_free(rd.cols);
	pl_free(rd.row);
	strbuf_release(&rd.cells);
	seen_release(&rd.seen);
	return rc;
}
