/* formula.c - the formula language of the exchanges desk: its words, the parser, the
 * canonical text, the terms
 *
 * docs/formulas.md is the grammar and the meaning; this file follows it. A formula is
 * read once by a hand-written recursive descent over tokens that know their line and
 * column, into terms that each hold a selector tree (formula-tree.h). Matching persons,
 * checking lists and the words of the terms are formula-eval.c's.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "parley/alloc.h"
#include "parley/formula.h"
#include "parley/text.h"
#include "formula-tree.h"
#include "banned.h"

#define AGE_MAX 150
#define CAPTIVITY_MAX_YEARS 100
#define SHOWN_MAX 40 /* bytes of a word quoted in a message */

/* ---- the selector vocabulary ------------------------------------------------------ */

const struct sel_field formula_sel_fields[SEL__MAX] = {
        [SEL_SIDE] = {"side", "side", SEL_ENUM, -1},
        [SEL_KIND] = {"kind", "kind", SEL_ENUM, -1},
        [SEL_SEX] = {"sex", "sex", SEL_ENUM, -1},
        [SEL_HEALTH] = {"health", "health", SEL_ENUM, -1},
        [SEL_STATUS] = {"status", "status", SEL_ENUM, -1},
        [SEL_CONSENT] = {"consent", "consent", SEL_ENUM, PL_FORMULA_GIVE},
        [SEL_UNIT] = {"unit", "unit", SEL_HAS, -1},
        [SEL_TAGS] = {"tags", "tags", SEL_HAS, -1},
        [SEL_CITIZENSHIP] = {"citizenship", "citizenship", SEL_HAS, -1},
        [SEL_REFS] = {"ref", "ref", SEL_REF, -1},
        [SEL_AGE_ID] = {"age", "birth_date", SEL_AGE, -1},
        [SEL_CAPTIVITY_ID] = {"captivity", "capture_date", SEL_CAPTIVITY, PL_FORMULA_RECEIVE},
        [SEL_SENTENCED_ID] = {"sentenced", "sentence", SEL_SENTENCED, -1},
};

const char *const formula_side_words[PL_FORMULA_SIDE__MAX] = {
        [PL_FORMULA_RECEIVE] = "receive",
        [PL_FORMULA_GIVE] = "give",
};
const char *const formula_side_tokens[PL_FORMULA_SIDE__MAX] = {
        [PL_FORMULA_RECEIVE] = "captive",
        [PL_FORMULA_GIVE] = "detainee",
};
const char *const formula_bound_words[PL_TERM__MAX] = {
        [PL_TERM_TOTAL] = "",
        [PL_TERM_EXACTLY] = "exactly",
        [PL_TERM_AT_LEAST] = "at least",
        [PL_TERM_AT_MOST] = "at most",
        [PL_TERM_NAMED] = "",
};

static const char *const cmp_words[] = {
        [CMP_EQ] = "=", [CMP_LT] = "<",  [CMP_LE] = "<=",
        [CMP_GT] = ">", [CMP_GE] = ">=", [CMP_BETWEEN] = "between",
};

static void node_free(struct node *n)
{
	if (!n)
		return;
	if (n->kind == NODE_PRED) {
		for (size_t i = 0; i < n->n; i++)
			pl_free(n->vals[i]);
		pl_free(n->vals);
	} else {
		for (size_t i = 0; i < n->n; i++)
			node_free(n->kids[i]);
		pl_free(n->kids);
	}
	pl_free(n);
}

void pl_formula_free(struct pl_formula *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		node_free(f->terms[i].sel);
		pl_free(f->terms[i].text);
		pl_free(f->terms[i].ref);
		pl_free(f->terms[i].selector);
	}
	pl_free(f->terms);
	pl_free(f);
}

/* ---- words -------------------------------------------------------------------------- */

enum tok {
	TOK_END,
	TOK_WORD,
	TOK_STRING, /* "..." : s and len are inside the quotes */
	TOK_SEMI,
	TOK_COMMA,
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_EQ,
	TOK_NE,
	TOK_LT,
	TOK_LE,
	TOK_GT,
	TOK_GE,
	TOK_BAD, /* what the lexer cannot read: bad says why */
};

enum bad { BAD_NONE, BAD_CONTROL, BAD_BANG, BAD_QUOTE };

struct token {
	enum tok kind;
	const char *s;
	size_t len;
	size_t at, end; /* byte offsets of its first byte and past its last */
	int line, col;
	enum bad bad;
	int32_t cp; /* BAD_CONTROL: the character */
};

struct lexer {
	const char *text;
	size_t len, pos;
	int line, col;
};

/* Characters a formula may not hold: controls but tab and newline, C1 controls, and
 * bidi controls (they would reverse what is printed after them). */
static int forbidden(int32_t cp)
{
	if (cp < 0x20)
		return cp != '\t' && cp != '\n' && cp != '\r';
	return cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x61c || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The character at lx->pos (the text is valid UTF-8): its code point and length. */
static size_t char_at(const struct lexer *lx, int32_t *cp)
{
	utf8proc_int32_t c = 0;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)lx->text + lx->pos,
	                                      (utf8proc_ssize_t)(lx->len - lx->pos), &c);
	if (k <= 0) { /* cannot happen on validated text; step over the byte */
		*cp = 0xfffd;
		return 1;
	}
	*cp = c;
	return (size_t)k;
}

static void advance(struct lexer *lx, size_t k)
{
	lx->pos += k;
	lx->col++;
}

