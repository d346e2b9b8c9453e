/* reconcile.c - an exchange's terms held against its lists and against what happened,
 * and the policy rules run over them */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/alloc.h"
#include "parley/strbuf.h"
#include "parley/text.h"
#include "exchange-int.h"
#include "banned.h"

/* --- policy rules --- */

struct pctx {
	struct pl_db *db;
	const struct pl_record *x;
	struct pl_formula *f;
	struct person_vec side[2]; /* receive, give: the lists the rules judge */
	const char *level;
	pl_finding_cb cb;
	void *ctx;
	int *blocking;
	struct pl_error *err;
};

static int emit(struct pctx *c, const char *rule, const char *side, const char *ref,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int emit(struct pctx *c, const char *rule, const char *side, const char *ref,
                const char *fmt, ...)
{
	char text[1024];
	struct pl_finding f = {0};
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	f.kind = PL_FIND_POLICY;
	f.rule = rule;
	f.level = c->level;
	f.side = side;
	f.ref = ref;
	f.text = text;
	if (!strcmp(c->level, "block") && c->blocking)
		(*c->blocking)++;
	return c->cb ? c->cb(c->ctx, &f) : 0;
}

static int is(const struct pl_record *p, const char *field, const char *v)
{
	const char *s = pl_record_get(p, field);
	return s && !strcmp(s, v);
}

/* A probe: a person of side and kind of whom nothing else is known. */
static enum pl_tv probe(const struct pl_formula *f, enum pl_formula_side fs, const char *kind)
{
	struct pl_record p;
	enum pl_tv r = PL_TV_UNKNOWN;
	int ti = pl_formula_total(f, fs);
	if (ti < 0)
		return PL_TV_NO;
	if (pl_record_init(&p, pl_entity(PL_ENT_PERSON)))
		return PL_TV_UNKNOWN;
	if (!pl_record_set(&p, "side", fs == PL_FORMULA_RECEIVE ? "captive" : "detainee") &&
	    !pl_record_set(&p, "kind", kind))
		r = pl_formula_matches(f, (size_t)ti, &p, NULL, NULL, 0);
	pl_record_release(&p);
	return r;
}

static int rule_military_for_civilians(struct pctx *c)
{
	long civ = 0, mil_recv = 0, mil_give = 0;
	for (size_t i = 0; i < c->side[0].n; i++) {
		if (is(&c->side[0].v[i], "kind", "civilian"))
			civ++;
		else if (is(&c->side[0].v[i], "kind", "military"))
			mil_recv++;
	}
	for (size_t i = 0; i < c->side[1].n; i++)
		if (is(&c->side[1].v[i], "kind", "military"))
			mil_give++;
	if (civ && mil_give > mil_recv)
		return emit(c, "military_for_civilians", NULL, NULL,
		            "%ld of their military given for %ld of our military and %ld of our "
		            "civilians: %ld of their military pay for civilians",
		            mil_give, mil_recv, civ, mil_give - mil_recv);
	/* the terms alone, before any list: only civilians received, military given */
	if (!c->side[0].n && !c->side[1].n && c->f &&
	    probe(c->f, PL_FORMULA_RECEIVE, "military") == PL_TV_NO &&
	    probe(c->f, PL_FORMULA_RECEIVE, "civilian") != PL_TV_NO &&
	    probe(c->f, PL_FORMULA_GIVE, "military") != PL_TV_NO)
		return emit(c, "military_for_civilians", NULL, NULL,
		            "the terms receive civilians only and may give their military");
	return 0;
}

static int rule_per_detainee(struct pctx *c, const char *rule, const char *field, const char *value,
                             const char *words)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < c->side[1].n; i++) {
		const struct pl_record *p = &c->side[1].v[i];
		const char *v = pl_record_get(p, field);
		if (v && (!value || !strcmp(v, value)))
			rc = emit(c, rule, "give", pl_record_get(p, "ref"), "%s %s",
			          pl_record_get(p, "ref"), words);
	}
	return rc;
}

static int rule_convicted(struct pctx *c)
{
	return rule_per_detainee(c, "convicted_given", "sentence", NULL,
	                         "was sentenced by our courts");
}

static int rule_no_consent(struct pctx *c)
{
	return rule_per_detainee(c, "no_consent", "consent", "no", "refused to be exchanged");
}

static int rule_proceedings(struct pctx *c)
{
	return rule_per_detainee(c, "under_proceedings", "proceedings", NULL,
	                         "is under criminal proceedings");
}

