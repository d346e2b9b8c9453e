/* plan.c - the exchange planner's operations (plan.h): making a plan from the registry,
 * keeping it whole, reading it back, explaining it, comparing and adopting it */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "parley/alloc.h"
#include "parley/text.h"
#include "exchange-int.h"
#include "formula-tree.h"
#include "plan-int.h"
#include "banned.h"

static const char *const side_names[2] = {"receive", "give"};

static int side_of(const char *s)
{
	return s && !strcmp(s, "give");
}

/* --- what keeps a person off: other open lists, red lines, policy ---------------------- */

/* A person on an open list of another exchange. */
struct busy {
	long long person_id;
	char exchange[PL_EXCHANGE_REF_MAX], list[16];
};

struct busy_vec {
	struct busy *v;
	size_t n, cap;
};

static int busy_one(void *ctx, const struct pl_record *r)
{
	struct busy_vec *b = ctx;
	const char *id = pl_record_get(r, "person_id");
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 64;
		struct busy *nv = pl_realloc(b->v, cap * sizeof(*nv));
		if (!nv)
			return PL_EDATA;
		b->v = nv;
		b->cap = cap;
	}
	b->v[b->n].person_id = id ? atoll(id) : 0;
	snprintf(b->v[b->n].exchange, sizeof(b->v[b->n].exchange), "%s",
	         pl_record_get(r, "exchange_ref") ? pl_record_get(r, "exchange_ref") : "");
	snprintf(b->v[b->n].list, sizeof(b->v[b->n].list), "%s",
	         pl_record_get(r, "list") ? pl_record_get(r, "list") : "");
	b->n++;
	return 0;
}

static const struct busy *busy_find(const struct busy_vec *b, long long person_id)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->v[i].person_id == person_id)
			return &b->v[i];
	return NULL;
}

/* A red line of the negotiation desk: not negotiable, in force, of a negotiation open. */
struct red {
	char kind[16], item[200], negotiation[16];
};

struct red_vec {
	struct red *v;
	size_t n, cap;
};

static int red_one(void *ctx, const struct pl_record *r)
{
	struct red_vec *rv = ctx;
	if (rv->n == rv->cap) {
		size_t cap = rv->cap ? 2 * rv->cap : 16;
		struct red *nv = pl_realloc(rv->v, cap * sizeof(*nv));
		if (!nv)
			return PL_EDATA;
		rv->v = nv;
		rv->cap = cap;
	}
	snprintf(rv->v[rv->n].kind, sizeof(rv->v[rv->n].kind), "%s", pl_record_get(r, "item_kind"));
	snprintf(rv->v[rv->n].item, sizeof(rv->v[rv->n].item), "%s", pl_record_get(r, "item"));
	snprintf(rv->v[rv->n].negotiation, sizeof(rv->v[rv->n].negotiation), "%s",
	         pl_record_get(r, "negotiation") ? pl_record_get(r, "negotiation") : "");
	rv->n++;
	return 0;
}

/* 1 when tag is one of the ';'-joined tags. */
static int has_tag(const char *tags, const char *tag)
{
	size_t n = strlen(tag);
	while (tags && *tags) {
		const char *end = strchr(tags, ';');
		size_t len = end ? (size_t)(end - tags) : strlen(tags);
		if (len == n && !strncmp(tags, tag, n))
			return 1;
		tags = end ? end + 1 : NULL;
	}
	return 0;
}

/* The red line that keeps detainee p back, or NULL: on the person, or on a category that
 * is their health, kind or one of their tags. */
static const struct red *red_find(const struct red_vec *rv, const struct pl_record *p)
{
	const char *ref = pl_record_get(p, "ref"), *health = pl_record_get(p, "health"),
	           *kind = pl_record_get(p, "kind"), *tags = pl_record_get(p, "tags");
	for (size_t i = 0; i < rv->n; i++) {
		const struct red *r = &rv->v[i];
		if (!strcmp(r->kind, "person")
		            ? !strcmp(r->item, ref)
		            : (health && !strcmp(r->item, health)) ||
		                      (kind && !strcmp(r->item, kind)) || has_tag(tags, r->item))
			return r;
	}
	return NULL;
}

struct policy_note {
	struct strbuf block, warn;
};

static int policy_note_one(void *ctx, const struct pl_finding *f)
{
	struct policy_note *n = ctx;
	struct strbuf *sb = !strcmp(f->level, "block") ? &n->block : &n->warn;
	strbuf_addf(sb, "%s%s (policy %s, %s)", sb->len ? "; " : "", f->text, f->rule, f->level);
	return 0;
}

/* --- loading the persons weighed ------------------------------------------------------- */

struct load {
	struct pl_db *db;
	struct model *m;
	const struct weights *w;
	const char *on_date;
	struct busy_vec busy;
	struct red_vec red;
	struct pl_error *err;
};

static int named_in(const struct model *m, int side, const char *ref)
{
	for (size_t i = 0, n = pl_formula_nterms(m->f); i < n; i++) {
		struct pl_formula_term t;
		pl_formula_term(m->f, i, &t);
		if (t.kind == PL_TERM_NAMED && (t.side == PL_FORMULA_GIVE) == side && t.ref &&
		    !strcmp(t.ref, ref))
			return 1;
	}
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? pl_strdup(s) : NULL;
}

