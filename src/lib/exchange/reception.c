/* reception.c - returnees on home soil, their debrief, and the telling of their families */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/alloc.h"
#include "parley/strbuf.h"
#include "exchange-int.h"
#include "banned.h"

static int required(const struct pl_record *r, struct pl_error *err)
{
	for (size_t i = 0; i < r->ent->nfields; i++)
		if ((r->ent->fields[i].flags & PL_F_REQUIRED) && !r->v[i])
			return pl_error_set(err, PL_EDATA, "%s: %s: required", r->ent->name,
			                    r->ent->fields[i].name);
	return 0;
}

struct last_handover {
	long long id;
};

static int handover_one(void *ctx, const struct pl_record *h)
{
	if (!strcmp(pl_record_get(h, "side"), "receive"))
		((struct last_handover *)ctx)->id = h->id;
	return 0;
}

int pl_reception_arrive(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                        const struct pl_kv *kv, size_t n, const char *third_state,
                        struct pl_error *err)
{
	const struct pl_field state_f = {"third_state", PL_V_NAME, 0, NULL, 200, NULL, NULL};
	struct pl_record r, p = {0}, old;
	struct last_handover lh = {0};
	char *state = NULL, day[11], note[512], source[64];
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_RECEPTION, err)))
		return rc;
	if ((rc = pl_field_normalize(&state_f, third_state, &state, err)))
		return rc;
	if (pl_record_init(&r, pl_entity(PL_ENT_RECEPTION))) {
		pl_free(state);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	if ((rc = record_from_kv(&r, kv, n, &set, err)) || (rc = required(&r, err)))
		goto out;
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = exchange_person(db, person_ref, &p, err)))
		goto fail;
	if (strcmp(pl_record_get(&p, "side"), "captive")) {
		rc = pl_error_set(err, PL_EDATA, "%s is a detainee: reception receives ours",
		                  person_ref);
		goto fail;
	}
	rc = store_reception_by_person(db->st, p.id, &old, err);
	if (!rc) {
		rc = pl_error_set(err, PL_EDATA, "%s: arrival recorded already (%s)", person_ref,
		                  pl_record_get(&old, "arrived"));
		pl_record_release(&old);
		goto fail;
	}
	if (rc != PL_ENOTFOUND)
		goto fail;
	if ((rc = store_handovers(db->st, 0, p.id, handover_one, &lh, err)))
		goto fail;
	snprintf(day, sizeof(day), "%.10s", pl_record_get(&r, "arrived"));
	snprintf(source, sizeof(source), "reception");
	if (state)
		snprintf(note, sizeof(note), "handed to %s, not home", state);
	else
		snprintf(note, sizeof(note), "arrived on home soil%s%s",
		         pl_record_get(&r, "arrival_place") ? " at " : "",
		         pl_record_get(&r, "arrival_place") ? pl_record_get(&r, "arrival_place")
		                                            : "");
	if ((rc = xset_id(&r, "person_id", p.id, err)) ||
	    (lh.id && (rc = xset_id(&r, "handover_id", lh.id, err))) ||
	    (rc = xset_id(&r, "author_id", actor->account_id, err)) ||
	    (rc = xset(&r, "recorded", db->tx_time, err)) ||
	    (rc = record_insert_audited(db, actor, &r, "reception.arrive", person_ref, NULL, err)))
		goto fail;
	{
		const struct pl_kv ev[] = {
		        {"kind", "document"}, {"date", day},        {"source", "reception"},
		        {"reliability", "A"}, {"credibility", "1"}, {"note", note},
		};
		long long evidence_id;
		if ((rc = person_evidence_insert(db, actor, person_ref, ev,
		                                 sizeof(ev) / sizeof(ev[0]), "reception.arrive",
		                                 &evidence_id, err)) ||
		    (rc = person_status_move(db, actor, &p, state ? "third_country" : "returned",
		                             day, source, note, evidence_id, "reception.arrive",
		                             err)) ||
		    (rc = person_event_insert(db, actor, &p, state ? "transfer" : "repatriation",
		                              day,
		                              state ? state : pl_record_get(&r, "arrival_place"),
		                              source, note, "reception.arrive", NULL, err)))
			goto fail;
	}
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (p.v)
		pl_record_release(&p);
	pl_record_release(&r);
	pl_free(state);
	return rc;
}