struct wounded_ctx {
	struct pl_db *db;
	const struct person_vec *list;
	long n;
	struct strbuf refs;
	struct pl_error *err;
};

struct on_list_ctx {
	int open;
};

static int on_open_list(void *ctx, const struct pl_record *e)
{
	const char *s = pl_record_get(e, "exchange_status");
	struct on_list_ctx *c = ctx;
	if (s && (!strcmp(s, "draft") || !strcmp(s, "proposed") || !strcmp(s, "agreed") ||
	          !strcmp(s, "executing")))
		c->open = 1;
	return 0;
}

static int wounded_one(void *ctx, const struct pl_record *p)
{
	struct wounded_ctx *w = ctx;
	struct on_list_ctx o = {0};
	int rc;
	if (!is(p, "health", "severely_wounded") && !is(p, "health", "severely_ill"))
		return 0;
	for (size_t i = 0; i < w->list->n; i++)
		if (w->list->v[i].id == p->id)
			return 0;
	if ((rc = store_list_entries(w->db->st, 0, NULL, NULL, p->id, 1, on_open_list, &o, w->err)))
		return rc;
	if (o.open)
		return 0;
	if (w->n < 5)
		strbuf_addf(&w->refs, "%s%s", w->refs.len ? ", " : "", pl_record_get(p, "ref"));
	w->n++;
	return 0;
}

static int rule_wounded_left_off(struct pctx *c)
{
	struct wounded_ctx w = {c->db, &c->side[0], 0, STRBUF_INIT, c->err};
	long healthier = 0;
	int rc;
	for (size_t i = 0; i < c->side[0].n; i++)
		if (is(&c->side[0].v[i], "health", "healthy") ||
		    is(&c->side[0].v[i], "health", "wounded"))
			healthier++;
	if (!healthier)
		return 0;
	rc = store_persons_where(c->db->st, "captive", ",confirmed,", wounded_one, &w, c->err);
	if (!rc && w.n)
		rc = emit(
		        c, "wounded_left_off", "receive", NULL,
		        "%ld healthier person%s listed while %ld severely wounded or ill captive%s "
		        "of confirmed captivity %s on no list (%s%s)",
		        healthier, healthier == 1 ? "" : "s", w.n, w.n == 1 ? "" : "s",
		        w.n == 1 ? "is" : "are", w.refs.failed ? "" : w.refs.buf,
		        w.n > 5 ? ", ..." : "");
	strbuf_release(&w.refs);
	return rc;
}

struct incident_ctx {
	struct pctx *c;
	struct person_vec mediators;
	int rc;
};

static int mediator_one(void *ctx, const struct pl_record *m)
{
	return person_vec_add(&((struct incident_ctx *)ctx)->mediators, m) ? PL_EDATA : 0;
}

static int incident_one(void *ctx, const struct pl_record *r)
{
	struct incident_ctx *ic = ctx;
	const char *state = pl_record_get(r, "state");
	int match = xget_id(r, "exchange_id") == ic->c->x->id;
	if (!is(r, "kind", "third_country_transfer"))
		return 0;
	for (size_t i = 0; !match && state && i < ic->mediators.n; i++)
		match = xfold_find(pl_record_get(&ic->mediators.v[i], "name"), state, 1);
	if (!match)
		return 0;
	return emit(ic->c, "third_state_transfer", NULL, NULL,
	            "%s took %s of ours without notice to us on %s%s%s",
	            state ? state : "a third state",
	            pl_record_get(r, "count") ? pl_record_get(r, "count") : "some",
	            pl_record_get(r, "date"), pl_record_get(r, "note") ? ": " : "",
	            pl_record_get(r, "note") ? pl_record_get(r, "note") : "");
}

static int rule_third_state(struct pctx *c)
{
	struct incident_ctx ic = {c, {0}, 0};
	int rc = store_exchange_children(c->db->st, pl_entity(PL_ENT_MEDIATOR), c->x->id,
	                                 mediator_one, &ic, c->err);
	if (!rc)
		rc = store_exchange_children(c->db->st, pl_entity(PL_ENT_INCIDENT), 0, incident_one,
		                             &ic, c->err);
	person_vec_release(&ic.mediators);
	return rc;
}