/* Why p (of side) may not be on the list, into why (empty: it may), as the list rules say. */
static int left_out_why(struct load *l, const struct pl_record *p, int side, int named,
                        struct strbuf *why, struct strbuf *detail)
{
	const struct busy *b = busy_find(&l->busy, p->id);
	const char *status = pl_record_get(p, "status");
	if (b) {
		strbuf_addf(why, "on the %s list of %s, still open", b->list, b->exchange);
		return 0;
	}
	if (!side && strcmp(status, "confirmed") && strcmp(status, "probable")) {
		strbuf_addf(why,
		            "%s: a captive is requested once captivity is confirmed or probable",
		            status);
		return 0;
	}
	if (side) {
		const char *consent = pl_record_get(p, "consent");
		struct policy_note pn = {STRBUF_INIT, STRBUF_INIT};
		const struct red *r;
		int rc;
		if (strcmp(status, "held")) {
			strbuf_addf(why, "%s: only a detainee we hold goes on a list", status);
			return 0;
		}
		if (!consent || strcmp(consent, "yes")) {
			strbuf_addf(why, "%s",
			            consent && !strcmp(consent, "no")
			                    ? "refused to be exchanged"
			                    : "consent to be exchanged not recorded");
			return 0;
		}
		if ((r = red_find(&l->red, p))) {
			strbuf_addf(why, "a red line of %s (not negotiable: %s %s)", r->negotiation,
			            r->kind, r->item);
			return 0;
		}
		if ((rc = policy_detainee(l->db, p, policy_note_one, &pn, l->err))) {
			strbuf_release(&pn.block);
			strbuf_release(&pn.warn);
			return rc;
		}
		if (pn.block.len)
			strbuf_addf(why, "%s", pn.block.buf);
		else if (pn.warn.len)
			strbuf_addf(detail, "%swarned: %s", detail->len ? "; " : "", pn.warn.buf);
		strbuf_release(&pn.block);
		strbuf_release(&pn.warn);
		if (why->len)
			return 0;
	}
	if (!named) {
		int ti = pl_formula_total(l->m->f, side ? PL_FORMULA_GIVE : PL_FORMULA_RECEIVE);
		struct pl_formula_term t;
		char w[256] = "";
		enum pl_tv tv =
		        pl_formula_matches(l->m->f, (size_t)ti, p, l->on_date, w, sizeof(w));
		pl_formula_term(l->m->f, (size_t)ti, &t);
		if (tv != PL_TV_YES) {
			if (tv == PL_TV_NO && !w[0])
				exchange_explain(t.selector, p, w, sizeof(w));
			strbuf_addf(why, "the terms say '%s'%s%s%s", t.text, w[0] ? " (" : "", w,
			            w[0] ? ")" : "");
		}
	}
	return 0;
}

static int load_one(void *ctx, const struct pl_record *p)
{
	struct load *l = ctx;
	struct model *m = l->m;
	struct strbuf why = STRBUF_INIT, detail = STRBUF_INIT;
	struct cand c = {0};
	const char *ref = pl_record_get(p, "ref"), *unit = pl_record_get(p, "unit");
	int side = !strcmp(pl_record_get(p, "side"), "detainee"), rc;
	char fold[FOLD_MAX];
	if (m->total[side] == -2)
		return 0; /* a side the terms say nothing of (load_named meets no one twice) */
	c.id = p->id;
	c.side = side;
	snprintf(c.ref, sizeof(c.ref), "%s", ref);
	c.named = named_in(m, side, ref);
	c.score = weights_score(l->w, p, side, l->on_date, &detail);
	if ((rc = left_out_why(l, p, side, c.named, &why, &detail))) {
		strbuf_release(&why);
		strbuf_release(&detail);
		return rc;
	}
	for (int b = 0; b < m->nbits; b++) {
		struct pl_formula_term t;
		pl_formula_term(m->f, m->bit_term[b], &t);
		if ((t.side == PL_FORMULA_GIVE) != side)
			continue;
		switch (pl_formula_matches(m->f, m->bit_term[b], p, l->on_date, NULL, 0)) {
		case PL_TV_YES:
			c.yes |= 1ULL << b;
			break;
		case PL_TV_UNKNOWN:
			c.unk |= 1ULL << b;
			break;
		default:
			break;
		}
	}
	if (unit && *unit && formula_fold(unit, strlen(unit), fold, sizeof(fold)) == 0)
		c.unit = pl_strdup(fold);
	c.detail = dup_or_null(detail.buf);
	c.reason = dup_or_null(why.buf);
	c.family = dup_or_null(pl_record_get(p, "family_name"));
	c.given = dup_or_null(pl_record_get(p, "given_name"));
	rc = why.failed || detail.failed ? pl_error_set(l->err, PL_EDATA, "out of memory")
	                                 : model_add(m, &c, l->err);
	strbuf_release(&why);
	strbuf_release(&detail);
	return rc;
}

/* The named persons of the terms, whatever their status: each is weighed. */
static int load_named(struct load *l, const struct pl_actor *actor)
{
	for (size_t i = 0, n = pl_formula_nterms(l->m->f); i < n; i++) {
		struct pl_formula_term t;
		struct pl_record p;
		int rc;
		pl_formula_term(l->m->f, i, &t);
		if (t.kind != PL_TERM_NAMED || !t.ref || model_find(l->m, t.ref) >= 0)
			continue;
		if ((rc = store_person_by_ref(l->db->st, t.ref, &p, l->err)))
			return rc == PL_ENOTFOUND
			               ? pl_error_set(l->err, PL_EDATA,
			                              "the terms name %s: no such person", t.ref)
			               : rc;
		if (!(rc = person_redact_full(l->db, actor, &p, 0, NULL, l->err)))
			rc = load_one(l, &p);
		pl_record_release(&p);
		if (rc)
			return rc;
	}
	return 0;
}

static int load_persons(struct load *l, const struct pl_actor *actor, long long exchange_id)
{
	static const struct {
		const char *side, *status;
	} sets[] = {{"captive", "confirmed"}, {"captive", "probable"}, {"detainee", "held"}};
	int rc;
	if ((rc = store_query(l->db->st, pl_entity(PL_ENT_LIST_ENTRY),
	                      "SELECT l.*, x.ref AS exchange_ref FROM exchange_lists l JOIN "
	                      "exchanges x ON x.id = l.exchange_id WHERE l.removed IS NULL AND "
	                      "x.id != ?1 AND x.status IN ('draft', 'proposed', 'agreed', "
	                      "'executing')",
	                      (struct store_bind[]){SB_I(exchange_id)}, 1, busy_one, &l->busy,
	                      l->err)) ||
	    (rc = store_query(l->db->st, pl_entity(PL_ENT_POSITION),
	                      "SELECT p.*, n.ref AS negotiation FROM positions p JOIN negotiations "
	                      "n ON n.id = p.negotiation_id WHERE p.replaced IS NULL AND p.stance "
	                      "= 'not_negotiable' AND n.status != 'closed' AND p.item_kind IN "
	                      "('person', 'category')",
	                      NULL, 0, red_one, &l->red, l->err)))
		return rc == PL_EDATA && !l->err->msg[0]
		               ? pl_error_set(l->err, PL_EDATA, "out of memory")
		               : rc;
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		struct pl_person_filter f = {0};
		f.side = sets[i].side;
		f.status = sets[i].status;
		if (l->m->total[!strcmp(f.side, "detainee")] == -2)
			continue;
		if ((rc = pl_person_list(l->db, actor, &f, load_one, l, l->err)))
			return rc;
	}
	return load_named(l, actor);
}

/* --- pins, drops, caps ------------------------------------------------------------------ */

