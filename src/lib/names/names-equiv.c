/* names-equiv.c - the same name in Ukrainian and Russian, from the tables of data/names
 *
 * The .tsv files of data/names are compiled in as byte arrays (gen/names-data.h, made by
 * cmake/embed-data.cmake). The first call copies them, splits them in place and builds
 * sorted arrays of folded keys, searched with binary search:
 *
 *   given  folded full or pet form -> the groups (rows of given.tsv) it is a form of
 *   patr   folded patronymic       -> the groups and sexes it is the patronymic of
 *
 * Surname rules are applied by a small left-to-right rewriter (rule_at, walk, match_at)
 * that either lists the spellings a word can take, cheapest first, or checks whether one
 * spelling can become another without listing anything.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "parley/alloc.h"
#include "parley/equiv.h"
#include "parley/strbuf.h"
#include "parley/text.h"
#include "internal.h"
#include "names-data.h"
#include "banned.h"

#define NAME_MAX_CP PL_EQUIV_NAME_MAX         /* code points of a name while folding */
#define KEY_MAX ((size_t)4 * NAME_MAX_CP + 1) /* bytes of a folded name */
#define WALK_MAX (2 * KEY_MAX)                /* bytes of a rewritten name */
#define WALK_STEPS 200000L                    /* rewriting steps for one call, at most */
#define VARIANTS_MAX 256                      /* spellings pl_equiv_surname_variants() lists */
#define EMPTY_ALT "\xE2\x88\x85"              /* ∅: the empty alternative of a rule */

enum kind { KIND_FULL, KIND_DIM };
enum where { WHERE_ANY, WHERE_START, WHERE_END };
enum dir { DIR_UK_RU, DIR_RU_UK, DIR__MAX };

/* given.tsv columns, and where they land in struct row */
enum col {
	COL_UK,
	COL_RU,
	COL_OTHER,
	COL_PATR_UK_M,
	COL_PATR_UK_F,
	COL_PATR_RU_M,
	COL_PATR_RU_F,
	COL__MAX
};

struct ref {
	int group;
	unsigned char kind; /* given: enum kind; patronymics: 0 of a son, 1 of a daughter */
};

struct entry {
	const char *key;
	const struct ref *refs;
	size_t refs_n;
	const int *groups; /* distinct, ascending */
	size_t groups_n;
	const char *const *forms; /* given only: every form of those groups */
	size_t forms_n;
};

struct rule {
	unsigned char dir, where;
	const char *from;
	size_t from_len;
	const char *const *alts;     /* lower case, as written */
	const char *const *alt_keys; /* the same with ё as е */
	size_t alts_n;
	const char *example, *result;
	int line;
};

struct tables {
	char *text;         /* the data, split in place */
	const char **cells; /* every name, patronymic, target and rule alternative */
	const char **ckeys; /* the folded key of each cell */
	size_t cells_n;
	char *keys; /* where the folded keys are */
	struct pl_equiv_group *groups;
	size_t groups_n;
	const char **lists; /* pet forms and all forms of the groups */
	struct entry *given, *patr;
	size_t given_n, patr_n;
	struct ref *refs;
	int *ref_groups;
	const char **merged; /* forms of entries with several groups */
	struct rule *rules;
	size_t rules_n;
	const struct rule **by_dir[DIR__MAX];
	size_t by_dir_n[DIR__MAX];
};

static struct tables *tables;

/* folding */

static int is_space(utf8proc_int32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

static utf8proc_int32_t unify_punct(utf8proc_int32_t c)
{
	switch (c) {
	case 0x2019: /* ’ */
	case 0x02BC: /* ʼ, the Ukrainian apostrophe */
	case 0x2018: /* ‘ */
	case 0x0060: /* ` */
	case 0x00B4: /* ´ */
	case 0x02B9: /* ʹ */
	case 0x02BB: /* ʻ */
	case 0x2032: /* ′ */
		return '\'';
	case 0x2212: /* − */
		return '-';
	}
	if (c >= 0x2010 && c <= 0x2015) /* ‐ ‑ ‒ – — ― */
		return '-';
	return c;
}

/* Latin letters that look Cyrillic, as typed inside Ukrainian and Russian words. */
static utf8proc_int32_t cyrillic_lookalike(utf8proc_int32_t c)
{
	static const struct {
		utf8proc_int32_t latin, cyrillic;
	} map[] = {
	        {'A', 0x410},  {'a', 0x430},  {'B', 0x412},  {'C', 0x421},  {'c', 0x441},
	        {'E', 0x415},  {'e', 0x435},  {'H', 0x41D},  {'I', 0x406},  {'i', 0x456},
	        {'K', 0x41A},  {'k', 0x43A},  {'M', 0x41C},  {'O', 0x41E},  {'o', 0x43E},
	        {'P', 0x420},  {'p', 0x440},  {'T', 0x422},  {'X', 0x425},  {'x', 0x445},
	        {'Y', 0x423},  {'y', 0x443},  {0xCF, 0x407}, {0xEF, 0x457}, /* Ï ï */
	        {0xCB, 0x401}, {0xEB, 0x451},                               /* Ë ë */
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].latin == c)
			return map[i].cyrillic;
	return c;
}

/*
 * s folded into out (size bytes): NFC, unified punctuation and spaces, look-alike Latin
 * letters of Cyrillic words made Cyrillic, case folded; with yo, ё as е.
 */
static int fold(const char *s, char *out, size_t size, int yo)
{
	utf8proc_int32_t a[NAME_MAX_CP], b[NAME_MAX_CP];
	utf8proc_ssize_t n, m = 0, k = 0;
	size_t len, o = 0;
	const utf8proc_option_t nfc = UTF8PROC_STABLE | UTF8PROC_COMPOSE;

	if (!s || !out || !size)
		return PL_EUSAGE;
	len = strlen(s);
	if (len > PL_EQUIV_NAME_MAX)
		return PL_EUSAGE;
	if (!pl_utf8_valid(s, len, NULL))
		return PL_EDATA;
	n = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, a, NAME_MAX_CP,
	                       nfc | UTF8PROC_IGNORE);
	if (n < 0)
		return PL_EDATA;
	if (n > NAME_MAX_CP)
		return PL_EUSAGE;
	n = utf8proc_normalize_utf32(a, n, nfc);
	if (n < 0)
		return PL_EDATA;

	for (utf8proc_ssize_t i = 0; i < n; i++) {
		if (is_space(a[i])) {
			if (k && a[k - 1] != ' ')
				a[k++] = ' ';
			continue;
		}
		a[k++] = unify_punct(a[i]);
	}
	if (k && a[k - 1] == ' ')
		k--;
	n = k;

	for (utf8proc_ssize_t start = 0, end; start < n; start = end + 1) {
		int cyrillic = 0;
		for (end = start; end < n && a[end] != ' ' && a[end] != '-'; end++)
			if (a[end] >= 0x400 && a[end] <= 0x4FF)
				cyrillic = 1;
		if (cyrillic)
			for (utf8proc_ssize_t i = start; i < end; i++)
				a[i] = cyrillic_lookalike(a[i]);
	}

	for (utf8proc_ssize_t i = 0; i < n; i++) {
		int boundclass = 0;
		utf8proc_ssize_t r = utf8proc_decompose_char(a[i], b + m, NAME_MAX_CP - m,
		                                             nfc | UTF8PROC_CASEFOLD, &boundclass);
		if (r < 0)
			return PL_EDATA;
		if (r > NAME_MAX_CP - m)
			return PL_EUSAGE;
		m += r;
	}
	m = utf8proc_normalize_utf32(b, m, nfc);
	if (m < 0)
		return PL_EDATA;

	for (utf8proc_ssize_t i = 0; i < m; i++) {
		utf8proc_uint8_t enc[4];
		utf8proc_int32_t c = yo && b[i] == 0x451 ? 0x435 : b[i];
		utf8proc_ssize_t r = utf8proc_encode_char(c, enc);
		if (o + (size_t)r + 1 > size)
			return PL_EUSAGE;
		memcpy(out + o, enc, (size_t)r);
		o += (size_t)r;
	}
	out[o] = 0;
	return 0;
}