static int is_punct(char c)
{
	return c == ';' || c == ',' || c == '(' || c == ')' || c == '=' || c == '!' || c == '<' ||
	       c == '>' || c == '"';
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void lex(struct lexer *lx, struct token *t)
{
	int32_t cp;
	size_t k;
	char c;

	while (lx->pos < lx->len && is_space(lx->text[lx->pos])) {
		if (lx->text[lx->pos] == '\n') {
			lx->pos++;
			lx->line++;
			lx->col = 1;
		} else {
			advance(lx, 1);
		}
	}
	memset(t, 0, sizeof(*t));
	t->at = lx->pos;
	t->line = lx->line;
	t->col = lx->col;
	t->s = lx->text + lx->pos;
	if (lx->pos >= lx->len) {
		t->kind = TOK_END;
		t->end = lx->pos;
		return;
	}
	c = lx->text[lx->pos];
	switch (c) {
	case ';':
		t->kind = TOK_SEMI;
		break;
	case ',':
		t->kind = TOK_COMMA;
		break;
	case '(':
		t->kind = TOK_LPAREN;
		break;
	case ')':
		t->kind = TOK_RPAREN;
		break;
	case '=':
		t->kind = TOK_EQ;
		break;
	case '!':
	case '<':
	case '>': {
		int eq = lx->pos + 1 < lx->len && lx->text[lx->pos + 1] == '=';
		if (c == '!' && !eq) {
			t->kind = TOK_BAD;
			t->bad = BAD_BANG;
			t->len = 1;
			t->end = lx->pos + 1;
			return;
		}
		t->kind = c == '!'   ? TOK_NE
		          : c == '<' ? (eq ? TOK_LE : TOK_LT)
		                     : (eq ? TOK_GE : TOK_GT);
		t->len = eq ? 2 : 1;
		advance(lx, 1);
		if (eq)
			advance(lx, 1);
		t->end = lx->pos;
		return;
	}
	case '"':
		advance(lx, 1);
		t->s = lx->text + lx->pos;
		while (lx->pos < lx->len && lx->text[lx->pos] != '"') {
			if (lx->text[lx->pos] == '\n') {
				t->kind = TOK_BAD;
				t->bad = BAD_QUOTE;
				return;
			}
			k = char_at(lx, &cp);
			if (forbidden(cp)) {
				t->kind = TOK_BAD;
				t->bad = BAD_CONTROL;
				t->cp = cp;
				t->line = lx->line;
				t->col = lx->col;
				return;
			}
			advance(lx, k);
		}
		if (lx->pos >= lx->len) {
			t->kind = TOK_BAD;
			t->bad = BAD_QUOTE;
			return;
		}
		t->kind = TOK_STRING;
		t->len = (size_t)(lx->text + lx->pos - t->s);
		advance(lx, 1);
		t->end = lx->pos;
		return;
	default:
		t->kind = TOK_WORD;
		while (lx->pos < lx->len && !is_space(lx->text[lx->pos]) &&
		       !is_punct(lx->text[lx->pos])) {
			k = char_at(lx, &cp);
			if (forbidden(cp)) {
				t->kind = TOK_BAD;
				t->bad = BAD_CONTROL;
				t->cp = cp;
				t->line = lx->line;
				t->col = lx->col;
				return;
			}
			advance(lx, k);
		}
		t->len = (size_t)(lx->text + lx->pos - t->s);
		t->end = lx->pos;
		return;
	}
	t->len = 1;
	advance(lx, 1);
	t->end = lx->pos;
}

/* ---- the parser --------------------------------------------------------------------- */

struct parser {
	struct lexer lx;
	struct token tok;
	size_t last_end; /* past the last token taken */
	struct pl_formula *f;
	struct pl_error *err;
	int failed;
	int depth;
	/* the term being read */
	int side;    /* its side */
	int remains; /* its list is of remains */
	int needs_day;
	int total[PL_FORMULA_SIDE__MAX]; /* each side's total term, or -1 */
	int last_total;                  /* the last total term read, or -1 */
};

static void fail_at(struct parser *p, int line, int col, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static void fail_at(struct parser *p, int line, int col, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	if (p->failed)
		return;
	p->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pl_error_set(p->err, PL_EDATA, "formula:%d:%d: %s", line, col, msg);
}

static void fail_nomem(struct parser *p)
{
	if (p->failed)
		return;
	p->failed = 1;
	pl_error_set(p->err, PL_EDATA, "formula: out of memory");
}

/* What a message shows of t: 'word', "string", ';' or "the end of the formula"; a long
 * word cut at a character's boundary. */
static const char *shown(const struct token *t, char *buf, size_t cap)
{
	size_t n = t->len;
	const char *q = t->kind == TOK_STRING ? "\"" : "'";
	if (t->kind == TOK_END)
		return "the end of the formula";
	if (n > SHOWN_MAX) {
		n = SHOWN_MAX;
		while (n > 0 && ((unsigned char)t->s[n] & 0xc0) == 0x80)
			n--;
	}
	snprintf(buf, cap, "%s%.*s%s%s", q, (int)n, t->s, n < t->len ? "..." : "", q);
	return buf;
}

static void fail_tok(struct parser *p, const struct token *t, const char *expected)
{
	char buf[64];
	fail_at(p, t->line, t->col, "expected %s, found %s", expected, shown(t, buf, sizeof(buf)));
}

/* Takes the current token and reads the next; a word the lexer could not read fails. */
static void next(struct parser *p)
{
	p->last_end = p->tok.end;
	lex(&p->lx, &p->tok);
	if (p->tok.kind != TOK_BAD || p->failed)
		return;
	switch (p->tok.bad) {
	case BAD_CONTROL:
		fail_at(p, p->tok.line, p->tok.col,
		        "a control character (U+%04X) is no part of a formula",
		        (unsigned)p->tok.cp);
		break;
	case BAD_BANG:
		fail_at(p, p->tok.line, p->tok.col, "'!' is only part of '!='");
		break;
	case BAD_QUOTE:
		fail_at(p, p->tok.line, p->tok.col,
		        "a quotation mark not closed on its line (write \"words\")");
		break;
	default:
		fail_at(p, p->tok.line, p->tok.col, "cannot read this");
		break;
	}
}

/* The token after the current one, without taking either. */
static void peek(const struct parser *p, struct token *t)
{
	struct lexer lx = p->lx;
	lex(&lx, t);
}

static int word_is(const struct token *t, const char *w)
{
	size_t n = strlen(w);
	return t->kind == TOK_WORD && t->len == n && !strncasecmp(t->s, w, n);
}

static int digits_only(const struct token *t)
{
	if (t->kind != TOK_WORD || !t->len)
		return 0;
	for (size_t i = 0; i < t->len; i++)
		if (!isdigit((unsigned char)t->s[i]))
			return 0;
	return 1;
}

/* A word shaped like a reference: a letter, '-', digits. */
static int ref_shaped(const struct token *t)
{
	if (t->kind != TOK_WORD || t->len < 3 || !isalpha((unsigned char)t->s[0]) || t->s[1] != '-')
		return 0;
	for (size_t i = 2; i < t->len; i++)
		if (!isdigit((unsigned char)t->s[i]))
			return 0;
	return 1;
}

/* A number of digits at most max into *out; what it is, for messages. */
static int take_number(struct parser *p, long max, const char *what, long *out)
{
	const struct token *t = &p->tok;
	char buf[64];
	long v = 0;
	if (!digits_only(t)) {
		fail_tok(p, t, what);
		return -1;
	}
	for (size_t i = 0; i < t->len; i++) {
		v = v * 10 + (t->s[i] - '0');
		if (v > max) {
			fail_at(p, t->line, t->col, "%s is at most %ld, not %s", what, max,
			        shown(t, buf, sizeof(buf)));
			return -1;
		}
	}
	*out = v;
	next(p);
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int num(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* A whole day: YYYY-MM-DD or DD.MM.YYYY, 1900 to 2100. */
int formula_day_parse(const char *s, size_t n, struct ymd *out)
{
	struct ymd d;
	if (n == 10 && s[4] == '-' && s[7] == '-') {
		if (num(s, 4, &d.y) || num(s + 5, 2, &d.m) || num(s + 8, 2, &d.d))
			return -1;
	} else if (n == 10 && s[2] == '.' && s[5] == '.') {
		if (num(s, 2, &d.d) || num(s + 3, 2, &d.m) || num(s + 6, 4, &d.y))
			return -1;
	} else {
		return -1;
	}
	if (d.y < 1900 || d.y > 2100 || d.m < 1 || d.m > 12 || d.d < 1 ||
	    d.d > days_in_month(d.y, d.m))
		return -1;
	*out = d;
	return 0;
}

/* A registry date, YYYY, YYYY-MM or YYYY-MM-DD, as its first and last possible day. */
int formula_range_parse(const char *s, struct ymd *lo, struct ymd *hi)
{
	size_t n = strlen(s);
	struct ymd a = {0, 1, 1}, b = {0, 12, 31};
	if (n != 4 && n != 7 && n != 10)
		return -1;
	if (num(s, 4, &a.y) || a.y < 1 || a.y > 9999)
		return -1;
	b.y = a.y;
	if (n >= 7) {
		if (s[4] != '-' || num(s + 5, 2, &a.m) || a.m < 1 || a.m > 12)
			return -1;
		b.m = a.m;
		b.d = days_in_month(a.y, a.m);
	}
	if (n == 10) {
		if (s[7] != '-' || num(s + 8, 2, &a.d) || a.d < 1 || a.d > days_in_month(a.y, a.m))
			return -1;
		b.d = a.d;
	}
	*lo = a;
	*hi = b;
	return 0;
}

static int take_day(struct parser *p, struct ymd *out)
{
	const struct token *t = &p->tok;
	char buf[64];
	if (t->kind != TOK_WORD || formula_day_parse(t->s, t->len, out)) {
		if (t->kind == TOK_WORD && t->len == 10 && (t->s[4] == '-' || t->s[2] == '.'))
			fail_at(p, t->line, t->col,
			        "%s is no day between 1900-01-01 and 2100-12-31",
			        shown(t, buf, sizeof(buf)));
		else
			fail_tok(p, t, "a day (YYYY-MM-DD or DD.MM.YYYY) after 'at'");
		return -1;
	}
	next(p);
	return 0;
}

/* Folds s[0..n) as pl_fold() does in SQL (NFKC, case folded) into out; -1 when it does
 * not fit. No allocation: evaluation calls it for every person. */
int formula_fold(const char *s, size_t n, char *out, size_t cap)
{
	utf8proc_int32_t buf[FOLD_MAX + 1];
	const utf8proc_option_t opt =
	        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_COMPAT;
	utf8proc_ssize_t k = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
	                                        buf, FOLD_MAX, opt);
	if (k < 0 || k > FOLD_MAX)
		return -1;
	k = utf8proc_reencode(buf, k, opt);
	if (k < 0 || (size_t)k >= cap)
		return -1;
	memcpy(out, buf, (size_t)k);
	out[k] = '\0';
	return 0;
}

static struct node *node_new(struct parser *p, enum node_kind kind)
{
	struct node *n = pl_calloc(1, sizeof(*n));
	if (!n)
		fail_nomem(p);
	else
		n->kind = kind;
	return n;
}

static int node_add_val(struct parser *p, struct node *n, size_t at, char *v)
{
	char **vals;
	if (!v) {
		fail_nomem(p);
		return -1;
	}
	vals = pl_realloc(n->vals, (n->n + 1) * sizeof(*vals));
	if (!vals) {
		pl_free(v);
		fail_nomem(p);
		return -1;
	}
	n->vals = vals;
	memmove(vals + at + 1, vals + at, (n->n - at) * sizeof(*vals));
	vals[at] = v;
	n->n++;
	return 0;
}

/* Adds kid to an and/or node, taking in the kids of a kid of the same kind. */
static int node_add_kid(struct parser *p, struct node *n, struct node *kid)
{
	size_t add = kid->kind == n->kind ? kid->n : 1;
	struct node **kids = pl_realloc(n->kids, (n->n + add) * sizeof(*kids));
	if (!kids) {
		node_free(kid);
		fail_nomem(p);
		return -1;
	}
	n->kids = kids;
	if (kid->kind == n->kind) {
		memcpy(kids + n->n, kid->kids, kid->n * sizeof(*kids));
		n->n += kid->n;
		pl_free(kid->kids);
		pl_free(kid);
	} else {
		kids[n->n++] = kid;
	}
	return 0;
}

static struct node *parse_or(struct parser *p);

static const char *field_names(void)
{
	return "side, kind, sex, health, status, consent, unit, tags, citizenship, ref, age, "
	       "captivity, sentenced";
}

/* The tokens of an enumeration field that a formula may name: all but "unknown". */
static void tokens_allowed(const char *const *tokens, char *out, size_t cap)
{
	size_t len = 0;
	out[0] = '\0';
	for (; *tokens; tokens++) {
		int k;
		if (!strcmp(*tokens, "unknown"))
			continue;
		k = snprintf(out + len, cap - len, "%s%s", len ? ", " : "", *tokens);
		if (k < 0 || (size_t)k >= cap - len)
			break;
		len += (size_t)k;
	}
}

/* A reference of the term's side as REF (U-000042 for "u-42"); NULL after a failure. */
static char *take_ref(struct parser *p)
{
	const struct token *t = &p->tok;
	char buf[64], ref[24];
	char letter;
	long v = 0;
	size_t i = 2;
	char *r;

	if (!ref_shaped(t) ||
	    (toupper((unsigned char)t->s[0]) != 'U' && toupper((unsigned char)t->s[0]) != 'R')) {
		fail_tok(p, t, "a reference (U-000123 or R-000045)");
		return NULL;
	}
	letter = (char)toupper((unsigned char)t->s[0]);
	for (; i < t->len; i++) {
		v = v * 10 + (t->s[i] - '0');
		if (v > 999999999999L) {
			fail_at(p, t->line, t->col, "%s is no reference: its number is too long",
			        shown(t, buf, sizeof(buf)));
			return NULL;
		}
	}
	if (v == 0) {
		fail_at(p, t->line, t->col, "%s is no reference: they start at 1",
		        shown(t, buf, sizeof(buf)));
		return NULL;
	}
	if ((letter == 'U') != (p->side == PL_FORMULA_RECEIVE)) {
		fail_at(p, t->line, t->col, "%s is a %s: a '%s' term's persons are %s (%s-...)",
		        shown(t, buf, sizeof(buf)), letter == 'U' ? "captive" : "detainee",
		        formula_side_words[p->side],
		        p->side == PL_FORMULA_RECEIVE ? "captives" : "detainees",
		        p->side == PL_FORMULA_RECEIVE ? "U" : "R");
		return NULL;
	}
	snprintf(ref, sizeof(ref), "%c-%06ld", letter, v);
	if (!(r = pl_strdup(ref)))
		fail_nomem(p);
	next(p);
	return r;
}

/* A value of an enumeration field into n, in the field's order; no value twice. */
static int take_token(struct parser *p, struct node *n)
{
	const struct sel_field *sf = &formula_sel_fields[n->sel];
	const struct pl_field *fd = &pl_entity(PL_ENT_PERSON)->fields[n->fi];
	const struct token *t = &p->tok;
	char buf[64], list[256];
	int idx = -1;
	size_t at;

	if (t->kind == TOK_WORD)
		for (int i = 0; fd->tokens[i]; i++)
			if (strlen(fd->tokens[i]) == t->len &&
			    !strncasecmp(fd->tokens[i], t->s, t->len))
				idx = i;
	tokens_allowed(fd->tokens, list, sizeof(list));
	if (t->kind != TOK_WORD) {
		char what[300];
		snprintf(what, sizeof(what), "a value of %s (%s)", sf->name, list);
		fail_tok(p, t, what);
		return -1;
	}
	if (idx < 0) {
		fail_at(p, t->line, t->col, "%s: %s is not one of %s", sf->name,
		        shown(t, buf, sizeof(buf)), list);
		return -1;
	}
	if (!strcmp(fd->tokens[idx], "unknown")) {
		fail_at(p, t->line, t->col,
		        "%s: 'unknown' selects no one: a person whose %s is not known is reported "
		        "as unknown",
		        sf->name, sf->name);
		return -1;
	}
	if (n->sel == SEL_STATUS) {
		const char *const *own =
		        p->side == PL_FORMULA_RECEIVE ? pl_captive_statuses : pl_detainee_statuses;
		if (!pl_token_in(fd->tokens[idx], own)) {
			tokens_allowed(own, list, sizeof(list));
			fail_at(p, t->line, t->col, "status: '%s' is no status of a %s (%s)",
			        fd->tokens[idx], formula_side_tokens[p->side], list);
			return -1;
		}
	}
	if (n->sel == SEL_SIDE && strcmp(fd->tokens[idx], formula_side_tokens[p->side])) {
		fail_at(p, t->line, t->col,
		        "side: a '%s' term's persons are %ss: '%s' selects no one",
		        formula_side_words[p->side], formula_side_tokens[p->side], fd->tokens[idx]);
		return -1;
	}
	for (at = 0; at < n->n; at++) {
		int k = 0;
		while (strcmp(fd->tokens[k], n->vals[at]))
			k++;
		if (k == idx) {
			fail_at(p, t->line, t->col, "%s: '%s' is listed twice", sf->name,
			        fd->tokens[idx]);
			return -1;
		}
		if (k > idx)
			break;
	}
	if (node_add_val(p, n, at, pl_strdup(fd->tokens[idx])))
		return -1;
	next(p);
	return 0;
}

static int ref_cmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	return la != lb ? (la < lb ? -1 : 1) : strcmp(a, b);
}

static int take_ref_into(struct parser *p, struct node *n)
{
	int line = p->tok.line, col = p->tok.col;
	char *r = take_ref(p);
	size_t at = 0;
	if (!r)
		return -1;
	while (at < n->n && ref_cmp(n->vals[at], r) < 0)
		at++;
	if (at < n->n && !ref_cmp(n->vals[at], r)) {
		fail_at(p, line, col, "ref: %s is listed twice", r);
		pl_free(r);
		return -1;
	}
	return node_add_val(p, n, at, r);
}

/* "= V", "!= V" or "in (V, ...)" after an enumeration field or ref; != makes a not. */
static struct node *parse_values(struct parser *p, struct node *n)
{
	int (*take)(struct parser *, struct node *) =
	        n->sel == SEL_REFS ? take_ref_into : take_token;
	const char *name = formula_sel_fields[n->sel].name;
	char what[64];

	if (p->tok.kind == TOK_EQ || p->tok.kind == TOK_NE) {
		int neg = p->tok.kind == TOK_NE;
		next(p);
		if (p->failed || take(p, n))
			goto fail;
		if (neg) {
			struct node *no = node_new(p, NODE_NOT);
			if (!no || !(no->kids = pl_malloc(sizeof(*no->kids)))) {
				pl_free(no);
				fail_nomem(p);
				goto fail;
			}
			no->kids[0] = n;
			no->n = 1;
			return no;
		}
		return n;
	}
	if (word_is(&p->tok, "in")) {
		next(p);
		if (p->tok.kind != TOK_LPAREN) {
			snprintf(what, sizeof(what), "'(' after '%s in'", name);
			fail_tok(p, &p->tok, what);
			goto fail;
		}
		next(p);
		for (;;) {
			if (p->failed || take(p, n))
				goto fail;
			if (p->tok.kind == TOK_RPAREN)
				break;
			if (p->tok.kind != TOK_COMMA) {
				fail_tok(p, &p->tok, "',' or ')'");
				goto fail;
			}
			next(p);
		}
		next(p);
		return n;
	}
	if (word_is(&p->tok, "has") && n->sel != SEL_REFS) {
		fail_at(p, p->tok.line, p->tok.col, "%s takes '=', '!=' or 'in', not 'has'", name);
		goto fail;
	}
	snprintf(what, sizeof(what), "'=', '!=' or 'in' after %s", name);
	fail_tok(p, &p->tok, what);
fail:
	node_free(n);
	return NULL;
}

/* "has VALUE" after unit, tags or citizenship. */
static struct node *parse_has(struct parser *p, struct node *n)
{
	const char *name = formula_sel_fields[n->sel].name;
	struct token t;
	char buf[64], what[64], v[HAS_MAX * 4 + 8];
	size_t k = 0;

	if (!word_is(&p->tok, "has")) {
		if (p->tok.kind == TOK_EQ || p->tok.kind == TOK_NE || word_is(&p->tok, "in"))
			fail_at(p, p->tok.line, p->tok.col, "write '%s has %s'", name,
			        n->sel == SEL_UNIT   ? "WORDS"
			        : n->sel == SEL_TAGS ? "TAG"
			                             : "CODE");
		else {
			snprintf(what, sizeof(what), "'has' after %s", name);
			fail_tok(p, &p->tok, what);
		}
		goto fail;
	}
	next(p);
	t = p->tok;
	if (p->failed)
		goto fail;
	if (n->sel == SEL_UNIT) {
		/* words of the unit: a word or "words", folded as person list --unit does */
		char folded[HAS_MAX * 4 + 8];
		const char *q;
		if (t.kind != TOK_WORD && t.kind != TOK_STRING) {
			fail_tok(p, &t, "words of the unit (a word, or \"words\")");
			goto fail;
		}
		if (t.len > HAS_MAX) {
			fail_at(p, t.line, t.col, "unit: %s is longer than %d bytes, as no unit is",
			        shown(&t, buf, sizeof(buf)), HAS_MAX);
			goto fail;
		}
		if (formula_fold(t.s, t.len, folded, sizeof(folded))) {
			fail_at(p, t.line, t.col, "unit: %s is too long to compare",
			        shown(&t, buf, sizeof(buf)));
			goto fail;
		}
		for (q = folded; *q;) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t c = utf8proc_iterate((const utf8proc_uint8_t *)q, -1, &cp);
			if (c <= 0 || cp == '"' || forbidden(cp)) {
				fail_at(p, t.line, t.col,
				        "unit: %s holds a quotation mark or a control character",
				        shown(&t, buf, sizeof(buf)));
				goto fail;
			}
			q += c;
		}
		/* one space between words; ',' and tabs part words, as in person list */
		for (q = folded; *q;) {
			size_t w = strcspn(q, " \t,");
			if (w) {
				if (k)
					v[k++] = ' ';
				memcpy(v + k, q, w);
				k += w;
			}
			q += w;
			if (*q)
				q++;
		}
		v[k] = '\0';
		if (!k) {
			fail_at(p, t.line, t.col, "unit: %s holds no word to look for",
			        shown(&t, buf, sizeof(buf)));
			goto fail;
		}
	} else if (n->sel == SEL_TAGS) {
		if (t.kind != TOK_WORD || t.len >= 64) {
			fail_tok(p, &t, "a role tag (medic, chaplain, musician, journalist, ...)");
			goto fail;
		}
		for (size_t i = 0; i < t.len; i++) {
			unsigned char c = (unsigned char)t.s[i];
			if (!isalnum(c) && c != '_' && c != '-') {
				fail_at(p, t.line, t.col,
				        "tags: %s is no tag (letters, digits and '_')",
				        shown(&t, buf, sizeof(buf)));
				goto fail;
			}
			v[k++] = (char)(c == '-' ? '_' : tolower(c));
		}
		v[k] = '\0';
	} else {
		if (t.kind != TOK_WORD || t.len != 2) {
			fail_tok(p, &t, "a country code (ISO 3166 alpha-2, such as UA)");
			goto fail;
		}
		v[0] = (char)toupper((unsigned char)t.s[0]);
		v[1] = (char)toupper((unsigned char)t.s[1]);
		v[2] = '\0';
		if (!pl_country_valid(v)) {
			fail_at(p, t.line, t.col,
			        "citizenship: %s is not an ISO 3166 alpha-2 country code",
			        shown(&t, buf, sizeof(buf)));
			goto fail;
		}
	}
	if (node_add_val(p, n, 0, pl_strdup(v)))
		goto fail;
	next(p);
	return n;
fail:
	node_free(n);
	return NULL;
}

static int take_cmp(struct parser *p, enum cmp *op)
{
	switch (p->tok.kind) {
	case TOK_EQ:
		*op = CMP_EQ;
		break;
	case TOK_LT:
		*op = CMP_LT;
		break;
	case TOK_LE:
		*op = CMP_LE;
		break;
	case TOK_GT:
		*op = CMP_GT;
		break;
	case TOK_GE:
		*op = CMP_GE;
		break;
	default:
		return -1;
	}
	next(p);
	return 0;
}

static int take_at(struct parser *p, struct node *n)
{
	if (!word_is(&p->tok, "at")) {
		p->needs_day = 1;
		return 0;
	}
	next(p);
	if (p->failed || take_day(p, &n->at))
		return -1;
	n->has_at = 1;
	return 0;
}

static struct node *parse_age(struct parser *p, struct node *n)
{
	int line, col;
	if (word_is(&p->tok, "between")) {
		n->op = CMP_BETWEEN;
		next(p);
		if (p->failed || take_number(p, AGE_MAX, "an age", &n->a))
			goto fail;
		if (!word_is(&p->tok, "and")) {
			fail_tok(p, &p->tok, "'and' in 'age between A and B'");
			goto fail;
		}
		next(p);
		line = p->tok.line;
		col = p->tok.col;
		if (p->failed || take_number(p, AGE_MAX, "an age", &n->b))
			goto fail;
		if (n->b < n->a) {
			fail_at(p, line, col,
			        "age between %ld and %ld selects no one: write the "
			        "lower bound first",
			        n->a, n->b);
			goto fail;
		}
	} else if (take_cmp(p, &n->op)) {
		fail_tok(p, &p->tok, "'between', '=', '<', '<=', '>' or '>=' after age");
		goto fail;
	} else if (p->failed || take_number(p, AGE_MAX, "an age", &n->a)) {
		goto fail;
	}
	if (take_at(p, n))
		goto fail;
	return n;
fail:
	node_free(n);
	return NULL;
}

static struct node *parse_captivity(struct parser *p, struct node *n)
{
	const struct token *t;
	if (take_cmp(p, &n->op)) {
		fail_tok(p, &p->tok, "'=', '<', '<=', '>' or '>=' after captivity");
		goto fail;
	}
	if (p->failed || take_number(p, CAPTIVITY_MAX_YEARS * 12L, "a time in captivity", &n->a))
		goto fail;
	t = &p->tok;
	if (word_is(t, "years") || word_is(t, "year")) {
		n->period = PERIOD_YEARS;
		if (n->a > CAPTIVITY_MAX_YEARS) {
			fail_at(p, t->line, t->col, "captivity is at most %d years, not %ld",
			        CAPTIVITY_MAX_YEARS, n->a);
			goto fail;
		}
	} else if (word_is(t, "months") || word_is(t, "month")) {
		n->period = PERIOD_MONTHS;
	} else {
		fail_tok(p, t, "'years' or 'months'");
		goto fail;
	}
	next(p);
	if (take_at(p, n))
		goto fail;
	return n;
fail:
	node_free(n);
	return NULL;
}

/* The words of the language itself: never a field's name. */
static int keyword(const struct token *t)
{
	static const char *const words[] = {"receive", "give",    "all",     "remains", "where",
	                                    "and",     "or",      "not",     "in",      "has",
	                                    "at",      "between", "exactly", "least",   "most"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (word_is(t, words[i]))
			return 1;
	return 0;
}

static struct node *parse_predicate(struct parser *p)
{
	const struct token t = p->tok;
	const struct pl_entity *ent = pl_entity(PL_ENT_PERSON);
	char buf[64];
	struct node *n;
	int s = -1;

	for (int i = 0; i < SEL__MAX; i++)
		if (word_is(&t, formula_sel_fields[i].name))
			s = i;
	if (s < 0) {
		if (ref_shaped(&t))
			fail_at(p, t.line, t.col,
			        "%s is no condition: write 'ref = %.*s', or name persons after the "
			        "count ('receive 10 and U-000042')",
			        shown(&t, buf, sizeof(buf)), (int)t.len, t.s);
		else if (t.kind == TOK_WORD && !digits_only(&t) && !keyword(&t))
			fail_at(p, t.line, t.col, "%s is no field of a condition (%s)",
			        shown(&t, buf, sizeof(buf)), field_names());
		else
			fail_tok(p, &t,
			         "a condition (a field such as health or age, 'not', or '(')");
		return NULL;
	}
	if (formula_sel_fields[s].only_side >= 0 && formula_sel_fields[s].only_side != p->side) {
		fail_at(p, t.line, t.col, "%s is recorded for %s only: write it under '%s'",
		        formula_sel_fields[s].name,
		        formula_sel_fields[s].only_side == PL_FORMULA_RECEIVE ? "captives"
		                                                              : "detainees",
		        formula_side_words[formula_sel_fields[s].only_side]);
		return NULL;
	}
	if (s == SEL_HEALTH && p->remains) {
		fail_at(p, t.line, t.col, "health: remains have no health category");
		return NULL;
	}
	if (!(n = node_new(p, NODE_PRED)))
		return NULL;
	n->sel = (enum sel_id)s;
	n->fi = pl_field_index(ent, formula_sel_fields[s].field);
	next(p);
	if (p->failed) {
		node_free(n);
		return NULL;
	}
	switch (formula_sel_fields[s].type) {
	case SEL_ENUM:
	case SEL_REF:
		return parse_values(p, n);
	case SEL_HAS:
		return parse_has(p, n);
	case SEL_AGE:
		return parse_age(p, n);
	case SEL_CAPTIVITY:
		return parse_captivity(p, n);
	case SEL_SENTENCED:
		return n;
	}
	node_free(n);
	return NULL;
}

static int deeper(struct parser *p, const struct token *t)
{
	if (++p->depth > PL_FORMULA_MAX_DEPTH) {
		fail_at(p, t->line, t->col, "nested deeper than %d", PL_FORMULA_MAX_DEPTH);
		return -1;
	}
	return 0;
}

static struct node *parse_not(struct parser *p)
{
	struct token t = p->tok;
	struct node *n, *kid;
	if (word_is(&t, "not")) {
		if (deeper(p, &t))
			return NULL;
		next(p);
		if (p->failed || !(kid = parse_not(p)))
			return NULL;
		p->depth--;
		if (!(n = node_new(p, NODE_NOT)) || !(n->kids = pl_malloc(sizeof(*n->kids)))) {
			pl_free(n);
			node_free(kid);
			fail_nomem(p);
			return NULL;
		}
		n->kids[0] = kid;
		n->n = 1;
		return n;
	}
	if (t.kind == TOK_LPAREN) {
		if (deeper(p, &t))
			return NULL;
		next(p);
		if (p->failed || !(n = parse_or(p)))
			return NULL;
		if (p->tok.kind != TOK_RPAREN) {
			fail_tok(p, &p->tok, "'and', 'or' or ')'");
			node_free(n);
			return NULL;
		}
		next(p);
		p->depth--;
		return n;
	}
	return parse_predicate(p);
}

/* An and-chain; an "and" before a reference ends it (the total's named persons). */
static struct node *parse_and(struct parser *p)
{
	struct node *first = parse_not(p), *n;
	struct token after;
	if (!first)
		return NULL;
	if (!word_is(&p->tok, "and"))
		return first;
	peek(p, &after);
	if (ref_shaped(&after) && p->depth == 0)
		return first;
	if (!(n = node_new(p, NODE_AND)) || node_add_kid(p, n, first)) {
		if (!n)
			node_free(first);
		node_free(n);
		return NULL;
	}
	while (word_is(&p->tok, "and")) {
		struct node *kid;
		peek(p, &after);
		if (ref_shaped(&after) && p->depth == 0)
			break;
		next(p);
		if (p->failed || !(kid = parse_not(p)) || node_add_kid(p, n, kid)) {
			node_free(n);
			return NULL;
		}
	}
	return n;
}

static struct node *parse_or(struct parser *p)
{
	struct node *first = parse_and(p), *n;
	if (!first)
		return NULL;
	if (!word_is(&p->tok, "or"))
		return first;
	if (!(n = node_new(p, NODE_OR)) || node_add_kid(p, n, first)) {
		if (!n)
			node_free(first);
		node_free(n);
		return NULL;
	}
	while (word_is(&p->tok, "or")) {
		struct node *kid;
		next(p);
		if (p->failed || !(kid = parse_and(p)) || node_add_kid(p, n, kid)) {
			node_free(n);
			return NULL;
		}
	}
	return n;
}

/* ---- canonical text ------------------------------------------------------------------ */

int formula_prec(const struct node *n)
{
	return n->kind == NODE_OR ? 1 : n->kind == NODE_AND ? 2 : n->kind == NODE_NOT ? 3 : 4;
}

/* A "has" value of the unit is written bare when it reads back as one word. */
static int bare_word(const char *v)
{
	if (!*v)
		return 0;
	for (; *v; v++)
		if (is_space(*v) || is_punct(*v))
			return 0;
	return 1;
}

void formula_format_day(struct strbuf *sb, const struct ymd *d)
{
	strbuf_addf(sb, "%04d-%02d-%02d", d->y % 10000, d->m % 100, d->d % 100);
}

static void format_pred(struct strbuf *sb, const struct node *n, int negated)
{
	const char *name = formula_sel_fields[n->sel].name;
	switch (formula_sel_fields[n->sel].type) {
	case SEL_ENUM:
	case SEL_REF:
		if (n->n == 1) {
			strbuf_addf(sb, "%s %s %s", name, negated ? "!=" : "=", n->vals[0]);
			break;
		}
		strbuf_addf(sb, "%s in (", name);
		for (size_t i = 0; i < n->n; i++)
			strbuf_addf(sb, "%s%s", i ? ", " : "", n->vals[i]);
		strbuf_addch(sb, ')');
		break;
	case SEL_HAS:
		if (n->sel != SEL_UNIT || bare_word(n->vals[0]))
			strbuf_addf(sb, "%s has %s", name, n->vals[0]);
		else
			strbuf_addf(sb, "%s has \"%s\"", name, n->vals[0]);
		break;
	case SEL_AGE:
	case SEL_CAPTIVITY:
		if (n->op == CMP_BETWEEN)
			strbuf_addf(sb, "%s between %ld and %ld", name, n->a, n->b);
		else
			strbuf_addf(sb, "%s %s %ld", name, cmp_words[n->op], n->a);
		if (n->sel == SEL_CAPTIVITY_ID)
			strbuf_addf(sb, " %s%s", n->period == PERIOD_YEARS ? "year" : "month",
			            n->a == 1 ? "" : "s");
		if (n->has_at) {
			strbuf_adds(sb, " at ");
			formula_format_day(sb, &n->at);
		}
		break;
	case SEL_SENTENCED:
		strbuf_adds(sb, name);
		break;
	}
}

/* A not of "F = V" is written "F != V". */
int formula_written_ne(const struct node *n)
{
	const struct node *k = n->kids[0];
	return k->kind == NODE_PRED && k->n == 1 &&
	       (formula_sel_fields[k->sel].type == SEL_ENUM ||
	        formula_sel_fields[k->sel].type == SEL_REF);
}

static void format_node(struct strbuf *sb, const struct node *n, int need)
{
	if (formula_prec(n) < need) {
		strbuf_addch(sb, '(');
		format_node(sb, n, 0);
		strbuf_addch(sb, ')');
		return;
	}
	switch (n->kind) {
	case NODE_OR:
	case NODE_AND:
		for (size_t i = 0; i < n->n; i++) {
			if (i)
				strbuf_adds(sb, n->kind == NODE_OR ? " or " : " and ");
			format_node(sb, n->kids[i], n->kind == NODE_OR ? 2 : 3);
		}
		break;
	case NODE_NOT:
		if (formula_written_ne(n)) {
			format_pred(sb, n->kids[0], 1);
		} else {
			strbuf_adds(sb, "not ");
			format_node(sb, n->kids[0], 3);
		}
		break;
	case NODE_PRED:
		format_pred(sb, n, 0);
		break;
	}
}

static void format_term(struct strbuf *sb, const struct pl_formula *f, size_t i)
{
	const struct term *t = &f->terms[i];
	if (t->pub.kind == PL_TERM_TOTAL) {
		strbuf_adds(sb, formula_side_words[t->pub.side]);
		if (t->pub.count < 0)
			strbuf_adds(sb, " all");
		else
			strbuf_addf(sb, " %ld", t->pub.count);
		if (t->pub.remains)
			strbuf_adds(sb, " remains");
	} else {
		strbuf_addf(sb, "%s %ld", formula_bound_words[t->pub.kind], t->pub.count);
	}
	if (t->sel) {
		strbuf_adds(sb, " where ");
		format_node(sb, t->sel, 0);
	}
	for (int k = 0; t->pub.kind == PL_TERM_TOTAL && k < t->nnamed; k++)
		strbuf_addf(sb, "%s%s", k ? ", " : " and ", f->terms[i + 1 + (size_t)k].ref);
}

int pl_formula_format(const struct pl_formula *f, struct strbuf *out)
{
	int first = 1;
	if (!f || !out)
		return PL_EUSAGE;
	for (size_t i = 0; i < f->n; i++) {
		if (f->terms[i].pub.kind == PL_TERM_NAMED)
			continue;
		if (!first)
			strbuf_adds(out, "; ");
		first = 0;
		format_term(out, f, i);
	}
	return out->failed ? PL_EDATA : 0;
}

/* ---- terms ----------------------------------------------------------------------------- */

static struct term *term_new(struct parser *p, const struct token *start)
{
	struct pl_formula *f = p->f;
	struct term *t;
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;
		struct term *terms = pl_realloc(f->terms, cap * sizeof(*terms));
		if (!terms) {
			fail_nomem(p);
			return NULL;
		}
		f->terms = terms;
		f->cap = cap;
	}
	t = &f->terms[f->n++];
	memset(t, 0, sizeof(*t));
	t->pub.side = (enum pl_formula_side)p->side;
	t->pub.remains = p->remains;
	t->pub.line = start->line;
	t->pub.column = start->col;
	return t;
}

/* The term's own text (from start to the last token taken) and its canonical selector. */
static int term_finish(struct parser *p, struct term *t, size_t from)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = p->last_end > from ? p->last_end - from : 0;
	if (!(t->text = pl_strndup(p->lx.text + from, n)))
		goto nomem;
	t->pub.text = t->text;
	if (t->sel) {
		format_node(&sb, t->sel, 0);
		if (sb.failed || !(t->selector = strbuf_detach(&sb)))
			goto nomem;
	} else if (t->ref) {
		strbuf_addf(&sb, "ref = %s", t->ref);
		if (sb.failed || !(t->selector = strbuf_detach(&sb)))
			goto nomem;
	}
	t->pub.selector = t->selector;
	t->pub.has_selector = t->selector != NULL;
	t->needs_day = p->needs_day;
	return 0;
nomem:
	strbuf_release(&sb);
	fail_nomem(p);
	return -1;
}