/* Why person ref cannot be pinned or dropped in m, into err; 0 when it can. */
static int mark(struct pl_db *db, struct model *m, const char *ref, int pin, struct pl_error *err)
{
	long i = model_find(m, ref);
	struct pl_record p;
	int rc;
	if (i >= 0) {
		struct cand *c = &m->c[i];
		if (c->pinned && c->pinned != (pin ? 1 : -1))
			return pl_error_set(err, PL_EDATA, "%s is both pinned and dropped", ref);
		if (pin && c->reason)
			return pl_error_set(err, PL_EDATA, "%s cannot be pinned: %s", ref,
			                    c->reason);
		if (!pin && c->named)
			return pl_error_set(
			        err, PL_EDATA,
			        "%s cannot be dropped: the terms name them (change the terms)",
			        ref);
		c->pinned = pin ? 1 : -1;
		return 0;
	}
	if ((rc = store_person_by_ref(db->st, ref, &p, err)))
		return rc == PL_ENOTFOUND ? pl_error_set(err, PL_EDATA, "%s: no such person", ref)
		                          : rc;
	rc = pl_error_set(err, PL_EDATA, "%s cannot be %s: a %s, %s, is on no list of this plan",
	                  ref, pin ? "pinned" : "dropped", pl_record_get(&p, "side"),
	                  pl_record_get(&p, "status"));
	pl_record_release(&p);
	return rc;
}

static int caps_parse(const char *s, long cap[2])
{
	cap[0] = cap[1] = -1;
	while (s && *s) {
		char side[16];
		long n;
		int used = 0;
		if (sscanf(s, "%15[a-z]=%ld%n", side, &n, &used) != 2)
			return -1;
		cap[side_of(side)] = n;
		s += used;
		s += *s == ';';
	}
	return 0;
}

static void caps_format(const long cap[2], char *out, size_t len)
{
	size_t k = 0;
	out[0] = '\0';
	for (int s = 0; s < 2; s++)
		if (cap[s] >= 0)
			k += (size_t)snprintf(out + k, len - k, "%s%s=%ld", k ? ";" : "",
			                      side_names[s], cap[s]);
}

/* --- the members: saved whole, with their digest ---------------------------------------- */

static void hash_member(crypto_generichash_state *h, const struct store_plan_member *m)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "%lld|%s|%.17g|%llu|%llu|%d|%d|%d|", m->person_id,
	                 m->side, m->score, m->yes, m->unknown, m->named, m->pinned, m->chosen);
	crypto_generichash_update(h, (const unsigned char *)buf, (size_t)n);
	/* the texts with their lengths: no two member lists hash alike */
	for (int k = 0; k < 3; k++) {
		const char *s = k == 0 ? m->detail : k == 1 ? m->unit : m->reason;
		size_t len = s ? strlen(s) : 0;
		n = snprintf(buf, sizeof(buf), "%zu%c", len, s ? ':' : '-');
		crypto_generichash_update(h, (const unsigned char *)buf, (size_t)n);
		if (s)
			crypto_generichash_update(h, (const unsigned char *)s, len);
	}
}

static void hash_hex(crypto_generichash_state *h, char out[2 * PL_HASH_LEN + 1])
{
	unsigned char d[PL_HASH_LEN];
	crypto_generichash_final(h, d, sizeof(d));
	sodium_bin2hex(out, 2 * PL_HASH_LEN + 1, d, sizeof(d));
}

static void member_of(const struct cand *c, struct store_plan_member *sm)
{
	memset(sm, 0, sizeof(*sm));
	sm->person_id = c->id;
	sm->ref = c->ref;
	sm->side = side_names[c->side];
	sm->score = c->score;
	sm->detail = c->detail;
	sm->unit = c->unit;
	sm->reason = c->reason;
	sm->yes = c->yes;
	sm->unknown = c->unk;
	sm->named = c->named;
	sm->pinned = c->pinned;
	sm->chosen = c->chosen;
}

static int by_id(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The digest of m's members, by person id (the order the store reads them in). */
static void members_digest(struct model *m, char out[2 * PL_HASH_LEN + 1])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, PL_HASH_LEN);
	if (m->n)
		qsort(m->c, m->n, sizeof(*m->c), by_id);
	for (size_t i = 0; i < m->n; i++) {
		struct store_plan_member sm;
		member_of(&m->c[i], &sm);
		hash_member(&h, &sm);
	}
	hash_hex(&h, out);
}

/* --- making a plan ---------------------------------------------------------------------- */

static int exchange_by_ref(struct pl_db *db, const char *ref, struct pl_record *x,
                           struct pl_error *err)
{
	return store_query_one(db->st, pl_entity(PL_ENT_EXCHANGE),
	                       "SELECT * FROM exchanges WHERE ref = ?1",
	                       (struct store_bind[]){SB_S(ref)}, 1, x, ref, err);
}

/* The day ages and time held are counted to: the day agreed, else today. */
static void plan_day(const struct pl_record *x, char out[11])
{
	const char *agreed = pl_record_get(x, "agreed_date");
	if (agreed && strlen(agreed) == 10)
		snprintf(out, 11, "%s", agreed);
	else {
		char now[21];
		pl_now_utc(now);
		snprintf(out, 11, "%.10s", now);
	}
}

static int plan_check_exchange(const struct pl_record *x, const char *ref, struct pl_error *err)
{
	const char *status = pl_record_get(x, "status");
	if (!pl_record_get(x, "formula"))
		return pl_error_set(err, PL_EDATA, "%s has no terms: the plan follows its formula",
		                    ref);
	if (strcmp(status, "draft") && strcmp(status, "proposed"))
		return pl_error_set(err, PL_EDATA,
		                    "%s is %s: its lists are planned before it is agreed", ref,
		                    status);
	return 0;
}

static int list_join(const char *const *v, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(out, "%s%s", i ? ";" : "", v[i]);
	return out->failed ? PL_EDATA : 0;
}