int pl_equiv_fold(const char *s, char *out, size_t size)
{
	return fold(s, out, size, 1);
}

/* ё (D1 91) as е (D0 B5) in place: a folded lower-case spelling becomes a key */
static void yo_to_ye(char *s)
{
	for (; *s; s++)
		if ((unsigned char)s[0] == 0xD1 && (unsigned char)s[1] == 0x91) {
			s[0] = (char)0xD0;
			s[1] = (char)0xB5;
			s++;
		}
}

/* the rewriter */

static size_t u8len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int word_start(const char *s, size_t i)
{
	return i == 0 || s[i - 1] == ' ' || s[i - 1] == '-';
}

static int word_end(const char *s, size_t len, size_t i)
{
	return i == len || s[i] == ' ' || s[i] == '-';
}

/* The first rule that matches s at i, or NULL. */
static const struct rule *rule_at(const struct rule *const *rules, size_t n, const char *s,
                                  size_t len, size_t i)
{
	for (size_t k = 0; k < n; k++) {
		const struct rule *r = rules[k];
		if (r->from_len > len - i || memcmp(s + i, r->from, r->from_len) != 0)
			continue;
		if (r->where == WHERE_START && !word_start(s, i))
			continue;
		if (r->where == WHERE_END && !word_end(s, len, i + r->from_len))
			continue;
		return r;
	}
	return NULL;
}

/*
 * Every rewriting of in, by rising cost (the sum of the indexes of the alternatives taken),
 * handed to emit until it returns nonzero or WALK_STEPS steps are done.
 */
struct walk {
	const struct rule *const *rules;
	size_t rules_n;
	const char *in;
	size_t in_len;
	char out[WALK_MAX];
	size_t out_len;
	size_t budget, cost;
	int over; /* some rewriting cost more than the budget */
	int stop;
	long steps;
	int (*emit)(struct walk *w, void *ctx);
	void *ctx;
};

static void walk_at(struct walk *w, size_t i)
{
	const struct rule *r;
	size_t keep = w->out_len;

	if (w->stop)
		return;
	if (++w->steps > WALK_STEPS) {
		w->stop = 1;
		return;
	}
	if (i == w->in_len) {
		if (w->cost == w->budget) {
			w->out[w->out_len] = 0;
			if (w->emit(w, w->ctx))
				w->stop = 1;
		}
		return;
	}
	r = rule_at(w->rules, w->rules_n, w->in, w->in_len, i);
	if (!r) {
		size_t l = u8len((unsigned char)w->in[i]);
		if (keep + l >= WALK_MAX)
			return;
		memcpy(w->out + keep, w->in + i, l);
		w->out_len += l;
		walk_at(w, i + l);
		w->out_len = keep;
		return;
	}
	for (size_t k = 0; k < r->alts_n; k++) {
		size_t l = strlen(r->alts[k]);
		if (w->cost + k > w->budget) {
			w->over = 1;
			break;
		}
		if (keep + l >= WALK_MAX)
			continue;
		memcpy(w->out + keep, r->alts[k], l);
		w->out_len += l;
		w->cost += k;
		walk_at(w, i + r->from_len);
		w->cost -= k;
		w->out_len = keep;
	}
}

static void walk(struct walk *w)
{
	for (w->budget = 0;; w->budget++) {
		w->over = 0;
		w->out_len = 0;
		w->cost = 0;
		walk_at(w, 0);
		if (w->stop || !w->over)
			break;
	}
}

/* 1 when a (lower case) can be rewritten into key b (ё as е). */
struct match {
	const struct rule *const *rules;
	size_t rules_n;
	const char *a, *b;
	size_t a_len, b_len;
	long steps;
};

static int match_at(struct match *m, size_t i, size_t j)
{
	const struct rule *r;

	if (++m->steps > WALK_STEPS)
		return 0;
	if (i == m->a_len)
		return j == m->b_len;
	r = rule_at(m->rules, m->rules_n, m->a, m->a_len, i);
	if (!r) {
		size_t l = u8len((unsigned char)m->a[i]);
		const char *c = m->a + i;
		if (l == 2 && (unsigned char)c[0] == 0xD1 && (unsigned char)c[1] == 0x91)
			c = "\xD0\xB5"; /* ё compares as е */
		if (l > m->b_len - j || memcmp(m->b + j, c, l) != 0)
			return 0;
		return match_at(m, i + l, j + l);
	}
	for (size_t k = 0; k < r->alts_n; k++) {
		size_t l = strlen(r->alt_keys[k]);
		if (l <= m->b_len - j && memcmp(m->b + j, r->alt_keys[k], l) == 0 &&
		    match_at(m, i + r->from_len, j + l))
			return 1;
	}
	return 0;
}

static int rewrites_to(const struct tables *t, int dir, const char *lower, const char *key)
{
	struct match m = {t->by_dir[dir], t->by_dir_n[dir], lower, key,
	                  strlen(lower),  strlen(key),      0};
	return match_at(&m, 0, 0);
}

/* building the tables */

struct vec {
	void *v;
	size_t n, alloc;
};

/* A new zeroed element at the end, or NULL when out of memory; earlier pointers go stale. */
static void *vec_push(struct vec *x, size_t size)
{
	char *e;
	if (x->n == x->alloc) {
		size_t na = x->alloc ? 2 * x->alloc : 256;
		void *nv = pl_realloc(x->v, na * size);
		if (!nv)
			return NULL;
		x->v = nv;
		x->alloc = na;
	}
	e = (char *)x->v + x->n * size;
	memset(e, 0, size);
	x->n++;
	return e;
}

struct span {
	size_t start, n; /* cells */
};

struct row {
	char sex;
	int line;
	struct span col[COL__MAX];
};

struct dim {
	int line;
	size_t form; /* cell */
	struct span targets;
};

struct tuple {
	const char *key, *text;
	int group;
	unsigned char kind;
};

