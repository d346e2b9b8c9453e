/* negotiation.c - negotiations and their lifecycle, the exchanges they led to, sessions
 * (rounds) and the psychologist's welfare notes */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/alloc.h"
#include "parley/date.h"
#include "parley/strbuf.h"
#include "negotiation-int.h"
#include "banned.h"

/* --- the lifecycle --- */

static const struct transition transitions[] = {
        {"preparing", "active,closed"},
        {"active", "suspended,closed"},
        {"suspended", "active,closed"},
        {"closed", ""},
};

#define NTRANSITIONS (sizeof(transitions) / sizeof(transitions[0]))

int pl_negotiation_transition_ok(const char *from, const char *to)
{
	return transition_ok(transitions, NTRANSITIONS, from, to);
}

void pl_negotiation_status_next(const char *from, char *out, size_t cap)
{
	transition_next(transitions, NTRANSITIONS, from, out, cap);
}

/* --- negotiations --- */

#define NEG_SELECT                                                                                 \
	"SELECT n.*, (SELECT count(*) FROM negotiation_sessions s WHERE s.negotiation_id = "       \
	"n.id) AS sessions, (SELECT group_concat(ref, ', ') FROM (SELECT e.ref FROM "              \
	"negotiation_exchanges l JOIN exchanges e ON e.id = l.exchange_id WHERE "                  \
	"l.negotiation_id = n.id ORDER BY e.ref)) AS exchanges, a.login AS author FROM "           \
	"negotiations n LEFT JOIN accounts a ON a.id = n.author_id "

/* A closed negotiation takes no new session, position or line. */
int neg_open_check(const struct pl_record *neg, struct pl_error *err)
{
	if (!strcmp(pl_record_get(neg, "status"), "closed"))
		return pl_error_set(err, PL_EDATA, "negotiation %s is closed: it takes nothing new",
		                    pl_record_get(neg, "ref"));
	return 0;
}

int pl_negotiation_new(struct pl_db *db, const struct pl_actor *actor, const struct pl_kv *kv,
                       size_t n, char ref_out[PL_NEG_REF_MAX], struct pl_error *err)
{
	struct pl_record r;
	char ref[PL_NEG_REF_MAX];
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_EDIT, err)))
		return rc;
	if (pl_record_init(&r, pl_entity(PL_ENT_NEGOTIATION)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = neg_from_kv(&r, kv, n, &set, "a change of status", err)))
		goto out;
	if (!pl_record_get(&r, "title")) {
		rc = pl_error_set(err, PL_EDATA, "negotiation: title: required");
		goto out;
	}
	if (!pl_record_get(&r, "format") && (rc = neg_set(&r, "format", "direct", err)))
		goto out;
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = neg_set(&r, "status", "preparing", err)) ||
	    (rc = record_insert_ref(db, actor, &r, "N", "negotiation.new", ref, sizeof(ref), err)))
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

int pl_negotiation_get(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                       struct pl_record *out, struct pl_error *err)
{
	const struct store_bind b[] = {SB_S(ref)};
	int rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_SHOW, err);
	if (rc)
		return rc;
	return store_query_one(db->st, pl_entity(PL_ENT_NEGOTIATION), NEG_SELECT "WHERE n.ref = ?",
	                       b, 1, out, ref, err);
}

int pl_negotiation_list(struct pl_db *db, const struct pl_actor *actor, const char *status,
                        pl_record_cb cb, void *ctx, struct pl_error *err)
{
	const struct store_bind b[] = {SB_S(status)};
	int rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_SHOW, err);
	if (rc)
		return rc;
	if (status && !pl_token_in(status, pl_negotiation_statuses)) {
		char all[128];
		pl_tokens_join(pl_negotiation_statuses, all, sizeof(all));
		return pl_error_set(err, PL_EUSAGE, "negotiation: status: '%s' is none of %s",
		                    status, all);
	}
	return store_query(db->st, pl_entity(PL_ENT_NEGOTIATION),
	                   NEG_SELECT "WHERE ?1 IS NULL OR n.status = ?1 ORDER BY n.id DESC", b, 1,
	                   cb, ctx, err);
}

/* Loads the row named ref of ent (neg_load, session_load, ...) and applies the fields of
 * kv to it as action, in one transaction. */
