/* exchange.c - exchanges: their making, terms, mediators and lifecycle; incidents */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "parley/alloc.h"
#include "parley/strbuf.h"
#include "exchange-int.h"
#include "banned.h"

/* --- what the desk's files share --- */

int xset(struct pl_record *r, const char *field, const char *v, struct pl_error *err)
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

int xset_id(struct pl_record *r, const char *field, long long id, struct pl_error *err)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", id);
	return xset(r, field, buf, err);
}

long long xget_id(const struct pl_record *r, const char *field)
{
	const char *v = pl_record_get(r, field);
	return v ? strtoll(v, NULL, 10) : 0;
}

int xsame(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* s case-folded (any script), or NULL out of memory; free() it (utf8proc's). */
static char *fold(const char *s)
{
	utf8proc_uint8_t *r = NULL;
	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &r,
	                 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
	                         UTF8PROC_CASEFOLD) < 0)
		return NULL;
	return (char *)r;
}

int xfold_find(const char *hay, const char *needle, int whole)
{
	char *h, *n;
	int found = 0;
	if (!hay || !needle || !*needle)
		return 0;
	h = fold(hay);
	n = fold(needle);
	if (h && n)
		found = whole ? !strcmp(h, n) : strstr(h, n) != NULL;
	free(h);
	free(n);
	return found;
}

void xtoday(const struct pl_db *db, char out[11])
{
	snprintf(out, 11, "%.10s", db->tx_time);
}

int exchange_load(struct pl_db *db, const char *ref, struct pl_record *x, struct pl_error *err)
{
	return store_exchange_by_ref(db->st, ref, x, err);
}

int exchange_person(struct pl_db *db, const char *ref, struct pl_record *p, struct pl_error *err)
{
	int rc = store_person_by_ref(db->st, ref, p, err);
	if (rc)
		return rc;
	if ((rc = person_merged_refuse(db, p->id, ref, err)))
		pl_record_release(p);
	return rc;
}

const char *exchange_person_side(const char *side)
{
	return !strcmp(side, "receive") ? "captive" : "detainee";
}

enum pl_formula_side exchange_formula_side(const char *side)
{
	return !strcmp(side, "receive") ? PL_FORMULA_RECEIVE : PL_FORMULA_GIVE;
}

int exchange_formula(const struct pl_record *x, struct pl_formula **f, struct pl_error *err)
{
	const char *text = pl_record_get(x, "formula");
	*f = NULL;
	if (!text)
		return 0;
	return pl_formula_parse(text, f, err);
}

int person_vec_add(struct person_vec *pv, const struct pl_record *r)
{
	struct pl_record *w = (struct pl_record *)r;
	if (pv->n == pv->cap) {
		size_t cap = pv->cap ? 2 * pv->cap : 16;
		struct pl_record *v = pl_realloc(pv->v, cap * sizeof(*v));
		if (!v)
			return PL_EDATA;
		pv->v = v;
		pv->cap = cap;
	}
	pv->v[pv->n++] = *w;
	w->v = NULL; /* taken over: the caller's release frees nothing */
	w->nextra = 0;
	w->extra = NULL;
	w->extra_names = NULL;
	return 0;
}

void person_vec_release(struct person_vec *pv)
{
	for (size_t i = 0; i < pv->n; i++)
		pl_record_release(&pv->v[i]);
	pl_free(pv->v);
	pv->v = NULL;
	pv->n = pv->cap = 0;
}

struct lp_ctx {
	struct pl_db *db;
	struct person_vec *out;
	struct pl_error *err;
};

static int list_person_one(void *ctx, const struct pl_record *e)
{
	struct lp_ctx *c = ctx;
	struct pl_record p;
	int rc =
	        store_get(c->db->st, pl_entity(PL_ENT_PERSON), xget_id(e, "person_id"), &p, c->err);
	if (rc)
		return rc;
	if (person_vec_add(c->out, &p)) {
		pl_record_release(&p);
		return pl_error_set(c->err, PL_EDATA, "out of memory");
	}
	return 0;
}

int exchange_list_persons(struct pl_db *db, long long exchange_id, const char *list,
                          const char *side, struct person_vec *out, struct pl_error *err)
{
	struct lp_ctx c = {db, out, err};
	return store_list_entries(db->st, exchange_id, list, side, 0, 1, list_person_one, &c, err);
}