/* "where SELECTOR", when there is one, into the term at index ti. */
static int parse_where(struct parser *p, size_t ti)
{
	struct node *sel;
	if (!word_is(&p->tok, "where"))
		return 0;
	next(p);
	p->depth = 0;
	if (p->failed || !(sel = parse_or(p)))
		return -1;
	p->f->terms[ti].sel = sel;
	return 0;
}

static int parse_named(struct parser *p, size_t total)
{
	for (;;) {
		struct token start;
		struct term *t;
		char *r;
		next(p); /* "and" or "," */
		start = p->tok;
		if (p->failed || !(r = take_ref(p)))
			return -1;
		for (size_t i = total + 1; i < p->f->n; i++) {
			if (!strcmp(p->f->terms[i].ref, r)) {
				fail_at(p, start.line, start.col, "%s is named twice", r);
				pl_free(r);
				return -1;
			}
		}
		if (!(t = term_new(p, &start))) {
			pl_free(r);
			return -1;
		}
		t->pub.kind = PL_TERM_NAMED;
		t->pub.count = 1;
		t->ref = r;
		t->pub.ref = r;
		p->needs_day = 0;
		if (term_finish(p, t, start.at))
			return -1;
		p->f->terms[total].nnamed++;
		if (p->tok.kind != TOK_COMMA && !word_is(&p->tok, "and"))
			return 0;
	}
}