static int
edit_row(struct pl_db *db, const struct pl_actor *actor, enum pl_op op, enum pl_entity_id ent,
         const char *ref, const struct pl_kv *kv, size_t n, const char *action,
         int (*load)(struct pl_db *, const char *, struct pl_record *, struct pl_error *),
         int (*check)(struct pl_db *, const struct pl_record *, struct pl_error *),
         struct pl_error *err)
{
	struct pl_record cur = {0}, upd;
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, op, err)))
		return rc;
	if (!n)
		return pl_error_set(err, PL_EUSAGE, "%s: nothing to change", pl_entity(ent)->name);
	if (pl_record_init(&upd, pl_entity(ent)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = neg_from_kv(&upd, kv, n, &set, "a change of status", err)))
		goto out;
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = load(db, ref, &cur, err)))
		goto fail;
	/* the row as it would be, checked whole */
	for (size_t i = 0; i < upd.ent->nfields; i++)
		if (set & BIT(i)) {
			char *t = upd.v[i];
			upd.v[i] = cur.v[i];
			cur.v[i] = t;
		}
	rc = check ? check(db, &cur, err) : 0;
	for (size_t i = 0; i < upd.ent->nfields; i++)
		if (set & BIT(i)) {
			char *t = upd.v[i];
			upd.v[i] = cur.v[i];
			cur.v[i] = t;
		}
	if (rc || (rc = record_update_audited(db, actor, &cur, &upd, set, action, ref, NULL, err)))
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

int pl_negotiation_edit(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                        const struct pl_kv *kv, size_t n, struct pl_error *err)
{
	return edit_row(db, actor, PL_OP_NEGOTIATION_EDIT, PL_ENT_NEGOTIATION, ref, kv, n,
	                "negotiation.edit", neg_load, NULL, err);
}

