/* cmd-formula.c - parley formula check: reads the terms of an exchange, prints them back
 * the one way parley writes them and each in words (docs/formulas.md) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "parley/formula.h"
#include "banned.h"

static const char *const kind_names[PL_TERM__MAX] = {
        [PL_TERM_TOTAL] = "total",       [PL_TERM_EXACTLY] = "exactly",
        [PL_TERM_AT_LEAST] = "at_least", [PL_TERM_AT_MOST] = "at_most",
        [PL_TERM_NAMED] = "named",
};
static const char *const side_names[PL_FORMULA_SIDE__MAX] = {
        [PL_FORMULA_RECEIVE] = "receive",
        [PL_FORMULA_GIVE] = "give",
};

/* Adds data to sb up to one byte past the longest formula: the library names the limit. */
static void add_bounded(struct strbuf *sb, const char *data, size_t n)
{
	size_t room = PL_FORMULA_MAX_INPUT + 1 - sb->len;
	strbuf_add(sb, data, n < room ? n : room);
}

/* The formula: the arguments joined by spaces, or standard input when there are none. */
static int formula_text(struct ctx *c, struct strbuf *sb)
{
	if (c->a.npos) {
		for (int i = 0; i < c->a.npos && sb->len <= PL_FORMULA_MAX_INPUT; i++) {
			if (i)
				add_bounded(sb, " ", 1);
			add_bounded(sb, c->a.pos[i], strlen(c->a.pos[i]));
		}
	} else {
		char buf[4096];
		size_t n;
		while (sb->len <= PL_FORMULA_MAX_INPUT &&
		       (n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
			if (memchr(buf, '\0', n))
				return pl_error_set(
				        &c->err, PL_EDATA,
				        "formula check: standard input holds a NUL byte");
			add_bounded(sb, buf, n);
		}
		if (ferror(stdin))
			return pl_error_set(&c->err, PL_EDATA,
			                    "formula check: cannot read standard input");
	}
	if (sb->failed)
		return pl_error_set(&c->err, PL_EDATA, "formula check: out of memory");
	return 0;
}

/*
 * Adds to msg ("formula:L:C: ...") the line L of text and a caret under column C (a
 * window of it when the line is long), for a person to see the word that is wrong.
 */
static void point_at(const char *text, char *msg, size_t cap)
{
	const char *p = msg + strlen("formula:"), *line = text, *end, *from;
	char *stop;
	long l, col, skip;
	size_t len = strlen(msg);
	int k;

	if (strncmp(msg, "formula:", 8))
		return;
	l = strtol(p, &stop, 10);
	if (stop == p || *stop != ':')
		return;
	p = stop + 1;
	col = strtol(p, &stop, 10);
	if (stop == p || *stop != ':' || l < 1 || col < 1)
		return;
	for (long i = 1; i < l && line; i++)
		if ((line = strchr(line, '\n')))
			line++;
	if (!line)
		return;
	end = line + strcspn(line, "\r\n");
	/* the window: at most 60 characters before the column */
	skip = col > 61 ? col - 61 : 0;
	from = line;
	for (long i = 0; i < skip && from < end; from++)
		if (((unsigned char)from[1] & 0xc0) != 0x80)
			i++;
	{
		const char *to = from;
		long shown = 0;
		while (to < end && shown < 100) {
			to++;
			if (to >= end || ((unsigned char)*to & 0xc0) != 0x80)
				shown++;
		}
		k = snprintf(msg + len, cap - len, "\n  %s%.*s\n  %s", skip ? "..." : "",
		             (int)(to - from), from, skip ? "   " : "");
	}
	if (k < 0 || (size_t)k >= cap - len)
		return;
	len += (size_t)k;
	/* under each character before the column, a space (a tab under a tab) */
	{
		const char *q = from;
		for (long i = skip + 1; i < col && q < end && len + 2 < cap; i++) {
			msg[len++] = *q == '\t' ? '\t' : ' ';
			do
				q++;
			while (q < end && ((unsigned char)*q & 0xc0) == 0x80);
		}
		if (len + 1 < cap) {
			msg[len++] = '^';
			msg[len] = '\0';
		}
	}
}

static json_t *term_json(const struct pl_formula *f, size_t i, const char *words)
{
	struct pl_formula_term t;
	pl_formula_term(f, i, &t);
	return json_pack("{s:I, s:s, s:s, s:o, s:b, s:b, s:o, s:o, s:s, s:s, s:i, s:i}", "term",
	                 (json_int_t)(i + 1), "side", side_names[t.side], "kind",
	                 kind_names[t.kind], "count",
	                 t.count < 0 ? json_null() : json_integer(t.count), "all", t.count < 0,
	                 "remains", t.remains, "selector",
	                 t.selector ? json_string(t.selector) : json_null(), "ref",
	                 t.ref ? json_string(t.ref) : json_null(), "text", t.text, "words", words,
	                 "line", t.line, "column", t.column);
}

static int run_formula_check(struct ctx *c)
{
	struct strbuf text = STRBUF_INIT, canon = STRBUF_INIT, words = STRBUF_INIT;
	struct pl_formula *f = NULL;
	json_t *root = NULL, *terms = NULL;
	size_t n;
	int rc;

	if ((rc = formula_text(c, &text)))
		goto out;
	if ((rc = pl_formula_parse(strbuf_str(&text), &f, &c->err))) {
		point_at(strbuf_str(&text), c->err.msg, sizeof(c->err.msg));
		goto out;
	}
	if ((rc = pl_formula_format(f, &canon))) {
		pl_error_set(&c->err, rc, "formula check: out of memory");
		goto out;
	}
	n = pl_formula_nterms(f);
	if (c->json && (!(root = json_object()) || !(terms = json_array()) ||
	                json_object_set_new(root, "formula", json_string(strbuf_str(&canon))) ||
	                json_object_set(root, "terms", terms))) {
		rc = pl_error_set(&c->err, PL_EDATA, "formula check: out of memory");
		goto out;
	}
	if (!c->json) {
		printf(_("formula: %s\n"), strbuf_str(&canon));
		printf(Q_("%zu term:\n", "%zu terms:\n", (long long)n), n);
	}
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&words);
		if ((rc = pl_formula_term_words(f, i, &words))) {
			pl_error_set(&c->err, rc, "formula check: out of memory");
			goto out;
		}
		if (c->json) {
			if (json_array_append_new(terms, term_json(f, i, strbuf_str(&words)))) {
				rc = pl_error_set(&c->err, PL_EDATA,
				                  "formula check: out of memory");
				goto out;
			}
		} else {
			printf("  %zu. %s\n", i + 1, strbuf_str(&words));
		}
	}
	if (c->json)
		rc = print_json(root, 1);
