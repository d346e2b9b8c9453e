/* weights.c - the planner's scores: the priority of each of ours and the value we set on
 * each of theirs, sums of documented weights (docs/planner.md), and the office's weights
 * the head sets */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/alloc.h"
#include "parley/date.h"
#include "plan-int.h"
#include "banned.h"

#define WEIGHT_MAX 1000.0

/* "tag.TAG" and "value.tag.TAG" stand for every tag; the rest are keys as they are. */
const struct pl_plan_weight_def pl_plan_weight_defs[] = {
        {"health.severely_wounded", 100, "ours, severely wounded"},
        {"health.severely_ill", 90, "ours, severely ill"},
        {"health.wounded", 30, "ours, wounded"},
        {"held.year", 10, "ours, each year held since the capture date (days count)"},
        {"age.under_18", 50, "ours, under 18 on the day ages are counted to"},
        {"age.over_60", 40, "ours, over 60"},
        {"civilian", 40, "ours, a civilian"},
        {"female", 10, "ours, a woman"},
        {"sentenced", 30, "ours, sentenced in captivity (a sentence recorded)"},
        {"tag.TAG", 0, "ours, with role tag TAG (tag.medic, tag.chaplain, ...)"},
        {"value.sentenced", 60, "theirs, sentenced by our courts: we keep them"},
        {"value.proceedings", 30, "theirs, under criminal proceedings"},
        {"value.charges", 10, "theirs, with charges recorded"},
        {"value.military", 10, "theirs, military"},
        {"value.rank", 5, "theirs, with a rank recorded"},
        {"value.tag.TAG", 0, "theirs, with role tag TAG"},
        {NULL, 0, NULL},
};

static int tag_ok(const char *t)
{
	if (!*t || strlen(t) > 40)
		return 0;
	for (; *t; t++)
		if (!((*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9') || *t == '_'))
			return 0;
	return 1;
}

/* The definition of key, or NULL when it is none. */
static const struct pl_plan_weight_def *weight_def(const char *key)
{
	for (const struct pl_plan_weight_def *d = pl_plan_weight_defs; d->key; d++) {
		size_t n = strlen(d->key);
		if (n > 4 && !strcmp(d->key + n - 4, ".TAG")) {
			if (!strncmp(key, d->key, n - 3) && tag_ok(key + n - 3))
				return d;
		} else if (!strcmp(key, d->key)) {
			return d;
		}
	}
	return NULL;
}

void weights_release(struct weights *w)
{
	pl_free(w->w);
	memset(w, 0, sizeof(*w));
}

int weights_put(struct weights *w, const char *key, double v, struct pl_error *err)
{
	if (!weight_def(key))
		return pl_error_set(err, PL_EDATA,
		                    "weight '%s': no such weight (docs/planner.md lists them)",
		                    key);
	if (!isfinite(v) || v < -WEIGHT_MAX || v > WEIGHT_MAX)
		return pl_error_set(err, PL_EDATA, "weight '%s': %g is not between -1000 and 1000",
		                    key, v);
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->w[i].key, key)) {
			w->w[i].v = v;
			return 0;
		}
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 16;
		struct weight *nw = pl_realloc(w->w, cap * sizeof(*nw));
		if (!nw)
			return pl_error_set(err, PL_EDATA, "out of memory");
		w->w = nw;
		w->cap = cap;
	}
	snprintf(w->w[w->n].key, sizeof(w->w[w->n].key), "%s", key);
	w->w[w->n++].v = v;
	return 0;
}

/* A number: digits with an optional sign and decimal point, nothing else. */
static int number_parse(const char *s, double *out)
{
	char *end;
	const char *p = s + (*s == '-' || *s == '+');
	if (!(*p >= '0' && *p <= '9'))
		return -1;
	for (; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '.'))
			return -1;
	*out = strtod(s, &end);
	return *end ? -1 : 0;
}

static void trim(char *s)
{
	size_t n = strlen(s), k = 0;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	while (s[k] == ' ' || s[k] == '\t')
		k++;
	memmove(s, s + k, n - k + 1);
}