struct build {
	struct tables *t;
	struct pl_error *err;
	struct vec cells;      /* const char * */
	struct vec rows;       /* struct row */
	struct vec dims;       /* struct dim */
	struct vec given;      /* struct tuple */
	struct vec patr;       /* struct tuple */
	struct vec rules;      /* struct rule */
	struct vec rule_spans; /* struct span: the alternatives of each rule */
	struct strbuf keys;
	size_t *key_offs; /* of each cell in keys */
};

struct reader {
	char *p;
	const char *file;
	int line;
};

static char *trim(char *s)
{
	char *e;
	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && e[-1] == ' ')
		*--e = 0;
	return s;
}

/*
 * The next line that is not blank or a comment, split at TABs into f (room for max + 1):
 * returns the number of fields, max + 1 when there are more, 0 at the end.
 */
static size_t reader_row(struct reader *r, char **f, size_t max)
{
	for (;;) {
		char *s = r->p, *e;
		size_t n = 0;

		if (!*s)
			return 0;
		e = strchr(s, '\n');
		if (e) {
			*e = 0;
			r->p = e + 1;
		} else {
			e = s + strlen(s);
			r->p = e;
		}
		r->line++;
		if (e > s && e[-1] == '\r')
			e[-1] = 0;
		if (*trim(s) == 0 || *trim(s) == '#')
			continue;
		f[n++] = s;
		for (char *c = s; *c; c++) {
			if (*c != '\t')
				continue;
			if (n == max + 1)
				return n;
			*c = 0;
			f[n++] = c + 1;
		}
		for (size_t i = 0; i < n; i++)
			f[i] = trim(f[i]);
		return n;
	}
}

static int bad(struct build *b, const struct reader *r, const char *what, const char *s)
{
	return pl_error_set(b->err, PL_EDATA, "names data: %s:%d: %s%s%s%s", r->file, r->line, what,
	                    s ? " '" : "", s ? s : "", s ? "'" : "");
}

static int bad_list(struct build *b, const struct reader *r, const char *what)
{
	return pl_error_set(b->err, PL_EDATA, "names data: %s:%d: an empty name in the %s", r->file,
	                    r->line, what);
}

static int oom(struct build *b)
{
	return pl_error_set(b->err, PL_EDATA, "names data: out of memory");
}

static int add_cell(struct build *b, const char *s)
{
	const char **c = vec_push(&b->cells, sizeof(*c));
	if (!c)
		return oom(b);
	*c = s;
	return 0;
}

/* s split at ',' into cells; '-' is the empty list where empty_ok. */
static int add_list(struct build *b, const struct reader *r, char *s, struct span *sp, int empty_ok,
                    const char *what)
{
	sp->start = b->cells.n;
	sp->n = 0;
	if (strcmp(s, "-") == 0 && empty_ok)
		return 0;
	for (;;) {
		char *comma = strchr(s, ',');
		char *item;
		int rc;
		if (comma)
			*comma = 0;
		item = trim(s);
		if (!*item || strcmp(item, "-") == 0)
			return bad_list(b, r, what);
		rc = add_cell(b, item);
		if (rc)
			return rc;
		sp->n++;
		if (!comma)
			return 0;
		s = comma + 1;
	}
}

static int check_utf8(struct build *b, const char *file, const char *text)
{
	size_t at;
	if (pl_utf8_valid(text, strlen(text), &at))
		return 0;
	return pl_error_set(b->err, PL_EDATA, "names data: %s: invalid UTF-8 at byte %zu", file,
	                    at);
}

/* 1 when s is written in Cyrillic letters, apostrophes and hyphens only */
static int cyrillic_only(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;
	utf8proc_ssize_t r;

	while (*p) {
		r = utf8proc_iterate(p, -1, &c);
		if (r <= 0)
			return 0;
		if (!(c >= 0x400 && c <= 0x4FF) && c != '\'' && c != '-')
			return 0;
		p += r;
	}
	return 1;
}

static int parse_given(struct build *b, char *text)
{
	struct reader r = {text, "given.tsv", 0};
	char *f[COL__MAX + 2];
	size_t n;
	int rc;

	while ((n = reader_row(&r, f, COL__MAX + 1)) != 0) {
		struct row *row;
		size_t want;

		if (strcmp(f[0], "m") != 0 && strcmp(f[0], "f") != 0)
			return bad(b, &r, "sex is not m or f:", f[0]);
		want = f[0][0] == 'm' ? 1 + COL__MAX : 1 + COL_OTHER + 1;
		if (n != want)
			return bad(b, &r,
			           f[0][0] == 'm' ? "a male name needs 8 fields"
			                          : "a female name needs 4 fields",
			           NULL);
		row = vec_push(&b->rows, sizeof(*row));
		if (!row)
			return oom(b);
		row->sex = f[0][0];
		row->line = r.line;
		for (size_t c = 0; c + 1 < n; c++) {
			struct span sp;
			static const char *const what[] = {
			        "Ukrainian forms", "Russian forms", "other forms", "patronymics",
			        "patronymics",     "patronymics",   "patronymics"};
			rc = add_list(b, &r, f[c + 1], &sp, c == COL_OTHER, what[c]);
			if (rc)
				return rc;
			row = (struct row *)b->rows.v + b->rows.n - 1;
			row->col[c] = sp;
		}
	}
	if (b->rows.n == 0)
		return pl_error_set(b->err, PL_EDATA, "names data: given.tsv has no names");
	return 0;
}

static int parse_dims(struct build *b, char *text)
{
	struct reader r = {text, "diminutives.tsv", 0};
	char *f[3];
	size_t n;
	int rc;

	while ((n = reader_row(&r, f, 2)) != 0) {
		struct dim *d;
		struct span sp;
		size_t form = b->cells.n;

		if (n != 2)
			return bad(b, &r, "a row needs 2 fields", NULL);
		if (!*f[0] || strchr(f[0], ','))
			return bad(b, &r, "bad form", f[0]);
		rc = add_cell(b, f[0]);
		if (rc)
			return rc;
		rc = add_list(b, &r, f[1], &sp, 0, "names");
		if (rc)
			return rc;
		d = vec_push(&b->dims, sizeof(*d));
		if (!d)
			return oom(b);
		d->line = r.line;
		d->form = form;
		d->targets = sp;
	}
	return 0;
}