static int agreed_person_one(void *ctx, const struct pl_record *e)
{
	const char *why = pl_record_get(e, "removed_reason");
	if (pl_record_get(e, "removed") && (!why || strcmp(why, EXCHANGE_NOT_CROSSED)))
		return 0; /* taken off by hand, before it was carried out */
	return list_person_one(ctx, e);
}

int exchange_agreed_persons(struct pl_db *db, long long exchange_id, const char *side,
                            struct person_vec *out, struct pl_error *err)
{
	struct lp_ctx c = {db, out, err};
	return store_list_entries(db->st, exchange_id, "agreed", side, 0, 0, agreed_person_one, &c,
	                          err);
}

void exchange_explain(const char *selector, const struct pl_record *p, char *out, size_t cap)
{
	/* the words of the formula language and the person fields they read (formula.c) */
	static const char *const words[][2] = {
	        {"kind", "kind"},          {"sex", "sex"},
	        {"health", "health"},      {"status", "status"},
	        {"consent", "consent"},    {"unit", "unit"},
	        {"tags", "tags"},          {"citizenship", "citizenship"},
	        {"age", "birth_date"},     {"captivity", "capture_date"},
	        {"sentenced", "sentence"},
	};
	size_t len = 0;
	out[0] = '\0';
	if (!selector)
		return;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const char *hit = strstr(selector, words[i][0]), *v;
		size_t n = strlen(words[i][0]);
		int k;
		if (!hit || (hit > selector && hit[-1] != ' ' && hit[-1] != '(') ||
		    (hit[n] && hit[n] != ' ' && hit[n] != ')'))
			continue;
		v = pl_record_get(p, words[i][1]);
		k = snprintf(out + len, cap - len, "%s%s: %s", len ? ", " : "", words[i][1],
		             v ? v : "not recorded");
		if (k < 0 || (size_t)k >= cap - len)
			break;
		len += (size_t)k;
	}
}

/* --- the lifecycle --- */

static const struct transition transitions[] = {
        {"draft", "proposed,cancelled"},
        {"proposed", "draft,agreed,failed,cancelled"},
        {"agreed", "proposed,executing,failed,cancelled"},
        {"executing", "executed,failed"},
        {"executed", "reconciled"},
        {"reconciled", "closed"},
        {"closed", ""},
        {"failed", ""},
        {"cancelled", ""},
};

#define NTRANSITIONS (sizeof(transitions) / sizeof(transitions[0]))

int pl_exchange_transition_ok(const char *from, const char *to)
{
	return transition_ok(transitions, NTRANSITIONS, from, to);
}

void pl_exchange_status_next(const char *from, char *out, size_t cap)
{
	transition_next(transitions, NTRANSITIONS, from, out, cap);
}

/* Checks kv for an exchange: no status or formula (they have their own operations). */
static int exchange_from_kv(struct pl_record *x, const struct pl_kv *kv, size_t n, uint64_t *set,
                            struct pl_error *err)
{
	int rc = record_from_kv(x, kv, n, set, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < x->ent->nfields; i++)
		if ((*set & BIT(i)) && (x->ent->fields[i].flags & PL_F_NOEDIT))
			return pl_error_set(
			        err, PL_EUSAGE, "exchange: %s is set by its own operation (%s)",
			        x->ent->fields[i].name,
			        !strcmp(x->ent->fields[i].name, "formula") ? "the terms"
			                                                   : "a change of status");
	return 0;
}

int pl_exchange_new(struct pl_db *db, const struct pl_actor *actor, const struct pl_kv *kv,
                    size_t n, char ref_out[PL_EXCHANGE_REF_MAX], struct pl_error *err)
{
	struct pl_record x;
	char ref[PL_EXCHANGE_REF_MAX];
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_EDIT, err)))
		return rc;
	if (pl_record_init(&x, pl_entity(PL_ENT_EXCHANGE)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = exchange_from_kv(&x, kv, n, &set, err)))
		goto out;
	if (!pl_record_get(&x, "title")) {
		rc = pl_error_set(err, PL_EDATA, "exchange: title: required");
		goto out;
	}
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = xset(&x, "status", "draft", err)) ||
	    (rc = record_insert_ref(db, actor, &x, "E", "exchange.new", ref, sizeof(ref), err)))
		goto fail;
	if ((rc = store_commit(db, err)))
		goto out;
	if (ref_out)
		snprintf(ref_out, PL_EXCHANGE_REF_MAX, "%s", ref);
	goto out;
fail:
	store_rollback(db);