static const struct policy_rule_def {
	const char *name, *default_level, *reason;
	int (*run)(struct pctx *c);
} rules[] = {
        {"military_for_civilians", "warn",
         "their military given for our civilians sets a precedent: it tells the other side "
         "that civilians are currency, and invites it to take more",
         rule_military_for_civilians},
        {"convicted_given", "warn",
         "a person our courts convicted, given, sets a precedent: sentences become a stock "
         "of exchange",
         rule_convicted},
        {"no_consent", "block",
         "a detainee who refused to be exchanged is not handed over against their will",
         rule_no_consent},
        {"under_proceedings", "warn",
         "a detainee under criminal proceedings is given only once the prosecutor agrees: "
         "the proceedings end with the exchange",
         rule_proceedings},
        {"wounded_left_off", "warn",
         "the severely wounded and ill come first: healthier persons listed while they are "
         "left off need a reason",
         rule_wounded_left_off},
        {"third_state_transfer", "warn",
         "a mediator that took ours to a third state without notice before (an incident) may "
         "do it again: ask for guarantees",
         rule_third_state},
};
#define NRULES (sizeof(rules) / sizeof(rules[0]))

static int rule_level(struct pl_db *db, const struct policy_rule_def *r, char *level, size_t cap,
                      long long *id, struct pl_error *err)
{
	int rc = store_policy_level(db->st, r->name, level, cap, id, err);
	if (!rc && !level[0])
		snprintf(level, cap, "%s", r->default_level);
	return rc;
}

int policy_detainee(struct pl_db *db, const struct pl_record *p, pl_finding_cb cb, void *ctx,
                    struct pl_error *err)
{
	static int (*const per_detainee[])(struct pctx *) = {rule_convicted, rule_no_consent,
	                                                     rule_proceedings};
	struct pctx c = {db, NULL, NULL, {{0}, {0}}, NULL, cb, ctx, NULL, err};
	char level[16];
	long long id;
	int rc = 0;
	/* the one person, borrowed: c.side is never released here */
	c.side[1].v = (struct pl_record *)p;
	c.side[1].n = 1;
	for (size_t i = 0; !rc && i < NRULES; i++) {
		int applies = 0;
		for (size_t k = 0; k < sizeof(per_detainee) / sizeof(per_detainee[0]); k++)
			applies |= rules[i].run == per_detainee[k];
		if (!applies)
			continue;
		if ((rc = rule_level(db, &rules[i], level, sizeof(level), &id, err)))
			break;
		if (strcmp(level, "off")) {
			c.level = level;
			rc = rules[i].run(&c);
		}
	}
	return rc;
}

/* Adds the persons named by side's terms of f to pv, when not there yet. */
static int add_named(struct pl_db *db, const struct pl_formula *f, enum pl_formula_side fs,
                     struct person_vec *pv, struct pl_error *err)
{
	for (size_t i = 0, n = pl_formula_nterms(f); i < n; i++) {
		struct pl_formula_term t;
		struct pl_record p;
		int there = 0, rc;
		pl_formula_term(f, i, &t);
		if (t.side != fs || t.kind != PL_TERM_NAMED || !t.ref)
			continue;
		for (size_t k = 0; k < pv->n; k++)
			there |= is(&pv->v[k], "ref", t.ref);
		if (there)
			continue;
		rc = store_person_by_ref(db->st, t.ref, &p, err);
		if (rc == PL_ENOTFOUND)
			continue; /* the check of the terms names it */
		if (rc)
			return rc;
		if (person_vec_add(pv, &p)) {
			pl_record_release(&p);
			return pl_error_set(err, PL_EDATA, "out of memory");
		}
	}
	return 0;
}

/* The lists the checks judge: agreed, else requested; the named persons of the terms. */
static int judged_lists(struct pl_db *db, const struct pl_record *x, const struct pl_formula *f,
                        struct person_vec side[2], struct pl_error *err)
{
	static const char *const sides[2] = {"receive", "give"};
	int rc;
	for (int s = 0; s < 2; s++) {
		if ((rc = exchange_list_persons(db, x->id, "agreed", sides[s], &side[s], err)))
			return rc;
		if (!side[s].n &&
		    (rc = exchange_list_persons(db, x->id, "request", sides[s], &side[s], err)))
			return rc;
		if (f && (rc = add_named(db, f, exchange_formula_side(sides[s]), &side[s], err)))
			return rc;
	}
	return 0;
}