static int plan_save(struct pl_db *db, const struct pl_actor *actor, const struct pl_plan_in *in,
                     struct model *m, const char *formula, const char *on_date,
                     const struct weights *w, int office, struct pl_plan_out *out,
                     struct pl_error *err)
{
	struct pl_record x = {0}, r = {0};
	struct strbuf wt = STRBUF_INIT, pins = STRBUF_INIT, drops = STRBUF_INIT;
	char num[64], caps[64], digest[2 * PL_HASH_LEN + 1];
	long count[2] = {0, 0};
	int rc;
	members_digest(m, digest);
	for (size_t i = 0; i < m->n; i++)
		count[m->c[i].side] += m->c[i].chosen;
	if (weights_format(w, &wt) || list_join(in->pins, in->npins, &pins) ||
	    list_join(in->drops, in->ndrops, &drops) ||
	    pl_record_init(&r, pl_entity(PL_ENT_PLAN))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	if ((rc = store_begin(db, err)))
		goto out;
	/* the terms may have changed while the plan was solved */
	if ((rc = exchange_by_ref(db, in->exchange, &x, err)) ||
	    (rc = plan_check_exchange(&x, in->exchange, err)))
		goto fail;
	if (strcmp(pl_record_get(&x, "formula"), formula)) {
		rc = pl_error_set(err, PL_EDATA,
		                  "the terms of %s changed while it was planned: plan again",
		                  in->exchange);
		goto fail;
	}
	caps_format(m->unit_cap, caps, sizeof(caps));
	snprintf(num, sizeof(num), "%lld", x.id);
	rc = pl_record_set(&r, "exchange_id", num) || pl_record_set(&r, "formula", formula) ||
	     pl_record_set(&r, "on_date", on_date) ||
	     pl_record_set(&r, "weights", wt.len ? wt.buf : "") ||
	     pl_record_set(&r, "office_weights", office ? "1" : "0") ||
	     (pins.len && pl_record_set(&r, "pins", pins.buf)) ||
	     (drops.len && pl_record_set(&r, "drops", drops.buf)) ||
	     (caps[0] && pl_record_set(&r, "unit_caps", caps)) ||
	     pl_record_set(&r, "status", solve_status_names[m->status]) ||
	     pl_record_set(&r, "solver", "glpk") || pl_record_set(&r, "members_hash", digest) ||
	     (in->note && pl_record_set(&r, "note", in->note));
	if (!rc && m->status != SOLVE_INFEASIBLE) {
		snprintf(num, sizeof(num), "%.6f", m->objective);
		rc = pl_record_set(&r, "objective", num);
		snprintf(num, sizeof(num), "%.6f", m->gap < 0 ? -1.0 : m->gap);
		rc = rc || pl_record_set(&r, "gap", num);
	}
	snprintf(num, sizeof(num), "%.3f", m->seconds);
	rc = rc || pl_record_set(&r, "seconds", num);
	for (int s = 0; !rc && s < 2; s++) {
		snprintf(num, sizeof(num), "%ld", count[s]);
		rc = pl_record_set(&r, s ? "give_count" : "receive_count", num);
	}
	if (rc) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto fail;
	}
	if ((rc = record_insert_ref(db, actor, &r, "P", "plan.make", out->ref, sizeof(out->ref),
	                            err)))
		goto fail;
	for (size_t i = 0; i < m->n; i++) {
		struct store_plan_member sm;
		member_of(&m->c[i], &sm);
		if ((rc = store_plan_member_insert(db->st, r.id, &sm, err)))
			goto fail;
	}
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (x.v)
		pl_record_release(&x);
	if (r.v)
		pl_record_release(&r);
	strbuf_release(&wt);
	strbuf_release(&pins);
	strbuf_release(&drops);
	return rc;
}

int pl_plan_make(struct pl_db *db, const struct pl_actor *actor, const struct pl_plan_in *in,
                 struct pl_plan_out *out, struct pl_error *err)
{
	struct pl_record x = {0};
	struct model m = {0};
	struct weights w = {0}, office = {0};
	struct load l = {0};
	char on_date[11], *formula = NULL;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = pl_authorize(db, actor, PL_OP_PLAN_MAKE, err)))
		return rc;
	for (int s = 0; s < 2; s++)
		if (in->unit_cap[s] < -1 || in->unit_cap[s] > 1000000)
			return pl_error_set(
			        err, PL_EUSAGE,
			        "unit cap of the %s side: %ld is not between 0 and 1000000",
			        side_names[s], in->unit_cap[s]);
	if (in->time_limit < 0 || in->time_limit > 3600)
		return pl_error_set(err, PL_EUSAGE,
		                    "time limit: %g is not between 0 and 3600 seconds",
		                    in->time_limit);
	if (in->lp_path && (rc = outfile_path_check(in->lp_path, 1, err)))
		return rc;
	/* the plan's weights: the office's (read once), and the file's over them */
	if ((rc = weights_office(db, &office, err)))
		goto out;
	for (size_t i = 0; i < office.n && !rc; i++)
		rc = weights_put(&w, office.w[i].key, office.w[i].v, err);
	if (rc || (in->weights && (rc = weights_parse(&w, in->weights, err))))
		goto out;
	if ((rc = exchange_by_ref(db, in->exchange, &x, err)) ||
	    (rc = plan_check_exchange(&x, in->exchange, err)))
		goto out;
	if (!(formula = pl_strdup(pl_record_get(&x, "formula")))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	if ((rc = model_formula(&m, formula, err)))
		goto out;
	m.unit_cap[0] = in->unit_cap[0];
	m.unit_cap[1] = in->unit_cap[1];
	plan_day(&x, on_date);
	l.db = db;
	l.m = &m;
	l.w = &w;
	l.on_date = on_date;
	l.err = err;
	if ((rc = load_persons(&l, actor, x.id)))
		goto out;
	for (size_t i = 0; i < in->npins && !rc; i++)
		rc = mark(db, &m, in->pins[i], 1, err);
	for (size_t i = 0; i < in->ndrops && !rc; i++)
		rc = mark(db, &m, in->drops[i], 0, err);
	if (rc || (rc = model_solve(&m, -1, 0, in->time_limit, in->lp_path, err)))
		goto out;
	/* a named person who cannot be listed makes the terms impossible, whatever the solver */
	for (size_t i = 0; i < m.n; i++)
		if (m.c[i].named && m.c[i].reason)
			m.status = SOLVE_INFEASIBLE;
	if (m.status == SOLVE_INFEASIBLE)
		for (size_t i = 0; i < m.n; i++)
			m.c[i].chosen = 0;
	if ((rc = plan_save(db, actor, in, &m, formula, on_date, &w, weights_same(&w, &office), out,
	                    err)))
		goto out;
	out->status = solve_status_names[m.status];
	out->objective = m.objective;
	out->gap = m.gap;
	out->seconds = m.seconds;
	for (size_t i = 0; i < m.n; i++) {
		const struct cand *c = &m.c[i];
		out->count[c->side] += c->chosen;
		if (c->reason)
			out->left_out[c->side]++;
		else
			out->candidates[c->side]++;
	}
out:
	if (x.v)
		pl_record_release(&x);
	pl_free(formula);
	pl_free(l.busy.v);
	pl_free(l.red.v);
	model_release(&m);
	weights_release(&w);
	weights_release(&office);
	return rc;
}