out:
	pl_record_release(&x);
	return rc;
}

int pl_exchange_get(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                    struct pl_record *out, struct pl_error *err)
{
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_SHOW, err)))
		return rc;
	return store_exchange_by_ref(db->st, ref, out, err);
}

int pl_exchange_list(struct pl_db *db, const struct pl_actor *actor, const char *status,
                     pl_record_cb cb, void *ctx, struct pl_error *err)
{
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_SHOW, err)))
		return rc;
	if (status && !pl_token_in(status, pl_exchange_statuses)) {
		char list[256];
		pl_tokens_join(pl_exchange_statuses, list, sizeof(list));
		return pl_error_set(err, PL_EUSAGE, "exchange status: '%s' is not one of %s",
		                    status, list);
	}
	return store_exchanges(db->st, status, cb, ctx, err);
}

int pl_exchange_edit(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                     const struct pl_kv *kv, size_t n, struct pl_error *err)
{
	struct pl_record x = {0}, upd;
	struct strbuf names = STRBUF_INIT;
	uint64_t set, changed = 0;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_EDIT, err)))
		return rc;
	if (!n)
		return pl_error_set(err, PL_EUSAGE, "exchange: nothing to change");
	if (pl_record_init(&upd, pl_entity(PL_ENT_EXCHANGE)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = exchange_from_kv(&upd, kv, n, &set, err)))
		goto out;
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = exchange_load(db, ref, &x, err)))
		goto fail;
	for (size_t i = 0; i < x.ent->nfields; i++) {
		if (!(set & BIT(i)) || xsame(x.v[i], upd.v[i]))
			continue;
		if ((x.ent->fields[i].flags & PL_F_REQUIRED) && !upd.v[i]) {
			rc = pl_error_set(err, PL_EDATA, "exchange: %s: required",
			                  x.ent->fields[i].name);
			goto fail;
		}
		if ((rc = xset(&x, x.ent->fields[i].name, upd.v[i], err)))
			goto fail;
		changed |= BIT(i);
		strbuf_addf(&names, "%s%s", names.len ? "," : "", x.ent->fields[i].name);
	}
	if (!changed) {
		store_rollback(db);
		goto out;
	}
	if (names.failed) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto fail;
	}
	changed |= BIT(pl_field_index(x.ent, "updated"));
	if ((rc = xset(&x, "updated", db->tx_time, err)) ||
	    (rc = store_update(db, &x, changed, err)) ||
	    (rc = audit_write(db, actor, "exchange.edit", "exchanges", x.id, ref, names.buf, err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (x.v)
		pl_record_release(&x);
	pl_record_release(&upd);
	strbuf_release(&names);
	return rc;
}

int pl_exchange_set_formula(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                            const char *formula, struct pl_error *err)
{
	struct pl_record x = {0};
	struct pl_formula *f = NULL;
	struct strbuf canon = STRBUF_INIT;
	const char *status;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_EDIT, err)))
		return rc;
	if (!formula || !*formula)
		return pl_error_set(err, PL_EUSAGE, "exchange: the terms are empty");
	if ((rc = pl_formula_parse(formula, &f, err)))
		return rc;
	if (pl_formula_format(f, &canon) || canon.failed) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = exchange_load(db, ref, &x, err)))
		goto fail;
	status = pl_record_get(&x, "status");
	if (strcmp(status, "draft") && strcmp(status, "proposed")) {
		rc = pl_error_set(err, PL_EDATA,
		                  "%s is %s: its terms are set while it is a draft or proposed "
		                  "(move it back to proposed to change them)",
		                  ref, status);
		goto fail;
	}
	if (xsame(pl_record_get(&x, "formula"), canon.buf)) {
		store_rollback(db);
		goto out;
	}
	if ((rc = xset(&x, "formula", canon.buf, err)) ||
	    (rc = xset(&x, "updated", db->tx_time, err)) ||
	    (rc = store_update(db, &x,
	                       BIT(pl_field_index(x.ent, "formula")) |
	                               BIT(pl_field_index(x.ent, "updated")),
	                       err)) ||
	    (rc = audit_write(db, actor, "exchange.terms", "exchanges", x.id, ref, "formula", err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (x.v)
		pl_record_release(&x);
	pl_formula_free(f);
	strbuf_release(&canon);
	return rc;
}

/* --- leaving the lists when an exchange ends or goes back --- */

struct unlist_ctx {
	struct pl_db *db;
	const struct pl_actor *actor;
	const struct pl_record *x;
	const char *reason;
	int only_not_crossed;
	struct pl_error *err;
	long long *ids;
	size_t n, cap;
};

static int unlist_gather(void *ctx, const struct pl_record *e)
{
	struct unlist_ctx *c = ctx;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 32;
		long long *v = pl_realloc(c->ids, cap * sizeof(*v));
		if (!v)
			return pl_error_set(c->err, PL_EDATA, "out of memory");
		c->ids = v;
		c->cap = cap;
	}
	c->ids[c->n++] = e->id;
	return 0;
}

struct crossed_ctx {
	long long person_id;
	int found;
};

static int crossed_one(void *ctx, const struct pl_record *h)
{
	struct crossed_ctx *c = ctx;
	(void)h;
	c->found = 1;
	return 0;
}

int exchange_unlist(struct pl_db *db, const struct pl_actor *actor, const struct pl_record *x,
                    const char *reason, int only_not_crossed, struct pl_error *err)
{
	struct unlist_ctx c = {db, actor, x, reason, only_not_crossed, err, NULL, 0, 0};
	const char *xref = pl_record_get(x, "ref");
	char today[11], source[64];
	int rc = store_list_entries(db->st, x->id, "agreed", NULL, 0, 1, unlist_gather, &c, err);
	xtoday(db, today);
	snprintf(source, sizeof(source), "exchange %s", xref);
	for (size_t i = 0; !rc && i < c.n; i++) {
		struct pl_record e, p;
		long long pid;
		if ((rc = store_get(db->st, pl_entity(PL_ENT_LIST_ENTRY), c.ids[i], &e, err)))
			break;
		pid = xget_id(&e, "person_id");
		if (only_not_crossed) {
			struct crossed_ctx cc = {pid, 0};
			if ((rc = store_handovers(db->st, x->id, pid, crossed_one, &cc, err)) ||
			    cc.found) {
				pl_record_release(&e);
				continue;
			}
		}
		if (!(rc = xset(&e, "removed", db->tx_time, err)) &&
		    !(rc = xset(&e, "removed_reason", reason, err)) &&
		    !(rc = store_update(db, &e,
		                        BIT(pl_field_index(e.ent, "removed")) |
		                                BIT(pl_field_index(e.ent, "removed_reason")),
		                        err)))
			rc = audit_write(db, actor, "exchange.unlist", "exchange_lists", e.id, xref,
			                 "removed,removed_reason", err);
		pl_record_release(&e);
		if (rc)
			break;
		if ((rc = store_get(db->st, pl_entity(PL_ENT_PERSON), pid, &p, err)))
			break;
		if (!strcmp(pl_record_get(&p, "status"), "listed"))
			rc = person_status_move(db, actor, &p,
			                        !strcmp(pl_record_get(&p, "side"), "captive")
			                                ? "confirmed"
			                                : "held",
			                        today, source, reason, 0, "exchange.unlist", err);
		pl_record_release(&p);
	}
	pl_free(c.ids);
	return rc;
}

static int count_finding(void *ctx, const struct pl_finding *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

/* The operation a move to status needs. */
static enum pl_op status_op(const struct pl_actor *actor, const char *from, const char *to)
{
	if (!strcmp(to, "executing") || !strcmp(to, "executed"))
		return PL_OP_EXCHANGE_EXECUTE;
	if (!strcmp(to, "reconciled"))
		return PL_OP_EXCHANGE_RECONCILE;
	/* an exchange that fails while it is carried out is recorded by who records it */
	if (!strcmp(to, "failed") && !strcmp(from, "executing") &&
	    !pl_roles_may(pl_actor_roles(actor), PL_OP_EXCHANGE_EDIT))
		return PL_OP_EXCHANGE_EXECUTE;
	return PL_OP_EXCHANGE_EDIT;
}

int pl_exchange_set_status(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                           const char *status, const char *reason, const char *date,
                           struct pl_error *err)
{
	const struct pl_field reason_f = {"reason", PL_V_TEXT, 0, NULL, 1000, NULL, NULL};
	const struct pl_field date_f = {"date", PL_V_DATE, 0, NULL, 0, NULL, NULL};
	struct pl_record x = {0};
	char *why = NULL, *day = NULL, next[256];
	const char *from;
	uint64_t set;
	int rc;

	if (!status || !pl_token_in(status, pl_exchange_statuses)) {
		char list[256];
		pl_tokens_join(pl_exchange_statuses, list, sizeof(list));
		return pl_error_set(err, PL_EUSAGE, "exchange status: '%s' is not one of %s",
		                    status ? status : "", list);
	}
	if ((rc = pl_field_normalize(&reason_f, reason, &why, err)) ||
	    (rc = pl_field_normalize(&date_f, date, &day, err)))
		goto out;
	if (!why && (!strcmp(status, "failed") || !strcmp(status, "cancelled"))) {
		rc = pl_error_set(err, PL_EDATA, "exchange: a move to %s needs a reason", status);
		goto out;
	}
	/* who may move it where is known from the stored status: read it first, but refuse
	 * the same way whatever is stored when the actor may do nothing with exchanges */
	if (!pl_roles_may(pl_actor_roles(actor), PL_OP_EXCHANGE_EDIT) &&
	    !pl_roles_may(pl_actor_roles(actor), PL_OP_EXCHANGE_EXECUTE) &&
	    !pl_roles_may(pl_actor_roles(actor), PL_OP_EXCHANGE_RECONCILE)) {
		rc = pl_authorize(db, actor, PL_OP_EXCHANGE_EDIT, err);
		goto out;
	}
	if ((rc = store_exchange_by_ref(db->st, ref, &x, err)))
		goto out;
	from = pl_record_get(&x, "status");
	if ((rc = pl_authorize(db, actor, status_op(actor, from, status), err)))
		goto out;
	pl_record_release(&x);
	x.v = NULL;
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = exchange_load(db, ref, &x, err)))
		goto fail;
	from = pl_record_get(&x, "status");
	if (!pl_exchange_transition_ok(from, status)) {
		pl_exchange_status_next(from, next, sizeof(next));
		rc = pl_error_set(err, PL_EDATA, "%s cannot go from %s to %s; possible: %s", ref,
		                  from, status, next);
		goto fail;
	}
	if (!strcmp(status, "executing")) {
		rc = pl_error_set(err, PL_EDATA,
		                  "%s is being carried out once its first stage is recorded", ref);
		goto fail;
	}
	if (!strcmp(status, "agreed")) {
		int blocking = 0;
		if (!pl_record_get(&x, "formula")) {
			rc = pl_error_set(err, PL_EDATA,
			                  "%s has no terms: an exchange is agreed on its formula",
			                  ref);
			goto fail;
		}
		if ((rc = policy_run(db, &x, NULL, NULL, count_finding, NULL, &blocking, err)))
			goto fail;
		if (blocking) {
			rc = pl_error_set(
			        err, PL_EDATA,
			        "%s breaks %d policy rule%s at level block (see its check)", ref,
			        blocking, blocking == 1 ? "" : "s");
			goto fail;
		}
		if (!pl_record_get(&x, "agreed_date") || day) {
			char today[11];
			xtoday(db, today);
			if ((rc = xset(&x, "agreed_date", day ? day : today, err)))
				goto fail;
		}
	}
	if (!strcmp(status, "executed")) {
		/* who was agreed and did not cross is listed no more */
		if ((rc = exchange_unlist(db, actor, &x, EXCHANGE_NOT_CROSSED, 1, err)))
			goto fail;
	}
	if (!strcmp(status, "failed") || !strcmp(status, "cancelled") ||
	    (!strcmp(status, "proposed") && !strcmp(from, "agreed"))) {
		char why2[1100];
		snprintf(why2, sizeof(why2), "exchange %s%s%s", status, why ? ": " : "",
		         why ? why : "");
		if ((rc = exchange_unlist(db, actor, &x, why2, !strcmp(from, "executing"), err)))
			goto fail;
	}
	set = BIT(pl_field_index(x.ent, "status")) | BIT(pl_field_index(x.ent, "status_reason")) |
	      BIT(pl_field_index(x.ent, "agreed_date")) | BIT(pl_field_index(x.ent, "updated"));
	if ((rc = xset(&x, "status", status, err)) || (rc = xset(&x, "status_reason", why, err)) ||
	    (rc = xset(&x, "updated", db->tx_time, err)) || (rc = store_update(db, &x, set, err)) ||
	    (rc = audit_write(db, actor, "exchange.status", "exchanges", x.id, ref,
	                      "status,status_reason,agreed_date", err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (x.v)
		pl_record_release(&x);
	pl_free(why);
	pl_free(day);
	return rc;
}

/* --- mediators --- */

int pl_exchange_add_mediator(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                             const struct pl_kv *kv, size_t n, long long *id_out,
                             struct pl_error *err)
{
	struct pl_record x = {0}, m;
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_EDIT, err)))
		return rc;
	if (pl_record_init(&m, pl_entity(PL_ENT_MEDIATOR)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = record_from_kv(&m, kv, n, &set, err)))
		goto out;
	for (size_t i = 0; i < m.ent->nfields; i++)
		if ((m.ent->fields[i].flags & PL_F_REQUIRED) && !m.v[i]) {
			rc = pl_error_set(err, PL_EDATA, "mediator: %s: required",
			                  m.ent->fields[i].name);
			goto out;
		}
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = exchange_load(db, ref, &x, err)) ||
	    (rc = xset_id(&m, "exchange_id", x.id, err)) ||
	    (rc = xset_id(&m, "author_id", actor->account_id, err)) ||
	    (rc = xset(&m, "recorded", db->tx_time, err)) ||
	    (rc = record_insert_audited(db, actor, &m, "exchange.mediator", ref, id_out, err))) {
		store_rollback(db);
		goto out;
	}
	rc = store_commit(db, err);
