/* preparation.c - what the desk prepares for a negotiation and its sessions: positions,
 * each change kept in its history, and the opening lines, in order */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/alloc.h"
#include "negotiation-int.h"
#include "banned.h"

/* The negotiation ref and, when session_ref is given, its session, which must be one of
 * the negotiation's; sid 0 without one. */
static int load_scope(struct pl_db *db, const char *negotiation_ref, const char *session_ref,
                      struct pl_record *neg, long long *sid, struct pl_error *err)
{
	int rc = neg_load(db, negotiation_ref, neg, err);
	*sid = 0;
	if (rc || !session_ref)
		return rc;
	{
		struct pl_record s;
		if ((rc = session_load(db, session_ref, &s, err))) {
			pl_record_release(neg);
			return rc;
		}
		if (neg_get_id(&s, "negotiation_id") != neg->id)
			rc = pl_error_set(err, PL_EDATA, "session %s is not of negotiation %s",
			                  session_ref, negotiation_ref);
		*sid = s.id;
		pl_record_release(&s);
	}
	if (rc)
		pl_record_release(neg);
	return rc;
}

/* --- positions --- */

/* The item of a position, checked for its kind: a person of the registry (its reference in
 * upper case), a category (a token of lower-case letters, digits and '_'), or a topic. */
static int position_item(struct pl_db *db, struct pl_record *p, struct pl_error *err)
{
	const char *kind = pl_record_get(p, "item_kind");
	char *item = p->v[pl_field_index(p->ent, "item")];
	if (!strcmp(kind, "person")) {
		struct pl_record person;
		int rc;
		for (char *c = item; *c; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 32);
		if ((rc = store_person_by_ref(db->st, item, &person, err)))
			return rc == PL_ENOTFOUND
			               ? pl_error_set(err, PL_ENOTFOUND,
			                              "position: item: no person %s", item)
			               : rc;
		pl_record_release(&person);
	} else if (!strcmp(kind, "category")) {
		for (char *c = item; *c; c++) {
			if (*c == '-' || *c == ' ')
				*c = '_';
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c + 32);
			if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
				return pl_error_set(
				        err, PL_EDATA,
				        "position: item: a category is a word of letters a-z, "
				        "digits and '_' (severely_wounded), not '%s'",
				        pl_record_get(p, "item"));
		}
	}
	return 0;
}

/* A conditional stance states its condition; no other stance has one. */
static int position_check(const struct pl_record *p, struct pl_error *err)
{
	const char *stance = pl_record_get(p, "stance"), *cond = pl_record_get(p, "condition");
	if (!stance)
		return pl_error_set(err, PL_EDATA, "position: stance: required");
	if (!strcmp(stance, "conditional") && !cond)
		return pl_error_set(err, PL_EDATA,
		                    "position: a conditional stance needs its condition");
	if (strcmp(stance, "conditional") && cond)
		return pl_error_set(err, PL_EDATA,
		                    "position: condition: only a conditional stance has one (this "
		                    "one is %s)",
		                    stance);
	return 0;
}

#define POSITION_KEY "negotiation_id = ?1 AND session_id IS ?2 AND item_kind = ?3 AND item = ?4"