int weights_parse(struct weights *w, const char *text, struct pl_error *err)
{
	int line = 0, rc;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char buf[256], *eq, *hash;
		double v;
		line++;
		if (len >= sizeof(buf))
			return pl_error_set(err, PL_EDATA, "weights:%d: the line is too long",
			                    line);
		memcpy(buf, p, len);
		buf[len] = '\0';
		p += len + (nl != NULL);
		if ((hash = strchr(buf, '#')))
			*hash = '\0';
		trim(buf);
		if (!buf[0])
			continue;
		if (!(eq = strchr(buf, '=')))
			return pl_error_set(err, PL_EDATA,
			                    "weights:%d: expected 'key = value', found '%s'", line,
			                    buf);
		*eq = '\0';
		trim(buf);
		trim(eq + 1);
		if (number_parse(eq + 1, &v))
			return pl_error_set(err, PL_EDATA, "weights:%d: '%s' is not a number", line,
			                    eq + 1);
		if ((rc = weights_put(w, buf, v, err))) {
			char msg[sizeof(err->msg)];
			snprintf(msg, sizeof(msg), "%s", err->msg);
			return pl_error_set(err, PL_EDATA, "weights:%d: %s", line, msg);
		}
	}
	return 0;
}

static int office_one(void *ctx, const struct pl_record *r)
{
	struct weights *w = ctx;
	double v;
	const char *key = pl_record_get(r, "key"), *val = pl_record_get(r, "value");
	/* a row written by parley is a key and a number; anything else is the file's damage */
	if (!key || !val || number_parse(val, &v))
		return PL_EINTEGRITY;
	return weights_put(w, key, v, NULL) ? PL_EINTEGRITY : 0;
}

int weights_office(struct pl_db *db, struct weights *w, struct pl_error *err)
{
	int rc =
	        store_query(db->st, pl_entity(PL_ENT_PLAN_WEIGHT),
	                    "SELECT * FROM plan_weights ORDER BY key", NULL, 0, office_one, w, err);
	if (rc == PL_EINTEGRITY)
		return pl_error_set(err, PL_EINTEGRITY,
		                    "plan_weights holds a row parley did not write");
	return rc;
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct weight *)a)->key, ((const struct weight *)b)->key);
}

int weights_format(const struct weights *w, struct strbuf *out)
{
	struct weight *s;
	if (!w->n)
		return 0;
	if (!(s = pl_calloc(w->n, sizeof(*s))))
		return PL_EDATA;
	memcpy(s, w->w, w->n * sizeof(*s));
	qsort(s, w->n, sizeof(*s), key_cmp);
	for (size_t i = 0; i < w->n; i++)
		strbuf_addf(out, "%s = %g\n", s[i].key, s[i].v);
	pl_free(s);
	return out->failed ? PL_EDATA : 0;
}

static double weight(const struct weights *w, const char *key)
{
	const struct pl_plan_weight_def *d;
	for (size_t i = 0; i < w->n; i++)
		if (!strcmp(w->w[i].key, key))
			return w->w[i].v;
	d = weight_def(key);
	return d ? d->def : 0;
}

/* A part of a score: adds v (when not 0) with its words to detail. */
static double part(struct strbuf *detail, double v, const char *words)
{
	if (v != 0 && detail)
		strbuf_addf(detail, "%s%s %+.1f", detail->len ? "; " : "", words, v);
	return v;
}