int policy_run(struct pl_db *db, const struct pl_record *x, const char *extra_side,
               const struct pl_record *extra, pl_finding_cb cb, void *ctx, int *blocking,
               struct pl_error *err)
{
	struct pctx c = {db, x, NULL, {{0}, {0}}, NULL, cb, ctx, blocking, err};
	char level[16];
	long long id;
	int rc;
	if (blocking)
		*blocking = 0;
	if ((rc = exchange_formula(x, &c.f, err)) || (rc = judged_lists(db, x, c.f, c.side, err)))
		goto out;
	if (extra) {
		struct person_vec *pv = &c.side[!strcmp(extra_side, "receive") ? 0 : 1];
		struct pl_record copy;
		int there = 0;
		for (size_t k = 0; k < pv->n; k++)
			there |= pv->v[k].id == extra->id;
		if (!there) {
			if (pl_record_init(&copy, extra->ent)) {
				rc = pl_error_set(err, PL_EDATA, "out of memory");
				goto out;
			}
			copy.id = extra->id;
			for (size_t i = 0; i < extra->ent->nfields && !rc; i++)
				if (extra->v[i] &&
				    pl_record_set(&copy, extra->ent->fields[i].name, extra->v[i]))
					rc = pl_error_set(err, PL_EDATA, "out of memory");
			if (rc || person_vec_add(pv, &copy)) {
				pl_record_release(&copy);
				rc = rc ? rc : pl_error_set(err, PL_EDATA, "out of memory");
				goto out;
			}
		}
	}
	for (size_t i = 0; i < NRULES; i++) {
		if ((rc = rule_level(db, &rules[i], level, sizeof(level), &id, err)))
			goto out;
		if (!strcmp(level, "off"))
			continue;
		c.level = level;
		if ((rc = rules[i].run(&c)))
			goto out;
	}
out:
	person_vec_release(&c.side[0]);
	person_vec_release(&c.side[1]);
	pl_formula_free(c.f);
	return rc;
}

int pl_policy_list(struct pl_db *db, const struct pl_actor *actor, pl_policy_cb cb, void *ctx,
                   struct pl_error *err)
{
	char level[16];
	long long id;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_SHOW, err)))
		return rc;
	for (size_t i = 0; i < NRULES; i++) {
		struct pl_policy_rule r;
		if ((rc = rule_level(db, &rules[i], level, sizeof(level), &id, err)))
			return rc;
		r.name = rules[i].name;
		r.level = level;
		r.default_level = rules[i].default_level;
		r.reason = rules[i].reason;
		if ((rc = cb(ctx, &r)))
			return rc;
	}
	return 0;
}

int pl_policy_set(struct pl_db *db, const struct pl_actor *actor, const char *rule,
                  const char *level, struct pl_error *err)
{
	const struct policy_rule_def *r = NULL;
	char cur[16], fields[64];
	long long id, row;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_POLICY_SET, err)))
		return rc;
	for (size_t i = 0; i < NRULES; i++)
		if (rule && !strcmp(rules[i].name, rule))
			r = &rules[i];
	if (!r) {
		struct strbuf names = STRBUF_INIT;
		for (size_t i = 0; i < NRULES; i++)
			strbuf_addf(&names, "%s%s", i ? ", " : "", rules[i].name);
		rc = pl_error_set(err, PL_EUSAGE, "policy: no rule '%s' (rules: %s)",
		                  rule ? rule : "", names.failed ? "?" : names.buf);
		strbuf_release(&names);
		return rc;
	}
	if (!level || !pl_token_in(level, pl_policy_levels))
		return pl_error_set(err, PL_EUSAGE,
		                    "policy: level '%s' is not one of block, warn, off",
		                    level ? level : "");
	if ((rc = store_begin(db, err)))
		return rc;
	if ((rc = rule_level(db, r, cur, sizeof(cur), &id, err)))
		goto fail;
	if (!strcmp(cur, level)) {
		store_rollback(db);
		return 0;
	}
	snprintf(fields, sizeof(fields), "level %s->%s", cur, level);
	if ((rc = store_policy_put(db, id, r->name, level, actor->account_id, &row, err)) ||
	    (rc = audit_write(db, actor, "policy.set", "policy_rules", row, r->name, fields, err)))
		goto fail;
	return store_commit(db, err);
fail:
	store_rollback(db);
	return rc;
}

/* --- the terms held against lists --- */

static int term_finding(pl_finding_cb cb, void *ctx, const char *side, const char *term, long have,
                        long need, int holds, const char *fmt, ...)
        __attribute__((format(printf, 8, 9)));

