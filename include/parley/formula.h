/* formula.h - the terms of an exchange, in a small language that reads aloud
 *
 *     receive 10 where health = severely_wounded; give 10 where health = severely_wounded
 *     receive 215; give 55 and R-000042
 *     receive all where health in (severely_wounded, severely_ill) or age between 18 and 25
 *         at 2025-06-09; give all where health in (severely_wounded, severely_ill)
 *     receive 1000; at least 120 where kind = civilian; give 1000
 *     receive 6000 remains; give 6000 remains
 *
 * docs/formulas.md is the grammar and the meaning. In short: each side (receive: our
 * people, captives; give: theirs, detainees) is one list. "receive N where S" is a list
 * of exactly N persons, each matching S; "receive all where S" is every eligible person
 * matching S; "exactly|at least|at most N where S" after a side's term constrains that
 * same list (one person counts in every constraint they match); "and REF, REF" names
 * persons who must be on it, on top of the count. Unknown values (a birth year only,
 * health unknown) never match, and are reported as unknown. Priorities are no terms.
 */
#ifndef PARLEY_FORMULA_H
#define PARLEY_FORMULA_H
#include <stddef.h>

#include "parley/error.h"
#include "parley/record.h"
#include "parley/strbuf.h"

struct pl_formula;

/* Bounds of the language: a longer formula, a deeper nesting (parentheses and 'not' inside
 * one another) or a larger count is an error with its position, never a crash. */
#define PL_FORMULA_MAX_INPUT 65536 /* bytes of a formula, and of its canonical form */
#define PL_FORMULA_MAX_DEPTH 32
#define PL_FORMULA_MAX_COUNT 1000000

enum pl_formula_side {
	PL_FORMULA_RECEIVE, /* our people, from the other side (captives) */
	PL_FORMULA_GIVE,    /* theirs, from us (detainees) */
	PL_FORMULA_SIDE__MAX
};

enum pl_term_kind {
	PL_TERM_TOTAL,    /* the side's list: exactly count persons (or all), each matching */
	PL_TERM_EXACTLY,  /* of that list, exactly count match */
	PL_TERM_AT_LEAST, /* of that list, at least count match */
	PL_TERM_AT_MOST,  /* of that list, at most count match */
	PL_TERM_NAMED,    /* this person is on that list */
	PL_TERM__MAX
};

/* Three-valued: a value not known (a birth year only, health unknown) is neither. */
enum pl_tv { PL_TV_NO, PL_TV_YES, PL_TV_UNKNOWN };

struct pl_formula_term {
	enum pl_formula_side side;
	enum pl_term_kind kind;
	long count;           /* -1: all (PL_TERM_TOTAL only); 1 for PL_TERM_NAMED */
	int remains;          /* the list is of remains (the dead), not the living */
	int has_selector;     /* a "where" (PL_TERM_NAMED: the reference is its selector) */
	const char *ref;      /* PL_TERM_NAMED: "R-000042"; else NULL */
	const char *text;     /* the term as the formula wrote it, for messages */
	const char *selector; /* its "where", canonical ("health = severely_wounded"); NULL:
	                       * none (PL_TERM_NAMED: "ref = R-000042") */
	int line, column;     /* where it starts (1-based) */
};

/*
 * Parses text into *out (free with pl_formula_free). A formula that is wrong is
 * PL_EDATA with one message that points at the word: "formula:1:24: expected a count or
 * 'all', found 'severly'". Values are checked against the registry's tokens
 * (docs/values.md): "health = severly_wounded" names the field and its values. Every
 * side has one total term, first; constraints and names follow it.
 */
int pl_formula_parse(const char *text, struct pl_formula **out, struct pl_error *err);
/* Frees f and every string its terms hand out; pl_formula_free(NULL) does nothing. */
void pl_formula_free(struct pl_formula *f);

/* The formula written the one way parley writes it (lower-case words, one space, "; "
 * between terms), to store and compare; parsing it gives the same formula. Appends to
 * the caller's out; PL_EDATA when out failed (memory, its cap). */
int pl_formula_format(const struct pl_formula *f, struct strbuf *out);

size_t pl_formula_nterms(const struct pl_formula *f);
/* Term i, in the formula's order; strings live as long as f. */
void pl_formula_term(const struct pl_formula *f, size_t i, struct pl_formula_term *out);
/* The index of the total term of side, or -1 when the formula says nothing of it. */
int pl_formula_total(const struct pl_formula *f, enum pl_formula_side side);

/*
 * Whether person p (a record of the person entity, as the acting role sees it: a value
 * left out is unknown) matches the selector of term i on the day on_date (YYYY-MM-DD:
 * ages and time in captivity are counted to it; a term's own "at DATE" wins). A term
 * without a selector matches everyone of its side (remains: the dead). PL_TV_UNKNOWN
 * names, in why, the value that was not known ("age: born 1985 only").
 */
enum pl_tv pl_formula_matches(const struct pl_formula *f, size_t i, const struct pl_record *p,
                              const char *on_date, char *why, size_t cap);

/*
 * A list of one side held against every term of that side: for term i, how many of the
 * persons it counts over (size) match (have), how many it needs (need_min, need_max; -1:
 * no bound), how many are unknown, and whether the term holds whatever the unknowns turn
 * out to be. The total term counts over the list but its named persons (size - have -
 * unknown of them do not match; it holds when none, and have equals its count); a
 * constraint over the whole list; a named person not on the list is have 0 of 1.
 */
struct pl_term_check {
	size_t term;
	long have, unknown;
	long need_min, need_max;
	int holds;
	long size; /* the persons the term counts over */
};
/*
 * Checks persons[0..n) (side's list) against side's terms; out gets one entry per term
 * of side, in the formula's order (at most cap of them; *nout: how many terms the side
 * has, more than cap when some were left out). Returns 0 (the verdict is in holds);
 * PL_EUSAGE for a side the formula says nothing of, an on_date that is no date, or none
 * where a term counts an age or time in captivity; PL_EDATA for a person twice on the
 * list. The caller owns persons and out.
 */
int pl_formula_check(const struct pl_formula *f, enum pl_formula_side side,
                     const struct pl_record *persons, size_t n, const char *on_date,
                     struct pl_term_check *out, size_t cap, size_t *nout, struct pl_error *err);

/* Term i in words, one line, English: "receive exactly 10 persons, each severely
 * wounded (health = severely_wounded)". Appends to the caller's out; PL_EDATA when out
 * failed, PL_EUSAGE for no such term. */
int pl_formula_term_words(const struct pl_formula *f, size_t i, struct strbuf *out);

#endif