out:
	json_decref(terms);
	json_decref(root);
	pl_formula_free(f);
	strbuf_release(&text);
	strbuf_release(&canon);
	strbuf_release(&words);
	return rc;
}

const struct command cmd_formula[] = {
        {.name = "formula check",
         .usage = "[TEXT...]",
         .summary = "read the terms of an exchange: print them the one way parley writes "
                    "them, and each in words",
         .description =
                 "Reads a formula, the terms of an exchange in the language of "
                 "docs/formulas.md: the words of TEXT joined by spaces, or standard input "
                 "when there is none. A formula that reads prints as parley writes it "
                 "(lower-case words, one space, `; ` between terms: the form to store and to "
                 "compare) and then each of its terms in words; `--json` prints the formula "
                 "and its terms (side, kind, count, remains, selector, named reference, "
                 "text as written, words, line and column).\n\n"
                 "Each side is one list: `receive 10 where health = severely_wounded` is a "
                 "list of exactly 10 persons, each severely wounded; `receive all where ...` "
                 "is everyone eligible who matches; `exactly`, `at least` and `at most` N "
                 "`where` ... after a side constrain that same list; `and U-000042` names a "
                 "person who must be on it besides the count; `remains` makes the list one "
                 "of the dead. Selectors: `side`, `kind`, `sex`, `health`, `status`, "
                 "`consent` with `=`, `!=` or `in (A, B)`; `unit has WORDS`, `tags has TAG`, "
                 "`citizenship has CC`; `age between A and B`, `age >= N` (`at DATE`); "
                 "`captivity >= N years` or `months` (`at DATE`); `sentenced`; `ref = "
                 "U-000001`; joined by `and`, `or`, `not` and parentheses.\n\n"
                 "A formula that does not read is exit status 1 with one message on standard "
                 "error that points at the word that is wrong, as "
                 "`formula:LINE:COLUMN: what was expected, found 'word'`, followed by the "
                 "line and a caret under the word. Needs no data file and no account.",
         .examples = "parley formula check \"receive 10 where health = severely_wounded; give 10 "
                     "where health = severely_wounded\"\n"
                     "parley formula check \"receive 215; give 55 and R-000042\"  # a named "
                     "person on top of the count\n"
                     "parley formula check \"receive 1000; at least 120 where kind = civilian; "
                     "give 1000\"\n"
                     "parley formula check --json \"receive 6000 remains; give 6000 remains\"\n"
                     "parley formula check < terms.txt  # a formula over several lines",
         .max_pos = -1,
         .run = run_formula_check},
        {.name = NULL},
};
