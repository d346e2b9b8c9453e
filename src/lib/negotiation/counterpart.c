/* counterpart.c - the other side's negotiators, found by any spelling of their name or
 * alias (the registry's name rules), and their MICE profiles: history kept, the latest
 * shown, every read audited */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/alloc.h"
#include "parley/names.h"
#include "parley/strbuf.h"
#include "name-index.h"
#include "negotiation-int.h"
#include "banned.h"

/* --- counterparts --- */

/* A counterpart with its record: statements, promises of theirs kept and broken (counts of
 * the ledger: for who may read it, ?1 non-zero; NULL otherwise), the day of the latest
 * profile. */
#define COUNTERPART_SELECT                                                                         \
	"SELECT c.*, CASE WHEN ?1 THEN (SELECT count(*) FROM statements s WHERE s.counterpart_id " \
	"= c.id) END AS statements, CASE WHEN ?1 THEN (SELECT count(*) FROM statements s WHERE "   \
	"s.counterpart_id = c.id AND s.side = 'theirs' AND s.kind = 'promise' AND s.promise = "    \
	"'kept') END AS promises_kept, CASE WHEN ?1 THEN (SELECT count(*) FROM statements s "      \
	"WHERE "                                                                                   \
	"s.counterpart_id = c.id AND s.side = 'theirs' AND s.kind = 'promise' AND s.promise = "    \
	"'broken') END AS promises_broken, coalesce((SELECT max(assessed) FROM profiles p WHERE "  \
	"p.counterpart_id = c.id), '') AS profiled FROM counterparts c"

/* 1 when actor may read the ledger: a psychologist sees no count of it either. */
static long long ledger_reader(const struct pl_actor *actor)
{
	return pl_roles_may(pl_actor_roles(actor), PL_OP_NEGOTIATION_SHOW);
}

int pl_counterpart_add(struct pl_db *db, const struct pl_actor *actor, const struct pl_kv *kv,
                       size_t n, char ref_out[PL_NEG_REF_MAX], struct pl_error *err)
{
	struct pl_record r;
	char ref[PL_NEG_REF_MAX];
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_COUNTERPART_EDIT, err)))
		return rc;
	if (pl_record_init(&r, pl_entity(PL_ENT_COUNTERPART)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = neg_from_kv(&r, kv, n, &set, "parley", err)) || (rc = neg_required(&r, err)))
		goto out;
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = record_insert_ref(db, actor, &r, "C", "counterpart.add", ref, sizeof(ref), err)))
		goto fail;
	if ((rc = store_commit(db, err)))
		goto out;
	if (ref_out)
		snprintf(ref_out, PL_NEG_REF_MAX, "%s", ref);
	goto out;
fail:
	store_rollback(db);
out:
	pl_record_release(&r);
	return rc;
}

int pl_counterpart_edit(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                        const struct pl_kv *kv, size_t n, struct pl_error *err)
{
	struct pl_record cur = {0}, upd;
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_COUNTERPART_EDIT, err)))
		return rc;
	if (!n)
		return pl_error_set(err, PL_EUSAGE, "counterpart: nothing to change");
	if (pl_record_init(&upd, pl_entity(PL_ENT_COUNTERPART)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = neg_from_kv(&upd, kv, n, &set, "parley", err)))
		goto out;
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = counterpart_load(db, ref, &cur, err)) ||
	    (rc = record_update_audited(db, actor, &cur, &upd, set, "counterpart.edit", ref, NULL,
	                                err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (cur.v)
		pl_record_release(&cur);
	pl_record_release(&upd);
	return rc;
}

int pl_counterpart_get(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                       struct pl_record *out, struct pl_error *err)
{
	const struct store_bind b[] = {SB_I(ledger_reader(actor)), SB_S(ref)};
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_COUNTERPART_SHOW, err)))
		return rc;
	return store_query_one(db->st, pl_entity(PL_ENT_COUNTERPART),
	                       COUNTERPART_SELECT " WHERE c.ref = ?2", b, 2, out, ref, err);
}