static int parse_rules(struct build *b, char *text)
{
	struct reader r = {text, "surname-rules.tsv", 0};
	char *f[7];
	size_t n;
	int rc;

	while ((n = reader_row(&r, f, 6)) != 0) {
		struct rule *ru;
		struct span sp, *spp;
		unsigned char dir, where;
		char *s;

		if (n != 6)
			return bad(b, &r, "a rule needs 6 fields", NULL);
		if (strcmp(f[0], "uk>ru") == 0)
			dir = DIR_UK_RU;
		else if (strcmp(f[0], "ru>uk") == 0)
			dir = DIR_RU_UK;
		else
			return bad(b, &r, "direction is not uk>ru or ru>uk:", f[0]);
		if (strcmp(f[1], "any") == 0)
			where = WHERE_ANY;
		else if (strcmp(f[1], "start") == 0)
			where = WHERE_START;
		else if (strcmp(f[1], "end") == 0)
			where = WHERE_END;
		else
			return bad(b, &r, "place is not any, start or end:", f[1]);
		if (!*f[2] || !*f[4] || !*f[5])
			return bad(b, &r, "empty field", NULL);
		if (!cyrillic_only(f[4]) || !cyrillic_only(f[5]))
			return bad(b, &r, "the example is not in Cyrillic letters", NULL);
		/* the letters matched are checked like the alternatives: one more cell */
		rc = add_cell(b, f[2]);
		if (rc)
			return rc;
		rc = add_list(b, &r, f[3], &sp, 0, "alternatives");
		if (rc)
			return rc;
		for (size_t i = 0; i < sp.n; i++) {
			const char **cell = (const char **)b->cells.v + sp.start + i;
			if (strcmp(*cell, EMPTY_ALT) == 0)
				*cell = "";
		}
		ru = vec_push(&b->rules, sizeof(*ru));
		spp = vec_push(&b->rule_spans, sizeof(*spp));
		if (!ru || !spp)
			return oom(b);
		*spp = sp;
		ru = (struct rule *)b->rules.v + b->rules.n - 1;
		ru->dir = dir;
		ru->where = where;
		s = f[2];
		ru->from = s;
		ru->from_len = strlen(s);
		ru->example = f[4];
		ru->result = f[5];
		ru->line = r.line;
	}
	if (b->rules.n == 0)
		return pl_error_set(b->err, PL_EDATA, "names data: surname-rules.tsv has no rules");
	return 0;
}

/*
 * Folds every cell into keys. Names must be Cyrillic (a Latin look-alike letter in the data
 * would be invisible); rule cells must already be folded (lower case, NFC).
 */
static int fold_cells(struct build *b, size_t first_rule_cell)
{
	const char **cells = b->cells.v;
	char key[KEY_MAX], lower[KEY_MAX];

	b->key_offs = pl_malloc((b->cells.n ? b->cells.n : 1) * sizeof(*b->key_offs));
	if (!b->key_offs)
		return oom(b);
	for (size_t i = 0; i < b->cells.n; i++) {
		int rc = fold(cells[i], key, sizeof(key), 1);
		if (rc)
			return pl_error_set(b->err, PL_EDATA, "names data: cannot fold '%s'",
			                    cells[i]);
		if (!cyrillic_only(cells[i]))
			return pl_error_set(b->err, PL_EDATA,
			                    "names data: '%s' has letters that are not Cyrillic",
			                    cells[i]);
		if (i >= first_rule_cell) {
			rc = fold(cells[i], lower, sizeof(lower), 0);
			if (rc || strcmp(lower, cells[i]) != 0)
				return pl_error_set(b->err, PL_EDATA,
				                    "names data: surname-rules.tsv: '%s' is not "
				                    "lower case",
				                    cells[i]);
		} else if (!*key) {
			return pl_error_set(b->err, PL_EDATA, "names data: empty name '%s'",
			                    cells[i]);
		}
		b->key_offs[i] = b->keys.len;
		strbuf_add(&b->keys, key, strlen(key) + 1);
	}
	if (b->keys.failed)
		return oom(b);
	return 0;
}

static int tuple_cmp(const void *pa, const void *pb)
{
	const struct tuple *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return (int)a->kind - (int)b->kind;
}

/* The first tuple with key in the sorted v[0..n), or NULL. */
static const struct tuple *tuple_find(const struct tuple *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && strcmp(v[lo].key, key) == 0 ? &v[lo] : NULL;
}

static int push_tuple(struct vec *v, const char *key, const char *text, int group, int kind)
{
	struct tuple *tp = vec_push(v, sizeof(*tp));
	if (!tp)
		return PL_EDATA;
	tp->key = key;
	tp->text = text;
	tp->group = group;
	tp->kind = (unsigned char)kind;
	return 0;
}

static int index_names(struct build *b)
{
	struct tables *t = b->t;
	const struct row *rows = b->rows.v;
	const struct dim *dims = b->dims.v;
	struct tuple *tv;
	size_t full_n;

	for (size_t g = 0; g < b->rows.n; g++) {
		for (int c = COL_UK; c <= COL_OTHER; c++)
			for (size_t i = 0; i < rows[g].col[c].n; i++) {
				size_t cell = rows[g].col[c].start + i;
				if (push_tuple(&b->given, t->ckeys[cell], t->cells[cell], (int)g,
				               KIND_FULL))
					return oom(b);
			}
		for (int c = COL_PATR_UK_M; c <= COL_PATR_RU_F; c++)
			for (size_t i = 0; i < rows[g].col[c].n; i++) {
				size_t cell = rows[g].col[c].start + i;
				int sex = c == COL_PATR_UK_F || c == COL_PATR_RU_F;
				if (push_tuple(&b->patr, t->ckeys[cell], t->cells[cell], (int)g,
				               sex))
					return oom(b);
			}
	}
	full_n = b->given.n;
	tv = b->given.v;
	qsort(tv, full_n, sizeof(*tv), tuple_cmp);
	for (size_t i = 1; i < full_n; i++)
		if (strcmp(tv[i].key, tv[i - 1].key) == 0 && tv[i].group != tv[i - 1].group)
			return pl_error_set(b->err, PL_EDATA,
			                    "names data: given.tsv:%d: '%s' is already a form "
			                    "of the name on line %d",
			                    rows[tv[i].group].line, tv[i].text,
			                    rows[tv[i - 1].group].line);

	for (size_t d = 0; d < b->dims.n; d++) {
		for (size_t i = 0; i < dims[d].targets.n; i++) {
			size_t cell = dims[d].targets.start + i;
			const struct tuple *tp;
			int group;

			tv = b->given.v;
			tp = tuple_find(tv, full_n, t->ckeys[cell]);
			if (!tp)
				return pl_error_set(b->err, PL_EDATA,
				                    "names data: diminutives.tsv:%d: '%s' is not "
				                    "a name of given.tsv",
				                    dims[d].line, t->cells[cell]);
			group = tp->group;
			for (tp = tuple_find(tv, full_n, t->ckeys[dims[d].form]);
			     tp && tp < tv + full_n && strcmp(tp->key, t->ckeys[dims[d].form]) == 0;
			     tp++)
				if (tp->group == group)
					return pl_error_set(b->err, PL_EDATA,
					                    "names data: diminutives.tsv:%d: '%s' "
					                    "is a full form of '%s'",
					                    dims[d].line, t->cells[dims[d].form],
					                    t->cells[cell]);
			if (push_tuple(&b->given, t->ckeys[dims[d].form], t->cells[dims[d].form],
			               group, KIND_DIM))
				return oom(b);
		}
	}
	tv = b->given.v;
	qsort(tv, b->given.n, sizeof(*tv), tuple_cmp);
	for (size_t i = 1; i < b->given.n; i++)
		if (tuple_cmp(&tv[i], &tv[i - 1]) == 0 && tv[i].kind == KIND_DIM)
			return pl_error_set(b->err, PL_EDATA,
			                    "names data: diminutives.tsv: '%s' is listed twice "
			                    "for '%s'",
			                    tv[i].text,
			                    t->cells[rows[tv[i].group].col[COL_UK].start]);
	qsort(b->patr.v, b->patr.n, sizeof(struct tuple), tuple_cmp);
	return 0;
}