int pl_position_set(struct pl_db *db, const struct pl_actor *actor, const char *negotiation_ref,
                    const char *session_ref, const struct pl_kv *kv, size_t n, long long *id_out,
                    long long *replaced_out, struct pl_error *err)
{
	struct pl_record p, neg = {0}, old = {0};
	long long sid, old_id;
	uint64_t set;
	int rc, differs = 0;
	if (replaced_out)
		*replaced_out = 0;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_EDIT, err)))
		return rc;
	if (pl_record_init(&p, pl_entity(PL_ENT_POSITION)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = neg_from_kv(&p, kv, n, &set, "parley", err)))
		goto out;
	if (!pl_record_get(&p, "item_kind") || !pl_record_get(&p, "item")) {
		rc = pl_error_set(err, PL_EDATA, "position: item_kind and item: required");
		goto out;
	}
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = load_scope(db, negotiation_ref, session_ref, &neg, &sid, err)) ||
	    (rc = neg_open_check(&neg, err)) || (rc = position_item(db, &p, err)))
		goto fail;
	{
		struct store_bind b[] = {SB_I(neg.id), SB_I(sid),
		                         SB_S(pl_record_get(&p, "item_kind")),
		                         SB_S(pl_record_get(&p, "item"))};
		if (!sid)
			b[1] = SB_S(NULL);
		if ((rc = store_query_int(db->st,
		                          "SELECT id FROM positions WHERE " POSITION_KEY
		                          " AND replaced IS NULL",
		                          b, 4, &old_id, err)))
			goto fail;
	}
	if (old_id) {
		/* a change: what is not given stays as it was */
		if ((rc = neg_row(db, PL_ENT_POSITION, old_id, &old, err)))
			goto fail;
		for (size_t i = 0; i < p.ent->nfields; i++) {
			if (p.ent->fields[i].flags & PL_F_SYSTEM)
				continue;
			if (!(set & BIT(i)) && old.v[i] && !(p.v[i] = pl_strdup(old.v[i]))) {
				rc = pl_error_set(err, PL_EDATA, "out of memory");
				goto fail;
			}
			if ((p.v[i] || old.v[i]) &&
			    (!p.v[i] || !old.v[i] || strcmp(p.v[i], old.v[i])))
				differs = 1;
		}
		/* a conditional stance given up takes its condition with it */
		if (!(set & BIT(pl_field_index(p.ent, "condition"))) &&
		    strcmp(pl_record_get(&p, "stance"), "conditional") &&
		    (rc = neg_set(&p, "condition", NULL, err)))
			goto fail;
		if (!differs) {
			store_rollback(db);
			if (id_out)
				*id_out = old_id;
			goto out;
		}
	}
	if ((rc = position_check(&p, err)))
		goto fail;
	if (old_id) {
		struct pl_record upd;
		uint64_t m = BIT(pl_field_index(old.ent, "replaced"));
		if (pl_record_init(&upd, old.ent)) {
			rc = pl_error_set(err, PL_EDATA, "out of memory");
			goto fail;
		}
		rc = neg_set(&upd, "replaced", db->tx_time, err);
		if (!rc)
			rc = record_update_audited(db, actor, &old, &upd, m, "position.replace",
			                           negotiation_ref, NULL, err);
		pl_record_release(&upd);
		if (rc || (rc = neg_set_id(&p, "replaces", old_id, err)))
			goto fail;
	}
	if ((rc = neg_set_id(&p, "negotiation_id", neg.id, err)) ||
	    (sid && (rc = neg_set_id(&p, "session_id", sid, err))) ||
	    (rc = neg_set_id(&p, "author_id", actor->account_id, err)) ||
	    (rc = neg_set(&p, "recorded", db->tx_time, err)) ||
	    (rc = record_insert_audited(db, actor, &p, "position.set", negotiation_ref, id_out,
	                                err)))
		goto fail;
	if ((rc = store_commit(db, err)))
		goto out;
	if (replaced_out)
		*replaced_out = old_id;
	goto out;
fail:
	store_rollback(db);
out:
	if (neg.v)
		pl_record_release(&neg);
	if (old.v)
		pl_record_release(&old);
	pl_record_release(&p);
	return rc;
}