/* A registry date as a day count: a month or year alone counts from its middle. */
static int day_of(const char *s, long *out)
{
	int y = 0, m = 7, d = 15, n;
	if (!s || (n = sscanf(s, "%4d-%2d-%2d", &y, &m, &d)) < 1)
		return -1;
	if (n == 2)
		d = 15;
	*out = pl_days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

/* The age in whole years on day, as the formula counts it (age < 18); -1 unless both are
 * whole days: a birth year alone tells no age, as it matches no age term. */
static long completed_years(const char *birth, const char *day)
{
	int by, bm, bd, y, m, d;
	if (!birth || !day || strlen(birth) != 10 || strlen(day) != 10 ||
	    sscanf(birth, "%4d-%2d-%2d", &by, &bm, &bd) != 3 ||
	    sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	return y - by - (m < bm || (m == bm && d < bd));
}

static int has_value(const struct pl_record *p, const char *field)
{
	const char *v = pl_record_get(p, field);
	return v && *v;
}

/* Adds the weights of p's tags under prefix ("tag.", "value.tag."). */
static double tags_part(const struct weights *w, const struct pl_record *p, const char *prefix,
                        struct strbuf *detail)
{
	const char *tags = pl_record_get(p, "tags");
	double sum = 0;
	while (tags && *tags) {
		const char *end = strchr(tags, ';');
		size_t n = end ? (size_t)(end - tags) : strlen(tags);
		char key[64], words[64];
		if (n < 40) {
			snprintf(key, sizeof(key), "%s%.*s", prefix, (int)n, tags);
			snprintf(words, sizeof(words), "%.*s", (int)n, tags);
			sum += part(detail, weight(w, key), words);
		}
		tags = end ? end + 1 : NULL;
	}
	return sum;
}

double weights_score(const struct weights *w, const struct pl_record *p, int give,
                     const char *on_date, struct strbuf *detail)
{
	const char *health = pl_record_get(p, "health"), *kind = pl_record_get(p, "kind");
	long today, day, age;
	double s = 0;
	if (give) {
		if (has_value(p, "sentence"))
			s += part(detail, weight(w, "value.sentenced"), "sentenced by our courts");
		if (has_value(p, "proceedings"))
			s += part(detail, weight(w, "value.proceedings"), "under proceedings");
		if (has_value(p, "charges"))
			s += part(detail, weight(w, "value.charges"), "charged");
		if (kind && !strcmp(kind, "military"))
			s += part(detail, weight(w, "value.military"), "military");
		if (has_value(p, "rank"))
			s += part(detail, weight(w, "value.rank"), "a rank");
		return s + tags_part(w, p, "value.tag.", detail);
	}
	if (health && !strncmp(health, "severely_", 9)) {
		char key[48];
		snprintf(key, sizeof(key), "health.%s", health);
		s += part(detail, weight(w, key),
		          !strcmp(health, "severely_ill") ? "severely ill" : "severely wounded");
	} else if (health && !strcmp(health, "wounded")) {
		s += part(detail, weight(w, "health.wounded"), "wounded");
	}
	if (day_of(on_date, &today) == 0 && day_of(pl_record_get(p, "capture_date"), &day) == 0 &&
	    day < today) {
		char words[48];
		double years = (double)(today - day) / 365.25;
		snprintf(words, sizeof(words), "held %.1f years", years);
		s += part(detail, weight(w, "held.year") * years, words);
	}
	if ((age = completed_years(pl_record_get(p, "birth_date"), on_date)) >= 0) {
		if (age < 18)
			s += part(detail, weight(w, "age.under_18"), "under 18");
		else if (age > 60)
			s += part(detail, weight(w, "age.over_60"), "over 60");
	}
	if (kind && !strcmp(kind, "civilian"))
		s += part(detail, weight(w, "civilian"), "civilian");
	if (pl_record_get(p, "sex") && !strcmp(pl_record_get(p, "sex"), "f"))
		s += part(detail, weight(w, "female"), "woman");
	if (has_value(p, "sentence"))
		s += part(detail, weight(w, "sentenced"), "sentenced in captivity");
	return s + tags_part(w, p, "tag.", detail);
}

int weights_same(const struct weights *a, const struct weights *b)
{
	for (size_t i = 0; i < a->n; i++)
		if (weight(a, a->w[i].key) != weight(b, a->w[i].key))
			return 0;
	for (size_t i = 0; i < b->n; i++)
		if (weight(a, b->w[i].key) != weight(b, b->w[i].key))
			return 0;
	return 1;
}