static int in_list(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/* The groups: their own columns point into cells, pet forms and all forms into lists. */
static int make_groups(struct build *b)
{
	struct tables *t = b->t;
	const struct row *rows = b->rows.v;
	const struct dim *dims = b->dims.v;
	const struct tuple *tv = b->given.v;
	size_t total = 0, *dim_n, pos = 0;

	t->groups_n = b->rows.n;
	t->groups = pl_calloc(t->groups_n, sizeof(*t->groups));
	dim_n = pl_calloc(t->groups_n, sizeof(*dim_n));
	if (!t->groups || !dim_n) {
		pl_free(dim_n);
		return oom(b);
	}
	for (size_t i = 0; i < b->given.n; i++)
		if (tv[i].kind == KIND_DIM)
			dim_n[tv[i].group]++;
	for (size_t g = 0; g < t->groups_n; g++)
		total += 2 * (rows[g].col[COL_UK].n + rows[g].col[COL_RU].n +
		              rows[g].col[COL_OTHER].n + dim_n[g]);
	t->lists = pl_calloc(total ? total : 1, sizeof(*t->lists));
	if (!t->lists) {
		pl_free(dim_n);
		return oom(b);
	}
	for (size_t g = 0; g < t->groups_n; g++) {
		struct pl_equiv_group *gr = &t->groups[g];
		const char **forms;

		gr->id = (int)g;
		gr->sex = rows[g].sex;
		gr->name = t->cells[rows[g].col[COL_UK].start];
		gr->uk = t->cells + rows[g].col[COL_UK].start;
		gr->uk_n = rows[g].col[COL_UK].n;
		gr->ru = t->cells + rows[g].col[COL_RU].start;
		gr->ru_n = rows[g].col[COL_RU].n;
		gr->other = t->cells + rows[g].col[COL_OTHER].start;
		gr->other_n = rows[g].col[COL_OTHER].n;
		for (int s = 0; s < 2; s++) {
			const struct span *uk = &rows[g].col[COL_PATR_UK_M + s];
			const struct span *ru = &rows[g].col[COL_PATR_RU_M + s];
			gr->patr_uk[s] = t->cells + uk->start;
			gr->patr_uk_n[s] = uk->n;
			gr->patr_ru[s] = t->cells + ru->start;
			gr->patr_ru_n[s] = ru->n;
		}
		gr->diminutives = t->lists + pos;
		pos += dim_n[g];
		forms = t->lists + pos;
		gr->forms = forms;
		pos += rows[g].col[COL_UK].n + rows[g].col[COL_RU].n + rows[g].col[COL_OTHER].n +
		       dim_n[g];
	}
	pl_free(dim_n);

	/* pet forms in the order of diminutives.tsv */
	for (size_t d = 0; d < b->dims.n; d++)
		for (size_t i = 0; i < dims[d].targets.n; i++) {
			const struct tuple *tp =
			        tuple_find(tv, b->given.n, t->ckeys[dims[d].targets.start + i]);
			for (; tp->kind != KIND_FULL; tp++)
				;
			struct pl_equiv_group *gr = &t->groups[tp->group];
			((const char **)gr->diminutives)[gr->diminutives_n++] =
			        t->cells[dims[d].form];
		}
	for (size_t g = 0; g < t->groups_n; g++) {
		struct pl_equiv_group *gr = &t->groups[g];
		const char **forms = (const char **)gr->forms;
		const char *const *cols[] = {gr->uk, gr->ru, gr->other, gr->diminutives};
		size_t ns[] = {gr->uk_n, gr->ru_n, gr->other_n, gr->diminutives_n};
		for (size_t c = 0; c < 4; c++)
			for (size_t i = 0; i < ns[c]; i++)
				if (!in_list(forms, gr->forms_n, cols[c][i]))
					forms[gr->forms_n++] = cols[c][i];
	}
	return 0;
}

/* Sorted tuples into entries; with_forms: also every form of the groups (given names). */
static int make_entries(struct build *b, const struct vec *tuples, struct ref *refs, int *rgroups,
                        struct entry **out, size_t *out_n, int with_forms, size_t *merged_used)
{
	struct tables *t = b->t;
	const struct tuple *tv = tuples->v;
	size_t n = 0, r = 0, gi = 0;
	struct entry *e;

	for (size_t i = 0; i < tuples->n; i++)
		if (i == 0 || strcmp(tv[i].key, tv[i - 1].key) != 0)
			n++;
	e = pl_calloc(n ? n : 1, sizeof(*e));
	if (!e)
		return oom(b);
	*out = e;
	*out_n = n;
	n = 0;
	for (size_t i = 0; i < tuples->n;) {
		size_t j = i;
		struct entry *en = &e[n++];

		en->key = tv[i].key;
		en->refs = refs + r;
		en->groups = rgroups + gi;
		for (; j < tuples->n && strcmp(tv[j].key, tv[i].key) == 0; j++) {
			if (j > i && tv[j].group == tv[j - 1].group && tv[j].kind == tv[j - 1].kind)
				continue;
			refs[r].group = tv[j].group;
			refs[r].kind = tv[j].kind;
			r++;
			en->refs_n++;
			if (!en->groups_n || rgroups[gi - 1] != tv[j].group) {
				rgroups[gi++] = tv[j].group;
				en->groups_n++;
			}
		}
		if (with_forms && en->groups_n == 1) {
			en->forms = t->groups[en->groups[0]].forms;
			en->forms_n = t->groups[en->groups[0]].forms_n;
		} else if (with_forms) {
			const char **m = t->merged + *merged_used;
			for (size_t k = 0; k < en->groups_n; k++) {
				const struct pl_equiv_group *gr = &t->groups[en->groups[k]];
				for (size_t f = 0; f < gr->forms_n; f++)
					if (!in_list(m, en->forms_n, gr->forms[f]))
						m[en->forms_n++] = gr->forms[f];
			}
			en->forms = m;
			*merged_used += en->forms_n;
		}
		i = j;
	}
	return 0;
}

static int make_index(struct build *b)
{
	struct tables *t = b->t;
	const struct tuple *tv = b->given.v;
	size_t nref = b->given.n + b->patr.n, merged = 0, used = 0;
	int rc;

	/* room for the forms of entries with several groups (counted generously) */
	for (size_t i = 0; i < b->given.n; i++) {
		size_t j = i;
		while (j + 1 < b->given.n && strcmp(tv[j + 1].key, tv[i].key) == 0)
			j++;
		if (j > i)
			for (size_t k = i; k <= j; k++)
				merged += t->groups[tv[k].group].forms_n;
		i = j;
	}
	t->refs = pl_calloc(nref ? nref : 1, sizeof(*t->refs));
	t->ref_groups = pl_calloc(nref ? nref : 1, sizeof(*t->ref_groups));
	t->merged = pl_calloc(merged ? merged : 1, sizeof(*t->merged));
	if (!t->refs || !t->ref_groups || !t->merged)
		return oom(b);
	rc = make_entries(b, &b->given, t->refs, t->ref_groups, &t->given, &t->given_n, 1, &used);
	if (rc)
		return rc;
	return make_entries(b, &b->patr, t->refs + b->given.n, t->ref_groups + b->given.n, &t->patr,
	                    &t->patr_n, 0, &used);
}

static int make_rules(struct build *b)
{
	struct tables *t = b->t;
	const struct span *spans = b->rule_spans.v;
	size_t k[DIR__MAX] = {0};

	t->rules = b->rules.v;
	t->rules_n = b->rules.n;
	b->rules.v = NULL;
	for (size_t i = 0; i < t->rules_n; i++) {
		t->rules[i].alts = t->cells + spans[i].start;
		t->rules[i].alt_keys = t->ckeys + spans[i].start;
		t->rules[i].alts_n = spans[i].n;
		t->by_dir_n[t->rules[i].dir]++;
	}
	for (int d = 0; d < DIR__MAX; d++) {
		t->by_dir[d] =
		        pl_calloc(t->by_dir_n[d] ? t->by_dir_n[d] : 1, sizeof(const struct rule *));
		if (!t->by_dir[d])
			return oom(b);
	}
	for (size_t i = 0; i < t->rules_n; i++)
		t->by_dir[t->rules[i].dir][k[t->rules[i].dir]++] = &t->rules[i];
	return 0;
}

static void tables_free(struct tables *t)
{
	if (!t)
		return;
	pl_free(t->text);
	pl_free(t->cells);
	pl_free(t->ckeys);
	pl_free(t->keys);
	pl_free(t->groups);
	pl_free(t->lists);
	pl_free(t->given);
	pl_free(t->patr);
	pl_free(t->refs);
	pl_free(t->ref_groups);
	pl_free(t->merged);
	pl_free(t->rules);
	for (int d = 0; d < DIR__MAX; d++)
		pl_free(t->by_dir[d]);
	pl_free(t);
}

/* Builds t from the texts of given.tsv, diminutives.tsv and surname-rules.tsv (NUL-terminated). */
static int build_from(struct tables *t, const char *given_tsv, const char *dims_tsv,
                      const char *rules_tsv, struct pl_error *err)
{
	struct build b = {.t = t, .err = err, .keys = STRBUF_INIT};
	size_t l1 = strlen(given_tsv) + 1, l2 = strlen(dims_tsv) + 1;
	size_t l3 = strlen(rules_tsv) + 1, rule_cells;
	char *given, *dims, *rules;
	int rc;

	t->text = pl_malloc(l1 + l2 + l3);
	if (!t->text) {
		rc = oom(&b);
		goto out;
	}
	given = t->text;
	dims = given + l1;
	rules = dims + l2;
	memcpy(given, given_tsv, l1);
	memcpy(dims, dims_tsv, l2);
	memcpy(rules, rules_tsv, l3);
	if ((rc = check_utf8(&b, "given.tsv", given)) ||
	    (rc = check_utf8(&b, "diminutives.tsv", dims)) ||
	    (rc = check_utf8(&b, "surname-rules.tsv", rules)))
		goto out;
	if ((rc = parse_given(&b, given)) || (rc = parse_dims(&b, dims)))
		goto out;
	rule_cells = b.cells.n;
	if ((rc = parse_rules(&b, rules)) || (rc = fold_cells(&b, rule_cells)))
		goto out;

	/* cells and keys are final: pointers from here on */
	t->cells_n = b.cells.n;
	t->cells = b.cells.v;
	b.cells.v = NULL;
	t->keys = strbuf_detach(&b.keys);
	t->ckeys = pl_malloc((t->cells_n ? t->cells_n : 1) * sizeof(*t->ckeys));
	if (!t->keys || !t->ckeys) {
		rc = oom(&b);
		goto out;
	}
	for (size_t i = 0; i < t->cells_n; i++)
		t->ckeys[i] = t->keys + b.key_offs[i];
	for (size_t i = 0; i < b.rules.n; i++) {
		struct rule *ru = (struct rule *)b.rules.v + i;
		size_t cell = ((const struct span *)b.rule_spans.v)[i].start - 1;
		ru->from = t->cells[cell];
		ru->from_len = strlen(ru->from);
	}
	if ((rc = index_names(&b)) || (rc = make_groups(&b)) || (rc = make_index(&b)) ||
	    (rc = make_rules(&b)))
		goto out;
	rc = 0;
out:
	pl_free(b.cells.v);
	pl_free(b.rows.v);
	pl_free(b.dims.v);
	pl_free(b.given.v);
	pl_free(b.patr.v);
	pl_free(b.rules.v);
	pl_free(b.rule_spans.v);
	pl_free(b.key_offs);
	strbuf_release(&b.keys);
	return rc;
}

/* The data compiled in (data/names, embedded by cmake/embed-data.cmake). */
static int build(struct tables *t, struct pl_error *err)
{
	return build_from(t, names_data_given_tsv, names_data_diminutives_tsv,
	                  names_data_surname_rules_tsv, err);
}

int equiv_check_data(const char *given_tsv, const char *dims_tsv, const char *rules_tsv,
                     struct pl_error *err)
{
	struct tables *t = pl_calloc(1, sizeof(*t));
	int rc;
	if (!t)
		return pl_error_set(err, PL_EDATA, "names data: out of memory");
	rc = build_from(t, given_tsv, dims_tsv, rules_tsv, err);
	tables_free(t);
	return rc;
}

int pl_equiv_init(struct pl_error *err)
{
	struct tables *t;
	int rc;

	if (tables)
		return 0;
	t = pl_calloc(1, sizeof(*t));
	if (!t)
		return pl_error_set(err, PL_EDATA, "names data: out of memory");
	rc = build(t, err);
	if (rc) {
		tables_free(t);
		return rc;
	}
	tables = t;
	return 0;
}

void pl_equiv_release(void)
{
	tables_free(tables);
	tables = NULL;
}

const char *pl_equiv_data_version(void)
{
	return NAMES_DATA_VERSION;
}

static const struct tables *get_tables(int *rc)
{
	*rc = pl_equiv_init(NULL);
	return *rc ? NULL : tables;
}

int pl_equiv_group_count(size_t *n)
{
	int rc;
	const struct tables *t = get_tables(&rc);
	if (!n)
		return PL_EUSAGE;
	if (!t)
		return rc;
	*n = t->groups_n;
	return 0;
}

const struct pl_equiv_group *pl_equiv_group(int id)
{
	int rc;
	const struct tables *t = get_tables(&rc);
	if (!t || id < 0 || (size_t)id >= t->groups_n)
		return NULL;
	return &t->groups[id];
}

/* lookups */

static const struct entry *entry_find(const struct entry *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid].key, key);
		if (c == 0)
			return &v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct lookup {
	const struct entry *table;
	size_t n;
	const struct entry *found;
};

