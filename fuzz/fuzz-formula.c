/* fuzz-formula.c - libFuzzer: the formula parser on any bytes
 *
 * Never crashes; a formula that does not read is PL_EDATA with one "formula:L:C: ..."
 * message at a place that exists in the text, and nothing handed out; one that reads
 * has a canonical form that reads again as the same formula (the same text, the same
 * terms, the same verdict on every person of a fixed list), words for every term, and
 * a check whose counts add up. Run with the dictionary of the language:
 *   build/check/fuzz/fuzz-formula -dict=fuzz/formula.dict fuzz/corpus/formula
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/alloc.h"
#include "parley/error.h"
#include "parley/formula.h"
#include "../src/lib/core/banned.h"

#define CHECK(x)                                                                                   \
	do {                                                                                       \
		if (!(x)) {                                                                        \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x);      \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#define DAY "2025-06-09"

/* Persons of both sides, living and dead, with partial and missing values. */
static const char *const specs[] = {
        "side=captive|status=confirmed|kind=military|ref=U-000001|health=severely_wounded|"
        "birth_date=1985|capture_date=2022-05-17|unit=Полк Азов|tags=medic|citizenship=UA",
        "side=captive|status=listed|kind=civilian|ref=U-000002|health=unknown|sex=f|"
        "birth_date=2003-02|capture_date=2023|sentence=10 years",
        "side=captive|status=died|kind=military|ref=U-000042|sex=m|birth_date=1970-01-01",
        "side=captive|status=missing|kind=military|ref=U-000003|health=healthy|sex=unknown|"
        "citizenship=UA;GB|tags=chaplain;musician|unit=36 окрема бригада морської піхоти",
        "side=detainee|status=held|kind=military|ref=R-000042|consent=yes|health=wounded|"
        "birth_date=1999-12-31",
        "side=detainee|status=listed|kind=civilian|ref=R-000001|consent=unknown|sentence=x",
        "side=detainee|status=died|kind=military|ref=R-000002",
        "side=captive|kind=military",
        "status=held",
};
#define NPERSONS (sizeof(specs) / sizeof(specs[0]))
static struct pl_record persons[NPERSONS];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < NPERSONS; i++) {
		char buf[512], *p = buf;
		CHECK(!pl_record_init(&persons[i], pl_entity(PL_ENT_PERSON)));
		snprintf(buf, sizeof(buf), "%s", specs[i]);
		while (p) {
			char *bar = strchr(p, '|'), *eq = strchr(p, '=');
			if (bar)
				*bar = '\0';
			CHECK(eq);
			*eq = '\0';
			CHECK(!pl_record_set(&persons[i], p, eq + 1));
			p = bar ? bar + 1 : NULL;
		}
	}
	return 0;
}

/* The message points at a line and column that exist in text. */
static void check_message(const char *text, const struct pl_error *err)
{
	const char *p = err->msg + 8;
	char *end;
	long line, col, lines = 1, cols = 1, maxcol = 1;

	CHECK(err->code == PL_EDATA);
	CHECK(!strncmp(err->msg, "formula:", 8));
	if (!strcmp(err->msg, "formula: out of memory"))
		return;
	line = strtol(p, &end, 10);
	CHECK(end != p && *end == ':');
	p = end + 1;
	col = strtol(p, &end, 10);
	CHECK(end != p && *end == ':' && end[1] == ' ' && end[2]);
	CHECK(line >= 1 && col >= 1);
	for (const char *q = text; *q; q++) {
		if (*q == '\n') {
			if (lines == line)
				maxcol = cols;
			lines++;
			cols = 1;
		} else if (((unsigned char)*q & 0xc0) != 0x80) {
			cols++;
		}
	}
	if (lines == line)
		maxcol = cols;
	CHECK(line <= lines);
	/* a column inside the line, or just past its end; an invalid byte may lie
	 * inside a character the count above took for one */
	CHECK(col <= maxcol + 1);
}