static int expect_end_of_term(struct parser *p, const char *expected)
{
	if (p->failed)
		return -1;
	if (p->tok.kind == TOK_SEMI || p->tok.kind == TOK_END)
		return 0;
	fail_tok(p, &p->tok, expected);
	return -1;
}

static int parse_total(struct parser *p)
{
	const struct token start = p->tok;
	int side = word_is(&start, "receive") ? PL_FORMULA_RECEIVE : PL_FORMULA_GIVE;
	size_t ti;
	struct term *t;
	long count = -1;

	if (p->total[side] >= 0) {
		fail_at(p, start.line, start.col,
		        "a second '%s' term: a side is one list (constrain it with 'exactly', 'at "
		        "least' or 'at most')",
		        formula_side_words[side]);
		return -1;
	}
	next(p);
	if (p->failed)
		return -1;
	if (word_is(&p->tok, "all")) {
		next(p);
	} else if (!digits_only(&p->tok)) {
		fail_tok(p, &p->tok, "a count or 'all'");
		return -1;
	} else if (take_number(p, PL_FORMULA_MAX_COUNT, "a count", &count)) {
		return -1;
	}
	p->side = side;
	p->remains = 0;
	p->needs_day = 0;
	if (word_is(&p->tok, "remains")) {
		p->remains = 1;
		next(p);
	}
	if (p->failed || !(t = term_new(p, &start)))
		return -1;
	ti = p->f->n - 1;
	t->pub.kind = PL_TERM_TOTAL;
	t->pub.count = count;
	p->total[side] = (int)ti;
	p->last_total = (int)ti;
	if (parse_where(p, ti) || term_finish(p, &p->f->terms[ti], start.at))
		return -1;
	if (word_is(&p->tok, "and")) {
		struct token after;
		peek(p, &after);
		if (!ref_shaped(&after)) {
			next(p);
			fail_tok(p, &p->tok, "a reference (U-000123 or R-000045) after 'and'");
			return -1;
		}
		if (parse_named(p, ti))
			return -1;
		return expect_end_of_term(p, "',', ';' or the end of the formula");
	}
	if (p->f->terms[ti].sel)
		return expect_end_of_term(p, "'and', 'or', ';' or the end of the formula");
	return expect_end_of_term(p, p->remains ? "'where', 'and', ';' or the end of the formula"
	                                        : "'remains', 'where', 'and', ';' or the end of "
	                                          "the formula");
}