int pl_reception_update(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                        const struct pl_kv *kv, size_t n, struct pl_error *err)
{
	struct pl_record upd, cur = {0}, p = {0};
	struct strbuf names = STRBUF_INIT;
	uint64_t set, changed = 0;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_RECEPTION, err)))
		return rc;
	if (!n)
		return pl_error_set(err, PL_EUSAGE, "reception: nothing to change");
	if (pl_record_init(&upd, pl_entity(PL_ENT_RECEPTION)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = record_from_kv(&upd, kv, n, &set, err)))
		goto out;
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = exchange_person(db, person_ref, &p, err)))
		goto fail;
	if ((rc = store_reception_by_person(db->st, p.id, &cur, err))) {
		if (rc == PL_ENOTFOUND)
			rc = pl_error_set(err, PL_EDATA, "%s: no arrival recorded", person_ref);
		goto fail;
	}
	for (size_t i = 0; i < cur.ent->nfields; i++) {
		if (!(set & BIT(i)) || xsame(cur.v[i], upd.v[i]))
			continue;
		if (cur.ent->fields[i].flags & PL_F_FIXED) {
			rc = pl_error_set(err, PL_EUSAGE,
			                  "reception: %s cannot be changed once set",
			                  cur.ent->fields[i].name);
			goto fail;
		}
		if ((rc = xset(&cur, cur.ent->fields[i].name, upd.v[i], err)))
			goto fail;
		changed |= BIT(i);
		strbuf_addf(&names, "%s%s", names.len ? "," : "", cur.ent->fields[i].name);
	}
	if (!changed) {
		store_rollback(db);
		goto out;
	}
	if (names.failed) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto fail;
	}
	changed |= BIT(pl_field_index(cur.ent, "updated"));
	if ((rc = xset(&cur, "updated", db->tx_time, err)) ||
	    (rc = store_update(db, &cur, changed, err)) ||
	    (rc = audit_write(db, actor, "reception.update", "receptions", cur.id, person_ref,
	                      names.buf, err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (cur.v)
		pl_record_release(&cur);
	if (p.v)
		pl_record_release(&p);
	pl_record_release(&upd);
	strbuf_release(&names);
	return rc;
}

int pl_reception_get(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                     struct pl_record *out, struct pl_error *err)
{
	struct pl_record p;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_RECEPTION, err)))
		return rc;
	if ((rc = store_person_by_ref(db->st, person_ref, &p, err)))
		return rc;
	rc = store_reception_by_person(db->st, p.id, out, err);
	if (rc == PL_ENOTFOUND)
		rc = pl_error_set(err, PL_ENOTFOUND, "%s: no arrival recorded", person_ref);
	pl_record_release(&p);
	return rc;
}

/* The checklist's items still open, comma-separated. */
static void pending(const struct pl_record *r, char *out, size_t cap)
{
	static const char *const items[] = {"meal",
	                                    "triage_health",
	                                    "identity_confirmed",
	                                    "family_notified",
	                                    "debrief",
	                                    "rehabilitation",
	                                    NULL};
	size_t len = 0;
	out[0] = '\0';
	for (size_t i = 0; items[i]; i++) {
		const char *v = pl_record_get(r, items[i]);
		if (v && strcmp(v, "no"))
			continue;
		int k = snprintf(out + len, cap - len, "%s%s", len ? "," : "", items[i]);
		if (k < 0 || (size_t)k >= cap - len)
			break;
		len += (size_t)k;
	}
}

struct rlist_ctx {
	pl_record_cb cb;
	void *ctx;
};