static int term_finding(pl_finding_cb cb, void *ctx, const char *side, const char *term, long have,
                        long need, int holds, const char *fmt, ...)
{
	char text[1024];
	struct pl_finding f = {0};
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	f.kind = PL_FIND_TERM;
	f.side = side;
	f.rule = term;
	f.have = have;
	f.need = need;
	f.holds = holds;
	f.text = text;
	return cb(ctx, &f);
}

static int person_finding(pl_finding_cb cb, void *ctx, enum pl_finding_kind kind, const char *side,
                          const char *ref, const char *term, const char *fmt, ...)
        __attribute__((format(printf, 7, 8)));

static int person_finding(pl_finding_cb cb, void *ctx, enum pl_finding_kind kind, const char *side,
                          const char *ref, const char *term, const char *fmt, ...)
{
	char text[1024];
	struct pl_finding f = {0};
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	f.kind = kind;
	f.side = side;
	f.ref = ref;
	f.rule = term;
	f.text = text;
	return cb(ctx, &f);
}

/* 1 when ref is named by a term of side fs. */
static int named_person(const struct pl_formula *f, enum pl_formula_side fs, const char *ref)
{
	for (size_t k = 0, n = pl_formula_nterms(f); ref && k < n; k++) {
		struct pl_formula_term nt;
		pl_formula_term(f, k, &nt);
		if (nt.side == fs && nt.kind == PL_TERM_NAMED && nt.ref && !strcmp(nt.ref, ref))
			return 1;
	}
	return 0;
}

struct eligible_ctx {
	const struct pl_formula *f;
	size_t term;
	const char *day;
	long n;
};

static int eligible_one(void *ctx, const struct pl_record *p)
{
	struct eligible_ctx *e = ctx;
	if (pl_formula_matches(e->f, e->term, p, e->day, NULL, 0) == PL_TV_YES)
		e->n++;
	return 0;
}

/*
 * Holds the list pv of side against the terms of f: the total (its count and selector,
 * naming who does not match when names), then every constraint and name. all_need: what
 * "all" means (-1: every eligible person of the registry; else that many).
 */