int pl_position_drop(struct pl_db *db, const struct pl_actor *actor, long long id,
                     struct pl_error *err)
{
	struct pl_record p = {0}, upd;
	char what[24];
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_EDIT, err)))
		return rc;
	if (pl_record_init(&upd, pl_entity(PL_ENT_POSITION)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	snprintf(what, sizeof(what), "#%lld", id);
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = neg_row(db, PL_ENT_POSITION, id, &p, err)))
		goto fail;
	if (pl_record_get(&p, "replaced")) {
		rc = pl_error_set(err, PL_EDATA, "position #%lld is no longer in force (since %s)",
		                  id, pl_record_get(&p, "replaced"));
		goto fail;
	}
	if ((rc = neg_set(&upd, "replaced", db->tx_time, err)) ||
	    (rc = record_update_audited(db, actor, &p, &upd, BIT(pl_field_index(p.ent, "replaced")),
	                                "position.drop", what, NULL, err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (p.v)
		pl_record_release(&p);
	pl_record_release(&upd);
	return rc;
}

#define POSITION_SELECT                                                                            \
	"SELECT p.*, coalesce(s.ref, '') AS session, (SELECT count(*) FROM positions q WHERE "     \
	"q.negotiation_id = p.negotiation_id AND q.session_id IS p.session_id AND q.item_kind = "  \
	"p.item_kind AND q.item = p.item) AS versions, a.login AS author FROM positions p LEFT "   \
	"JOIN negotiation_sessions s ON s.id = p.session_id LEFT JOIN accounts a ON a.id = "       \
	"p.author_id "

int pl_position_list(struct pl_db *db, const struct pl_actor *actor, const char *negotiation_ref,
                     const char *session_ref, pl_record_cb cb, void *ctx, struct pl_error *err)
{
	struct pl_record neg;
	long long sid;
	int rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_SHOW, err);
	if (rc || (rc = load_scope(db, negotiation_ref, session_ref, &neg, &sid, err)))
		return rc;
	{
		const struct store_bind b[] = {SB_I(neg.id), SB_I(sid)};
		/* the session's positions, and the negotiation's on items the session has none on
		 */
		rc = store_query(
		        db->st, pl_entity(PL_ENT_POSITION),
		        POSITION_SELECT
		        "WHERE p.negotiation_id = ?1 AND p.replaced IS NULL AND "
		        "(p.session_id IS NULL AND (?2 = 0 OR NOT EXISTS (SELECT 1 FROM "
		        "positions o WHERE o.negotiation_id = ?1 AND o.session_id = ?2 AND "
		        "o.replaced IS NULL AND o.item_kind = p.item_kind AND o.item = p.item)) "
		        "OR (?2 <> 0 AND p.session_id = ?2)) ORDER BY coalesce(p.priority, "
		        "1000000000), p.item_kind, p.item",
		        b, 2, cb, ctx, err);
	}
	pl_record_release(&neg);
	return rc;
}

int pl_position_history(struct pl_db *db, const struct pl_actor *actor, long long id,
                        pl_record_cb cb, void *ctx, struct pl_error *err)
{
	struct pl_record p;
	char what[24];
	int rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_SHOW, err);
	if (rc)
		return rc;
	snprintf(what, sizeof(what), "#%lld", id);
	{
		const struct store_bind b[] = {SB_I(id)};
		if ((rc = store_query_one(db->st, pl_entity(PL_ENT_POSITION),
		                          "SELECT * FROM positions WHERE id = ?", b, 1, &p, what,
		                          err)))
			return rc;
	}
	{
		const struct store_bind b[] = {
		        SB_I(neg_get_id(&p, "negotiation_id")), SB_I(neg_get_id(&p, "session_id")),
		        SB_S(pl_record_get(&p, "item_kind")), SB_S(pl_record_get(&p, "item"))};
		rc = store_query(db->st, pl_entity(PL_ENT_POSITION),
		                 POSITION_SELECT
		                 "WHERE p.negotiation_id = ?1 AND coalesce(p.session_id, "
		                 "0) = ?2 AND p.item_kind = ?3 AND p.item = ?4 ORDER BY "
		                 "p.id",
		                 b, 4, cb, ctx, err);
	}
	pl_record_release(&p);
	return rc;
}

/* --- opening lines --- */

static int lines_load(struct pl_db *db, long long nid, long long sid, struct rec_vec *ls,
                      struct pl_error *err)
{
	/* the lines in force of one negotiation and session (sid 0: the negotiation's own) */
	const struct store_bind b[] = {SB_I(nid), SB_I(sid)};
	return rec_vec_query(db, PL_ENT_OPENING,
	                     "SELECT l.*, coalesce(s.ref, '') AS session, a.login AS author FROM "
	                     "opening_lines l LEFT JOIN negotiation_sessions s ON s.id = "
	                     "l.session_id LEFT JOIN accounts a ON a.id = l.author_id WHERE "
	                     "l.negotiation_id = ?1 AND coalesce(l.session_id, 0) = ?2 AND "
	                     "l.dropped IS NULL ORDER BY l.ordinal, l.id",
	                     b, 2, ls, err);
}