static int lookup_emit(struct walk *w, void *ctx)
{
	struct lookup *l = ctx;
	yo_to_ye(w->out);
	l->found = entry_find(l->table, l->n, w->out);
	return l->found != NULL;
}

/*
 * The entry of name in table: its folded spelling, else the first rewriting of it by the
 * surname rules (Ukrainian to Russian, then Russian to Ukrainian) that is in the table
 * (*translit set). PL_ENOTFOUND when there is none.
 */
static int lookup(const struct tables *t, int patronymics, const char *name,
                  const struct entry **found, int *translit)
{
	const struct entry *table = patronymics ? t->patr : t->given;
	size_t n = patronymics ? t->patr_n : t->given_n;
	char key[KEY_MAX];
	struct walk w;
	struct lookup l = {table, n, NULL};
	int rc;

	if (!name)
		return PL_EUSAGE;
	rc = fold(name, key, sizeof(key), 1);
	if (rc)
		return rc;
	*translit = 0;
	*found = entry_find(table, n, key);
	if (*found)
		return 0;
	rc = fold(name, key, sizeof(key), 0);
	if (rc)
		return rc;
	for (int d = 0; d < DIR__MAX && !l.found; d++) {
		memset(&w, 0, sizeof(w));
		w.rules = t->by_dir[d];
		w.rules_n = t->by_dir_n[d];
		w.in = key;
		w.in_len = strlen(key);
		w.emit = lookup_emit;
		w.ctx = &l;
		walk(&w);
	}
	if (!l.found)
		return PL_ENOTFOUND;
	*found = l.found;
	*translit = 1;
	return 0;
}

