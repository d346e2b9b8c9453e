/* registry.h - persons of both sides, their statuses, events and evidence */
#ifndef PARLEY_REGISTRY_H
#define PARLEY_REGISTRY_H
#include <stddef.h>

#include "parley/account.h"
#include "parley/record.h"

struct pl_db;

/* Person references: U-000123 for captives (ours), R-000045 for detainees. */
#define PL_REF_MAX 16

/* Called once per row of a listing; a non-zero return stops it and is returned. */
typedef int (*pl_record_cb)(void *ctx, const struct pl_record *r);

/*
 * Adds a person from raw inputs (field names of the person entity). "status"
 * sets the first status (default: missing for captives, held for detainees),
 * recorded with "status_date" and "source". Writes the new reference to ref_out.
 */
int pl_person_add(struct pl_db *db, const struct pl_actor *actor, const struct pl_kv *kv, size_t n,
                  char ref_out[PL_REF_MAX], struct pl_error *err);

/*
 * Fills out (pl_record_init'ed by the callee; release with pl_record_release)
 * with the person ref; values the actor may not see are left out and marked,
 * and reads of restricted values are audited.
 */
int pl_person_get(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                  struct pl_record *out, struct pl_error *err);

struct pl_person_filter {
	const char *side, *status, *kind, *health, *sex;
	const char *unit; /* words of the unit, case-insensitive */
	const char *text; /* words found in the names, reference, service number */
	const char *tag;  /* one role tag: medic, chaplain, ... */
	const char *citizenship;
	long limit; /* 0: no limit */
	long offset;
};

/* Checks every value of a filter; PL_EUSAGE naming the bad one. */
int pl_person_filter_check(const struct pl_person_filter *f, struct pl_error *err);

/* Calls cb for each matching person in reference order, restricted values left out. */
int pl_person_list(struct pl_db *db, const struct pl_actor *actor,
                   const struct pl_person_filter *filter, pl_record_cb cb, void *ctx,
                   struct pl_error *err);

/*
 * Edits fields of a person; each change is kept with the value it replaced and
 * the reason. Status, side and reference are not edited here.
 */
int pl_person_edit(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                   const struct pl_kv *kv, size_t n, const char *reason, struct pl_error *err);

/*
 * Records a status change (fields of the status entity). A transition that
 * makes no sense is refused with the transitions that are possible; a
 * correction ("corrects" naming the wrong entry, with "reason") may set any
 * status of the side.
 */
int pl_person_set_status(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                         const struct pl_kv *kv, size_t n, long long *id_out, struct pl_error *err);

/* The statuses a person of side may move to from status, comma-separated. */
void pl_status_next(const char *side, const char *status, char *out, size_t cap);
/* 1 when side may move from -> to. */
int pl_status_transition_ok(const char *side, const char *from, const char *to);

int pl_person_add_event(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                        const struct pl_kv *kv, size_t n, long long *id_out, struct pl_error *err);

/* The largest evidence file kept, in bytes. */
#define PL_EVIDENCE_FILE_MAX (64 << 20)

/*
 * Adds evidence; file (may be NULL, at most PL_EVIDENCE_FILE_MAX bytes) is stored once by
 * its BLAKE2b hash, under file_name cleaned (its last part, control and bidi characters
 * as '_').
 */
int pl_person_add_evidence(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                           const struct pl_kv *kv, size_t n, const void *file, size_t file_len,
                           const char *file_name, long long *id_out, struct pl_error *err);

/*
 * The history of a person: what is PL_ENT_STATUS, PL_ENT_EVENT,
 * PL_ENT_EVIDENCE or PL_ENT_CHANGE, oldest first. Needs person.show.
 */
int pl_person_history(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                      enum pl_entity_id what, pl_record_cb cb, void *ctx, struct pl_error *err);

/* Relatives and inquiries (the liaison's work). person_ref NULL: all. */
int pl_relative_add(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                    const struct pl_kv *kv, size_t n, long long *id_out, struct pl_error *err);
int pl_relative_list(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                     pl_record_cb cb, void *ctx, struct pl_error *err);
int pl_inquiry_add(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                   const struct pl_kv *kv, size_t n, long long *id_out, struct pl_error *err);
int pl_inquiry_list(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                    pl_record_cb cb, void *ctx, struct pl_error *err);

/*
 * The office at a glance: counts by side, status, kind, health; relatives, inquiries.
 * For a role that sees counts only (an analyst without a role that lists persons) no
 * cell says fewer than PL_STATS_MIN_CELL: such a cell is suppressed (count 0), and so is
 * the next smallest of its group when it alone would be, since the group's total would
 * give it away; a total under the threshold is suppressed too.
 */
#define PL_STATS_MIN_CELL 5
struct pl_stats_row {
	const char *group; /* "captive.status", "captive.kind", ... */
	const char *key;
	long long count;
	/* 0 shown; 1 fewer than PL_STATS_MIN_CELL; 2 withheld, as it would give such a cell
	 * away (its group's total less it); count is 0 when not shown */
	int suppressed;
	long long total; /* of the group, on its first row; -1 when suppressed */
};
typedef int (*pl_stats_cb)(void *ctx, const struct pl_stats_row *row);
int pl_stats(struct pl_db *db, const struct pl_actor *actor, pl_stats_cb cb, void *ctx,
             struct pl_error *err);

#endif