/* Numbers the lines 1..n in the order of ls, writing (and auditing) those that move. */
static int lines_renumber(struct pl_db *db, const struct pl_actor *actor, struct rec_vec *ls,
                          const char *ref, struct pl_error *err)
{
	int oi = pl_field_index(pl_entity(PL_ENT_OPENING), "ordinal");
	for (size_t i = 0; i < ls->n; i++) {
		struct pl_record upd;
		int rc;
		if (neg_get_id(&ls->v[i], "ordinal") == (long long)i + 1)
			continue;
		if (pl_record_init(&upd, pl_entity(PL_ENT_OPENING)))
			return pl_error_set(err, PL_EDATA, "out of memory");
		rc = neg_set_id(&upd, "ordinal", (long long)i + 1, err);
		if (!rc)
			rc = record_update_audited(db, actor, &ls->v[i], &upd, BIT(oi),
			                           "opening.move", ref, NULL, err);
		pl_record_release(&upd);
		if (rc)
			return rc;
	}
	return 0;
}

int pl_opening_add(struct pl_db *db, const struct pl_actor *actor, const char *negotiation_ref,
                   const char *session_ref, const char *text, long at, long long *id_out,
                   struct pl_error *err)
{
	struct pl_record l, neg = {0};
	struct rec_vec ls = {0};
	struct pl_kv kv[1] = {{"text", text}};
	long long sid, id;
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_EDIT, err)))
		return rc;
	if (pl_record_init(&l, pl_entity(PL_ENT_OPENING)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = record_from_kv(&l, kv, 1, &set, err)))
		goto out;
	if (!pl_record_get(&l, "text")) {
		rc = pl_error_set(err, PL_EDATA, "opening line: text: required");
		goto out;
	}
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = load_scope(db, negotiation_ref, session_ref, &neg, &sid, err)) ||
	    (rc = neg_open_check(&neg, err)) || (rc = lines_load(db, neg.id, sid, &ls, err)))
		goto fail;
	if (at < 0 || at > (long)ls.n + 1) {
		rc = pl_error_set(err, PL_EUSAGE, "opening line: place %ld: lines go from 1 to %zu",
		                  at, ls.n + 1);
		goto fail;
	}
	if (!at)
		at = (long)ls.n + 1;
	/* the lines from place at move one down, the last first */
	for (size_t i = ls.n; i-- > (size_t)at - 1;) {
		struct pl_record upd;
		if (pl_record_init(&upd, pl_entity(PL_ENT_OPENING))) {
			rc = pl_error_set(err, PL_EDATA, "out of memory");
			goto fail;
		}
		rc = neg_set_id(&upd, "ordinal", (long long)i + 2, err);
		if (!rc)
			rc = record_update_audited(db, actor, &ls.v[i], &upd,
			                           BIT(pl_field_index(upd.ent, "ordinal")),
			                           "opening.move", negotiation_ref, NULL, err);
		pl_record_release(&upd);
		if (rc)
			goto fail;
	}
	if ((rc = neg_set_id(&l, "negotiation_id", neg.id, err)) ||
	    (sid && (rc = neg_set_id(&l, "session_id", sid, err))) ||
	    (rc = neg_set_id(&l, "ordinal", at, err)) ||
	    (rc = neg_set_id(&l, "author_id", actor->account_id, err)) ||
	    (rc = neg_set(&l, "recorded", db->tx_time, err)) ||
	    (rc = record_insert_audited(db, actor, &l, "opening.add", negotiation_ref, &id, err)))
		goto fail;
	if ((rc = store_commit(db, err)))
		goto out;
	if (id_out)
		*id_out = id;
	goto out;
fail:
	store_rollback(db);
out:
	rec_vec_release(&ls);
	if (neg.v)
		pl_record_release(&neg);
	pl_record_release(&l);
	return rc;
}

