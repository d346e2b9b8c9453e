/* review.h - saved match runs, their review row by row, and merges of duplicate persons
 *
 * pl_match (match.h) links the rows of a list to the registry. pl_match_save keeps such a
 * run: the list (its label, its own date, its source, the file's name and hash) and each
 * row with the matcher's decision and candidates. A reviewer then accepts a row (links it
 * to a person, the matcher's candidate or any other) or rejects it; an accepted row may
 * add the list as evidence to the person ("other side's list of 2024-05-31, row 17").
 * Every write is audited, in one transaction per call: a call that fails writes nothing.
 *
 * pl_person_merge joins a duplicate to the person kept: it moves the duplicate's
 * history to the kept person, adds its names to the kept person's other_names, and
 * keeps the duplicate, hidden from listings, refusing writes, showing where it went.
 */
#ifndef PARLEY_REVIEW_H
#define PARLEY_REVIEW_H
#include <stddef.h>

#include "parley/account.h"
#include "parley/error.h"
#include "parley/registry.h" /* before match.h: PL_REF_MAX */
#include "parley/match.h"

struct pl_db;

/* Where a list comes from: "other_side", "icrc", "mediator", "relatives", "open_source",
 * "other" (NULL-terminated). The source sets the kind of evidence an accepted row adds
 * (other_side_list, icrc_notification, document, relative_report, open_source, document)
 * and its default Admiralty grade (C3, B2, C3, D3, E3, F6). */
extern const char *const pl_match_sources[];

/* The review state of a row: "pending", "accepted", "rejected". */
enum pl_review_state { PL_REVIEW_PENDING, PL_REVIEW_ACCEPTED, PL_REVIEW_REJECTED, PL_REVIEW__MAX };
extern const char *const pl_review_state_names[PL_REVIEW__MAX];

/* What a run is saved with; the caller owns the strings. */
struct pl_match_save_opts {
	const char *label;     /* required: the list as the office calls it (at most 100 bytes) */
	const char *list_date; /* the list's own date: YYYY[-MM[-DD]] or DD.MM.YYYY; may be NULL */
	const char *source;    /* required: one of pl_match_sources */
	const char *file_name; /* the file it came in (no directory); may be NULL */
	const char *file_hash; /* BLAKE2b-256 of the file, 64 hex digits (pl_match_file_hash) */
	const char *note;      /* may be NULL */
};

/* The BLAKE2b-256 of data as 64 lower-case hex digits (what file_hash takes). */
void pl_match_file_hash(const void *data, size_t len, char out[65]);

/*
 * Saves a run of n rows (n >= 1, rows as pl_match made them; borrowed, not kept) in one
 * audited transaction, and writes its number to *run_id. Every value is checked: row
 * numbers from 1 and distinct, text valid UTF-8 without control characters, a decision
 * "match" with a candidate, each candidate a person of the registry with its reference,
 * scores in 0..1. Needs match.review. PL_EUSAGE/PL_EDATA naming the row and the value.
 */
int pl_match_save(struct pl_db *db, const struct pl_actor *actor,
                  const struct pl_match_save_opts *meta, const struct pl_match_row *rows, size_t n,
                  long long *run_id, struct pl_error *err);

/* A saved run, as listings hand it out (strings valid during the callback only). */
struct pl_match_run {
	long long id;
	const char *label, *list_date, *source, *file_name, *file_hash, *note;
	const char *author, *created;
	long long rows, matches, possible, none; /* as the matcher decided them */
	long long pending, accepted, rejected;   /* as the review stands */
};
typedef int (*pl_match_run_cb)(void *ctx, const struct pl_match_run *run);

/* Every saved run, newest first (run_id 0), or the one run run_id (PL_ENOTFOUND when
 * there is none). Needs match.review. */
int pl_match_runs(struct pl_db *db, const struct pl_actor *actor, long long run_id,
                  pl_match_run_cb cb, void *ctx, struct pl_error *err);

/* A candidate of a saved row: the matcher's values and the person as the registry has
 * them now (NULL when not known). */
struct pl_review_candidate {
	struct pl_match_candidate m; /* explain[] point into the row: valid during the call */
	const char *family, *given, *patronymic, *birth_date, *unit;
	const char *merged_into; /* the person was merged into this one since; else NULL */
};

/* A saved row with its review (strings valid during the callback only). */
struct pl_review_row {
	long long run_id;
	long row, line;
	const char *family, *given, *patronymic, *birth_date, *unit; /* as the list gave them */
	enum pl_match_decision decision;
	int ncand;
	struct pl_review_candidate cand[PL_MATCH_MAX_CANDIDATES];
	enum pl_review_state state;
	const char *person_ref; /* accepted: the person */
	long long evidence_id;  /* the evidence the acceptance added; 0: none */
	const char *reviewer, *reviewed, *note;
};
typedef int (*pl_review_row_cb)(void *ctx, const struct pl_review_row *row);

/* Which rows a listing shows: each member NULL / 0 for any. */
struct pl_review_filter {
	const char *state;    /* "pending", "accepted", "rejected" */
	const char *decision; /* "none", "possible", "match" */
	long row;             /* the one row of that number */
};

/* The rows of run run_id in list order. Needs match.review; PL_ENOTFOUND for no run. */
int pl_match_review_rows(struct pl_db *db, const struct pl_actor *actor, long long run_id,
                         const struct pl_review_filter *filter, pl_review_row_cb cb, void *ctx,
                         struct pl_error *err);

/* One decision on one row of a run. */
struct pl_review_decision {
	long row;        /* the list's row number */
	int accept;      /* 1: accept, 0: reject */
	const char *ref; /* accept: the person; NULL: the row's best candidate */
};

struct pl_review_opts {
	int accept_matches;      /* also accept every pending row the matcher decided "match" */
	int evidence;            /* add the list as evidence to each person accepted */
	const char *reliability; /* Admiralty A-F of the evidence; NULL: the source's default */
	const char *credibility; /* Admiralty 1-6; NULL: the source's default */
	const char *note;        /* kept with each decision and its evidence; may be NULL */
};

struct pl_review_result {
	long accepted, rejected, evidence;
};

/*
 * Records decisions on rows of run run_id, all or none, in one audited transaction.
 * A row is decided once: a decided row, a row named twice, a person merged away, a row
 * without a candidate accepted without a reference are refused (PL_EDATA/PL_EUSAGE),
 * an unknown run, row or person is PL_ENOTFOUND. Needs match.review, and
 * person.evidence with opts->evidence. res (may be NULL) gets the counts.
 */
int pl_match_review(struct pl_db *db, const struct pl_actor *actor, long long run_id,
                    const struct pl_review_decision *d, size_t n, const struct pl_review_opts *opts,
                    struct pl_review_result *res, struct pl_error *err);

/*
 * Merges the person dup_ref into keep_ref, giving reason (required, at most 1000 bytes).
 * One audited transaction: the duplicate's statuses (its first one written out first),
 * events, evidence, relatives, inquiries and accepted list rows move to the kept person;
 * its names join the kept person's other_names (search finds the kept person by them);
 * the duplicate stays, left out of listings, search and export, refusing writes, and
 * person show names the person it was merged into. The kept person's status is not
 * changed. Refused: a person into itself (PL_EUSAGE), a captive with a detainee, a person
 * merged already, into a person merged already (PL_EDATA); unknown references
 * PL_ENOTFOUND. Needs person.merge.
 */
int pl_person_merge(struct pl_db *db, const struct pl_actor *actor, const char *keep_ref,
                    const char *dup_ref, const char *reason, struct pl_error *err);

#endif
