/* lists.c - the request and agreed lists of an exchange, and its stages: who crossed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/alloc.h"
#include "parley/strbuf.h"
#include "exchange-int.h"
#include "banned.h"

/* Statuses a person may be in to go on a list (",a,b,"). */
static const char *list_statuses(const char *list, const char *side)
{
	if (!strcmp(side, "give"))
		return ",held,";
	return !strcmp(list, "agreed") ? ",confirmed," : ",confirmed,probable,";
}

static int in_set(const char *set, const char *v)
{
	char needle[40];
	snprintf(needle, sizeof(needle), ",%s,", v ? v : "");
	return strstr(set, needle) != NULL;
}

static int open_exchange(const char *status)
{
	return status && (!strcmp(status, "draft") || !strcmp(status, "proposed") ||
	                  !strcmp(status, "agreed") || !strcmp(status, "executing"));
}

struct entry_find {
	long long exchange_id;
	const char *list, *side;
	long long same_id;               /* an active entry on this very list */
	char other[PL_EXCHANGE_REF_MAX]; /* an open exchange with the person on a list */
	char other_list[16];
};

static int entry_find_one(void *ctx, const struct pl_record *e)
{
	struct entry_find *f = ctx;
	if (xget_id(e, "exchange_id") == f->exchange_id) {
		if (!strcmp(pl_record_get(e, "list"), f->list) &&
		    !strcmp(pl_record_get(e, "side"), f->side))
			f->same_id = e->id;
	} else if (open_exchange(pl_record_get(e, "exchange_status")) && !f->other[0]) {
		snprintf(f->other, sizeof(f->other), "%s", pl_record_get(e, "exchange_ref"));
		snprintf(f->other_list, sizeof(f->other_list), "%s", pl_record_get(e, "list"));
	}
	return 0;
}

static int check_tokens(const char *what, const char *v, const char *const *tokens,
                        struct pl_error *err)
{
	char list[128];
	if (v && pl_token_in(v, tokens))
		return 0;
	pl_tokens_join(tokens, list, sizeof(list));
	return pl_error_set(err, PL_EUSAGE, "%s: '%s' is not one of %s", what, v ? v : "", list);
}

/* 1 when person p is named by a term of side in f. */
static int named_in(const struct pl_formula *f, enum pl_formula_side side, const char *ref)
{
	for (size_t i = 0, n = pl_formula_nterms(f); i < n; i++) {
		struct pl_formula_term t;
		pl_formula_term(f, i, &t);
		if (t.side == side && t.kind == PL_TERM_NAMED && t.ref && !strcmp(t.ref, ref))
			return 1;
	}
	return 0;
}

/*
 * Whether person p may join side's list of exchange x under its formula f (the list is
 * cur): its total's selector, the count, and no constraint pushed over its bound.
 * PL_EDATA with the reason in words.
 */