/* The counterparts and their names in an index of their own, searched by the rules of the
 * registry's name search (name-index.h): name and alias are two entries of one row. */
struct ranked {
	size_t row;
	double score;
	const char *ref;
};

static int ranked_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(x->ref, y->ref);
}

static int search_rows(const struct rec_vec *rows, const char *query, struct ranked **out,
                       size_t *nout, struct pl_error *err)
{
	struct store_name_entry *e = NULL;
	struct strbuf *keys = NULL;
	struct nameix *ix = NULL;
	struct nx_hit *hits = NULL;
	struct ranked *rk = NULL;
	size_t ne = 0, nhits = 0, nr = 0;
	int rc = 0;
	*out = NULL;
	*nout = 0;
	if (!rows->n)
		return 0;
	e = pl_calloc(2 * rows->n, sizeof(*e));
	keys = pl_calloc(2 * rows->n, sizeof(*keys));
	rk = pl_calloc(rows->n, sizeof(*rk));
	if (!e || !keys || !rk) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < rows->n; i++) {
		static const char *const fields[] = {"name", "alias"};
		for (size_t f = 0; f < 2; f++) {
			const char *v = pl_record_get(&rows->v[i], fields[f]);
			if (!v)
				continue;
			if ((rc = nameix_name_keys(v, &keys[ne], err)))
				goto out;
			if (keys[ne].failed) {
				rc = pl_error_set(err, PL_EDATA, "out of memory");
				goto out;
			}
			e[ne].id = (long long)i; /* the row, not the counterpart's id */
			e[ne].ref = pl_record_get(&rows->v[i], "ref");
			e[ne].side = "";
			e[ne].keys = strbuf_str(&keys[ne]);
			ne++;
		}
		rk[i].row = i;
		rk[i].ref = pl_record_get(&rows->v[i], "ref");
	}
	if ((rc = nameix_build(e, ne, &ix, err)))
		goto out;
	{
		struct nx_query q = {.text = query};
		if ((rc = nameix_search(ix, &q, &hits, &nhits, err)))
			goto out;
	}
	for (size_t h = 0; h < nhits; h++) {
		struct nx_person np;
		nameix_person(ix, hits[h].idx, &np);
		if (hits[h].score > rk[np.id].score)
			rk[np.id].score = hits[h].score;
	}
	for (size_t i = 0; i < rows->n; i++)
		if (rk[i].score > 0)
			rk[nr++] = rk[i];
	qsort(rk, nr, sizeof(*rk), ranked_cmp);
	*out = rk;
	*nout = nr;
	rk = NULL;
out:
	if (keys)
		for (size_t i = 0; i < 2 * rows->n; i++)
			strbuf_release(&keys[i]);
	pl_free(keys);
	pl_free(e);
	pl_free(rk);
	pl_free(hits);
	nameix_free(ix);
	return rc;
}

int pl_counterpart_list(struct pl_db *db, const struct pl_actor *actor, const char *query,
                        pl_record_cb cb, void *ctx, struct pl_error *err)
{
	struct rec_vec rows = {0};
	struct ranked *rk = NULL;
	const struct store_bind b[] = {SB_I(ledger_reader(actor))};
	size_t nr = 0;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_COUNTERPART_SHOW, err)))
		return rc;
	if (!query)
		return store_query(db->st, pl_entity(PL_ENT_COUNTERPART),
		                   COUNTERPART_SELECT " ORDER BY c.id", b, 1, cb, ctx, err);
	{
		/* bad UTF-8 and a query of no letters are named before anything is read */
		char *check = NULL;
		if ((rc = pl_name_normalize(query, PL_NAME_LOOSE, &check, err))) {
			pl_error_prefix(err, "counterpart: query");
			return rc;
		}
		rc = !*check;
		pl_free(check);
		if (rc)
			return pl_error_set(err, PL_EUSAGE,
			                    "counterpart: query: '%s' has no letters to search for",
			                    query);
	}
	if ((rc = rec_vec_query(db, PL_ENT_COUNTERPART, COUNTERPART_SELECT " ORDER BY c.id", b, 1,
	                        &rows, err)) ||
	    (rc = search_rows(&rows, query, &rk, &nr, err)))
		goto out;
	for (size_t i = 0; i < nr && !rc; i++) {
		struct pl_record *r = &rows.v[rk[i].row];
		char score[16];
		snprintf(score, sizeof(score), "%.2f", rk[i].score);
		if (pl_record_add_extra(r, "score", score))
			rc = pl_error_set(err, PL_EDATA, "out of memory");
		else
			rc = cb(ctx, r);
	}