/* Loads line id and the lines of its negotiation and session; *at its index in ls. */
static int line_scope(struct pl_db *db, long long id, struct pl_record *line, struct rec_vec *ls,
                      size_t *at, struct pl_error *err)
{
	char what[24];
	int rc;
	snprintf(what, sizeof(what), "#%lld", id);
	{
		const struct store_bind b[] = {SB_I(id)};
		if ((rc = store_query_one(db->st, pl_entity(PL_ENT_OPENING),
		                          "SELECT * FROM opening_lines WHERE id = ?", b, 1, line,
		                          what, err)))
			return rc;
	}
	if (pl_record_get(line, "dropped"))
		return pl_error_set(err, PL_EDATA, "opening line #%lld was dropped (%s)", id,
		                    pl_record_get(line, "dropped"));
	if ((rc = lines_load(db, neg_get_id(line, "negotiation_id"), neg_get_id(line, "session_id"),
	                     ls, err)))
		return rc;
	for (*at = 0; *at < ls->n && ls->v[*at].id != id; (*at)++)
		;
	return 0;
}

int pl_opening_move(struct pl_db *db, const struct pl_actor *actor, long long id, long to,
                    struct pl_error *err)
{
	struct pl_record line = {0};
	struct rec_vec ls = {0};
	char what[24];
	size_t at;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_EDIT, err)))
		return rc;
	snprintf(what, sizeof(what), "#%lld", id);
	if ((rc = store_begin(db, err)))
		return rc;
	if ((rc = line_scope(db, id, &line, &ls, &at, err)))
		goto fail;
	if (to < 1 || to > (long)ls.n) {
		rc = pl_error_set(err, PL_EUSAGE, "opening line: place %ld: lines go from 1 to %zu",
		                  to, ls.n);
		goto fail;
	}
	{
		struct pl_record moved = ls.v[at];
		size_t dest = (size_t)to - 1;
		if (dest < at)
			memmove(&ls.v[dest + 1], &ls.v[dest], (at - dest) * sizeof(ls.v[0]));
		else
			memmove(&ls.v[at], &ls.v[at + 1], (dest - at) * sizeof(ls.v[0]));
		ls.v[dest] = moved;
	}
	if ((rc = lines_renumber(db, actor, &ls, what, err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	rec_vec_release(&ls);
	if (line.v)
		pl_record_release(&line);
	return rc;
}

int pl_opening_drop(struct pl_db *db, const struct pl_actor *actor, long long id,
                    struct pl_error *err)
{
	struct pl_record line = {0}, upd;
	struct rec_vec ls = {0};
	char what[24];
	size_t at;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_EDIT, err)))
		return rc;
	if (pl_record_init(&upd, pl_entity(PL_ENT_OPENING)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	snprintf(what, sizeof(what), "#%lld", id);
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = line_scope(db, id, &line, &ls, &at, err)))
		goto fail;
	if ((rc = neg_set(&upd, "dropped", db->tx_time, err)) ||
	    (rc = record_update_audited(db, actor, &ls.v[at], &upd,
	                                BIT(pl_field_index(upd.ent, "dropped")), "opening.drop",
	                                what, NULL, err)))
		goto fail;
	pl_record_release(&ls.v[at]);
	memmove(&ls.v[at], &ls.v[at + 1], (ls.n - at - 1) * sizeof(ls.v[0]));
	ls.n--;
	if ((rc = lines_renumber(db, actor, &ls, what, err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	rec_vec_release(&ls);
	if (line.v)
		pl_record_release(&line);
	pl_record_release(&upd);
	return rc;
}

int pl_opening_list(struct pl_db *db, const struct pl_actor *actor, const char *negotiation_ref,
                    const char *session_ref, pl_record_cb cb, void *ctx, struct pl_error *err)
{
	struct pl_record neg;
	struct rec_vec ls = {0};
	long long sid;
	int rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_SHOW, err);
	if (rc || (rc = load_scope(db, negotiation_ref, session_ref, &neg, &sid, err)))
		return rc;
	rc = lines_load(db, neg.id, sid, &ls, err);
	/* a session without lines of its own opens with the negotiation's */
	if (!rc && sid && !ls.n)
		rc = lines_load(db, neg.id, 0, &ls, err);
	for (size_t i = 0; !rc && i < ls.n; i++)
		rc = cb(ctx, &ls.v[i]);
	rec_vec_release(&ls);
	pl_record_release(&neg);
	return rc;
}