static int terms_allow(const struct pl_record *x, const struct pl_formula *f, const char *side,
                       const struct person_vec *cur, const struct pl_record *p, const char *today,
                       int bulk, struct pl_error *err)
{
	enum pl_formula_side fs = exchange_formula_side(side);
	const char *ref = pl_record_get(p, "ref"), *xref = pl_record_get(x, "ref");
	int ti = pl_formula_total(f, fs);
	struct pl_formula_term t;
	struct pl_term_check chk[64];
	struct pl_record *all;
	char why[256] = "", day[11] = "";
	long unnamed = 0;
	size_t nchk = 0;
	int rc;
	if (ti < 0)
		return pl_error_set(err, PL_EDATA, "%s: its terms say nothing of the %s side", xref,
		                    side);
	if (named_in(f, fs, ref))
		return 0; /* named in the terms: on the list whatever the count */
	pl_formula_term(f, (size_t)ti, &t);
	/* ages and time in captivity are counted to the day it was agreed, else today */
	snprintf(day, sizeof(day), "%s",
	         pl_record_get(x, "agreed_date") && strlen(pl_record_get(x, "agreed_date")) == 10
	                 ? pl_record_get(x, "agreed_date")
	                 : today);
	switch (pl_formula_matches(f, (size_t)ti, p, day[0] ? day : NULL, why, sizeof(why))) {
	case PL_TV_YES:
		break;
	case PL_TV_UNKNOWN:
		return pl_error_set(err, PL_EDATA,
		                    "%s does not go on the list: the terms say '%s' "
		                    "and a value it asks for is not known (%s)",
		                    ref, t.text, why[0] ? why : "unknown");
	default:
		if (!why[0])
			exchange_explain(t.selector, p, why, sizeof(why));
		return pl_error_set(err, PL_EDATA,
		                    "%s does not go on the list: the terms say '%s'%s%s%s", ref,
		                    t.text, why[0] ? " (" : "", why, why[0] ? ")" : "");
	}
	if (bulk)
		return 0; /* the list as a whole is checked once it is whole */
	for (size_t i = 0; i < cur->n; i++)
		if (!named_in(f, fs, pl_record_get(&cur->v[i], "ref")))
			unnamed++;
	if (t.count >= 0 && unnamed >= t.count)
		return pl_error_set(err, PL_EDATA,
		                    "%s does not go on the list: it is full (%ld of %ld, '%s')",
		                    ref, unnamed, t.count, t.text);
	/* a constraint with an upper bound must not be pushed over it */
	if (!(all = pl_calloc(cur->n + 1, sizeof(*all))))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if (cur->n)
		memcpy(all, cur->v, cur->n * sizeof(*all));
	all[cur->n] = *p;
	rc = pl_formula_check(f, fs, all, cur->n + 1, day[0] ? day : NULL, chk,
	                      sizeof(chk) / sizeof(chk[0]), &nchk, err);
	pl_free(all);
	if (rc)
		return rc;
	for (size_t i = 0; i < nchk; i++) {
		pl_formula_term(f, chk[i].term, &t);
		if (t.kind == PL_TERM_TOTAL || t.kind == PL_TERM_NAMED || chk[i].need_max < 0)
			continue;
		if (chk[i].have > chk[i].need_max)
			return pl_error_set(
			        err, PL_EDATA,
			        "%s does not go on the list: '%s' allows %ld and it would "
			        "make %ld",
			        ref, t.text, chk[i].need_max, chk[i].have);
	}
	return 0;
}

struct policy_block {
	struct strbuf why;
};

static int block_finding(void *ctx, const struct pl_finding *f)
{
	struct policy_block *b = ctx;
	if (f->kind == PL_FIND_POLICY && f->level && !strcmp(f->level, "block"))
		strbuf_addf(&b->why, "%s%s", b->why.len ? "; " : "", f->text);
	return 0;
}