static int reception_one(void *ctx, const struct pl_record *r)
{
	struct rlist_ctx *c = ctx;
	char open[128];
	pending(r, open, sizeof(open));
	if (pl_record_add_extra((struct pl_record *)r, "pending", open))
		return PL_EDATA;
	return c->cb(c->ctx, r);
}

int pl_reception_list(struct pl_db *db, const struct pl_actor *actor, pl_record_cb cb, void *ctx,
                      struct pl_error *err)
{
	struct rlist_ctx c = {cb, ctx};
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_RECEPTION, err)))
		return rc;
	rc = store_receptions(db->st, reception_one, &c, err);
	if (rc == PL_EDATA && !err->msg[0])
		rc = pl_error_set(err, PL_EDATA, "out of memory");
	return rc;
}

int pl_reception_debrief(struct pl_db *db, const struct pl_actor *actor, const char *returnee_ref,
                         const char *about_ref, const struct pl_kv *kv, size_t n,
                         long long *evidence_id, struct pl_error *err)
{
	struct pl_record p = {0}, about = {0}, rec = {0};
	struct pl_kv *ev;
	char source[64];
	size_t k = 0;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_RECEPTION, err)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(kv[i].key, "kind") || !strcmp(kv[i].key, "source"))
			return pl_error_set(err, PL_EUSAGE,
			                    "debrief: %s is set by parley (returnee_testimony, the "
			                    "debrief of the returnee)",
			                    kv[i].key);
	if (!(ev = pl_calloc(n + 2, sizeof(*ev))))
		return pl_error_set(err, PL_EDATA, "out of memory");
	snprintf(source, sizeof(source), "debrief of %s", returnee_ref);
	ev[k++] = (struct pl_kv){"kind", "returnee_testimony"};
	ev[k++] = (struct pl_kv){"source", source};
	for (size_t i = 0; i < n; i++)
		ev[k++] = kv[i];
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = exchange_person(db, returnee_ref, &p, err)) ||
	    (rc = exchange_person(db, about_ref, &about, err)))
		goto fail;
	if ((rc = store_reception_by_person(db->st, p.id, &rec, err))) {
		if (rc == PL_ENOTFOUND)
			rc = pl_error_set(
			        err, PL_EDATA,
			        "%s: no arrival recorded: a debrief follows the reception",
			        returnee_ref);
		goto fail;
	}
	if (p.id == about.id) {
		rc = pl_error_set(err, PL_EDATA, "debrief: a statement is about another captive");
		goto fail;
	}
	if (strcmp(pl_record_get(&about, "side"), "captive")) {
		rc = pl_error_set(err, PL_EDATA, "%s is a detainee: a debrief speaks of captives",
		                  about_ref);
		goto fail;
	}
	if ((rc = person_evidence_insert(db, actor, about_ref, ev, k, "reception.debrief",
	                                 evidence_id, err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (p.v)
		pl_record_release(&p);
	if (about.v)
		pl_record_release(&about);
	if (rec.v)
		pl_record_release(&rec);
	pl_free(ev);
	return rc;
}

/* --- families --- */

/* 1 when text names name (case-folded, any script): the returnee's "not to be told". */
static int names_in(const char *text, const char *name)
{
	return xfold_find(text, name, 0);
}

struct queue_ctx {
	struct pl_db *db;
	const struct pl_actor *actor;
	pl_notify_cb cb;
	void *ctx;
	char cutoff[11]; /* no news since before this day: due a call */
	struct pl_error *err;
	/* the person being walked */
	const struct pl_record *person;
	const struct pl_record *reception;
	const char *reason, *since;
	int any;
};

static int relative_item(void *ctx, const struct pl_record *rel)
{
	struct queue_ctx *q = ctx;
	struct pl_notify_item it = {0};
	char last[32];
	int told = 0, rc;
	q->any = 1;
	it.person_ref = pl_record_get(q->person, "ref");
	it.relative_id = rel->id;
	it.relative = pl_record_get(rel, "name");
	it.relation = pl_record_get(rel, "relation");
	it.safety = pl_record_get(rel, "safety") && !strcmp(pl_record_get(rel, "safety"), "yes");
	it.channel = pl_record_get(rel, "safety_channel");
	if (!strcmp(q->reason, "no_news")) {
		if ((rc = store_last_contact(q->db->st, rel->id, last, sizeof(last), q->err)))
			return rc;
		if (!last[0] || strcmp(last, q->cutoff) >= 0)
			return 0;
		it.since = last;
	} else {
		if ((rc = store_notified(q->db->st, q->person->id, rel->id, q->reason, NULL, &told,
		                         q->err)))
			return rc;
		if (told)
			return 0;
		it.since = q->since;
		if (q->reception) {
			const char *inform = pl_record_get(q->reception, "inform");
			const char *not_inform = pl_record_get(q->reception, "not_inform");
			char wishes[2100];
			snprintf(wishes, sizeof(wishes), "%s%s%s%s", inform ? "tell: " : "",
			         inform ? inform : "",
			         not_inform ? (inform ? "; not: " : "not: ") : "",
			         not_inform ? not_inform : "");
			it.wishes = wishes[0] ? wishes : NULL;
			it.not_to_tell = names_in(not_inform, it.relative);
			it.reason = q->reason;
			it.contacts = pl_record_get(rel, "contacts");
			if (it.contacts &&
			    (rc = audit_note(q->db, q->actor, "read", "relatives", rel->id,
			                     it.person_ref, "contacts", q->err)))
				return rc;
			return q->cb(q->ctx, &it);
		}
	}
	it.reason = q->reason;
	it.contacts = pl_record_get(rel, "contacts");
	if (it.contacts && (rc = audit_note(q->db, q->actor, "read", "relatives", rel->id,
	                                    it.person_ref, "contacts", q->err)))
		return rc;
	return q->cb(q->ctx, &it);
}

static int returnee_one(void *ctx, const struct pl_record *p)
{
	struct queue_ctx *q = ctx;
	struct pl_record rec = {0};
	int rc = store_reception_by_person(q->db->st, p->id, &rec, q->err), told = 0;
	if (rc && rc != PL_ENOTFOUND)
		return rc;
	q->person = p;
	q->reception = rc ? NULL : &rec;
	q->reason = !strcmp(pl_record_get(p, "status"), "returned") ? "return" : "third_country";
	q->since = q->reception ? pl_record_get(&rec, "arrived") : pl_record_get(p, "status_date");
	q->any = 0;
	rc = store_children(q->db->st, pl_entity(PL_ENT_RELATIVE), p->id, relative_item, q, q->err);
	if (!rc && !q->any &&
	    !(rc = store_notified(q->db->st, p->id, 0, q->reason, NULL, &told, q->err)) && !told) {
		/* a returnee with no family recorded: someone must still find whom to tell */
		struct pl_notify_item it = {0};
		it.reason = q->reason;
		it.person_ref = pl_record_get(p, "ref");
		it.since = q->since;
		it.relative = NULL;
		rc = q->cb(q->ctx, &it);
	}
	if (rec.v)
		pl_record_release(&rec);
	return rc;
}

static int waiting_one(void *ctx, const struct pl_record *p)
{
	struct queue_ctx *q = ctx;
	q->person = p;
	q->reception = NULL;
	q->reason = "no_news";
	q->since = NULL;
	return store_children(q->db->st, pl_entity(PL_ENT_RELATIVE), p->id, relative_item, q,
	                      q->err);
}

int pl_notify_queue(struct pl_db *db, const struct pl_actor *actor, long no_news_months,
                    pl_notify_cb cb, void *ctx, struct pl_error *err)
{
	struct queue_ctx q = {0};
	int y, m, d, rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NOTIFY, err)))
		return rc;
	if (no_news_months < 0 || no_news_months > 120)
		return pl_error_set(err, PL_EUSAGE,
		                    "no news: %ld months is not from 1 to 120 (0: six months)",
		                    no_news_months);
	if (!no_news_months)
		no_news_months = 6;
	q.db = db;
	q.actor = actor;
	q.cb = cb;
	q.ctx = ctx;
	q.err = err;
	{
		time_t now = time(NULL);
		struct tm tm;
		char day[40];
		gmtime_r(&now, &tm);
		y = tm.tm_year + 1900;
		m = tm.tm_mon + 1 - (int)no_news_months;
		d = tm.tm_mday;
		while (m < 1) {
			m += 12;
			y--;
		}
		snprintf(day, sizeof(day), "%04d-%02d-%02d", y, m, d > 28 ? 28 : d);
		snprintf(q.cutoff, sizeof(q.cutoff), "%.10s", day);
	}
	/* the reads of contacts are audited: one transaction for the whole queue */
	if ((rc = store_begin(db, err)))
		return rc;
	rc = store_persons_where(db->st, "captive", ",returned,third_country,", returnee_one, &q,
	                         err);
	if (!rc)
		rc = store_persons_where(db->st, "captive",
		                         ",missing,data_unknown,probable,confirmed,listed,",
		                         waiting_one, &q, err);
	if (rc) {
		store_rollback(db);
		return rc;
	}
	return store_commit(db, err);
}