out:
	if (x.v)
		pl_record_release(&x);
	pl_record_release(&m);
	return rc;
}

static int exchange_children(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                             enum pl_entity_id what, pl_record_cb cb, void *ctx,
                             struct pl_error *err)
{
	struct pl_record x;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_SHOW, err)))
		return rc;
	if ((rc = store_exchange_by_ref(db->st, ref, &x, err)))
		return rc;
	rc = store_exchange_children(db->st, pl_entity(what), x.id, cb, ctx, err);
	pl_record_release(&x);
	return rc;
}

int pl_exchange_mediators(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                          pl_record_cb cb, void *ctx, struct pl_error *err)
{
	return exchange_children(db, actor, ref, PL_ENT_MEDIATOR, cb, ctx, err);
}

int pl_exchange_stages(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                       pl_record_cb cb, void *ctx, struct pl_error *err)
{
	return exchange_children(db, actor, ref, PL_ENT_STAGE, cb, ctx, err);
}

/* --- incidents --- */

int pl_incident_add(struct pl_db *db, const struct pl_actor *actor, const struct pl_kv *kv,
                    size_t n, long long *id_out, struct pl_error *err)
{
	struct pl_record r;
	uint64_t set;
	const char *xref = NULL;
	struct pl_kv *own;
	size_t k = 0;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_INCIDENT_ADD, err)))
		return rc;
	/* the exchange is named by its reference */
	if (!(own = pl_calloc(n ? n : 1, sizeof(*own))))
		return pl_error_set(err, PL_EDATA, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(kv[i].key, "exchange"))
			xref = kv[i].val;
		else
			own[k++] = kv[i];
	}
	if (pl_record_init(&r, pl_entity(PL_ENT_INCIDENT))) {
		pl_free(own);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	rc = record_from_kv(&r, own, k, &set, err);
	pl_free(own);
	if (rc)
		goto out;
	if (pl_record_get(&r, "exchange_id")) {
		rc = pl_error_set(err, PL_EUSAGE,
		                  "incident: name the exchange by its reference "
		                  "(exchange)");
		goto out;
	}
	for (size_t i = 0; i < r.ent->nfields; i++)
		if ((r.ent->fields[i].flags & PL_F_REQUIRED) && !r.v[i]) {
			rc = pl_error_set(err, PL_EDATA, "incident: %s: required",
			                  r.ent->fields[i].name);
			goto out;
		}
	if ((rc = store_begin(db, err)))
		goto out;
	if (xref) {
		struct pl_record x;
		if ((rc = exchange_load(db, xref, &x, err)))
			goto fail;
		rc = xset_id(&r, "exchange_id", x.id, err);
		pl_record_release(&x);
		if (rc)
			goto fail;
	}
	if ((rc = xset_id(&r, "author_id", actor->account_id, err)) ||
	    (rc = xset(&r, "recorded", db->tx_time, err)) ||
	    (rc = record_insert_audited(db, actor, &r, "incident.add", xref, id_out, err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	pl_record_release(&r);
	return rc;
}

int pl_incident_list(struct pl_db *db, const struct pl_actor *actor, pl_record_cb cb, void *ctx,
                     struct pl_error *err)
{
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_SHOW, err)))
		return rc;
	return store_exchange_children(db->st, pl_entity(PL_ENT_INCIDENT), 0, cb, ctx, err);
}