int exchange_list_add_tx(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                         const char *list, const char *side, const char *person_ref, const char *nt,
                         int bulk, struct pl_error *err)
{
	struct pl_record x = {0}, p = {0}, e = {0};
	struct person_vec cur = {0};
	struct pl_formula *f = NULL;
	struct entry_find ef = {0};
	struct policy_block pb = {STRBUF_INIT};
	char today[11], source[64];
	const char *xstatus, *pstatus;
	int blocking = 0, rc;

	if ((rc = exchange_load(db, ref, &x, err)) ||
	    (rc = exchange_person(db, person_ref, &p, err)))
		goto fail;
	xstatus = pl_record_get(&x, "status");
	pstatus = pl_record_get(&p, "status");
	if (!strcmp(list, "agreed") ? strcmp(xstatus, "agreed") && strcmp(xstatus, "executing")
	                            : !open_exchange(xstatus) || !strcmp(xstatus, "executing")) {
		rc = pl_error_set(err, PL_EDATA, "%s is %s: %s", ref, xstatus,
		                  !strcmp(list, "agreed")
		                          ? "persons go on its agreed lists once it is agreed"
		                          : "its request lists are made before it is carried out");
		goto fail;
	}
	if (strcmp(pl_record_get(&p, "side"), exchange_person_side(side))) {
		rc = pl_error_set(err, PL_EDATA, "%s is a %s: the %s side lists %ss", person_ref,
		                  pl_record_get(&p, "side"), side, exchange_person_side(side));
		goto fail;
	}
	ef.exchange_id = x.id;
	ef.list = list;
	ef.side = side;
	if ((rc = store_list_entries(db->st, 0, NULL, NULL, p.id, 1, entry_find_one, &ef, err)))
		goto fail;
	if (ef.same_id) {
		rc = pl_error_set(err, PL_EDATA, "%s is on the %s list of %s already", person_ref,
		                  list, ref);
		goto fail;
	}
	if (ef.other[0]) {
		rc = pl_error_set(err, PL_EDATA, "%s is on the %s list of %s, still open",
		                  person_ref, ef.other_list, ef.other);
		goto fail;
	}
	if (!in_set(list_statuses(list, side), pstatus)) {
		rc = pl_error_set(err, PL_EDATA, "%s is %s: %s", person_ref, pstatus,
		                  !strcmp(side, "give") ? "only a detainee we hold goes on a list"
		                  : !strcmp(list, "agreed")
		                          ? "a captive goes on an agreed list once captivity is "
		                            "confirmed"
		                          : "a captive is requested once captivity is confirmed or "
		                            "probable");
		goto fail;
	}
	xtoday(db, today);
	if ((rc = exchange_formula(&x, &f, err)))
		goto fail;
	if (f) {
		if ((!bulk && (rc = exchange_list_persons(db, x.id, list, side, &cur, err))) ||
		    (rc = terms_allow(&x, f, side, &cur, &p, today, bulk, err)))
			goto fail;
	} else if (!strcmp(list, "agreed")) {
		rc = pl_error_set(err, PL_EDATA, "%s has no terms", ref);
		goto fail;
	}
	if (!bulk && (rc = policy_run(db, &x, side, &p, block_finding, &pb, &blocking, err)))
		goto fail;
	if (blocking) {
		rc = pl_error_set(err, PL_EDATA, "%s does not go on the list: %s", person_ref,
		                  pb.why.failed ? "a policy rule at level block" : pb.why.buf);
		goto fail;
	}
	if (pl_record_init(&e, pl_entity(PL_ENT_LIST_ENTRY))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto fail;
	}
	if ((rc = xset_id(&e, "exchange_id", x.id, err)) || (rc = xset(&e, "list", list, err)) ||
	    (rc = xset(&e, "side", side, err)) || (rc = xset_id(&e, "person_id", p.id, err)) ||
	    (rc = xset(&e, "note", nt, err)) ||
	    (rc = xset_id(&e, "author_id", actor->account_id, err)) ||
	    (rc = xset(&e, "recorded", db->tx_time, err)) ||
	    (rc = record_insert_audited(db, actor, &e, "exchange.list", ref, NULL, err)))
		goto fail;
	if (!strcmp(list, "agreed")) {
		xtoday(db, today);
		snprintf(source, sizeof(source), "exchange %s", ref);
		if ((rc = person_status_move(db, actor, &p, "listed", today, source, NULL, 0,
		                             "exchange.list", err)))
			goto fail;
	}
fail:
	if (x.v)
		pl_record_release(&x);
	if (p.v)
		pl_record_release(&p);
	if (e.v)
		pl_record_release(&e);
	person_vec_release(&cur);
	pl_formula_free(f);
	strbuf_release(&pb.why);
	return rc;
}

int pl_exchange_list_add(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                         const char *list, const char *side, const char *person_ref,
                         const char *note, struct pl_error *err)
{
	const struct pl_field note_f = {"note", PL_V_TEXT, 0, NULL, 2000, NULL, NULL};
	char *nt = NULL;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_EDIT, err)))
		return rc;
	if ((rc = check_tokens("list", list, pl_exchange_lists, err)) ||
	    (rc = check_tokens("side", side, pl_exchange_sides, err)) ||
	    (rc = pl_field_normalize(&note_f, note, &nt, err)))
		return rc;
	if (!(rc = store_begin(db, err))) {
		if ((rc = exchange_list_add_tx(db, actor, ref, list, side, person_ref, nt, 0, err)))
			store_rollback(db);
		else
			rc = store_commit(db, err);
	}
	pl_free(nt);
	return rc;
}