int pl_notify_record(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                     const struct pl_kv *kv, size_t n, long long *id_out, struct pl_error *err)
{
	struct pl_record r, p = {0}, rel = {0}, rec = {0};
	const char *reason;
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NOTIFY, err)))
		return rc;
	if ((rc = person_side_gate(db, actor, person_ref, "notify", err)))
		return rc;
	if (pl_record_init(&r, pl_entity(PL_ENT_NOTIFICATION)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = record_from_kv(&r, kv, n, &set, err)) || (rc = required(&r, err)))
		goto out;
	reason = pl_record_get(&r, "reason");
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = exchange_person(db, person_ref, &p, err)))
		goto fail;
	if (pl_record_get(&r, "relative_id")) {
		if ((rc = store_get(db->st, pl_entity(PL_ENT_RELATIVE), xget_id(&r, "relative_id"),
		                    &rel, err)) ||
		    xget_id(&rel, "person_id") != p.id) {
			rc = pl_error_set(err, PL_EDATA, "relative_id: no relative %s of %s",
			                  pl_record_get(&r, "relative_id"), person_ref);
			goto fail;
		}
	}
	if (!strcmp(reason, "return") || !strcmp(reason, "third_country")) {
		const char *st = pl_record_get(&p, "status");
		if (strcmp(st, !strcmp(reason, "return") ? "returned" : "third_country")) {
			/* the same words for every status the hotline does not call a return */
			rc = pl_error_set(err, PL_EDATA,
			                  "%s: no %s is recorded: a family is told once reception "
			                  "records the arrival",
			                  person_ref,
			                  !strcmp(reason, "return") ? "return" : "transfer");
			goto fail;
		}
		rc = store_reception_by_person(db->st, p.id, &rec, err);
		if (rc && rc != PL_ENOTFOUND)
			goto fail;
		rc = 0;
		if (rec.v && rel.v &&
		    names_in(pl_record_get(&rec, "not_inform"), pl_record_get(&rel, "name"))) {
			rc = pl_error_set(err, PL_EDATA, "%s asked that %s not be told", person_ref,
			                  pl_record_get(&rel, "name"));
			goto fail;
		}
	}
	if (rel.v && pl_record_get(&rel, "safety") &&
	    !strcmp(pl_record_get(&rel, "safety"), "yes")) {
		const char *ch = pl_record_get(&r, "channel"), *via = pl_record_get(&r, "via");
		const char *only = pl_record_get(&rel, "safety_channel");
		if (!strcmp(ch, "phone") || !strcmp(ch, "visit") || !strcmp(ch, "hotline")) {
			rc = pl_error_set(
			        err, PL_EDATA,
			        "%s may be endangered by contact: never reached by %s, only "
			        "through %s (via)",
			        pl_record_get(&rel, "name"), ch, only ? only : "their channel");
			goto fail;
		}
		if (!via || !only || !xfold_find(via, only, 1)) {
			rc = pl_error_set(
			        err, PL_EDATA,
			        "%s may be endangered by contact: only through %s (give it "
			        "as via)",
			        pl_record_get(&rel, "name"), only ? only : "their channel");
			goto fail;
		}
	}
	if ((rc = xset_id(&r, "person_id", p.id, err)) ||
	    (rc = xset_id(&r, "author_id", actor->account_id, err)) ||
	    (rc = xset(&r, "recorded", db->tx_time, err)) ||
	    (rc = record_insert_audited(db, actor, &r, "notify", person_ref, id_out, err)))
		goto fail;
	/* reception's checklist: the family told, when and by whom */
	if (rec.v && !strcmp(reason, "return") && !pl_record_get(&rec, "family_notified")) {
		if ((rc = xset(&rec, "family_notified", pl_record_get(&r, "date"), err)) ||
		    (rc = xset(&rec, "notified_by",
		               pl_record_get(&r, "officer") ? pl_record_get(&r, "officer")
		                                            : actor->login,
		               err)) ||
		    (rc = xset(&rec, "updated", db->tx_time, err)) ||
		    (rc = store_update(db, &rec,
		                       BIT(pl_field_index(rec.ent, "family_notified")) |
		                               BIT(pl_field_index(rec.ent, "notified_by")) |
		                               BIT(pl_field_index(rec.ent, "updated")),
		                       err)) ||
		    (rc = audit_write(db, actor, "notify", "receptions", rec.id, person_ref,
		                      "family_notified,notified_by", err)))
			goto fail;
	}
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (p.v)
		pl_record_release(&p);
	if (rel.v)
		pl_record_release(&rel);
	if (rec.v)
		pl_record_release(&rec);
	pl_record_release(&r);
	return rc;
}