/* --- reading a plan back ------------------------------------------------------------------ */

#define PLAN_SELECT                                                                                \
	"SELECT p.*, x.ref AS exchange, a.login AS author FROM plans p JOIN exchanges x ON x.id "  \
	"= p.exchange_id LEFT JOIN accounts a ON a.id = p.author_id "

int pl_plan_get(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                struct pl_record *out, struct pl_error *err)
{
	int rc;
	out->v = NULL;
	if ((rc = pl_authorize(db, actor, PL_OP_PLAN_MAKE, err)))
		return rc;
	return store_query_one(db->st, pl_entity(PL_ENT_PLAN), PLAN_SELECT "WHERE p.ref = ?1",
	                       (struct store_bind[]){SB_S(ref ? ref : "")}, 1, out, ref, err);
}

int pl_plan_list(struct pl_db *db, const struct pl_actor *actor, const char *exchange,
                 pl_record_cb cb, void *ctx, struct pl_error *err)
{
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_PLAN_MAKE, err)))
		return rc;
	return store_query(db->st, pl_entity(PL_ENT_PLAN),
	                   PLAN_SELECT "WHERE ?1 IS NULL OR x.ref = ?1 ORDER BY p.id DESC",
	                   (struct store_bind[]){SB_S(exchange)}, 1, cb, ctx, err);
}

struct member_load {
	struct model *m;
	crypto_generichash_state h;
	struct pl_error *err;
};

static int member_load_one(void *ctx, const struct store_plan_member *sm)
{
	struct member_load *ml = ctx;
	struct cand c = {0};
	hash_member(&ml->h, sm);
	c.id = sm->person_id;
	snprintf(c.ref, sizeof(c.ref), "%s", sm->ref);
	c.side = side_of(sm->side);
	c.score = sm->score;
	c.yes = sm->yes;
	c.unk = sm->unknown;
	c.named = sm->named;
	c.pinned = sm->pinned;
	c.chosen = sm->chosen;
	c.detail = dup_or_null(sm->detail);
	c.unit = dup_or_null(sm->unit);
	c.reason = dup_or_null(sm->reason);
	c.family = dup_or_null(sm->family);
	c.given = dup_or_null(sm->given);
	return model_add(ml->m, &c, ml->err);
}

/* Plan ref and its model, as it was made: the members checked against their digest. */
static int plan_load(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                     struct pl_record *rec, struct model *m, struct pl_error *err)
{
	struct member_load ml = {m, {{0}}, err};
	char digest[2 * PL_HASH_LEN + 1];
	const char *status;
	int rc;
	unsigned char stored[PL_HASH_LEN], audited[PL_HASH_LEN];
	int has_row, has_audit;
	if ((rc = pl_plan_get(db, actor, ref, rec, err)))
		return rc;
	/* the plan's row as its audit record has it: the digest below rests on it */
	if ((rc = store_row_hash(db->st, "plans", rec->id, stored, &has_row, err)) ||
	    (rc = store_audit_row_last(db->st, "plans", rec->id, audited, &has_audit, err)))
		goto fail;
	if (!has_row || !has_audit || memcmp(stored, audited, PL_HASH_LEN)) {
		rc = pl_error_set(
		        err, PL_EINTEGRITY,
		        "plan %s was changed behind parley's back (its row is not the one "
		        "the audit trail recorded)",
		        ref);
		goto fail;
	}
	crypto_generichash_init(&ml.h, NULL, 0, PL_HASH_LEN);
	if ((rc = model_formula(m, pl_record_get(rec, "formula"), err)) ||
	    (rc = store_plan_members(db->st, rec->id, member_load_one, &ml, err)))
		goto fail;
	hash_hex(&ml.h, digest);
	if (strcmp(digest, pl_record_get(rec, "members_hash")) ||
	    caps_parse(pl_record_get(rec, "unit_caps"), m->unit_cap)) {
		rc = pl_error_set(
		        err, PL_EINTEGRITY,
		        "plan %s: the persons it weighed were changed behind parley's back", ref);
		goto fail;
	}
	status = pl_record_get(rec, "status");
	m->status = !strcmp(status, "optimal")    ? SOLVE_OPTIMAL
	            : !strcmp(status, "feasible") ? SOLVE_FEASIBLE
	                                          : SOLVE_INFEASIBLE;
	m->objective = 0;
	for (size_t i = 0; i < m->n; i++)
		if (m->c[i].chosen)
			m->objective += m->c[i].side ? -m->c[i].score : m->c[i].score;
	return 0;
fail:
	pl_record_release(rec);
	model_release(m);
	return rc;
}

static void to_public(const struct cand *c, struct pl_plan_member *pm)
{
	pm->ref = c->ref;
	pm->side = side_names[c->side];
	pm->family_name = c->family;
	pm->given_name = c->given;
	pm->score = c->score;
	pm->detail = c->detail;
	pm->chosen = c->chosen;
	pm->named = c->named;
	pm->pinned = c->pinned;
	pm->reason = c->reason;
	pm->unit = c->unit;
}

/* Side, chosen first, candidates before those left out, best first (ours: the highest
 * priority; theirs: the lowest value), then by reference. */
static int show_order(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->side != y->side)
		return x->side - y->side;
	if (x->chosen != y->chosen)
		return y->chosen - x->chosen;
	if (!x->reason != !y->reason)
		return x->reason ? 1 : -1;
	if (x->score != y->score)
		return (x->side ? x->score > y->score : x->score < y->score) ? 1 : -1;
	return strcmp(x->ref, y->ref);
}

int pl_plan_members(struct pl_db *db, const struct pl_actor *actor, const char *ref, int all,
                    pl_plan_member_cb cb, void *ctx, struct pl_error *err)
{
	struct pl_record rec;
	struct model m = {0};
	int rc = plan_load(db, actor, ref, &rec, &m, err);
	if (rc)
		return rc;
	if (m.n)
		qsort(m.c, m.n, sizeof(*m.c), show_order);
	for (size_t i = 0; !rc && i < m.n; i++) {
		struct pl_plan_member pm;
		if (!all && !m.c[i].chosen)
			continue;
		to_public(&m.c[i], &pm);
		rc = cb(ctx, &pm);
	}
	pl_record_release(&rec);
	model_release(&m);
	return rc;
}