int exchange_list_remove_tx(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                            const char *list, const char *side, const char *person_ref,
                            const char *why, struct pl_error *err)
{
	struct pl_record x = {0}, p = {0}, e = {0};
	struct entry_find ef = {0};
	char today[11], source[64];
	int rc;
	if ((rc = exchange_load(db, ref, &x, err)) ||
	    (rc = exchange_person(db, person_ref, &p, err)))
		goto fail;
	if (!open_exchange(pl_record_get(&x, "status"))) {
		rc = pl_error_set(err, PL_EDATA, "%s is %s: its lists are closed", ref,
		                  pl_record_get(&x, "status"));
		goto fail;
	}
	ef.exchange_id = x.id;
	ef.list = list;
	ef.side = side;
	if ((rc = store_list_entries(db->st, x.id, list, side, p.id, 1, entry_find_one, &ef, err)))
		goto fail;
	if (!ef.same_id) {
		rc = pl_error_set(err, PL_EDATA, "%s is not on the %s list of the %s side of %s",
		                  person_ref, list, side, ref);
		goto fail;
	}
	if ((rc = store_get(db->st, pl_entity(PL_ENT_LIST_ENTRY), ef.same_id, &e, err)) ||
	    (rc = xset(&e, "removed", db->tx_time, err)) ||
	    (rc = xset(&e, "removed_reason", why, err)) ||
	    (rc = store_update(db, &e,
	                       BIT(pl_field_index(e.ent, "removed")) |
	                               BIT(pl_field_index(e.ent, "removed_reason")),
	                       err)) ||
	    (rc = audit_write(db, actor, "exchange.unlist", "exchange_lists", e.id, ref,
	                      "removed,removed_reason", err)))
		goto fail;
	if (!strcmp(list, "agreed") && !strcmp(pl_record_get(&p, "status"), "listed")) {
		xtoday(db, today);
		snprintf(source, sizeof(source), "exchange %s", ref);
		if ((rc = person_status_move(db, actor, &p,
		                             !strcmp(side, "receive") ? "confirmed" : "held", today,
		                             source, why, 0, "exchange.unlist", err)))
			goto fail;
	}
fail:
	if (x.v)
		pl_record_release(&x);
	if (p.v)
		pl_record_release(&p);
	if (e.v)
		pl_record_release(&e);
	return rc;
}

int exchange_lists_hold_tx(struct pl_db *db, const char *ref, const char *list,
                           struct pl_error *err)
{
	static const char *const sides[] = {"receive", "give"};
	struct pl_record x = {0};
	struct pl_formula *f = NULL;
	struct policy_block pb = {STRBUF_INIT};
	char today[11], day[11];
	int blocking = 0, rc;
	if ((rc = exchange_load(db, ref, &x, err)) || (rc = exchange_formula(&x, &f, err)))
		goto out;
	xtoday(db, today);
	snprintf(day, sizeof(day), "%s",
	         pl_record_get(&x, "agreed_date") && strlen(pl_record_get(&x, "agreed_date")) == 10
	                 ? pl_record_get(&x, "agreed_date")
	                 : today);
	for (int s = 0; f && !rc && s < 2; s++) {
		enum pl_formula_side fs = exchange_formula_side(sides[s]);
		struct person_vec cur = {0};
		struct pl_term_check chk[64];
		struct pl_formula_term t;
		size_t nchk = 0;
		long unnamed = 0;
		int ti = pl_formula_total(f, fs);
		if (ti < 0)
			continue;
		if ((rc = exchange_list_persons(db, x.id, list, sides[s], &cur, err)))
			break;
		for (size_t i = 0; i < cur.n; i++)
			unnamed += !named_in(f, fs, pl_record_get(&cur.v[i], "ref"));
		pl_formula_term(f, (size_t)ti, &t);
		if (t.count >= 0 && unnamed > t.count)
			rc = pl_error_set(err, PL_EDATA, "the %s list of %s would hold %ld: '%s'",
			                  sides[s], ref, unnamed, t.text);
		if (!rc && cur.n)
			rc = pl_formula_check(f, fs, cur.v, cur.n, day, chk,
			                      sizeof(chk) / sizeof(chk[0]), &nchk, err);
		for (size_t i = 0; !rc && i < nchk && i < sizeof(chk) / sizeof(chk[0]); i++) {
			pl_formula_term(f, chk[i].term, &t);
			if (t.kind != PL_TERM_TOTAL && t.kind != PL_TERM_NAMED &&
			    chk[i].need_max >= 0 && chk[i].have > chk[i].need_max)
				rc = pl_error_set(
				        err, PL_EDATA,
				        "the %s list of %s would break '%s': it allows %ld and "
				        "would hold %ld",
				        sides[s], ref, t.text, chk[i].need_max, chk[i].have);
		}
		person_vec_release(&cur);
	}
	if (rc || (rc = policy_run(db, &x, NULL, NULL, block_finding, &pb, &blocking, err)))
		goto out;
	if (blocking)
		rc = pl_error_set(err, PL_EDATA,
		                  "the lists of %s break a policy rule at level block: %s", ref,
		                  pb.why.failed ? "(out of memory)" : pb.why.buf);
out:
	if (x.v)
		pl_record_release(&x);
	pl_formula_free(f);
	strbuf_release(&pb.why);
	return rc;
}