static void check_same(const struct pl_formula *f, const struct pl_formula *g)
{
	CHECK(pl_formula_nterms(f) == pl_formula_nterms(g));
	for (size_t i = 0; i < pl_formula_nterms(f); i++) {
		struct pl_formula_term x, y;
		pl_formula_term(f, i, &x);
		pl_formula_term(g, i, &y);
		CHECK(x.side == y.side && x.kind == y.kind && x.count == y.count &&
		      x.remains == y.remains && x.has_selector == y.has_selector);
		CHECK(!x.ref == !y.ref && (!x.ref || !strcmp(x.ref, y.ref)));
		CHECK(!x.selector == !y.selector &&
		      (!x.selector || !strcmp(x.selector, y.selector)));
		CHECK(x.kind < PL_TERM__MAX && x.side < PL_FORMULA_SIDE__MAX);
		CHECK(x.count >= -1 && x.count <= PL_FORMULA_MAX_COUNT);
		CHECK(x.text && x.line >= 1 && x.column >= 1);
		for (size_t k = 0; k < NPERSONS; k++) {
			char why[128] = "", why2[128] = "";
			enum pl_tv a = pl_formula_matches(f, i, &persons[k], DAY, why, sizeof(why));
			enum pl_tv b =
			        pl_formula_matches(g, i, &persons[k], DAY, why2, sizeof(why2));
			CHECK(a == b && !strcmp(why, why2));
			CHECK(a == PL_TV_UNKNOWN ? why[0] != '\0' : why[0] == '\0');
			CHECK(pl_formula_matches(f, i, &persons[k], NULL, NULL, 0) <=
			      PL_TV_UNKNOWN);
		}
	}
}

static void check_list(const struct pl_formula *f)
{
	for (int side = 0; side < PL_FORMULA_SIDE__MAX; side++) {
		struct pl_term_check c[16];
		struct pl_error err = {0};
		size_t n = 0;
		int rc = pl_formula_check(f, (enum pl_formula_side)side, persons, NPERSONS, DAY, c,
		                          16, &n, &err);
		if (pl_formula_total(f, (enum pl_formula_side)side) < 0) {
			CHECK(rc == PL_EUSAGE);
			continue;
		}
		CHECK(rc == 0);
		for (size_t i = 0; i < n && i < 16; i++) {
			struct pl_formula_term t;
			pl_formula_term(f, c[i].term, &t);
			CHECK((int)t.side == side);
			CHECK(c[i].have >= 0 && c[i].unknown >= 0 &&
			      c[i].have + c[i].unknown <= c[i].size);
			CHECK(c[i].size <= (long)NPERSONS);
			CHECK(c[i].holds == 0 || c[i].holds == 1);
			if (c[i].need_min >= 0 && c[i].have < c[i].need_min)
				CHECK(!c[i].holds);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct pl_formula *f = NULL, *g = NULL;
	struct pl_error err = {0};
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, w = STRBUF_INIT;
	int rc;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0'; /* up to the first NUL, as every caller passes strings */

	rc = pl_formula_parse(s, &f, &err);
	if (rc) {
		CHECK(!f);
		check_message(s, &err);
		free(s);
		return 0;
	}
	CHECK(f && pl_formula_nterms(f) > 0);
	CHECK(!pl_formula_format(f, &a));
	CHECK(a.len <= PL_FORMULA_MAX_INPUT);
	rc = pl_formula_parse(strbuf_str(&a), &g, &err);
	if (rc) {
		fprintf(stderr, "canonical form does not read: '%s': %s\n", strbuf_str(&a),
		        err.msg);
		abort();
	}
	CHECK(!pl_formula_format(g, &b));
	if (strcmp(strbuf_str(&a), strbuf_str(&b))) {
		fprintf(stderr, "not canonical: '%s' -> '%s'\n", strbuf_str(&a), strbuf_str(&b));
		abort();
	}
	check_same(f, g);
	for (size_t i = 0; i < pl_formula_nterms(f); i++) {
		strbuf_reset(&w);
		CHECK(!pl_formula_term_words(f, i, &w) && w.len > 0);
	}
	check_list(f);

	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&w);
	pl_formula_free(f);
	pl_formula_free(g);
	free(s);
	return 0;
}