int pl_plan_terms(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                  pl_plan_term_cb cb, void *ctx, struct pl_error *err)
{
	struct pl_record rec;
	struct model m = {0};
	int rc = plan_load(db, actor, ref, &rec, &m, err);
	if (rc)
		return rc;
	rc = model_terms(&m, cb, ctx);
	if (rc == PL_EDATA && !err->msg[0])
		rc = pl_error_set(err, PL_EDATA, "out of memory");
	pl_record_release(&rec);
	model_release(&m);
	return rc;
}

int pl_plan_conflicts(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                      pl_plan_line_cb cb, void *ctx, struct pl_error *err)
{
	struct pl_record rec;
	struct model m = {0};
	int rc = plan_load(db, actor, ref, &rec, &m, err);
	if (rc)
		return rc;
	if (m.status == SOLVE_INFEASIBLE)
		rc = model_conflicts(&m, cb, ctx, err);
	pl_record_release(&rec);
	model_release(&m);
	return rc;
}

/* --- explanations ------------------------------------------------------------------------- */

static const char *score_word(int side)
{
	return side ? "value" : "priority";
}

/* The lowest-scored chosen of c's side counting in the same terms (any, when none does). */
static long last_chosen_like(const struct model *m, const struct cand *c)
{
	long best = -1, any = -1;
	for (size_t i = 0; i < m->n; i++) {
		const struct cand *o = &m->c[i];
		int worse;
		if (!o->chosen || o->side != c->side || o->named || o->pinned)
			continue;
		/* the one that least deserves its place: lowest priority, highest value */
		worse = c->side ? 1 : -1;
		if (any < 0 || (o->score - m->c[any].score) * worse > 0)
			any = (long)i;
		if (o->yes == c->yes && (best < 0 || (o->score - m->c[best].score) * worse > 0))
			best = (long)i;
	}
	return best >= 0 ? best : any;
}

static void name_of(const struct cand *c, char *out, size_t cap)
{
	snprintf(out, cap, "%s%s%s%s%s", c->ref, c->family ? " (" : "", c->family ? c->family : "",
	         c->given && c->family ? " " : "", c->family ? (c->given ? c->given : "") : "");
	if (c->family)
		snprintf(out + strlen(out), cap - strlen(out), ")");
}

static int explain_relax_line(void *ctx, const char *kind, const char *text)
{
	struct strbuf *sb = ctx;
	if (!strcmp(kind, "relax"))
		strbuf_addf(sb, " %s;", text);
	return 0;
}

static int explain_candidate(struct model *m, long i, struct pl_plan_why *why, struct pl_error *err)
{
	struct cand *c = &m->c[i];
	struct model alt;
	double objective = m->objective;
	long other = -1;
	char who[300], them[300];
	int rc;
	name_of(c, who, sizeof(who));
	if (c->named) {
		strbuf_addf(&why->because, "%s is on the %s list because the terms name them.", who,
		            side_names[c->side]);
		return 0;
	}
	if (c->pinned) {
		strbuf_addf(&why->because,
		            "%s is %s the %s list because the plan was made with them %s.", who,
		            c->pinned > 0 ? "on" : "off", side_names[c->side],
		            c->pinned > 0 ? "pinned on it" : "dropped from it");
		return 0;
	}
	/* the plan re-solved with the person the other way round: the same members */
	alt = *m;
	if (!(alt.c = pl_calloc(m->n, sizeof(*alt.c))))
		return pl_error_set(err, PL_EDATA, "out of memory");
	memcpy(alt.c, m->c, m->n * sizeof(*alt.c));
	rc = model_solve(&alt, i, !c->chosen, 0, NULL, err);
	if (rc)
		goto out;
	why->alt_feasible = alt.status != SOLVE_INFEASIBLE;
	why->alt_objective = alt.objective;
	why->loss = why->alt_feasible ? objective - alt.objective : 0;
	/* the one compared: who takes the place, or the last chosen like them */
	for (size_t k = 0; k < m->n; k++) {
		const struct cand *o = &alt.c[k];
		if ((long)k == i || o->side != c->side || o->chosen == m->c[k].chosen)
			continue;
		if (c->chosen ? o->chosen : !o->chosen) {
			if (other < 0 || (c->side ? o->score < alt.c[other].score
			                          : o->score > alt.c[other].score))
				other = (long)k;
		}
	}
	if (!c->chosen && other < 0)
		other = last_chosen_like(m, c);
	if (other >= 0) {
		name_of(&m->c[other], them, sizeof(them));
		snprintf(why->other, sizeof(why->other), "%s", m->c[other].ref);
		why->other_score = m->c[other].score;
	}
	strbuf_addf(&why->because, "%s is %s the %s list. Their %s is %.1f%s%s%s.", who,
	            c->chosen ? "on" : "not on", side_names[c->side], score_word(c->side), c->score,
	            c->detail ? " (" : "", c->detail ? c->detail : "", c->detail ? ")" : "");
	if (!why->alt_feasible) {
		strbuf_addf(&why->because, " %s, the terms could not hold:",
		            c->chosen ? "Without them" : "With them");
		if (!c->chosen) {
			c->pinned = 1;
			rc = model_conflicts(m, explain_relax_line, &why->because, err);
			c->pinned = 0;
			if (rc)
				goto out;
		}
		strbuf_addf(&why->because, "%s",
		            c->chosen ? " they are needed for the terms." : "");
		goto out;
	}
	if (c->chosen)
		strbuf_addf(&why->because,
		            " Left off, the best list that meets the terms scores %.1f less",
		            why->loss);
	else
		strbuf_addf(&why->because,
		            " Put on it, the best list that meets the terms scores %.1f less",
		            why->loss);
	if (other >= 0)
		strbuf_addf(&why->because, ": %s %s (%s %.1f).",
		            c->chosen ? "in their place would be" : "it would leave off", them,
		            score_word(c->side), m->c[other].score);
	else
		strbuf_addf(&why->because, ".");
out:
	pl_free(alt.c);
	return rc;
}