static int parse_constraint(struct parser *p)
{
	const struct token start = p->tok;
	enum pl_term_kind kind = PL_TERM_EXACTLY;
	const struct term *total;
	struct token at;
	struct term *t;
	size_t ti;
	long count;

	if (word_is(&start, "at")) {
		next(p);
		if (word_is(&p->tok, "least"))
			kind = PL_TERM_AT_LEAST;
		else if (word_is(&p->tok, "most"))
			kind = PL_TERM_AT_MOST;
		else {
			fail_tok(p, &p->tok, "'least' or 'most' after 'at'");
			return -1;
		}
	}
	if (p->last_total < 0) {
		fail_at(p, start.line, start.col,
		        "'%s' constrains a side's list: write 'receive N' or 'give N' before it",
		        formula_bound_words[kind]);
		return -1;
	}
	next(p);
	at = p->tok;
	if (word_is(&at, "all")) {
		fail_at(p, at.line, at.col, "'%s' takes a count, not 'all'",
		        formula_bound_words[kind]);
		return -1;
	}
	if (p->failed || take_number(p, PL_FORMULA_MAX_COUNT, "a count", &count))
		return -1;
	total = &p->f->terms[p->last_total];
	if (kind != PL_TERM_AT_MOST && total->pub.count >= 0 &&
	    count > total->pub.count + total->nnamed) {
		fail_at(p, at.line, at.col, "%s %ld of a list of %ld can never hold",
		        formula_bound_words[kind], count, total->pub.count + total->nnamed);
		return -1;
	}
	p->side = (int)total->pub.side;
	p->remains = total->pub.remains;
	p->needs_day = 0;
	if (!(t = term_new(p, &start)))
		return -1;
	ti = p->f->n - 1;
	t->pub.kind = kind;
	t->pub.count = count;
	if (parse_where(p, ti) || term_finish(p, &p->f->terms[ti], start.at))
		return -1;
	if (word_is(&p->tok, "and")) {
		fail_at(p, p->tok.line, p->tok.col,
		        "a constraint names no one: name persons after the side's count ('%s %s "
		        "and %s-000042')",
		        formula_side_words[p->side], "10",
		        p->side == PL_FORMULA_RECEIVE ? "U" : "R");
		return -1;
	}
	return expect_end_of_term(p, p->f->terms[ti].sel
	                                     ? "'and', 'or', ';' or the end of the formula"
	                                     : "'where', ';' or the end of the formula");
}