static int terms_against(struct pl_db *db, const struct pl_formula *f, const char *side,
                         const struct person_vec *pv, const char *noun, const char *day,
                         long all_need, const char *const *registry_health, pl_finding_cb cb,
                         void *ctx, struct pl_error *err)
{
	enum pl_formula_side fs = exchange_formula_side(side);
	int ti = pl_formula_total(f, fs);
	struct pl_formula_term t;
	struct pl_term_check chk[64];
	size_t nchk = 0;
	long matching = 0, unknown = 0, size = 0, need;
	int rc;
	if (ti < 0)
		return 0;
	pl_formula_term(f, (size_t)ti, &t);
	for (size_t i = 0; i < pv->n; i++) {
		enum pl_tv m;
		if (named_person(f, fs, pl_record_get(&pv->v[i], "ref")))
			continue;
		size++;
		m = pl_formula_matches(f, (size_t)ti, &pv->v[i], day, NULL, 0);
		if (m == PL_TV_YES)
			matching++;
		else if (m == PL_TV_UNKNOWN)
			unknown++;
	}
	need = t.count;
	if (t.count < 0) {
		if (all_need >= 0) {
			need = all_need;
		} else {
			struct eligible_ctx e = {f, (size_t)ti, day, 0};
			if ((rc = store_persons_where(db->st, exchange_person_side(side),
			                              fs == PL_FORMULA_RECEIVE
			                                      ? ",confirmed,listed,"
			                                      : ",held,listed,",
			                              eligible_one, &e, err)))
				return rc;
			need = e.n;
		}
	}
	{
		/* the list is exactly need persons (all: every eligible one), each matching */
		char tail[96] = "";
		int holds = matching == need && size == need;
		if (holds)
			snprintf(tail, sizeof(tail), "holds");
		else if (matching < need)
			snprintf(tail, sizeof(tail), "%ld short", need - matching);
		if (size > need)
			snprintf(tail + strlen(tail), sizeof(tail) - strlen(tail),
			         "%s%ld more than "
			         "the terms",
			         tail[0] ? ", " : "", size - need);
		if (size == matching)
			rc = term_finding(cb, ctx, side, t.text, matching, need, holds,
			                  "'%s': %ld of %ld, %s%s", t.text, matching, need, tail,
			                  unknown ? " (some not known)" : "");
		else
			rc = term_finding(cb, ctx, side, t.text, matching, need, holds,
			                  "'%s': %ld %s, %ld of them match, of %ld: %s%s", t.text,
			                  size, noun, matching, need, tail,
			                  unknown ? " (some not known)" : "");
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < pv->n; i++) {
		char why[256] = "";
		const char *ref = pl_record_get(&pv->v[i], "ref");
		enum pl_tv m;
		if (named_person(f, fs, ref))
			continue;
		m = pl_formula_matches(f, (size_t)ti, &pv->v[i], day, why, sizeof(why));
		if (m == PL_TV_YES || !t.has_selector)
			continue;
		if (m == PL_TV_NO && !why[0])
			exchange_explain(t.selector, &pv->v[i], why, sizeof(why));
		if (registry_health && registry_health[i] &&
		    !xsame(registry_health[i], pl_record_get(&pv->v[i], "health")))
			rc = person_finding(cb, ctx, PL_FIND_TERM_PERSON, side, ref, t.text,
			                    "%s does not match '%s': %s (health at triage %s; the "
			                    "registry said %s)",
			                    ref, t.text,
			                    m == PL_TV_UNKNOWN ? "not known"
			                    : why[0]           ? why
			                                       : "no",
			                    pl_record_get(&pv->v[i], "health")
			                            ? pl_record_get(&pv->v[i], "health")
			                            : "unknown",
			                    registry_health[i]);
		else
			rc = person_finding(cb, ctx, PL_FIND_TERM_PERSON, side, ref, t.text,
			                    "%s does not match '%s': %s", ref, t.text,
			                    m == PL_TV_UNKNOWN ? (why[0] ? why : "not known")
			                    : why[0]           ? why
			                                       : "no");
		if (rc)
			return rc;
	}
	if ((rc = pl_formula_check(f, fs, pv->v, pv->n, day, chk, sizeof(chk) / sizeof(chk[0]),
	                           &nchk, err)))
		return rc;
	for (size_t i = 0; i < nchk; i++) {
		struct pl_formula_term ct;
		long bound;
		pl_formula_term(f, chk[i].term, &ct);
		if (ct.kind == PL_TERM_TOTAL)
			continue;
		bound = ct.kind == PL_TERM_AT_MOST ? chk[i].need_max : chk[i].need_min;
		if (ct.kind == PL_TERM_NAMED && !chk[i].holds &&
		    (rc = person_finding(cb, ctx, PL_FIND_AGREED_NOT_CAME, side, ct.ref, ct.text,
		                         "%s, named in the terms, is not on the list", ct.ref)))
			return rc;
		if ((rc = term_finding(cb, ctx, side, ct.text, chk[i].have, bound, chk[i].holds,
		                       "'%s': %ld%s", ct.text, chk[i].have,
		                       chk[i].holds ? ", holds" : ", broken")))
			return rc;
	}
	return 0;
}

int pl_exchange_check(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                      pl_finding_cb cb, void *ctx, int *blocking, struct pl_error *err)
{
	static const char *const sides[2] = {"receive", "give"};
	struct pl_record x;
	struct pl_formula *f = NULL;
	struct person_vec pv[2] = {{0}, {0}};
	const char *day;
	char now[21];
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_SHOW, err)))
		return rc;
	if ((rc = store_exchange_by_ref(db->st, ref, &x, err)))
		return rc;
	day = pl_record_get(&x, "agreed_date");
	if (!day || strlen(day) != 10) {
		pl_now_utc(now);
		now[10] = '\0';
		day = now;
	}
	if ((rc = exchange_formula(&x, &f, err)))
		goto out;
	if (f) {
		/* the terms on the lists as they are: a named person not on one is not there */
		if ((rc = judged_lists(db, &x, NULL, pv, err)))
			goto out;
		for (int s = 0; s < 2 && !rc; s++)
			rc = terms_against(db, f, sides[s], &pv[s], "on the list", day, -1, NULL,
			                   cb, ctx, err);
		if (rc)
			goto out;
	}
	rc = policy_run(db, &x, NULL, NULL, cb, ctx, blocking, err);
out:
	person_vec_release(&pv[0]);
	person_vec_release(&pv[1]);
	pl_formula_free(f);
	pl_record_release(&x);
	return rc;
}

/* --- reconciliation --- */

struct crossed_ctx {
	struct pl_db *db;
	struct person_vec side[2];
	long pending;
	struct pl_error *err;
};