int pl_plan_explain(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                    const char *person, struct pl_plan_why *why, struct pl_error *err)
{
	struct pl_record rec, p;
	struct model m = {0};
	long i;
	int rc;
	memset(why, 0, sizeof(*why));
	why->because = (struct strbuf)STRBUF_INIT;
	if ((rc = plan_load(db, actor, ref, &rec, &m, err)))
		return rc;
	snprintf(why->ref, sizeof(why->ref), "%s", ref);
	if ((i = model_find(&m, person ? person : "")) < 0) {
		/* not weighed: the person as the registry has them now */
		rc = store_person_by_ref(db->st, person ? person : "", &p, err);
		if (rc == PL_ENOTFOUND)
			rc = pl_error_set(err, PL_ENOTFOUND, "no person %s", person ? person : "");
		if (!rc) {
			const char *status = pl_record_get(&p, "status");
			int det = !strcmp(pl_record_get(&p, "side"), "detainee");
			strbuf_addf(&why->because, "%s was not weighed by plan %s: %s, %s (%s). %s",
			            person, ref, det ? "a detainee" : "a captive", status,
			            det ? "only a detainee we hold goes on a list"
			                : "a captive is requested once captivity is confirmed or "
			                  "probable",
			            m.total[det] == -2 ? "The terms say nothing of that side."
			                               : "The plan weighed those of its side who "
			                                 "could be listed.");
			pl_record_release(&p);
		}
		goto out;
	}
	snprintf(why->person, sizeof(why->person), "%s", m.c[i].ref);
	why->side = side_names[m.c[i].side];
	why->chosen = m.c[i].chosen;
	why->candidate = !m.c[i].reason;
	why->score = m.c[i].score;
	if (m.status == SOLVE_INFEASIBLE) {
		strbuf_addf(&why->because,
		            "Plan %s found no lists: the terms cannot hold (see its conflicts).",
		            ref);
		goto out;
	}
	if (m.c[i].reason) {
		char who[300];
		name_of(&m.c[i], who, sizeof(who));
		strbuf_addf(&why->because, "%s cannot be on the %s list: %s.", who,
		            side_names[m.c[i].side], m.c[i].reason);
		goto out;
	}
	rc = explain_candidate(&m, i, why, err);
out:
	if (why->because.failed && !rc)
		rc = pl_error_set(err, PL_EDATA, "out of memory");
	pl_record_release(&rec);
	model_release(&m);
	return rc;
}

/* --- differences ---------------------------------------------------------------------------- */

int pl_plan_diff(struct pl_db *db, const struct pl_actor *actor, const char *a, const char *b,
                 pl_plan_diff_cb cb, void *ctx, struct pl_error *err)
{
	struct pl_record ra, rb;
	struct model ma = {0}, mb = {0};
	int rc;
	if ((rc = plan_load(db, actor, a, &ra, &ma, err)))
		return rc;
	if ((rc = plan_load(db, actor, b, &rb, &mb, err))) {
		pl_record_release(&ra);
		model_release(&ma);
		return rc;
	}
	if (ma.n)
		qsort(ma.c, ma.n, sizeof(*ma.c), show_order);
	if (mb.n)
		qsort(mb.c, mb.n, sizeof(*mb.c), show_order);
	for (int pass = 0; !rc && pass < 2; pass++) {
		/* pass 0: in b, not in a (added); pass 1: in a, not in b (removed) */
		const struct model *from = pass ? &ma : &mb, *other = pass ? &mb : &ma;
		for (size_t i = 0; !rc && i < from->n; i++) {
			const struct cand *c = &from->c[i];
			long k;
			struct pl_plan_member pm;
			if (!c->chosen)
				continue;
			k = model_find(other, c->ref);
			if (k >= 0 && other->c[k].chosen)
				continue;
			to_public(c, &pm);
			rc = cb(ctx, pass ? "removed" : "added", side_names[c->side], &pm);
		}
	}
	pl_record_release(&ra);
	pl_record_release(&rb);
	model_release(&ma);
	model_release(&mb);
	return rc;
}

/* --- adoption --------------------------------------------------------------------------- */