/* The entry of the given name, for the accessors below. */
static int given_entry(const char *name, const struct entry **e)
{
	int rc, translit;
	const struct tables *t = get_tables(&rc);
	if (!t)
		return rc;
	return lookup(t, 0, name, e, &translit);
}

int pl_equiv_given(const char *name, const char *const **forms, size_t *n)
{
	const struct entry *e;
	int rc;

	if (!forms || !n || !name)
		return PL_EUSAGE;
	if ((rc = given_entry(name, &e)))
		return rc;
	*forms = e->forms;
	*n = e->forms_n;
	return 0;
}

int pl_equiv_given_groups(const char *name, const int **groups, size_t *n)
{
	const struct entry *e;
	int rc;

	if (!groups || !n || !name)
		return PL_EUSAGE;
	if ((rc = given_entry(name, &e)))
		return rc;
	*groups = e->groups;
	*n = e->groups_n;
	return 0;
}

int pl_equiv_given_group(const char *name)
{
	int rc, translit;
	const struct tables *t = get_tables(&rc);
	const struct entry *e;

	if (!t || !name || lookup(t, 0, name, &e, &translit))
		return -1;
	for (size_t i = 0; i < e->refs_n; i++)
		if (e->refs[i].kind == KIND_FULL)
			return e->refs[i].group;
	return e->refs[0].group;
}

int pl_equiv_given_score(const char *a, const char *b, double *score)
{
	int rc, ta, tb;
	const struct tables *t = get_tables(&rc);
	const struct entry *ea, *eb;
	char ka[KEY_MAX], kb[KEY_MAX];
	double best = 0;

	if (!a || !b || !score)
		return PL_EUSAGE;
	if (!t)
		return rc;
	if ((rc = fold(a, ka, sizeof(ka), 1)) || (rc = fold(b, kb, sizeof(kb), 1)))
		return rc;
	if (strcmp(ka, kb) == 0) {
		*score = PL_EQUIV_SCORE_SAME;
		return 0;
	}
	rc = lookup(t, 0, a, &ea, &ta);
	if (!rc)
		rc = lookup(t, 0, b, &eb, &tb);
	if (rc == PL_ENOTFOUND) {
		*score = 0;
		return 0;
	}
	if (rc)
		return rc;
	for (size_t i = 0; i < ea->refs_n; i++)
		for (size_t j = 0; j < eb->refs_n; j++) {
			double s;
			if (ea->refs[i].group != eb->refs[j].group)
				continue;
			if (ea->refs[i].kind == KIND_DIM || eb->refs[j].kind == KIND_DIM)
				s = PL_EQUIV_SCORE_DIMINUTIVE;
			else if (ta || tb)
				s = PL_EQUIV_SCORE_TRANSLIT;
			else
				s = PL_EQUIV_SCORE_FULL;
			if (s > best)
				best = s;
		}
	*score = best;
	return 0;
}

int pl_equiv_same_given(const char *a, const char *b)
{
	double s = 0;
	return pl_equiv_given_score(a, b, &s) == 0 && s > 0;
}

int pl_equiv_patronymic_group(const char *patronymic, int *group, char *sex)
{
	int rc, translit;
	const struct tables *t = get_tables(&rc);
	const struct entry *e;

	if (!patronymic)
		return PL_EUSAGE;
	if (!t)
		return rc;
	rc = lookup(t, 1, patronymic, &e, &translit);
	if (rc)
		return rc;
	if (group)
		*group = e->refs[0].group;
	if (sex)
		*sex = e->refs[0].kind ? 'f' : 'm';
	return 0;
}

int pl_equiv_same_patronymic(const char *a, const char *b)
{
	int rc, ta, tb;
	const struct tables *t = get_tables(&rc);
	const struct entry *ea, *eb;
	char ka[KEY_MAX], kb[KEY_MAX];

	if (!t || !a || !b || fold(a, ka, sizeof(ka), 1) || fold(b, kb, sizeof(kb), 1))
		return 0;
	if (strcmp(ka, kb) == 0)
		return 1;
	if (lookup(t, 1, a, &ea, &ta) || lookup(t, 1, b, &eb, &tb))
		return 0;
	for (size_t i = 0; i < ea->refs_n; i++)
		for (size_t j = 0; j < eb->refs_n; j++)
			if (ea->refs[i].group == eb->refs[j].group &&
			    ea->refs[i].kind == eb->refs[j].kind)
				return 1;
	return 0;
}

int pl_equiv_patronymic_of(const char *patronymic, const char *father)
{
	int rc, tp, tf;
	const struct tables *t = get_tables(&rc);
	const struct entry *ep, *ef;

	if (!t || !patronymic || !father || lookup(t, 1, patronymic, &ep, &tp) ||
	    lookup(t, 0, father, &ef, &tf))
		return 0;
	for (size_t i = 0; i < ep->refs_n; i++)
		for (size_t j = 0; j < ef->groups_n; j++)
			if (ep->refs[i].group == ef->groups[j])
				return 1;
	return 0;
}

/* surnames */

int pl_equiv_same_surname(const char *a, const char *b)
{
	int rc;
	const struct tables *t = get_tables(&rc);
	char la[KEY_MAX], lb[KEY_MAX], ka[KEY_MAX], kb[KEY_MAX];

	if (!t || !a || !b || fold(a, la, sizeof(la), 0) || fold(b, lb, sizeof(lb), 0))
		return 0;
	memcpy(ka, la, strlen(la) + 1);
	memcpy(kb, lb, strlen(lb) + 1);
	yo_to_ye(ka);
	yo_to_ye(kb);
	if (!*ka || !*kb)
		return 0;
	if (strcmp(ka, kb) == 0)
		return 1;
	for (int d = 0; d < DIR__MAX; d++)
		if (rewrites_to(t, d, la, kb) || rewrites_to(t, d, lb, ka))
			return 1;
	return 0;
}