static int crossed_one(void *ctx, const struct pl_record *h)
{
	struct crossed_ctx *c = ctx;
	struct pl_record p;
	int s = is(h, "side", "receive") ? 0 : 1;
	int rc =
	        store_get(c->db->st, pl_entity(PL_ENT_PERSON), xget_id(h, "person_id"), &p, c->err);
	if (rc)
		return rc;
	if (pl_record_add_extra(&p, "stage", pl_record_get(h, "stage")) ||
	    person_vec_add(&c->side[s], &p)) {
		pl_record_release(&p);
		return pl_error_set(c->err, PL_EDATA, "out of memory");
	}
	return 0;
}

static int in_vec(const struct person_vec *pv, long long id)
{
	for (size_t i = 0; i < pv->n; i++)
		if (pv->v[i].id == id)
			return 1;
	return 0;
}

struct remains_ctx {
	long received, given;
};

static int remains_one(void *ctx, const struct pl_record *s)
{
	struct remains_ctx *r = ctx;
	r->received += xget_id(s, "remains_received");
	r->given += xget_id(s, "remains_given");
	return 0;
}

static int count_finding(pl_finding_cb cb, void *ctx, const char *who, long have, long need)
{
	char text[256];
	struct pl_finding f = {0};
	f.kind = PL_FIND_COUNT;
	f.side = "receive";
	f.have = have;
	f.need = need;
	f.holds = have == need;
	f.rule = who;
	snprintf(text, sizeof(text), "%ld of ours recorded as received; %s announced %ld%s", have,
	         who, need,
	         have == need  ? ""
	         : have < need ? " (we have fewer)"
	                       : " (we have more)");
	f.text = text;
	return cb(ctx, &f);
}

int exchange_reconcile_findings(struct pl_db *db, const struct pl_record *xr, pl_finding_cb cb,
                                void *ctx, struct pl_error *err)
{
	static const char *const sides[2] = {"receive", "give"};
	const struct pl_record x = *xr;
	struct pl_formula *f = NULL;
	struct crossed_ctx cr = {db, {{0}, {0}}, 0, err};
	struct person_vec agreed[2] = {{0}, {0}};
	struct remains_ctx rem = {0, 0};
	char **registry_health = NULL, now[21];
	const char *day;
	int rc;

	day = pl_record_get(&x, "agreed_date");
	if (!day || strlen(day) != 10) {
		pl_now_utc(now);
		now[10] = '\0';
		day = now;
	}
	if ((rc = exchange_formula(&x, &f, err)) ||
	    (rc = store_handovers(db->st, x.id, 0, crossed_one, &cr, err)) ||
	    (rc = store_exchange_children(db->st, pl_entity(PL_ENT_STAGE), x.id, remains_one, &rem,
	                                  err)))
		goto out;
	/* the agreed lists as they were when it was carried out: executing it took off those
	 * who did not cross, and they were agreed all the same */
	for (int s = 0; s < 2; s++)
		if ((rc = exchange_agreed_persons(db, x.id, sides[s], &agreed[s], err)))
			goto out;
	/* person by person */
	for (int s = 0; s < 2; s++) {
		for (size_t i = 0; i < cr.side[s].n; i++) {
			const char *pref = pl_record_get(&cr.side[s].v[i], "ref");
			if (!in_vec(&agreed[s], cr.side[s].v[i].id) &&
			    (rc = person_finding(cb, ctx, PL_FIND_CAME_NOT_AGREED, sides[s], pref,
			                         NULL,
			                         "%s crossed at stage %s and was on no agreed list",
			                         pref, pl_record_get(&cr.side[s].v[i], "stage"))))
				goto out;
		}
		for (size_t i = 0; i < agreed[s].n; i++) {
			const char *pref = pl_record_get(&agreed[s].v[i], "ref");
			if (!in_vec(&cr.side[s], agreed[s].v[i].id) &&
			    (rc = person_finding(cb, ctx, PL_FIND_AGREED_NOT_CAME, sides[s], pref,
			                         NULL, "%s was agreed and did not cross", pref)))
				goto out;
		}
	}
	/* ours as reception found them: health at triage, the registry's value beside it */
	if (cr.side[0].n && !(registry_health = pl_calloc(cr.side[0].n, sizeof(char *)))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < cr.side[0].n; i++) {
		struct pl_record *p = &cr.side[0].v[i], rec;
		const char *st = pl_record_get(p, "status");
		rc = store_reception_by_person(db->st, p->id, &rec, err);
		if (rc == PL_ENOTFOUND) {
			rc = 0;
			if (strcmp(st, "returned") && strcmp(st, "third_country") &&
			    (rc = person_finding(cb, ctx, PL_FIND_STAGE_PENDING, "receive",
			                         pl_record_get(p, "ref"), NULL,
			                         "%s was handed over; arrival on home soil not yet "
			                         "recorded",
			                         pl_record_get(p, "ref"))))
				goto out;
			continue;
		}
		if (rc)
			goto out;
		if (pl_record_get(&rec, "triage_health") && pl_record_get(p, "health") &&
		    strcmp(pl_record_get(&rec, "triage_health"), pl_record_get(p, "health"))) {
			registry_health[i] = pl_strdup(pl_record_get(p, "health"));
			rc = xset(p, "health", pl_record_get(&rec, "triage_health"), err);
		} else if (pl_record_get(&rec, "triage_health") && !pl_record_get(p, "health")) {
			rc = xset(p, "health", pl_record_get(&rec, "triage_health"), err);
		}
		pl_record_release(&rec);
		if (rc)
			goto out;
	}
	/* term by term: on what crossed; "all" is the agreed list's size */
	if (f)
		for (int s = 0; s < 2; s++)
			if ((rc = terms_against(db, f, sides[s], &cr.side[s], "crossed", day,
			                        (long)agreed[s].n,
			                        s == 0 ? (const char *const *)registry_health
			                               : NULL,
			                        cb, ctx, err)))
				goto out;
	/* the counts, ours against both announced */
	{
		long ours = (long)cr.side[0].n + rem.received;
		if (pl_record_get(&x, "announced_ours") &&
		    (rc = count_finding(cb, ctx, "we", ours, xget_id(&x, "announced_ours"))))
			goto out;
		if (pl_record_get(&x, "announced_theirs") &&
		    (rc = count_finding(cb, ctx, "the other side", ours,
		                        xget_id(&x, "announced_theirs"))))
			goto out;
	}
out:
	if (registry_health)
		for (size_t i = 0; i < cr.side[0].n; i++)
			pl_free(registry_health[i]);
	pl_free(registry_health);
	person_vec_release(&cr.side[0]);
	person_vec_release(&cr.side[1]);
	person_vec_release(&agreed[0]);
	person_vec_release(&agreed[1]);
	pl_formula_free(f);
	return rc;
}