int pl_plan_adopt(struct pl_db *db, const struct pl_actor *actor, const char *ref, long *added,
                  long *removed, struct pl_error *err)
{
	struct pl_record rec, x = {0}, upd = {0};
	struct model m = {0};
	struct person_vec cur[2] = {{0}, {0}};
	char note[64], num[32];
	int rc;
	*added = *removed = 0;
	if ((rc = pl_authorize(db, actor, PL_OP_PLAN_ADOPT, err)) ||
	    (rc = pl_authorize(db, actor, PL_OP_EXCHANGE_EDIT, err)) ||
	    (rc = plan_load(db, actor, ref, &rec, &m, err)))
		return rc;
	if (m.status == SOLVE_INFEASIBLE) {
		rc = pl_error_set(err, PL_EDATA,
		                  "plan %s found no lists: there is nothing to adopt", ref);
		goto out;
	}
	if (pl_record_get(&rec, "adopted")) {
		rc = pl_error_set(err, PL_EDATA, "plan %s was adopted already (%s)", ref,
		                  pl_record_get(&rec, "adopted"));
		goto out;
	}
	if (strcmp(pl_record_get(&rec, "office_weights"), "1") &&
	    !(actor->roles & 1u << PL_ROLE_HEAD)) {
		rc = refuse(
		        db, actor, "plan.adopt", ref, "plan", PL_EPERM, err,
		        "permission denied: plan %s was made with weights not the office's; the "
		        "head adopts it",
		        ref);
		goto out;
	}
	snprintf(note, sizeof(note), "plan %s", ref);
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = exchange_by_ref(db, pl_record_get(&rec, "exchange"), &x, err)) ||
	    (rc = plan_check_exchange(&x, pl_record_get(&rec, "exchange"), err)))
		goto fail;
	if (strcmp(pl_record_get(&x, "formula"), pl_record_get(&rec, "formula"))) {
		rc = pl_error_set(err, PL_EDATA,
		                  "the terms of %s changed after plan %s was made: plan again",
		                  pl_record_get(&rec, "exchange"), ref);
		goto fail;
	}
	for (int s = 0; s < 2; s++) {
		if ((rc = exchange_list_persons(db, x.id, "request", side_names[s], &cur[s], err)))
			goto fail;
		for (size_t i = 0; i < cur[s].n; i++) {
			const char *pref = pl_record_get(&cur[s].v[i], "ref");
			long k = model_find(&m, pref);
			char why[80];
			if (k >= 0 && m.c[k].chosen)
				continue;
			snprintf(why, sizeof(why), "plan %s adopted", ref);
			if ((rc = exchange_list_remove_tx(
			             db, actor, pl_record_get(&rec, "exchange"), "request",
			             side_names[s], pref, why, err)))
				goto fail;
			++*removed;
		}
	}
	for (size_t i = 0; i < m.n; i++) {
		const struct cand *c = &m.c[i];
		int on = 0;
		if (!c->chosen)
			continue;
		for (size_t k = 0; k < cur[c->side].n; k++)
			on |= !strcmp(pl_record_get(&cur[c->side].v[k], "ref"), c->ref);
		if (on)
			continue;
		if ((rc = exchange_list_add_tx(db, actor, pl_record_get(&rec, "exchange"),
		                               "request", side_names[c->side], c->ref, note, 1,
		                               err))) {
			char msg[sizeof(err->msg)];
			snprintf(msg, sizeof(msg), "%s", err->msg);
			rc = pl_error_set(err, rc, "plan %s cannot be adopted as it stands: %s",
			                  ref, msg);
			goto fail;
		}
		++*added;
	}
	/* the lists whole: counts, at most terms, policy rules at block */
	if ((rc = exchange_lists_hold_tx(db, pl_record_get(&rec, "exchange"), "request", err))) {
		char msg[sizeof(err->msg)];
		snprintf(msg, sizeof(msg), "%s", err->msg);
		rc = pl_error_set(err, rc, "plan %s cannot be adopted as it stands: %s", ref, msg);
		goto fail;
	}
	snprintf(num, sizeof(num), "%lld", actor->account_id);
	if (pl_record_init(&upd, pl_entity(PL_ENT_PLAN)) ||
	    pl_record_set(&upd, "adopted", db->tx_time) || pl_record_set(&upd, "adopted_by", num)) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto fail;
	}
	upd.id = rec.id;
	if ((rc = record_update_audited(db, actor, &rec, &upd,
	                                (1ULL << pl_field_index(upd.ent, "adopted")) |
	                                        (1ULL << pl_field_index(upd.ent, "adopted_by")),
	                                "plan.adopt", ref, NULL, err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
	*added = *removed = 0;
out:
	if (x.v)
		pl_record_release(&x);
	if (upd.v)
		pl_record_release(&upd);
	person_vec_release(&cur[0]);
	person_vec_release(&cur[1]);
	pl_record_release(&rec);
	model_release(&m);
	return rc;
}

/* --- the office's weights ------------------------------------------------------------------ */

struct weight_row {
	struct pl_record r;
	int found;
};

static int weight_row_one(void *ctx, const struct pl_record *r)
{
	struct weight_row *w = ctx;
	struct pl_record *src = (struct pl_record *)r;
	w->r = *r;
	w->found = 1;
	src->v = NULL; /* taken over */
	src->nextra = 0;
	src->extra = NULL;
	src->extra_names = NULL;
	return 1;
}

int pl_plan_weights(struct pl_db *db, const struct pl_actor *actor, pl_weight_cb cb, void *ctx,
                    struct pl_error *err)
{
	struct weights w = {0};
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_PLAN_MAKE, err)) ||
	    (rc = weights_office(db, &w, err)))
		goto out;
	for (const struct pl_plan_weight_def *d = pl_plan_weight_defs; !rc && d->key; d++) {
		size_t n = strlen(d->key);
		int is_pattern = n > 4 && !strcmp(d->key + n - 4, ".TAG");
		double v = d->def;
		int set = 0;
		for (size_t i = 0; i < w.n; i++)
			if (!strcmp(w.w[i].key, d->key)) {
				v = w.w[i].v;
				set = 1;
			}
		rc = cb(ctx, d->key, v, set, d->meaning);
		/* the tags set under a pattern, each on its own line */
		for (size_t i = 0; !rc && is_pattern && i < w.n; i++)
			if (!strncmp(w.w[i].key, d->key, n - 3) &&
			    (n - 3 != 4 || strncmp(w.w[i].key, "value.", 6)))
				rc = cb(ctx, w.w[i].key, w.w[i].v, 1, d->meaning);
	}
out:
	weights_release(&w);
	return rc;
}

int pl_plan_weight_set(struct pl_db *db, const struct pl_actor *actor, const char *key,
                       const char *value, struct pl_error *err)
{
	struct weights w = {0};
	struct weight_row row = {{0}, 0};
	struct strbuf text = STRBUF_INIT;
	struct pl_record r = {0};
	char num[64];
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_PLAN_WEIGHTS, err)))
		return rc;
	strbuf_addf(&text, "%s = %s", key ? key : "", value ? value : "");
	if (text.failed) {
		strbuf_release(&text);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	rc = weights_parse(&w, text.buf, err);
	strbuf_release(&text);
	if (rc)
		goto done;
	if (w.n != 1) {
		rc = pl_error_set(err, PL_EUSAGE, "a weight is set as a key and a number");
		goto done;
	}
	snprintf(num, sizeof(num), "%g", w.w[0].v);
	if ((rc = store_begin(db, err)))
		goto done;
	rc = store_query(db->st, pl_entity(PL_ENT_PLAN_WEIGHT),
	                 "SELECT * FROM plan_weights WHERE key = ?1",
	                 (struct store_bind[]){SB_S(w.w[0].key)}, 1, weight_row_one, &row, err);
	if (rc < 0 || (rc && rc != 1))
		goto fail;
	rc = 0;
	if (row.found && !strcmp(pl_record_get(&row.r, "value"), num))
		goto fail; /* the same value: nothing to write */
	if (pl_record_init(&r, pl_entity(PL_ENT_PLAN_WEIGHT)) ||
	    pl_record_set(&r, "key", w.w[0].key) || pl_record_set(&r, "value", num) ||
	    pl_record_set(&r, "recorded", db->tx_time)) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto fail;
	}
	snprintf(num, sizeof(num), "%lld", actor->account_id);
	if (pl_record_set(&r, "author_id", num)) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto fail;
	}
	if (row.found) {
		r.id = row.r.id;
		rc = record_update_audited(db, actor, &row.r, &r,
		                           (1ULL << pl_field_index(r.ent, "value")) |
		                                   (1ULL << pl_field_index(r.ent, "author_id")) |
		                                   (1ULL << pl_field_index(r.ent, "recorded")),
		                           "plan.weights", w.w[0].key, NULL, err);
	} else {
		rc = record_insert_audited(db, actor, &r, "plan.weights", w.w[0].key, NULL, err);
	}
	if (rc)
		goto fail;
	rc = store_commit(db, err);
	goto done;
fail:
	store_rollback(db);
done:
	if (row.found)
		pl_record_release(&row.r);
	if (r.v)
		pl_record_release(&r);
	weights_release(&w);
	return rc;
}