out:
	pl_free(rk);
	rec_vec_release(&rows);
	return rc;
}

/* --- profiles --- */

int pl_profile_add(struct pl_db *db, const struct pl_actor *actor, const char *counterpart_ref,
                   const struct pl_kv *kv, size_t n, long long *id_out, struct pl_error *err)
{
	struct pl_record r, c = {0};
	char today[11];
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_PROFILE_ADD, err)))
		return rc;
	if (pl_record_init(&r, pl_entity(PL_ENT_PROFILE)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = neg_from_kv(&r, kv, n, &set, "parley", err)) || (rc = neg_required(&r, err)))
		goto out;
	if ((rc = store_begin(db, err)))
		goto out;
	neg_today(db, today);
	if (strcmp(pl_record_get(&r, "assessed"), today) > 0) {
		rc = pl_error_set(err, PL_EDATA,
		                  "profile: assessed: %s is in the future (today is %s)",
		                  pl_record_get(&r, "assessed"), today);
		goto fail;
	}
	if ((rc = counterpart_load(db, counterpart_ref, &c, err)) ||
	    (rc = neg_set_id(&r, "counterpart_id", c.id, err)) ||
	    (rc = neg_set_id(&r, "author_id", actor->account_id, err)) ||
	    (rc = neg_set(&r, "recorded", db->tx_time, err)) ||
	    (rc = record_insert_audited(db, actor, &r, "profile.add", counterpart_ref, id_out,
	                                err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (c.v)
		pl_record_release(&c);
	pl_record_release(&r);
	return rc;
}

int pl_profile_list(struct pl_db *db, const struct pl_actor *actor, const char *counterpart_ref,
                    int latest, pl_record_cb cb, void *ctx, struct pl_error *err)
{
	struct pl_record c = {0};
	struct rec_vec rows = {0};
	struct strbuf ids = STRBUF_INIT;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_PROFILE_SHOW, err)))
		return rc;
	if ((rc = counterpart_load(db, counterpart_ref, &c, err)))
		return rc;
	{
		const struct store_bind b[] = {SB_I(c.id), SB_I(latest ? 1 : -1)};
		if ((rc = rec_vec_query(db, PL_ENT_PROFILE,
		                        "SELECT p.*, c.ref AS counterpart, a.login AS author FROM "
		                        "profiles p JOIN counterparts c ON c.id = p.counterpart_id "
		                        "LEFT JOIN accounts a ON a.id = p.author_id WHERE "
		                        "p.counterpart_id = ?1 ORDER BY p.assessed DESC, p.id DESC "
		                        "LIMIT ?2",
		                        b, 2, &rows, err)))
			goto out;
	}
	if (!rows.n)
		goto out;
	/* the read is on the trail before anything of it is shown */
	strbuf_adds(&ids, "profiles=");
	for (size_t i = 0; i < rows.n; i++)
		strbuf_addf(&ids, "%s%lld", i ? "," : "", rows.v[i].id);
	if (ids.failed) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	if ((rc = audit_note(db, actor, "profile.read", "profiles", rows.v[0].id, counterpart_ref,
	                     strbuf_str(&ids), err)))
		goto out;
	for (size_t i = 0; i < rows.n && !rc; i++)
		rc = cb(ctx, &rows.v[i]);
out:
	strbuf_release(&ids);
	rec_vec_release(&rows);
	pl_record_release(&c);
	return rc;
}
