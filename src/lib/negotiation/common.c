/* common.c - what the negotiation desk's files share: values of records, loading rows by
 * reference, checking inputs */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/alloc.h"
#include "negotiation-int.h"
#include "banned.h"

int neg_set(struct pl_record *r, const char *field, const char *v, struct pl_error *err)
{
	int i = pl_field_index(r->ent, field);
	char *c = NULL;
	if (i < 0)
		return pl_error_set(err, PL_EDATA, "%s: no field %s", r->ent->name, field);
	if (v && !(c = pl_strdup(v)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	pl_free(r->v[i]);
	r->v[i] = c;
	return 0;
}

int neg_set_id(struct pl_record *r, const char *field, long long id, struct pl_error *err)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", id);
	return neg_set(r, field, buf, err);
}

long long neg_get_id(const struct pl_record *r, const char *field)
{
	const char *v = pl_record_get(r, field);
	return v ? strtoll(v, NULL, 10) : 0;
}

void neg_today(const struct pl_db *db, char out[11])
{
	if (db->tx_time[0]) {
		snprintf(out, 11, "%.10s", db->tx_time);
	} else {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(out, 11, "%Y-%m-%d", &tm);
	}
}

int neg_load(struct pl_db *db, const char *ref, struct pl_record *out, struct pl_error *err)
{
	const struct store_bind b[] = {SB_S(ref)};
	return store_query_one(db->st, pl_entity(PL_ENT_NEGOTIATION),
	                       "SELECT * FROM negotiations WHERE ref = ?", b, 1, out, ref, err);
}

int session_load(struct pl_db *db, const char *ref, struct pl_record *out, struct pl_error *err)
{
	const struct store_bind b[] = {SB_S(ref)};
	return store_query_one(db->st, pl_entity(PL_ENT_SESSION),
	                       "SELECT s.*, n.ref AS negotiation FROM negotiation_sessions s JOIN "
	                       "negotiations n ON n.id = s.negotiation_id WHERE s.ref = ?",
	                       b, 1, out, ref, err);
}

int counterpart_load(struct pl_db *db, const char *ref, struct pl_record *out, struct pl_error *err)
{
	const struct store_bind b[] = {SB_S(ref)};
	return store_query_one(db->st, pl_entity(PL_ENT_COUNTERPART),
	                       "SELECT * FROM counterparts WHERE ref = ?", b, 1, out, ref, err);
}

int neg_row(struct pl_db *db, enum pl_entity_id ent, long long id, struct pl_record *out,
            struct pl_error *err)
{
	return store_get(db->st, pl_entity(ent), id, out, err);
}

int neg_from_kv(struct pl_record *r, const struct pl_kv *kv, size_t n, uint64_t *set,
                const char *what, struct pl_error *err)
{
	int rc = record_from_kv(r, kv, n, set, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < r->ent->nfields; i++)
		if ((*set & BIT(i)) && (r->ent->fields[i].flags & PL_F_NOEDIT))
			return pl_error_set(err, PL_EUSAGE, "%s: %s is set by %s", r->ent->name,
			                    r->ent->fields[i].name, what);
	return 0;
}

int rec_vec_take(void *ctx, const struct pl_record *r)
{
	struct rec_vec *rv = ctx;
	struct pl_record *w = (struct pl_record *)r;
	if (rv->n == rv->cap) {
		size_t cap = rv->cap ? 2 * rv->cap : 16;
		struct pl_record *v = pl_realloc(rv->v, cap * sizeof(*v));
		if (!v)
			return PL_EDATA;
		rv->v = v;
		rv->cap = cap;
	}
	rv->v[rv->n++] = *w;
	w->v = NULL; /* taken over: store_query releases an emptied record */
	w->nextra = 0;
	w->extra = NULL;
	w->extra_names = NULL;
	return 0;
}

void rec_vec_release(struct rec_vec *rv)
{
	for (size_t i = 0; i < rv->n; i++)
		pl_record_release(&rv->v[i]);
	pl_free(rv->v);
	rv->v = NULL;
	rv->n = rv->cap = 0;
}

int rec_vec_query(struct pl_db *db, enum pl_entity_id ent, const char *sql,
                  const struct store_bind *b, size_t nb, struct rec_vec *out, struct pl_error *err)
{
	int rc = store_query(db->st, pl_entity(ent), sql, b, nb, rec_vec_take, out, err);
	if (rc == PL_EDATA && !err->msg[0])
		pl_error_set(err, PL_EDATA, "out of memory");
	return rc;
}

int neg_required(const struct pl_record *r, struct pl_error *err)
{
	for (size_t i = 0; i < r->ent->nfields; i++)
		if ((r->ent->fields[i].flags & PL_F_REQUIRED) && !r->v[i])
			return pl_error_set(err, PL_EDATA, "%s: %s: required", r->ent->name,
			                    r->ent->fields[i].name);
	return 0;
}