int pl_exchange_reconcile(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                          int record, pl_finding_cb cb, void *ctx, struct pl_error *err)
{
	struct pl_record x = {0};
	const char *status;
	int rc;

	if ((rc = pl_authorize(db, actor, PL_OP_EXCHANGE_RECONCILE, err)))
		return rc;
	if ((rc = store_exchange_by_ref(db->st, ref, &x, err)))
		return rc;
	status = pl_record_get(&x, "status");
	if (strcmp(status, "executing") && strcmp(status, "executed") &&
	    strcmp(status, "reconciled") && strcmp(status, "closed")) {
		rc = pl_error_set(err, PL_EDATA, "%s is %s: nothing happened yet to reconcile", ref,
		                  status);
		goto out;
	}
	if (record && strcmp(status, "executed")) {
		rc = pl_error_set(err, PL_EDATA,
		                  "%s is %s: an exchange is recorded as reconciled "
		                  "once it is carried out (executed)",
		                  ref, status);
		goto out;
	}
	if ((rc = exchange_reconcile_findings(db, &x, cb, ctx, err)))
		goto out;
	if (record) {
		pl_record_release(&x);
		x.v = NULL;
		if ((rc = store_begin(db, err)))
			goto out;
		if ((rc = exchange_load(db, ref, &x, err)) ||
		    (strcmp(pl_record_get(&x, "status"), "executed") &&
		     (rc = pl_error_set(err, PL_EDATA, "%s changed while it was reconciled",
		                        ref))) ||
		    (rc = xset(&x, "status", "reconciled", err)) ||
		    (rc = xset(&x, "updated", db->tx_time, err)) ||
		    (rc = store_update(db, &x,
		                       BIT(pl_field_index(x.ent, "status")) |
		                               BIT(pl_field_index(x.ent, "updated")),
		                       err)) ||
		    (rc = audit_write(db, actor, "exchange.reconcile", "exchanges", x.id, ref,
		                      "status", err))) {
			store_rollback(db);
			goto out;
		}
		rc = store_commit(db, err);
	}
out:
	if (x.v)
		pl_record_release(&x);
	return rc;
}