enum letter_case { CASE_LOWER, CASE_TITLE, CASE_UPPER };

static enum letter_case case_of(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;
	utf8proc_ssize_t r;
	int first = 1, first_upper = 0, upper = 0, lower = 0;

	while (*p && (r = utf8proc_iterate(p, -1, &c)) > 0) {
		p += r;
		if (utf8proc_islower(c))
			lower++;
		else if (utf8proc_isupper(c))
			upper++;
		else
			continue;
		if (first)
			first_upper = utf8proc_isupper(c);
		first = 0;
	}
	if (upper >= 2 && lower == 0)
		return CASE_UPPER;
	return first_upper ? CASE_TITLE : CASE_LOWER;
}

/* s (lower case) in letter case lc, appended to sb */
static void add_cased(struct strbuf *sb, const char *s, enum letter_case lc)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;
	utf8proc_ssize_t r;
	int start = 1;

	while (*p && (r = utf8proc_iterate(p, -1, &c)) > 0) {
		utf8proc_uint8_t enc[4];
		p += r;
		if (lc == CASE_UPPER || (lc == CASE_TITLE && start))
			c = utf8proc_toupper(c);
		start = c == ' ' || c == '-';
		strbuf_add(sb, enc, (size_t)utf8proc_encode_char(c, enc));
	}
}

struct variants {
	char **v;
	size_t n;
	const char *self; /* the input's key */
	enum letter_case lc;
	int failed;
};

static int variants_add(struct variants *vs, const char *lower)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	add_cased(&sb, lower, vs->lc);
	if (sb.failed) {
		strbuf_release(&sb);
		vs->failed = 1;
		return 1;
	}
	s = strbuf_detach(&sb);
	if (!s) {
		vs->failed = 1;
		return 1;
	}
	for (size_t i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i], s) == 0) {
			pl_free(s);
			return 0;
		}
	vs->v[vs->n++] = s;
	return vs->n == VARIANTS_MAX;
}

static int variants_emit(struct walk *w, void *ctx)
{
	struct variants *vs = ctx;
	char key[WALK_MAX];
	int has_yo;

	memcpy(key, w->out, w->out_len + 1);
	yo_to_ye(key);
	if (strcmp(key, vs->self) == 0)
		return 0;
	has_yo = strcmp(key, w->out) != 0;
	if (variants_add(vs, w->out))
		return 1;
	return has_yo && variants_add(vs, key);
}

int pl_equiv_surname_variants(const char *surname, int from_lang, char ***out, size_t *n)
{
	int rc;
	const struct tables *t = get_tables(&rc);
	char lower[KEY_MAX], key[KEY_MAX];
	struct variants vs = {0};
	struct walk w;

	if (!surname || !out || !n || from_lang < PL_EQUIV_ANY || from_lang >= PL_EQUIV__MAX)
		return PL_EUSAGE;
	if (!t)
		return rc;
	if ((rc = fold(surname, lower, sizeof(lower), 0)))
		return rc;
	memcpy(key, lower, strlen(lower) + 1);
	yo_to_ye(key);
	vs.self = key;
	vs.lc = case_of(surname);
	vs.v = pl_calloc(VARIANTS_MAX, sizeof(*vs.v));
	if (!vs.v)
		return PL_EDATA;
	for (int d = 0; d < DIR__MAX && vs.n < VARIANTS_MAX && !vs.failed; d++) {
		if ((from_lang == PL_EQUIV_UK && d != DIR_UK_RU) ||
		    (from_lang == PL_EQUIV_RU && d != DIR_RU_UK))
			continue;
		memset(&w, 0, sizeof(w));
		w.rules = t->by_dir[d];
		w.rules_n = t->by_dir_n[d];
		w.in = lower;
		w.in_len = strlen(lower);
		w.emit = variants_emit;
		w.ctx = &vs;
		walk(&w);
	}
	if (vs.failed) {
		rc = PL_EDATA;
		goto out;
	}
	if (vs.n == 0) {
		pl_free(vs.v);
		vs.v = NULL;
	}
	*out = vs.v;
	*n = vs.n;
	vs.v = NULL;
	vs.n = 0;
	rc = 0;
out:
	pl_equiv_variants_free(vs.v, vs.n);
	return rc;
}

void pl_equiv_variants_free(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		pl_free(v[i]);
	pl_free(v);
}

/* the data's own check */

/* 1 when rule r is applied while reading lower (positions do not depend on choices) */
static int rule_used(const struct tables *t, const struct rule *r, const char *lower)
{
	size_t len = strlen(lower);
	for (size_t i = 0; i < len;) {
		const struct rule *at =
		        rule_at(t->by_dir[r->dir], t->by_dir_n[r->dir], lower, len, i);
		if (at == r)
			return 1;
		i += at ? at->from_len : u8len((unsigned char)lower[i]);
	}
	return 0;
}

int pl_equiv_check_data(struct pl_error *err)
{
	int rc = pl_equiv_init(err);
	const struct tables *t = tables;

	if (rc)
		return rc;
	for (size_t i = 0; i < t->rules_n; i++) {
		const struct rule *r = &t->rules[i];
		char lower[KEY_MAX], want[KEY_MAX], got[KEY_MAX];
		char **v = NULL;
		size_t n = 0;
		int found = 0;

		if (fold(r->example, lower, sizeof(lower), 0) ||
		    fold(r->result, want, sizeof(want), 1))
			return pl_error_set(err, PL_EDATA,
			                    "names data: surname-rules.tsv:%d: bad example",
			                    r->line);
		if (!rule_used(t, r, lower))
			return pl_error_set(
			        err, PL_EDATA,
			        "names data: surname-rules.tsv:%d: the rule is not used "
			        "by its example '%s'",
			        r->line, r->example);
		rc = pl_equiv_surname_variants(
		        r->example, r->dir == DIR_UK_RU ? PL_EQUIV_UK : PL_EQUIV_RU, &v, &n);
		if (rc)
			return pl_error_set(err, rc,
			                    "names data: surname-rules.tsv:%d: cannot "
			                    "rewrite '%s'",
			                    r->line, r->example);
		if (fold(r->example, got, sizeof(got), 1) == 0 && strcmp(got, want) == 0)
			found = 1;
		for (size_t k = 0; k < n && !found; k++)
			found = fold(v[k], got, sizeof(got), 1) == 0 && strcmp(got, want) == 0;
		pl_equiv_variants_free(v, n);
		if (!found || !pl_equiv_same_surname(r->example, r->result))
			return pl_error_set(err, PL_EDATA,
			                    "names data: surname-rules.tsv:%d: '%s' does not give "
			                    "'%s'",
			                    r->line, r->example, r->result);
	}
	return 0;
}