int pl_exchange_list_remove(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                            const char *list, const char *side, const char *person_ref,
                            const char *reason, struct pl_error *err)
{
	const struct pl_field reason_f = {"reason", PL_V_TEXT, 0, NULL, 1000, NULL, NULL};
	char *why = NULL;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_EDIT, err)))
		return rc;
	if ((rc = check_tokens("list", list, pl_exchange_lists, err)) ||
	    (rc = check_tokens("side", side, pl_exchange_sides, err)) ||
	    (rc = pl_field_normalize(&reason_f, reason, &why, err)))
		return rc;
	if (!why)
		return pl_error_set(err, PL_EDATA,
		                    "list entry: taking a person off needs a reason");
	if (!(rc = store_begin(db, err))) {
		if ((rc = exchange_list_remove_tx(db, actor, ref, list, side, person_ref, why,
		                                  err)))
			store_rollback(db);
		else
			rc = store_commit(db, err);
	}
	pl_free(why);
	return rc;
}

struct members_ctx {
	struct pl_db *db;
	const struct pl_actor *actor;
	pl_record_cb cb;
	void *ctx;
	struct pl_error *err;
	int handovers;
};

static int member_one(void *ctx, const struct pl_record *e)
{
	struct members_ctx *c = ctx;
	struct pl_record p;
	int rc =
	        store_get(c->db->st, pl_entity(PL_ENT_PERSON), xget_id(e, "person_id"), &p, c->err);
	if (rc)
		return rc;
	if ((rc = person_redact_full(c->db, c->actor, &p, 0, NULL, c->err)))
		goto out;
	if (c->handovers) {
		if (pl_record_add_extra(&p, "stage", pl_record_get(e, "stage")) ||
		    pl_record_add_extra(&p, "side", pl_record_get(e, "side")) ||
		    pl_record_add_extra(&p, "on_the_spot", pl_record_get(e, "on_the_spot")) ||
		    pl_record_add_extra(&p, "stage_date", pl_record_get(e, "stage_date"))) {
			rc = pl_error_set(c->err, PL_EDATA, "out of memory");
			goto out;
		}
	} else if (pl_record_add_extra(&p, "list", pl_record_get(e, "list")) ||
	           pl_record_add_extra(&p, "side", pl_record_get(e, "side"))) {
		rc = pl_error_set(c->err, PL_EDATA, "out of memory");
		goto out;
	}
	rc = c->cb(c->ctx, &p);
out:
	pl_record_release(&p);
	return rc;
}

int pl_exchange_list_members(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                             const char *list, const char *side, pl_record_cb cb, void *ctx,
                             struct pl_error *err)
{
	struct members_ctx c = {db, actor, cb, ctx, err, 0};
	struct pl_record x;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_SHOW, err)))
		return rc;
	if ((list && (rc = check_tokens("list", list, pl_exchange_lists, err))) ||
	    (side && (rc = check_tokens("side", side, pl_exchange_sides, err))))
		return rc;
	if ((rc = store_exchange_by_ref(db->st, ref, &x, err)))
		return rc;
	rc = store_list_entries(db->st, x.id, list, side, 0, 1, member_one, &c, err);
	pl_record_release(&x);
	return rc;
}

int pl_exchange_handovers(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                          pl_record_cb cb, void *ctx, struct pl_error *err)
{
	struct members_ctx c = {db, actor, cb, ctx, err, 1};
	struct pl_record x;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_SHOW, err)))
		return rc;
	if ((rc = store_exchange_by_ref(db->st, ref, &x, err)))
		return rc;
	rc = store_handovers(db->st, x.id, 0, member_one, &c, err);
	pl_record_release(&x);
	return rc;
}

/* --- stages --- */

static int stage_field(struct pl_record *s, const char *field, const char *v, struct pl_error *err)
{
	int i = pl_field_index(s->ent, field);
	char *c = NULL;
	int rc = pl_field_normalize(&s->ent->fields[i], v, &c, err);
	if (rc)
		return rc;
	pl_free(s->v[i]);
	s->v[i] = c;
	return 0;
}

