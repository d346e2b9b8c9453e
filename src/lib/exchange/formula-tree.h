/* formula-tree.h - what the formula parser (formula.c) and the evaluation of formulas
 * (formula-eval.c) share: the selector vocabulary, the tree of a selector, the terms */
#ifndef PARLEY_FORMULA_TREE_H
#define PARLEY_FORMULA_TREE_H
#include <stddef.h>

#include "parley/formula.h"
#include "parley/strbuf.h"

#define HAS_MAX 200   /* bytes of a "has" value: the longest unit the registry keeps */
#define FOLD_MAX 4096 /* code points of a folded value: 200 bytes, at most 18 each */

/* ---- the selector vocabulary (docs/formulas.md, "Fields of a condition") ---------- */

enum sel_type {
	SEL_ENUM,      /* FIELD = TOKEN, FIELD != TOKEN, FIELD in (TOKEN, ...) */
	SEL_HAS,       /* FIELD has VALUE: unit (words), tags (a tag), citizenship (a code) */
	SEL_AGE,       /* age OP N, age between A and B [at DATE] */
	SEL_CAPTIVITY, /* captivity OP N years|months [at DATE] */
	SEL_SENTENCED, /* sentenced */
	SEL_REF,       /* ref = REF, ref != REF, ref in (REF, ...) */
};

enum sel_id {
	SEL_SIDE,
	SEL_KIND,
	SEL_SEX,
	SEL_HEALTH,
	SEL_STATUS,
	SEL_CONSENT,
	SEL_UNIT,
	SEL_TAGS,
	SEL_CITIZENSHIP,
	SEL_REFS,
	SEL_AGE_ID,
	SEL_CAPTIVITY_ID,
	SEL_SENTENCED_ID,
	SEL__MAX
};

struct sel_field {
	const char *name;  /* as a formula writes it */
	const char *field; /* the person field it reads */
	enum sel_type type;
	int only_side; /* -1: either side's terms; else the one side whose persons have it */
};

extern const struct sel_field formula_sel_fields[SEL__MAX];
/* "receive", "give" */
extern const char *const formula_side_words[PL_FORMULA_SIDE__MAX];
/* the registry's side of each formula side's persons: "captive", "detainee" */
extern const char *const formula_side_tokens[PL_FORMULA_SIDE__MAX];
/* "exactly", "at least", "at most" ("" for the others) */
extern const char *const formula_bound_words[PL_TERM__MAX];

enum cmp { CMP_EQ, CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_BETWEEN };

enum period { PERIOD_MONTHS, PERIOD_YEARS };

struct ymd {
	int y, m, d;
};

/* ---- the tree ---------------------------------------------------------------------- */

enum node_kind { NODE_AND, NODE_OR, NODE_NOT, NODE_PRED };

struct node {
	enum node_kind kind;
	size_t n;           /* NODE_AND, NODE_OR: kids (2 or more); NODE_NOT: 1 */
	struct node **kids; /* owned */
	/* NODE_PRED */
	enum sel_id sel;
	int fi;      /* the person field's index */
	char **vals; /* n of them, owned: tokens (field order), refs (sorted), one "has" value */
	enum cmp op; /* SEL_AGE, SEL_CAPTIVITY */
	long a, b;   /* the bounds (b: CMP_BETWEEN) */
	enum period period;
	int has_at;
	struct ymd at;
};

struct term {
	struct pl_formula_term pub;
	struct node *sel;
	char *text, *ref, *selector; /* owned; pub points to them */
	int needs_day;               /* counts an age or time in captivity with no "at" */
	int nnamed;                  /* PL_TERM_TOTAL: its named persons (the terms after it) */
};

struct pl_formula {
	struct term *terms;
	size_t n, cap;
	int fi_side, fi_status, fi_ref, fi_kind;
};

/* A whole day, YYYY-MM-DD or DD.MM.YYYY, 1900 to 2100, into *out; -1 when it is none. */
int formula_day_parse(const char *s, size_t n, struct ymd *out);
/* A registry date, YYYY, YYYY-MM or YYYY-MM-DD, as its first and last possible day. */
int formula_range_parse(const char *s, struct ymd *lo, struct ymd *hi);
/* s[0..n) folded as pl_fold() does in SQL (NFKC, case folded) into out; -1 when it does
 * not fit. No allocation: evaluation calls it for every person. */
int formula_fold(const char *s, size_t n, char *out, size_t cap);
/* YYYY-MM-DD */
void formula_format_day(struct strbuf *sb, const struct ymd *d);
/* 1 or, 2 and, 3 not, 4 a condition: what binds tighter is higher. */
int formula_prec(const struct node *n);
/* 1 when the not n is written "F != V" (a not of "F = V"). */
int formula_written_ne(const struct node *n);

#endif