int pl_negotiation_set_status(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                              const char *status, const char *reason, struct pl_error *err)
{
	struct pl_record cur = {0}, upd;
	char next[128], *why = NULL;
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_EDIT, err)))
		return rc;
	if (!status || !pl_token_in(status, pl_negotiation_statuses)) {
		pl_tokens_join(pl_negotiation_statuses, next, sizeof(next));
		return pl_error_set(err, PL_EUSAGE, "negotiation: status: '%s' is none of %s",
		                    status ? status : "", next);
	}
	if (reason &&
	    pl_field_normalize(&pl_entity(PL_ENT_NEGOTIATION)
	                                ->fields[pl_field_index(pl_entity(PL_ENT_NEGOTIATION),
	                                                        "status_reason")],
	                       reason, &why, err))
		return PL_EDATA;
	if ((!strcmp(status, "suspended") || !strcmp(status, "closed")) && !why) {
		rc = pl_error_set(err, PL_EUSAGE, "negotiation: %s needs a reason", status);
		goto out0;
	}
	if (pl_record_init(&upd, pl_entity(PL_ENT_NEGOTIATION))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out0;
	}
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = neg_load(db, ref, &cur, err)))
		goto fail;
	if (!pl_negotiation_transition_ok(pl_record_get(&cur, "status"), status)) {
		pl_negotiation_status_next(pl_record_get(&cur, "status"), next, sizeof(next));
		rc = pl_error_set(err, PL_EDATA,
		                  "negotiation %s: %s cannot become %s (possible: %s)", ref,
		                  pl_record_get(&cur, "status"), status, next);
		goto fail;
	}
	set = BIT(pl_field_index(upd.ent, "status")) |
	      BIT(pl_field_index(upd.ent, "status_reason"));
	if ((rc = neg_set(&upd, "status", status, err)) ||
	    (rc = neg_set(&upd, "status_reason", why, err)) ||
	    (rc = record_update_audited(db, actor, &cur, &upd, set, "negotiation.status", ref, NULL,
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
out0:
	pl_free(why);
	return rc;
}

int pl_negotiation_link(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                        const char *exchange_ref, const char *note, struct pl_error *err)
{
	struct pl_record neg = {0}, x = {0}, l;
	struct pl_kv kv[1] = {{"note", note}};
	uint64_t set;
	long long other;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_EDIT, err)))
		return rc;
	if (pl_record_init(&l, pl_entity(PL_ENT_NEG_EXCHANGE)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = record_from_kv(&l, kv, note ? 1 : 0, &set, err)))
		goto out;
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = neg_load(db, ref, &neg, err)) ||
	    (rc = store_exchange_by_ref(db->st, exchange_ref, &x, err)))
		goto fail;
	{
		const struct store_bind b[] = {SB_I(x.id)};
		struct pl_record o;
		if ((rc = store_query_int(db->st,
		                          "SELECT negotiation_id FROM negotiation_exchanges WHERE "
		                          "exchange_id = ?",
		                          b, 1, &other, err)))
			goto fail;
		if (other) {
			if (!(rc = neg_row(db, PL_ENT_NEGOTIATION, other, &o, err))) {
				rc = pl_error_set(err, PL_EDATA,
				                  "exchange %s is already linked to %s",
				                  exchange_ref, pl_record_get(&o, "ref"));
				pl_record_release(&o);
			}
			goto fail;
		}
	}
	if ((rc = neg_set_id(&l, "negotiation_id", neg.id, err)) ||
	    (rc = neg_set_id(&l, "exchange_id", x.id, err)) ||
	    (rc = neg_set_id(&l, "author_id", actor->account_id, err)) ||
	    (rc = neg_set(&l, "recorded", db->tx_time, err)) ||
	    (rc = record_insert_audited(db, actor, &l, "negotiation.link", ref, NULL, err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (neg.v)
		pl_record_release(&neg);
	if (x.v)
		pl_record_release(&x);
	pl_record_release(&l);
	return rc;
}

/* --- sessions --- */

long pl_session_minutes(const char *started, const char *ended)
{
	int y1, mo1, d1, h1, mi1, y2, mo2, d2, h2, mi2;
	long a, b;
	if (!started || !ended ||
	    sscanf(started, "%4d-%2d-%2dT%2d:%2d", &y1, &mo1, &d1, &h1, &mi1) != 5 ||
	    sscanf(ended, "%4d-%2d-%2dT%2d:%2d", &y2, &mo2, &d2, &h2, &mi2) != 5)
		return -1;
	a = pl_days_from_civil(y1, (unsigned)mo1, (unsigned)d1) * 1440 + h1 * 60 + mi1;
	b = pl_days_from_civil(y2, (unsigned)mo2, (unsigned)d2) * 1440 + h2 * 60 + mi2;
	return b < a ? -1 : b - a;
}

#define STR_(x) #x
#define STR(x) STR_(x)
#define SESSION_SELECT                                                                             \
	"SELECT s.*, n.ref AS negotiation, coalesce(n.session_hours, " STR(                        \
	        PL_SESSION_HOURS_DEFAULT) ") AS limit_hours, a.login AS author FROM "              \
	                                  "negotiation_sessions s JOIN negotiations n ON n.id = "  \
	                                  "s.negotiation_id LEFT JOIN "                            \
	                                  "accounts a ON a.id = s.author_id "

/* What a psychologist (who may not see the negotiation) is not shown of a session. */
static const char *const session_prep[] = {"summary", "outcome",     "objectives", "walk_away",
                                           "batna",   "their_batna", "note",       NULL};

/* A session row as the actor may see it, with its length and whether it was long. */
static int session_view(const struct pl_actor *actor, struct pl_record *r)
{
	long minutes = pl_session_minutes(pl_record_get(r, "started"), pl_record_get(r, "ended"));
	const char *lim = pl_record_get(r, "limit_hours");
	long hours = lim ? strtol(lim, NULL, 10) : PL_SESSION_HOURS_DEFAULT;
	char buf[24];
	if (!pl_roles_may(pl_actor_roles(actor), PL_OP_NEGOTIATION_SHOW))
		for (const char *const *f = session_prep; *f; f++) {
			int i = pl_field_index(r->ent, *f);
			pl_free(r->v[i]);
			r->v[i] = NULL;
			r->restricted |= BIT(i);
		}
	snprintf(buf, sizeof(buf), "%ld", minutes);
	if (pl_record_add_extra(r, "minutes", minutes >= 0 ? buf : NULL) ||
	    pl_record_add_extra(r, "long", minutes >= 0 && minutes > hours * 60 ? "yes" : "no"))
		return -1;
	return 0;
}

struct session_cb {
	const struct pl_actor *actor;
	pl_record_cb cb;
	void *ctx;
	struct pl_error *err;
};

static int session_one(void *ctx, const struct pl_record *r)
{
	struct session_cb *c = ctx;
	if (session_view(c->actor, (struct pl_record *)r))
		return pl_error_set(c->err, PL_EDATA, "out of memory");
	return c->cb(c->ctx, r);
}

int pl_session_get(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                   struct pl_record *out, struct pl_error *err)
{
	const struct store_bind b[] = {SB_S(ref)};
	int rc = pl_authorize(db, actor, PL_OP_SESSION_SHOW, err);
	if (rc || (rc = store_query_one(db->st, pl_entity(PL_ENT_SESSION),
	                                SESSION_SELECT "WHERE s.ref = ?", b, 1, out, ref, err)))
		return rc;
	if (session_view(actor, out)) {
		pl_record_release(out);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	return 0;
}

int pl_session_list(struct pl_db *db, const struct pl_actor *actor, const char *negotiation_ref,
                    pl_record_cb cb, void *ctx, struct pl_error *err)
{
	struct session_cb c = {actor, cb, ctx, err};
	struct store_bind b[] = {SB_I(0)};
	int rc = pl_authorize(db, actor, PL_OP_SESSION_SHOW, err);
	if (rc)
		return rc;
	if (negotiation_ref) {
		struct pl_record neg;
		if ((rc = neg_load(db, negotiation_ref, &neg, err)))
			return rc;
		b[0].i = neg.id;
		pl_record_release(&neg);
	}
	return store_query(db->st, pl_entity(PL_ENT_SESSION),
	                   SESSION_SELECT "WHERE ?1 = 0 OR s.negotiation_id = ?1 ORDER BY "
	                                  "s.negotiation_id, s.number",
	                   b, 1, session_one, &c, err);
}

/* Checks a session as it would be stored: it ends after it starts, and the counterparts it
 * expects exist (their references rewritten in upper case, joined by ';'). */
static int session_check(struct pl_db *db, const struct pl_record *s, struct pl_error *err)
{
	const char *started = pl_record_get(s, "started"), *ended = pl_record_get(s, "ended");
	const char *cps = pl_record_get(s, "counterparts");
	if (ended && pl_session_minutes(started, ended) < 0)
		return pl_error_set(err, PL_EDATA, "session: ended: %s is before it began (%s)",
		                    ended, started);
	for (const char *p = cps; p && *p;) {
		size_t len = strcspn(p, ";");
		char ref[PL_NEG_REF_MAX];
		long long id;
		const struct store_bind b[] = {SB_S(ref)};
		int rc;
		while (len && p[len - 1] == ' ')
			len--;
		if (len >= sizeof(ref) || !len)
			return pl_error_set(
			        err, PL_EDATA,
			        "session: counterparts: '%.*s' is no counterpart reference "
			        "(C-0001)",
			        (int)(len ? len : strcspn(p, ";")), p);
		for (size_t i = 0; i < len; i++)
			ref[i] = (char)(p[i] >= 'a' && p[i] <= 'z' ? p[i] - 32 : p[i]);
		ref[len] = '\0';
		if ((rc = store_query_int(db->st, "SELECT id FROM counterparts WHERE ref = ?", b, 1,
		                          &id, err)))
			return rc;
		if (!id)
			return pl_error_set(err, PL_ENOTFOUND,
			                    "session: counterparts: no counterpart %s", ref);
		p += strcspn(p, ";");
		while (*p == ';' || *p == ' ')
			p++;
	}
	return 0;
}

/* counterparts of s in upper case, joined by ';' without spaces. */
static int session_canon(struct pl_record *s, struct pl_error *err)
{
	int i = pl_field_index(s->ent, "counterparts");
	char *v = s->v[i], *w = v, *r = v;
	if (!v)
		return 0;
	(void)err;
	for (; *r; r++) {
		if (*r == ' ')
			continue;
		if (*r == ';' && (w == v || w[-1] == ';'))
			continue;
		*w++ = (char)(*r >= 'a' && *r <= 'z' ? *r - 32 : *r);
	}
	if (w > v && w[-1] == ';')
		w--;
	*w = '\0';
	if (!*v) {
		pl_free(v);
		s->v[i] = NULL;
	}
	return 0;
}

int pl_session_add(struct pl_db *db, const struct pl_actor *actor, const char *negotiation_ref,
                   const struct pl_kv *kv, size_t n, char ref_out[PL_NEG_REF_MAX],
                   struct pl_error *err)
{
	struct pl_record r, neg = {0};
	char ref[PL_NEG_REF_MAX];
	long long round;
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_EDIT, err)))
		return rc;
	if (pl_record_init(&r, pl_entity(PL_ENT_SESSION)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = neg_from_kv(&r, kv, n, &set, "parley", err)) || (rc = session_canon(&r, err)))
		goto out;
	if (!pl_record_get(&r, "started")) {
		rc = pl_error_set(err, PL_EDATA, "session: started: required");
		goto out;
	}
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = neg_load(db, negotiation_ref, &neg, err)) || (rc = neg_open_check(&neg, err)) ||
	    (rc = session_check(db, &r, err)))
		goto fail;
	{
		const struct store_bind b[] = {SB_I(neg.id)};
		if ((rc = store_query_int(db->st,
		                          "SELECT coalesce(max(number), 0) + 1 FROM "
		                          "negotiation_sessions WHERE negotiation_id = ?",
		                          b, 1, &round, err)))
			goto fail;
	}
	if ((rc = neg_set_id(&r, "negotiation_id", neg.id, err)) ||
	    (rc = neg_set_id(&r, "number", round, err)) ||
	    (rc = record_insert_ref(db, actor, &r, "S", "session.add", ref, sizeof(ref), err)))
		goto fail;
	if ((rc = store_commit(db, err)))
		goto out;
	if (ref_out)
		snprintf(ref_out, PL_NEG_REF_MAX, "%s", ref);
	goto out;