int pl_notify_list(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                   pl_record_cb cb, void *ctx, struct pl_error *err)
{
	long long pid = 0;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NOTIFY, err)))
		return rc;
	if (person_ref) {
		struct pl_record p;
		if ((rc = person_side_gate(db, actor, person_ref, "notify", err)) ||
		    (rc = store_person_by_ref(db->st, person_ref, &p, err)))
			return rc;
		pid = p.id;
		pl_record_release(&p);
	}
	return store_notifications(db->st, pid, cb, ctx, err);
}

int pl_hotline_answer(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                      char *out, size_t cap, struct pl_error *err)
{
	static const struct {
		const char *status, *answer;
	} answers[] = {
	        {"missing", N_("no data")},
	        {"data_unknown", N_("data, captivity unknown")},
	        {"probable", N_("probably captive")},
	        {"confirmed", N_("captivity confirmed")},
	        {"returned", N_("released in an exchange")},
	};
	struct pl_record p;
	const char *st, *a = N_("told in person");
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_PERSON_SHOW, err)) ||
	    (rc = person_side_gate(db, actor, person_ref, "person.show", err)))
		return rc;
	if ((rc = store_person_by_ref(db->st, person_ref, &p, err)))
		return rc;
	if (strcmp(pl_record_get(&p, "side"), "captive")) {
		pl_record_release(&p);
		return pl_error_set(err, PL_EDATA, "%s is a detainee: the hotline speaks of ours",
		                    person_ref);
	}
	/* what the hotline says is what the actor sees: a listing is captivity confirmed */
	if ((rc = person_redact_full(db, actor, &p, 0, NULL, err))) {
		pl_record_release(&p);
		return rc;
	}
	st = pl_record_get(&p, "status");
	if (st && !strcmp(st, "listed"))
		st = "confirmed";
	for (size_t i = 0; st && i < sizeof(answers) / sizeof(answers[0]); i++)
		if (!strcmp(answers[i].status, st))
			a = answers[i].answer;
	snprintf(out, cap, "%s", a);
	pl_record_release(&p);
	return 0;
}
