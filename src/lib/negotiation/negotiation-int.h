/* negotiation-int.h - what the negotiation desk's files share (src/lib/negotiation/) */
#ifndef PARLEY_NEGOTIATION_INT_H
#define PARLEY_NEGOTIATION_INT_H
#include "parley/negotiation.h"
#include "internal.h"

#define BIT(i) (1ULL << (i))

/* Sets field of r to v (copied; NULL: no value), or to the number id. */
int neg_set(struct pl_record *r, const char *field, const char *v, struct pl_error *err);
int neg_set_id(struct pl_record *r, const char *field, long long id, struct pl_error *err);
/* The number in field of r, or 0. */
long long neg_get_id(const struct pl_record *r, const char *field);
/* Today (YYYY-MM-DD) in the open transaction's time, or the clock's outside one. */
void neg_today(const struct pl_db *db, char out[11]);

/* The negotiation, session or counterpart ref as stored (no redaction; PL_ENOTFOUND naming
 * it when there is none). */
int neg_load(struct pl_db *db, const char *ref, struct pl_record *out, struct pl_error *err);
int session_load(struct pl_db *db, const char *ref, struct pl_record *out, struct pl_error *err);
int counterpart_load(struct pl_db *db, const char *ref, struct pl_record *out,
                     struct pl_error *err);
/* A record of ent by its id, as stored. */
int neg_row(struct pl_db *db, enum pl_entity_id ent, long long id, struct pl_record *out,
            struct pl_error *err);

/* Refuses (PL_EDATA) anything new for a closed negotiation. */
int neg_open_check(const struct pl_record *neg, struct pl_error *err);

/*
 * Validates kv into r for a new row or an edit: fields flagged PL_F_NOEDIT are refused
 * with a message naming the operation that sets them (what). *set: bit i, field i given.
 */
int neg_from_kv(struct pl_record *r, const struct pl_kv *kv, size_t n, uint64_t *set,
                const char *what, struct pl_error *err);
/* Rows kept for a moment (to rank them, to audit their reading before they are shown):
 * rec_vec_take is a pl_record_cb that takes each record over. */
struct rec_vec {
	struct pl_record *v;
	size_t n, cap;
};
int rec_vec_take(void *ctx, const struct pl_record *r);
void rec_vec_release(struct rec_vec *rv);
/* The rows of sql into out (PL_EDATA "out of memory" when they do not fit). */
int rec_vec_query(struct pl_db *db, enum pl_entity_id ent, const char *sql,
                  const struct store_bind *b, size_t nb, struct rec_vec *out, struct pl_error *err);

/* A required field of r without a value: PL_EDATA naming it ("welfare note: note: required"). */
int neg_required(const struct pl_record *r, struct pl_error *err);

#endif