fail:
	store_rollback(db);
out:
	if (neg.v)
		pl_record_release(&neg);
	pl_record_release(&r);
	return rc;
}

static int session_edit_check(struct pl_db *db, const struct pl_record *s, struct pl_error *err)
{
	session_canon((struct pl_record *)s, err);
	return session_check(db, s, err);
}

int pl_session_edit(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                    const struct pl_kv *kv, size_t n, struct pl_error *err)
{
	return edit_row(db, actor, PL_OP_NEGOTIATION_EDIT, PL_ENT_SESSION, ref, kv, n,
	                "session.edit", session_load, session_edit_check, err);
}

/* --- welfare notes --- */

int pl_welfare_add(struct pl_db *db, const struct pl_actor *actor, const char *session_ref,
                   const struct pl_kv *kv, size_t n, long long *id_out, struct pl_error *err)
{
	struct pl_record r, s = {0};
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_WELFARE_ADD, err)))
		return rc;
	if (pl_record_init(&r, pl_entity(PL_ENT_WELFARE)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = neg_from_kv(&r, kv, n, &set, "parley", err)) || (rc = neg_required(&r, err)))
		goto out;
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = session_load(db, session_ref, &s, err)) ||
	    (rc = neg_set_id(&r, "session_id", s.id, err)) ||
	    (rc = neg_set_id(&r, "author_id", actor->account_id, err)) ||
	    (rc = neg_set(&r, "recorded", db->tx_time, err)) ||
	    (rc = record_insert_audited(db, actor, &r, "welfare.add", session_ref, id_out, err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (s.v)
		pl_record_release(&s);
	pl_record_release(&r);
	return rc;
}

int pl_welfare_list(struct pl_db *db, const struct pl_actor *actor, const char *session_ref,
                    pl_record_cb cb, void *ctx, struct pl_error *err)
{
	struct rec_vec ns = {0};
	struct strbuf ids = STRBUF_INIT;
	struct store_bind b[] = {SB_I(0)};
	int rc = pl_authorize(db, actor, PL_OP_WELFARE_SHOW, err);
	if (rc)
		return rc;
	if (session_ref) {
		struct pl_record s;
		if ((rc = session_load(db, session_ref, &s, err)))
			return rc;
		b[0].i = s.id;
		pl_record_release(&s);
	}
	rc = rec_vec_query(db, PL_ENT_WELFARE,
	                   "SELECT w.*, s.ref AS session, a.login AS author FROM welfare_notes w "
	                   "JOIN negotiation_sessions s ON s.id = w.session_id LEFT JOIN accounts "
	                   "a ON a.id = w.author_id WHERE ?1 = 0 OR w.session_id = ?1 ORDER BY "
	                   "w.id",
	                   b, 1, &ns, err);
	/* every note read is recorded before it is shown */
	for (size_t i = 0; !rc && i < ns.n; i++)
		strbuf_addf(&ids, "%s%lld", i ? "," : "", ns.v[i].id);
	if (!rc && ns.n) {
		if (ids.failed)
			rc = pl_error_set(err, PL_EDATA, "out of memory");
		else
			rc = audit_note(db, actor, "welfare.read", "welfare_notes", ns.v[0].id,
			                session_ref, ids.buf, err);
	}
	for (size_t i = 0; !rc && i < ns.n; i++)
		rc = cb(ctx, &ns.v[i]);
	rec_vec_release(&ns);
	strbuf_release(&ids);
	return rc;
}