struct crossed {
	long long person_id;
	int stage;
};

static int crossed_one(void *ctx, const struct pl_record *h)
{
	struct crossed *c = ctx;
	c->stage = (int)xget_id(h, "stage");
	return 0;
}

static int handover_insert(struct pl_db *db, const struct pl_actor *actor, const char *xref,
                           long long x_id, long long stage_id, const char *side,
                           const struct pl_record *p, int on_the_spot, struct pl_error *err)
{
	struct pl_record h;
	struct crossed c = {p->id, 0};
	int rc = store_handovers(db->st, x_id, p->id, crossed_one, &c, err);
	if (rc)
		return rc;
	if (c.stage)
		return pl_error_set(err, PL_EDATA, "%s crossed at stage %d of %s already",
		                    pl_record_get(p, "ref"), c.stage, xref);
	if (pl_record_init(&h, pl_entity(PL_ENT_HANDOVER)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if (!(rc = xset_id(&h, "stage_id", stage_id, err)) && !(rc = xset(&h, "side", side, err)) &&
	    !(rc = xset_id(&h, "person_id", p->id, err)) &&
	    !(rc = xset(&h, "on_the_spot", on_the_spot ? "yes" : "no", err)) &&
	    !(rc = xset_id(&h, "author_id", actor->account_id, err)) &&
	    !(rc = xset(&h, "recorded", db->tx_time, err)))
		rc = record_insert_audited(db, actor, &h, "exchange.stage", pl_record_get(p, "ref"),
		                           NULL, err);
	pl_record_release(&h);
	return rc;
}

int pl_exchange_stage(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                      const struct pl_stage_in *in, long *number_out, struct pl_error *err)
{
	struct pl_record x = {0}, s = {0};
	char source[96];
	long long number;
	const char *xstatus;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_EXECUTE, err)))
		return rc;
	if (!in->nreceived && !in->ngiven && !in->nadded && !in->remains_received &&
	    !in->remains_given)
		return pl_error_set(err, PL_EUSAGE, "stage: nobody crossed: name whom");
	if (pl_record_init(&s, pl_entity(PL_ENT_STAGE)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = stage_field(&s, "date", in->date, err)) ||
	    (rc = stage_field(&s, "place", in->place, err)) ||
	    (rc = stage_field(&s, "mediator", in->mediator, err)) ||
	    (rc = stage_field(&s, "note", in->note, err)) ||
	    (rc = stage_field(&s, "remains_received", in->remains_received, err)) ||
	    (rc = stage_field(&s, "remains_given", in->remains_given, err)))
		goto out;
	if (!pl_record_get(&s, "date")) {
		rc = pl_error_set(err, PL_EDATA, "stage: date: required");
		goto out;
	}
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = exchange_load(db, ref, &x, err)))
		goto fail;
	xstatus = pl_record_get(&x, "status");
	if (strcmp(xstatus, "agreed") && strcmp(xstatus, "executing")) {
		rc = pl_error_set(err, PL_EDATA, "%s is %s: stages are recorded once it is agreed",
		                  ref, xstatus);
		goto fail;
	}
	if ((rc = store_stage_next(db->st, x.id, &number, err)) ||
	    (rc = xset_id(&s, "exchange_id", x.id, err)) ||
	    (rc = xset_id(&s, "number", number, err)) ||
	    (rc = xset_id(&s, "author_id", actor->account_id, err)) ||
	    (rc = xset(&s, "recorded", db->tx_time, err)) ||
	    (rc = record_insert_audited(db, actor, &s, "exchange.stage", ref, NULL, err)))
		goto fail;
	snprintf(source, sizeof(source), "exchange %s, stage %lld", ref, number);
	for (size_t i = 0; i < in->nreceived; i++) {
		struct pl_record p;
		const char *st;
		if ((rc = exchange_person(db, in->received[i], &p, err)))
			goto fail;
		st = pl_record_get(&p, "status");
		if (strcmp(pl_record_get(&p, "side"), "captive"))
			rc = pl_error_set(err, PL_EDATA,
			                  "%s is a detainee: who came to us are captives",
			                  in->received[i]);
		else if (!strcmp(st, "returned") || !strcmp(st, "remains_returned"))
			rc = pl_error_set(
			        err, PL_EDATA,
			        "%s is %s already: whoever came is someone else (add them "
			        "as a new person)",
			        in->received[i], st);
		/* ours: the handover, as an event; they are returned when reception records
		 * their arrival (the embargo) */
		if (!rc)
			rc = handover_insert(db, actor, ref, x.id, s.id, "receive", &p, 0, err);
		if (!rc)
			rc = person_event_insert(db, actor, &p, "release",
			                         pl_record_get(&s, "date"),
			                         pl_record_get(&s, "place"), source, NULL,
			                         "exchange.stage", NULL, err);
		pl_record_release(&p);
		if (rc)
			goto fail;
	}
	for (size_t i = 0; i < in->nadded; i++) {
		struct pl_record p;
		uint64_t set;
		char pref[PL_REF_MAX];
		if (pl_record_init(&p, pl_entity(PL_ENT_PERSON))) {
			rc = pl_error_set(err, PL_EDATA, "out of memory");
			goto fail;
		}
		rc = record_from_kv(&p, in->added[i].kv, in->added[i].n, &set, err);
		if (!rc && pl_record_get(&p, "side") &&
		    strcmp(pl_record_get(&p, "side"), "captive"))
			rc = pl_error_set(err, PL_EDATA,
			                  "stage: a person added at the handover is a "
			                  "captive of ours");
		if (!rc && pl_record_get(&p, "status"))
			rc = pl_error_set(err, PL_EDATA,
			                  "stage: a person added at the handover has no "
			                  "status yet (missing until reception)");
		if (!rc && !pl_record_get(&p, "source"))
			rc = xset(&p, "source", source, err);
		if (!rc)
			rc = xset(&p, "side", "captive", err);
		if (!rc)
			rc = restricted_write_check(db, actor, &p, set, "exchange.stage", ref, err);
		if (!rc)
			rc = person_insert(db, actor, &p, "exchange.stage", pref, err);
		if (!rc)
			rc = handover_insert(db, actor, ref, x.id, s.id, "receive", &p, 1, err);
		if (!rc)
			rc = person_event_insert(
			        db, actor, &p, "release", pl_record_get(&s, "date"),
			        pl_record_get(&s, "place"), source,
			        "not in the registry before: added at the handover",
			        "exchange.stage", NULL, err);
		pl_record_release(&p);
		if (rc)
			goto fail;
	}
	for (size_t i = 0; i < in->ngiven; i++) {
		struct pl_record p;
		const char *st;
		if ((rc = exchange_person(db, in->given[i], &p, err)))
			goto fail;
		st = pl_record_get(&p, "status");
		if (strcmp(pl_record_get(&p, "side"), "detainee"))
			rc = pl_error_set(err, PL_EDATA,
			                  "%s is a captive: whom we hand over are "
			                  "detainees",
			                  in->given[i]);
		else if (strcmp(st, "held") && strcmp(st, "listed"))
			rc = pl_error_set(err, PL_EDATA,
			                  "%s is %s: only a detainee we hold is handed "
			                  "over",
			                  in->given[i], st);
		if (!rc)
			rc = handover_insert(db, actor, ref, x.id, s.id, "give", &p, 0, err);
		if (!rc)
			rc = person_status_move(db, actor, &p, "exchanged",
			                        pl_record_get(&s, "date"), source, NULL, 0,
			                        "exchange.stage", err);
		pl_record_release(&p);
		if (rc)
			goto fail;
	}
	if (!strcmp(xstatus, "agreed") &&
	    ((rc = xset(&x, "status", "executing", err)) ||
	     (rc = xset(&x, "updated", db->tx_time, err)) ||
	     (rc = store_update(db, &x,
	                        BIT(pl_field_index(x.ent, "status")) |
	                                BIT(pl_field_index(x.ent, "updated")),
	                        err)) ||
	     (rc = audit_write(db, actor, "exchange.status", "exchanges", x.id, ref, "status",
	                       err))))
		goto fail;
	if ((rc = store_commit(db, err)))
		goto out;
	if (number_out)
		*number_out = (long)number;
	goto out;
fail:
	store_rollback(db);
out:
	if (x.v)
		pl_record_release(&x);
	pl_record_release(&s);
	return rc;
}