static int parse_formula(struct parser *p)
{
	next(p);
	for (;;) {
		const struct token *t = &p->tok;
		int rc;
		if (p->failed)
			return -1;
		if (word_is(t, "receive") || word_is(t, "give"))
			rc = parse_total(p);
		else if (word_is(t, "exactly") || word_is(t, "at"))
			rc = parse_constraint(p);
		else if (p->f->n == 0)
			rc = (fail_tok(p, t, "a term ('receive N' or 'give N')"), -1);
		else
			rc = (fail_tok(p, t,
			               "a term ('receive', 'give', 'exactly', 'at least' or 'at "
			               "most')"),
			      -1);
		if (rc)
			return -1;
		if (p->tok.kind == TOK_END)
			return 0;
		next(p); /* ';' */
		if (p->tok.kind == TOK_END)
			return 0; /* one ';' may end the formula */
	}
}

/* The line and column of byte offset at of text. */
static void position_of(const char *text, size_t at, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < at; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

int pl_formula_parse(const char *text, struct pl_formula **out, struct pl_error *err)
{
	struct parser p;
	struct pl_formula *f;
	struct strbuf sb = STRBUF_INIT;
	size_t len, bad;

	if (!text || !out)
		return pl_error_set(err, PL_EUSAGE, "formula: no text");
	len = strnlen(text, PL_FORMULA_MAX_INPUT + 1);
	if (len > PL_FORMULA_MAX_INPUT)
		return pl_error_set(err, PL_EDATA, "formula:1:1: longer than %d bytes",
		                    PL_FORMULA_MAX_INPUT);
	if (!pl_utf8_valid(text, len, &bad)) {
		int line, col;
		position_of(text, bad, &line, &col);
		return pl_error_set(err, PL_EDATA, "formula:%d:%d: invalid UTF-8", line, col);
	}
	if (!(f = pl_calloc(1, sizeof(*f))))
		return pl_error_set(err, PL_EDATA, "formula: out of memory");
	{
		const struct pl_entity *ent = pl_entity(PL_ENT_PERSON);
		f->fi_side = pl_field_index(ent, "side");
		f->fi_status = pl_field_index(ent, "status");
		f->fi_ref = pl_field_index(ent, "ref");
		f->fi_kind = pl_field_index(ent, "kind");
	}
	memset(&p, 0, sizeof(p));
	p.lx.text = text;
	p.lx.len = len;
	p.lx.line = 1;
	p.lx.col = 1;
	p.f = f;
	p.err = err;
	p.total[PL_FORMULA_RECEIVE] = p.total[PL_FORMULA_GIVE] = -1;
	p.last_total = -1;
	if (parse_formula(&p) || p.failed)
		goto fail;
	/* parse(format(f)) is f: the canonical text must be readable again */
	if (pl_formula_format(f, &sb)) {
		fail_nomem(&p);
		goto fail;
	}
	if (sb.len > PL_FORMULA_MAX_INPUT) {
		pl_error_set(err, PL_EDATA, "formula:1:1: longer than %d bytes once written out",
		             PL_FORMULA_MAX_INPUT);
		goto fail;
	}
	strbuf_release(&sb);
	*out = f;
	return 0;
fail:
	strbuf_release(&sb);
	pl_formula_free(f);
	return PL_EDATA;
}

/* ---- reading terms ----------------------------------------------------------------------- */

size_t pl_formula_nterms(const struct pl_formula *f)
{
	return f ? f->n : 0;
}

void pl_formula_term(const struct pl_formula *f, size_t i, struct pl_formula_term *out)
{
	if (f && i < f->n)
		*out = f->terms[i].pub;
	else
		memset(out, 0, sizeof(*out));
}

int pl_formula_total(const struct pl_formula *f, enum pl_formula_side side)
{
	for (size_t i = 0; f && i < f->n; i++)
		if (f->terms[i].pub.kind == PL_TERM_TOTAL && f->terms[i].pub.side == side)
			return (int)i;
	return -1;
}
