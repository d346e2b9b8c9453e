/* registry.c - persons, statuses, events, evidence, relatives, inquiries */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "parley/alloc.h"
#include "parley/registry.h"
#include "parley/strbuf.h"
#include "parley/text.h"
#include "internal.h"
#include "banned.h"

#define BIT(i) (1ULL << (i))

int record_from_kv(struct pl_record *r, const struct pl_kv *kv, size_t n, uint64_t *set,
                   struct pl_error *err)
{
	const struct pl_entity *ent = r->ent;
	*set = 0;
	for (size_t k = 0; k < n; k++) {
		int i = pl_field_index(ent, kv[k].key);
		char *v;
		int rc;
		if (i < 0 || (ent->fields[i].flags & PL_F_SYSTEM))
			return pl_error_set(err, PL_EUSAGE, "%s: no field '%s'%s", ent->name,
			                    kv[k].key, i < 0 ? "" : " (it is set by parley)");
		if (*set & BIT(i))
			return pl_error_set(err, PL_EUSAGE, "%s: field '%s' given twice", ent->name,
			                    kv[k].key);
		if ((rc = pl_field_normalize(&ent->fields[i], kv[k].val, &v, err)))
			return rc;
		pl_free(r->v[i]);
		r->v[i] = v;
		*set |= BIT(i);
	}
	return 0;
}

static int fi(enum pl_entity_id e, const char *name)
{
	return pl_field_index(pl_entity(e), name);
}

static const char *const *side_statuses(const char *side)
{
	return side && !strcmp(side, "detainee") ? pl_detainee_statuses : pl_captive_statuses;
}

int person_check(const struct pl_record *p, struct pl_error *err)
{
	const struct pl_entity *ent = p->ent;
	const char *side = pl_record_get(p, "side");
	const char *status = pl_record_get(p, "status");
	for (size_t i = 0; i < ent->nfields; i++) {
		const struct pl_field *f = &ent->fields[i];
		if ((f->flags & PL_F_REQUIRED) && !p->v[i])
			return pl_error_set(err, PL_EDATA, "%s: required", f->name);
		if (!p->v[i] || !side)
			continue;
		if ((f->flags & PL_F_CAPTIVE) && strcmp(side, "captive"))
			return pl_error_set(err, PL_EDATA, "%s: only for captives", f->name);
		if ((f->flags & PL_F_DETAINEE) && strcmp(side, "detainee"))
			return pl_error_set(err, PL_EDATA, "%s: only for detainees", f->name);
	}
	if (status && !pl_token_in(status, side_statuses(side))) {
		char list[256];
		pl_tokens_join(side_statuses(side), list, sizeof(list));
		return pl_error_set(err, PL_EDATA, "status: '%s' is not a status of a %s (%s)",
		                    status, side, list);
	}
	return 0;
}

/* --- status transitions ---
 * returned and third_country follow missing, data_unknown or probable too: the other side
 * delivers whom it delivers, and reception records who came */

static const struct {
	const char *side, *from, *to;
} transitions[] = {
        {"captive", "missing", "data_unknown,probable,confirmed,returned,third_country,died"},
        {"captive", "data_unknown", "probable,confirmed,returned,third_country,died"},
        {"captive", "probable", "confirmed,returned,third_country,died"},
        {"captive", "confirmed", "listed,returned,third_country,died"},
        {"captive", "listed", "confirmed,returned,third_country,died"},
        {"captive", "third_country", "returned,died"},
        {"captive", "died", "remains_returned"},
        {"captive", "returned", ""},
        {"captive", "remains_returned", ""},
        {"detainee", "held", "listed,exchanged,released,died"},
        {"detainee", "listed", "held,exchanged,released,died"},
        {"detainee", "exchanged", ""},
        {"detainee", "released", ""},
        {"detainee", "died", ""},
};

static const char *next_of(const char *side, const char *status)
{
	for (size_t i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++)
		if (!strcmp(transitions[i].side, side) && !strcmp(transitions[i].from, status))
			return transitions[i].to;
	return "";
}

void pl_status_next(const char *side, const char *status, char *out, size_t cap)
{
	const char *to = next_of(side, status);
	size_t len = 0;
	out[0] = '\0';
	for (const char *p = to; *p; p++) {
		if (len + 3 >= cap)
			break;
		if (*p == ',') {
			out[len++] = ',';
			out[len++] = ' ';
		} else {
			out[len++] = *p;
		}
	}
	out[len] = '\0';
	if (!len)
		snprintf(out, cap, "none: %s is final", status);
}

int pl_status_transition_ok(const char *side, const char *from, const char *to)
{
	const char *list = next_of(side, from);
	size_t n = strlen(to);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, to, n))
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

/* --- persons --- */

static int set_value(struct pl_record *r, int i, const char *v, struct pl_error *err)
{
	char *c = NULL;
	if (v && !(c = pl_strdup(v)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	pl_free(r->v[i]);
	r->v[i] = c;
	return 0;
}

static int set_id(struct pl_record *r, const char *field, long long id, struct pl_error *err)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", id);
	return set_value(r, pl_field_index(r->ent, field), buf, err);
}

/* Appends the names of the fields set in mask, comma-separated. */
static void field_names(const struct pl_entity *ent, uint64_t mask, struct strbuf *sb)
{
	for (size_t i = 0; i < ent->nfields; i++)
		if (mask & BIT(i)) {
			if (sb->len)
				strbuf_addch(sb, ',');
			strbuf_adds(sb, ent->fields[i].name);
		}
}

/*
 * The fields of a new row that an audit record names: a new row's every value is
 * new, and its row hash pins them all, so the record names only the restricted
 * values written (medical notes, contacts), which an auditor follows.
 */
static uint64_t restricted_values(const struct pl_record *r)
{
	uint64_t m = 0;
	for (size_t i = 0; i < r->ent->nfields; i++)
		if (r->v[i] && (r->ent->fields[i].flags & PL_F_RESTRICTED))
			m |= BIT(i);
	return m;
}

int record_insert_audited(struct pl_db *db, const struct pl_actor *actor, struct pl_record *r,
                          const char *action, const char *ref, long long *id, struct pl_error *err)
{
	struct strbuf names = STRBUF_INIT;
	int rc;
	if ((rc = store_insert(db, r, &r->id, err)))
		return rc;
	field_names(r->ent, restricted_values(r), &names);
	if (names.failed)
		rc = pl_error_set(err, PL_EDATA, "out of memory");
	else
		rc = audit_write(db, actor, action, r->ent->table, r->id, ref,
		                 names.len ? names.buf : NULL, err);
	strbuf_release(&names);
	if (!rc && id)
		*id = r->id;
	return rc;
}

int record_insert_ref(struct pl_db *db, const struct pl_actor *actor, struct pl_record *r,
                      const char *prefix, const char *action, char *ref, size_t cap,
                      struct pl_error *err)
{
	char sql[128], id[24];
	long long num;
	int rc;
	snprintf(sql, sizeof(sql), "SELECT coalesce(max(id), 0) + 1 FROM %s", r->ent->table);
	if ((rc = store_query_int(db->st, sql, NULL, 0, &num, err)))
		return rc;
	snprintf(ref, cap, "%s-%04lld", prefix, num);
	snprintf(id, sizeof(id), "%lld", actor->account_id);
	if (pl_record_set(r, "ref", ref) || pl_record_set(r, "author_id", id) ||
	    pl_record_set(r, pl_field_index(r->ent, "created") >= 0 ? "created" : "recorded",
	                  db->tx_time))
		return pl_error_set(err, PL_EDATA, "out of memory");
	return record_insert_audited(db, actor, r, action, ref, NULL, err);
}

int record_update_audited(struct pl_db *db, const struct pl_actor *actor, struct pl_record *cur,
                          const struct pl_record *upd, uint64_t set, const char *action,
                          const char *ref, int *changed_out, struct pl_error *err)
{
	struct strbuf names = STRBUF_INIT;
	uint64_t changed = 0;
	int ui = pl_field_index(cur->ent, "updated"), rc = 0;
	if (changed_out)
		*changed_out = 0;
	for (size_t i = 0; i < cur->ent->nfields; i++) {
		const char *a = cur->v[i], *b = upd->v[i];
		char *c = NULL;
		if (!(set & BIT(i)) || (!a && !b) || (a && b && !strcmp(a, b)))
			continue;
		if ((cur->ent->fields[i].flags & PL_F_REQUIRED) && !b)
			return pl_error_set(err, PL_EDATA, "%s: %s: required", cur->ent->name,
			                    cur->ent->fields[i].name);
		if (b && !(c = pl_strdup(b)))
			return pl_error_set(err, PL_EDATA, "out of memory");
		pl_free(cur->v[i]);
		cur->v[i] = c;
		changed |= BIT(i);
	}
	if (!changed)
		return 0;
	field_names(cur->ent, changed, &names);
	if (ui >= 0) {
		char *t = pl_strdup(db->tx_time);
		if (!t) {
			strbuf_release(&names);
			return pl_error_set(err, PL_EDATA, "out of memory");
		}
		pl_free(cur->v[ui]);
		cur->v[ui] = t;
		changed |= BIT(ui);
	}
	if (names.failed)
		rc = pl_error_set(err, PL_EDATA, "out of memory");
	if (!rc)
		rc = store_update(db, cur, changed, err);
	if (!rc)
		rc = audit_write(db, actor, action, cur->ent->table, cur->id, ref, names.buf, err);
	strbuf_release(&names);
	if (!rc && changed_out)
		*changed_out = 1;
	return rc;
}

int person_insert(struct pl_db *db, const struct pl_actor *actor, struct pl_record *p,
                  const char *action, char ref_out[PL_REF_MAX], struct pl_error *err)
{
	const char *side = pl_record_get(p, "side");
	int captive = !strcmp(side, "captive");
	long long n;
	char ref[PL_REF_MAX];
	int rc;

	if (!actor->account_id)
		return pl_error_set(err, PL_EUSAGE, "persons are added by an account");
	if ((rc = person_check(p, err)))
		return rc;
	if (!pl_record_get(p, "sex") && (rc = pl_record_set(p, "sex", "unknown")))
		goto nomem;
	if (!pl_record_get(p, "health") && (rc = pl_record_set(p, "health", "unknown")))
		goto nomem;
	if (!pl_record_get(p, "status") &&
	    (rc = pl_record_set(p, "status", captive ? "missing" : "held")))
		goto nomem;
	if ((rc = store_next_ref_number(db, side, &n, err)) ||
	    (rc = store_set_next_ref_number(db, side, n + 1, err)))
		return rc;
	snprintf(ref, sizeof(ref), "%c-%06lld", captive ? 'U' : 'R', n);
	if (pl_record_set(p, "ref", ref) || pl_record_set(p, "created", db->tx_time) ||
	    set_id(p, "author_id", actor->account_id, err))
		goto nomem;
	/* the first status stays in the row: status_history_start writes it out */
	if ((rc = record_insert_audited(db, actor, p, action, ref, NULL, err)))
		return rc;
	/* an import marks the name index stale once instead (pl_search_reindex) */
	if (strcmp(action, "import") && (rc = search_index_person(db, p->id, p, 1, err)))
		return rc;
	if (ref_out)
		snprintf(ref_out, PL_REF_MAX, "%s", ref);
	return 0;
nomem:
	return pl_error_set(err, PL_EDATA, "out of memory");
}

int pl_person_add(struct pl_db *db, const struct pl_actor *actor, const struct pl_kv *kv, size_t n,
                  char ref_out[PL_REF_MAX], struct pl_error *err)
{
	struct pl_record p;
	uint64_t set;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_PERSON_ADD, err)))
		return rc;
	if (pl_record_init(&p, pl_entity(PL_ENT_PERSON)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = record_from_kv(&p, kv, n, &set, err)) ||
	    (rc = restricted_write_check(db, actor, &p, set, "person.add", NULL, err)))
		goto out;
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = person_insert(db, actor, &p, "person.add", ref_out, err))) {
		store_rollback(db);
		goto out;
	}
	rc = store_commit(db, err);
out:
	pl_record_release(&p);
	return rc;
}

/* Which restricted value a field of a person is, or -1. */
static int person_restricted(const struct pl_field *f)
{
	if (!strcmp(f->name, "medical_notes"))
		return PL_R_MEDICAL_NOTES;
	return -1;
}

/*
 * Leaves out what the actor may not see. full: a single person shown, whose
 * restricted values the actor may see are kept (and *read gets their names);
 * otherwise (lists) restricted values are always left out.
 */
static int redact_person(const struct pl_actor *actor, struct pl_record *p, int full,
                         struct strbuf *read)
{
	const char *status = pl_record_get(p, "status");
	int si = fi(PL_ENT_PERSON, "status");
	for (size_t i = 0; i < p->ent->nfields; i++) {
		int r = person_restricted(&p->ent->fields[i]);
		if (r < 0)
			continue;
		if (full && pl_roles_may_see(actor->roles, (enum pl_restricted)r, status)) {
			if (p->v[i] && read)
				strbuf_addf(read, "%s%s", read->len ? "," : "",
				            p->ent->fields[i].name);
			continue;
		}
		pl_free(p->v[i]);
		p->v[i] = NULL;
		p->restricted |= BIT(i);
	}
	/*
	 * When the row last changed tells of changes the actor may not see (a listing, new
	 * medical notes): it is left out, for every person, for whom may not see them all.
	 * (Who sees every person's medical notes sees the listing too: the registrar.)
	 */
	if (!pl_roles_may_see(actor->roles, PL_R_MEDICAL_NOTES, NULL)) {
		int ui = fi(PL_ENT_PERSON, "updated");
		pl_free(p->v[ui]);
		p->v[ui] = NULL;
		p->restricted |= BIT(ui);
	}
	/* the exchange listing: a liaison sees the hotline's answer, for every captive */
	if (!strcmp(pl_record_get(p, "side"), "captive") &&
	    !pl_roles_may_see(actor->roles, PL_R_EXCHANGE_LISTING, NULL)) {
		p->restricted |= BIT(si);
		if (status && !strcmp(status, "listed") && set_value(p, si, "confirmed", NULL))
			return -1;
		/* the date is the answer's, read from the history (a listing that ended shows
		 * no new date): person_redact_full reads it, for every captive alike */
		return 1;
	}
	return 0;
}

static int hotline_status_date(struct pl_db *db, long long person_id, char *out, size_t cap,
                               struct pl_error *err);

int person_redact_full(struct pl_db *db, const struct pl_actor *actor, struct pl_record *p,
                       int full, struct strbuf *read, struct pl_error *err)
{
	char date[16];
	int rc = redact_person(actor, p, full, read);
	if (rc < 0)
		return pl_error_set(err, PL_EDATA, "out of memory");
	if (rc == 0)
		return 0;
	if ((rc = hotline_status_date(db, p->id, date, sizeof(date), err)))
		return rc;
	if (set_value(p, fi(PL_ENT_PERSON, "status_date"), date[0] ? date : NULL, NULL))
		return pl_error_set(err, PL_EDATA, "out of memory");
	return 0;
}

int restricted_write_check(struct pl_db *db, const struct pl_actor *actor,
                           const struct pl_record *upd, uint64_t set, const char *action,
                           const char *ref, struct pl_error *err)
{
	for (size_t i = 0; i < upd->ent->nfields; i++) {
		int r = person_restricted(&upd->ent->fields[i]);
		/* by role alone: the stored value and the person's status tell nothing here */
		if ((set & BIT(i)) && r >= 0 &&
		    !pl_roles_may_see(actor->roles, (enum pl_restricted)r, NULL))
			return refuse(db, actor, action, ref, upd->ent->fields[i].name, PL_EPERM,
			              err, "permission denied: %s may not write %s", actor->login,
			              upd->ent->fields[i].name);
	}
	return 0;
}

const char *pl_record_restricted_name(const struct pl_record *r, size_t i)
{
	if (r->ent->id == PL_ENT_PERSON && !strcmp(r->ent->fields[i].name, "status"))
		return "exchange_listing";
	return r->ent->fields[i].name;
}

int person_side_gate(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                     const char *op, struct pl_error *err)
{
	/* by the reference's shape alone, before anything is read: R- names a detainee */
	if (ref && !strncmp(ref, "R-", 2) && !pl_roles_may_see(actor->roles, PL_R_DETAINEES, NULL))
		return refuse(db, actor, op, ref, "detainee", PL_EPERM, err,
		              "permission denied: %s may not see detainees", actor->login);
	return 0;
}

int pl_person_get(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                  struct pl_record *out, struct pl_error *err)
{
	struct strbuf read = STRBUF_INIT;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_PERSON_SHOW, err)) ||
	    (rc = person_side_gate(db, actor, ref, "person.show", err)))
		return rc;
	if ((rc = store_person_by_ref(db->st, ref, out, err)))
		return rc;
	/* a person merged into another says where it went (review.c) */
	if ((rc = person_merge_extras(db, out, err)))
		goto fail;
	if ((rc = person_redact_full(db, actor, out, 1, &read, err)))
		goto fail;
	if (read.failed) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto fail;
	}
	if (read.len &&
	    (rc = audit_note(db, actor, "read", "persons", out->id, ref, read.buf, err)))
		goto fail;
	strbuf_release(&read);
	return 0;
fail:
	strbuf_release(&read);
	pl_record_release(out);
	return rc;
}

int pl_person_filter_check(const struct pl_person_filter *f, struct pl_error *err)
{
	static const struct {
		const char *name;
		size_t off;
		const char *const *tokens;
	} checks[] = {
	        {"side", offsetof(struct pl_person_filter, side), pl_sides},
	        {"kind", offsetof(struct pl_person_filter, kind), pl_kinds},
	        {"health", offsetof(struct pl_person_filter, health), pl_health},
	        {"sex", offsetof(struct pl_person_filter, sex), pl_sexes},
	};
	char list[256];
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		const char *v = *(const char *const *)((const char *)f + checks[i].off);
		if (v && !pl_token_in(v, checks[i].tokens)) {
			pl_tokens_join(checks[i].tokens, list, sizeof(list));
			return pl_error_set(err, PL_EUSAGE, "--%s: '%s' is not one of %s",
			                    checks[i].name, v, list);
		}
	}
	if (f->status) {
		const char *const *ok = f->side ? side_statuses(f->side) : NULL;
		if (!(ok ? pl_token_in(f->status, ok)
		         : pl_token_in(f->status, pl_captive_statuses) ||
		                      pl_token_in(f->status, pl_detainee_statuses))) {
			pl_tokens_join(ok ? ok : pl_captive_statuses, list, sizeof(list));
			return pl_error_set(err, PL_EUSAGE, "status: '%s' is not one of %s%s",
			                    f->status, list,
			                    ok ? ""
			                       : " (captives) or held, listed, exchanged, "
			                         "released, died (detainees)");
		}
	}
	if (f->tag) {
		for (const char *p = f->tag; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
				return pl_error_set(err, PL_EUSAGE,
				                    "tag: '%s' is not a tag (lower-case "
				                    "letters, digits, '_')",
				                    f->tag);
	}
	if (f->citizenship && !pl_country_valid(f->citizenship))
		return pl_error_set(err, PL_EUSAGE,
		                    "citizenship: '%s' is not an ISO 3166 alpha-2 code (upper "
		                    "case, e.g. UA)",
		                    f->citizenship);
	if (f->limit < 0 || f->offset < 0)
		return pl_error_set(err, PL_EUSAGE, "limit and offset take numbers >= 0");
	return 0;
}

struct list_ctx {
	const struct pl_actor *actor;
	pl_record_cb cb;
	void *ctx;
	struct pl_db *db;
	struct pl_error *err;
};

static int list_one(void *ctx, const struct pl_record *r)
{
	struct list_ctx *l = ctx;
	struct pl_record *p = (struct pl_record *)r;
	int rc;
	if ((rc = person_redact_full(l->db, l->actor, p, 0, NULL, l->err)))
		return rc;
	return l->cb(l->ctx, p);
}

int pl_person_list(struct pl_db *db, const struct pl_actor *actor,
                   const struct pl_person_filter *filter, pl_record_cb cb, void *ctx,
                   struct pl_error *err)
{
	struct list_ctx l = {actor, cb, ctx, NULL, NULL};
	struct pl_person_filter f = *filter;
	unsigned view = 0;
	int rc;
	if ((rc = pl_person_filter_check(filter, err)))
		return rc;
	if ((rc = pl_authorize(db, actor, PL_OP_PERSON_LIST, err)))
		return rc;
	/*
	 * A liaison sees a listed captive as the hotline answers, confirmed: it filters on
	 * what it sees, and may not ask for the listed ones at all.
	 */
	if (!pl_roles_may_see(actor->roles, PL_R_EXCHANGE_LISTING, NULL)) {
		if (f.status && !strcmp(f.status, "listed") &&
		    (!f.side || !strcmp(f.side, "captive")))
			return refuse(db, actor, "person.list", NULL, "status=listed", PL_EPERM,
			              err, "permission denied: %s may not see exchange listings",
			              actor->login);
		view |= STORE_VIEW_HOTLINE;
	}
	/* who may not see detainees lists captives only */
	if (!pl_roles_may_see(actor->roles, PL_R_DETAINEES, NULL)) {
		if (f.side && strcmp(f.side, "captive"))
			return refuse(db, actor, "person.list", NULL, "side=detainee", PL_EPERM,
			              err, "permission denied: %s may not see detainees",
			              actor->login);
		f.side = "captive";
	}
	l.db = db;
	l.err = err;
	return store_person_list(db->st, &f, view, list_one, &l, err);
}

/* Loads the person ref inside the open transaction. */
static int load_person(struct pl_db *db, const char *ref, struct pl_record *p, struct pl_error *err)
{
	return store_person_by_ref(db->st, ref, p, err);
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int person_update(struct pl_db *db, const struct pl_actor *actor, struct pl_record *cur,
                  const struct pl_record *upd, uint64_t set, const char *reason, const char *action,
                  struct pl_error *err)
{
	const struct pl_entity *ent = cur->ent;
	const char *ref = pl_record_get(cur, "ref");
	uint64_t changed = 0;
	struct strbuf names = STRBUF_INIT;
	int rc = 0;

	/* a person merged into another is written through the person kept (review.c) */
	if ((rc = person_merged_refuse(db, cur->id, ref, err)))
		return rc;
	/* a value the actor may not see is refused before the stored one is read (no oracle) */
	if ((rc = restricted_write_check(db, actor, upd, set, action, ref, err)))
		return rc;
	for (size_t i = 0; i < ent->nfields; i++) {
		const struct pl_field *f = &ent->fields[i];
		struct pl_record ch;
		if (!(set & BIT(i)) || same(cur->v[i], upd->v[i]))
			continue;
		if (f->flags & (PL_F_FIXED | PL_F_NOEDIT | PL_F_SYSTEM))
			return pl_error_set(err, PL_EUSAGE, "%s: %s", f->name,
			                    f->flags & PL_F_NOEDIT ? "changed by recording a status"
			                                           : "cannot be changed once set");
		if ((f->flags & PL_F_REQUIRED) && !upd->v[i])
			return pl_error_set(err, PL_EDATA, "%s: required", f->name);
		/* the history: what was there, what is now, why */
		if (pl_record_init(&ch, pl_entity(PL_ENT_CHANGE)))
			return pl_error_set(err, PL_EDATA, "out of memory");
		if (set_id(&ch, "person_id", cur->id, err) ||
		    set_value(&ch, fi(PL_ENT_CHANGE, "field"), f->name, err) ||
		    set_value(&ch, fi(PL_ENT_CHANGE, "old_value"), cur->v[i], err) ||
		    set_value(&ch, fi(PL_ENT_CHANGE, "new_value"), upd->v[i], err) ||
		    set_value(&ch, fi(PL_ENT_CHANGE, "reason"), reason, err) ||
		    set_id(&ch, "author_id", actor->account_id, err) ||
		    set_value(&ch, fi(PL_ENT_CHANGE, "recorded"), db->tx_time, err))
			rc = PL_EDATA;
		if (!rc)
			rc = record_insert_audited(db, actor, &ch, action, ref, NULL, err);
		pl_record_release(&ch);
		if (rc)
			return rc;
		if (set_value(cur, (int)i, upd->v[i], err))
			return PL_EDATA;
		changed |= BIT(i);
	}
	if (!changed)
		return 0;
	if ((rc = person_check(cur, err)))
		return rc;
	field_names(ent, changed, &names);
	if (set_value(cur, fi(PL_ENT_PERSON, "updated"), db->tx_time, err) || names.failed) {
		strbuf_release(&names);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	changed |= BIT(fi(PL_ENT_PERSON, "updated"));
	if (!(rc = store_update(db, cur, changed, err)))
		rc = audit_write(db, actor, action, "persons", cur->id, ref, names.buf, err);
	/* the name index follows the names, in the same transaction */
	if (!rc && strcmp(action, "import") &&
	    (changed &
	     (BIT(fi(PL_ENT_PERSON, "family_name")) | BIT(fi(PL_ENT_PERSON, "given_name")) |
	      BIT(fi(PL_ENT_PERSON, "patronymic")) | BIT(fi(PL_ENT_PERSON, "other_names")))))
		rc = search_index_person(db, cur->id, cur, 0, err);
	strbuf_release(&names);
	return rc;
}

int pl_person_edit(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                   const struct pl_kv *kv, size_t n, const char *reason, struct pl_error *err)
{
	struct pl_record cur = {0}, upd;
	const struct pl_field reason_f = {"reason", PL_V_TEXT, 0, NULL, 1000, NULL, NULL};
	char *why = NULL;
	uint64_t set;
	int rc;

	if ((rc = pl_authorize(db, actor, PL_OP_PERSON_EDIT, err)))
		return rc;
	if (n == 0)
		return pl_error_set(err, PL_EUSAGE, "nothing to change: give FIELD=VALUE");
	if ((rc = pl_field_normalize(&reason_f, reason, &why, err)))
		return rc;
	if (pl_record_init(&upd, pl_entity(PL_ENT_PERSON))) {
		pl_free(why);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	if ((rc = record_from_kv(&upd, kv, n, &set, err)))
		goto out;
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = load_person(db, ref, &cur, err)) ||
	    (rc = person_update(db, actor, &cur, &upd, set, why, "person.edit", err))) {
		store_rollback(db);
		goto out;
	}
	rc = store_commit(db, err);
out:
	if (cur.v)
		pl_record_release(&cur);
	pl_record_release(&upd);
	pl_free(why);
	return rc;
}

/* A child row of person_id named by the id in field of r: it must exist and be theirs. */
static int check_own(struct pl_db *db, const struct pl_record *r, const char *field,
                     enum pl_entity_id what, long long person_id, struct pl_error *err)
{
	const char *v = pl_record_get(r, field);
	struct pl_record o;
	int rc;
	if (!v)
		return 0;
	if ((rc = store_get(db->st, pl_entity(what), strtoll(v, NULL, 10), &o, err)))
		return rc == PL_ENOTFOUND ? pl_error_set(err, PL_EDATA, "%s: no %s %s", field,
		                                         pl_entity(what)->name, v)
		                          : rc;
	rc = strtoll(pl_record_get(&o, "person_id"), NULL, 10) == person_id
	             ? 0
	             : pl_error_set(err, PL_EDATA, "%s: %s %s belongs to another person", field,
	                            pl_entity(what)->name, v);
	pl_record_release(&o);
	return rc;
}

/* Common start of a child row: authorize, validate, begin, load the person. */
static int child_begin(struct pl_db *db, const struct pl_actor *actor, enum pl_op op,
                       const char *ref, enum pl_entity_id what, const struct pl_kv *kv, size_t n,
                       struct pl_record *person, struct pl_record *row, struct pl_error *err)
{
	uint64_t set;
	int rc;
	person->v = NULL;
	if ((rc = pl_authorize(db, actor, op, err)) ||
	    (rc = person_side_gate(db, actor, ref, pl_op_name(op), err)))
		return rc;
	if (pl_record_init(row, pl_entity(what)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = record_from_kv(row, kv, n, &set, err)))
		goto fail;
	for (size_t i = 0; i < row->ent->nfields; i++)
		if ((row->ent->fields[i].flags & PL_F_REQUIRED) && !row->v[i]) {
			rc = pl_error_set(err, PL_EDATA, "%s: %s: required", row->ent->name,
			                  row->ent->fields[i].name);
			goto fail;
		}
	if (pl_record_get(row, "corrects") && !pl_record_get(row, "reason")) {
		rc = pl_error_set(err, PL_EDATA, "%s: a correction needs a reason", row->ent->name);
		goto fail;
	}
	if ((rc = store_begin(db, err)))
		goto fail;
	if ((rc = load_person(db, ref, person, err)) ||
	    (rc = person_merged_refuse(db, person->id, ref, err))) {
		store_rollback(db);
		goto fail;
	}
	if (set_id(row, "person_id", person->id, err) ||
	    set_id(row, "author_id", actor->account_id, err) ||
	    set_value(row, fi(what, "recorded"), db->tx_time, err)) {
		rc = PL_EDATA;
		store_rollback(db);
		goto fail;
	}
	return 0;
fail:
	pl_record_release(row);
	if (person->v)
		pl_record_release(person);
	person->v = NULL;
	return rc;
}

static int child_end(struct pl_db *db, int rc, struct pl_record *person, struct pl_record *row,
                     struct pl_error *err)
{
	if (rc)
		store_rollback(db);
	else
		rc = store_commit(db, err);
	pl_record_release(row);
	pl_record_release(person);
	return rc;
}

int status_history_start(struct pl_db *db, const struct pl_actor *actor, long long person_id,
                         const char *action, long long *first_id, struct pl_error *err)
{
	const struct pl_entity *ent = pl_entity(PL_ENT_STATUS);
	struct pl_record p, st;
	long long first;
	int rc;
	if ((rc = store_first_child(db->st, ent, person_id, &first, err)))
		return rc;
	if (first) {
		if (first_id)
			*first_id = first;
		return 0;
	}
	if ((rc = store_get(db->st, pl_entity(PL_ENT_PERSON), person_id, &p, err)))
		return rc;
	if (pl_record_init(&st, ent)) {
		pl_record_release(&p);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	if (set_id(&st, "person_id", person_id, err) ||
	    set_value(&st, fi(PL_ENT_STATUS, "status"), pl_record_get(&p, "status"), err) ||
	    set_value(&st, fi(PL_ENT_STATUS, "date"), pl_record_get(&p, "status_date"), err) ||
	    set_value(&st, fi(PL_ENT_STATUS, "source"), pl_record_get(&p, "source"), err) ||
	    set_value(&st, fi(PL_ENT_STATUS, "author_id"), pl_record_get(&p, "author_id"), err) ||
	    set_value(&st, fi(PL_ENT_STATUS, "recorded"), pl_record_get(&p, "created"), err))
		rc = PL_EDATA;
	if (!rc)
		rc = record_insert_audited(db, actor, &st, action, pl_record_get(&p, "ref"),
		                           first_id, err);
	pl_record_release(&st);
	pl_record_release(&p);
	return rc;
}

int pl_person_set_status(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                         const struct pl_kv *kv, size_t n, long long *id_out, struct pl_error *err)
{
	struct pl_record p, s;
	struct pl_kv *own;
	const char *side, *from, *to;
	long long first = 0;
	size_t k = 0;
	int initial = 0, rc;

	/* "--corrects 0" names the first status, which has no row of its own yet */
	if (!(own = pl_calloc(n + 1, sizeof(*own))))
		return pl_error_set(err, PL_EDATA, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(kv[i].key, "corrects") && kv[i].val && !strcmp(kv[i].val, "0"))
			initial = 1;
		else
			own[k++] = kv[i];
	}
	if (initial)
		own[k++] = (struct pl_kv){"corrects", "1"}; /* replaced below */
	rc = child_begin(db, actor, PL_OP_PERSON_STATUS, ref, PL_ENT_STATUS, own, k, &p, &s, err);
	pl_free(own);
	if (rc)
		return rc;
	side = pl_record_get(&p, "side");
	from = pl_record_get(&p, "status");
	to = pl_record_get(&s, "status");
	if ((rc = status_history_start(db, actor, p.id, "person.status", &first, err)))
		return child_end(db, rc, &p, &s, err);
	if (initial && (rc = set_id(&s, "corrects", first, err)))
		return child_end(db, rc, &p, &s, err);
	if (!pl_token_in(to, side_statuses(side))) {
		char list[256];
		pl_tokens_join(side_statuses(side), list, sizeof(list));
		rc = pl_error_set(err, PL_EDATA, "status: '%s' is not a status of a %s (%s)", to,
		                  side, list);
	} else if (pl_record_get(&s, "corrects")) {
		rc = check_own(db, &s, "corrects", PL_ENT_STATUS, p.id, err);
	} else if (!pl_status_transition_ok(side, from, to)) {
		char next[256];
		pl_status_next(side, from, next, sizeof(next));
		rc = pl_error_cond(err, PL_EDATA, PL_COND_CORRECTION,
		                   "%s cannot go from %s to %s; possible: %s", ref, from, to, next);
	}
	if (!rc)
		rc = check_own(db, &s, "evidence_id", PL_ENT_EVIDENCE, p.id, err);
	if (!rc)
		rc = record_insert_audited(db, actor, &s, "person.status", ref, id_out, err);
	if (!rc) {
		uint64_t set = BIT(fi(PL_ENT_PERSON, "status")) |
		               BIT(fi(PL_ENT_PERSON, "status_date")) |
		               BIT(fi(PL_ENT_PERSON, "updated"));
		if (set_value(&p, fi(PL_ENT_PERSON, "status"), to, err) ||
		    set_value(&p, fi(PL_ENT_PERSON, "status_date"), pl_record_get(&s, "date"),
		              err) ||
		    set_value(&p, fi(PL_ENT_PERSON, "updated"), db->tx_time, err))
			rc = PL_EDATA;
		if (!rc)
			rc = store_update(db, &p, set, err);
		if (!rc)
			rc = audit_write(db, actor, "person.status", "persons", p.id, ref,
			                 "status,status_date", err);
	}
	return child_end(db, rc, &p, &s, err);
}

int pl_person_add_event(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                        const struct pl_kv *kv, size_t n, long long *id_out, struct pl_error *err)
{
	struct pl_record p, e;
	int rc = child_begin(db, actor, PL_OP_PERSON_EVENT, ref, PL_ENT_EVENT, kv, n, &p, &e, err);
	if (rc)
		return rc;
	rc = check_own(db, &e, "corrects", PL_ENT_EVENT, p.id, err);
	if (!rc)
		rc = record_insert_audited(db, actor, &e, "person.event", ref, id_out, err);
	return child_end(db, rc, &p, &e, err);
}

int person_status_move(struct pl_db *db, const struct pl_actor *actor, struct pl_record *p,
                       const char *to, const char *date, const char *source, const char *note,
                       long long evidence_id, const char *action, struct pl_error *err)
{
	const char *ref = pl_record_get(p, "ref"), *side = pl_record_get(p, "side");
	const char *from = pl_record_get(p, "status");
	struct pl_record s;
	uint64_t set;
	int rc;
	if (!pl_status_transition_ok(side, from, to)) {
		char next[256];
		pl_status_next(side, from, next, sizeof(next));
		return pl_error_set(err, PL_EDATA, "%s cannot go from %s to %s; possible: %s", ref,
		                    from, to, next);
	}
	if ((rc = status_history_start(db, actor, p->id, action, NULL, err)))
		return rc;
	if (pl_record_init(&s, pl_entity(PL_ENT_STATUS)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if (set_id(&s, "person_id", p->id, err) ||
	    set_value(&s, fi(PL_ENT_STATUS, "status"), to, err) ||
	    set_value(&s, fi(PL_ENT_STATUS, "date"), date, err) ||
	    set_value(&s, fi(PL_ENT_STATUS, "source"), source, err) ||
	    set_value(&s, fi(PL_ENT_STATUS, "note"), note, err) ||
	    (evidence_id && set_id(&s, "evidence_id", evidence_id, err)) ||
	    set_id(&s, "author_id", actor->account_id, err) ||
	    set_value(&s, fi(PL_ENT_STATUS, "recorded"), db->tx_time, err))
		rc = PL_EDATA;
	if (!rc)
		rc = record_insert_audited(db, actor, &s, action, ref, NULL, err);
	pl_record_release(&s);
	if (rc)
		return rc;
	set = BIT(fi(PL_ENT_PERSON, "status")) | BIT(fi(PL_ENT_PERSON, "status_date")) |
	      BIT(fi(PL_ENT_PERSON, "updated"));
	if (set_value(p, fi(PL_ENT_PERSON, "status"), to, err) ||
	    set_value(p, fi(PL_ENT_PERSON, "status_date"), date, err) ||
	    set_value(p, fi(PL_ENT_PERSON, "updated"), db->tx_time, err))
		return PL_EDATA;
	if ((rc = store_update(db, p, set, err)))
		return rc;
	return audit_write(db, actor, action, "persons", p->id, ref, "status,status_date", err);
}

int person_event_insert(struct pl_db *db, const struct pl_actor *actor, const struct pl_record *p,
                        const char *kind, const char *date, const char *place, const char *source,
                        const char *note, const char *action, long long *id_out,
                        struct pl_error *err)
{
	struct pl_record e;
	int rc = 0;
	if (pl_record_init(&e, pl_entity(PL_ENT_EVENT)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if (set_id(&e, "person_id", p->id, err) ||
	    set_value(&e, fi(PL_ENT_EVENT, "kind"), kind, err) ||
	    set_value(&e, fi(PL_ENT_EVENT, "date"), date, err) ||
	    set_value(&e, fi(PL_ENT_EVENT, "place"), place, err) ||
	    set_value(&e, fi(PL_ENT_EVENT, "source"), source, err) ||
	    set_value(&e, fi(PL_ENT_EVENT, "note"), note, err) ||
	    set_id(&e, "author_id", actor->account_id, err) ||
	    set_value(&e, fi(PL_ENT_EVENT, "recorded"), db->tx_time, err))
		rc = PL_EDATA;
	if (!rc)
		rc = record_insert_audited(db, actor, &e, action, pl_record_get(p, "ref"), id_out,
		                           err);
	pl_record_release(&e);
	return rc;
}

/*
 * The name a file is kept under: the last part of what the caller gave, every control
 * character, bidi control, byte that is no UTF-8 and '/' as '_', at most 255 bytes cut at
 * a character; "file" when nothing is left. It is shown on screens and pages later.
 */
static void file_name_clean(const char *in, char out[256])
{
	const char *slash = in ? strrchr(in, '/') : NULL;
	const unsigned char *s = (const unsigned char *)(slash ? slash + 1 : in ? in : "");
	size_t o = 0;
	while (*s && o < 255) {
		size_t n = *s < 0x80             ? 1
		           : (*s & 0xe0) == 0xc0 ? 2
		           : (*s & 0xf0) == 0xe0 ? 3
		           : (*s & 0xf8) == 0xf0 ? 4
		                                 : 0;
		char one[5] = {0};
		size_t k;
		for (k = 1; n && k < n; k++)
			if ((s[k] & 0xc0) != 0x80)
				n = 0;
		if (n)
			memcpy(one, s, n);
		if (!n || pl_has_control(one) || pl_has_bidi_control(one) ||
		    !pl_utf8_valid(one, n, NULL) || one[0] == '/') {
			out[o++] = '_';
			s += n ? n : 1;
			continue;
		}
		if (o + n > 255)
			break;
		memcpy(out + o, s, n);
		o += n;
		s += n;
	}
	out[o] = '\0';
	if (!o || !strcmp(out, ".") || !strcmp(out, ".."))
		snprintf(out, 256, "file");
}

int pl_person_add_evidence(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                           const struct pl_kv *kv, size_t n, const void *file, size_t file_len,
                           const char *file_name, long long *id_out, struct pl_error *err)
{
	struct pl_record p, e;
	char name[256];
	int rc;
	if (file && file_len > PL_EVIDENCE_FILE_MAX)
		return pl_error_set(err, PL_EDATA,
		                    "the file is %zu bytes: an evidence file may be at most %d MiB",
		                    file_len, PL_EVIDENCE_FILE_MAX >> 20);
	file_name_clean(file_name, name);
	rc = child_begin(db, actor, PL_OP_PERSON_EVIDENCE, ref, PL_ENT_EVIDENCE, kv, n, &p, &e,
	                 err);
	if (rc)
		return rc;
	rc = check_own(db, &e, "corrects", PL_ENT_EVIDENCE, p.id, err);
	if (!rc && file) {
		unsigned char h[32];
		char hex[65];
		long long fid;
		int added;
		crypto_generichash(h, sizeof(h), file, file_len, NULL, 0);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		rc = store_file_put(db, hex, name, file, file_len, &fid, &added, err);
		if (!rc && added)
			rc = audit_write(db, actor, "person.evidence", "files", fid, ref,
			                 "hash,name,size,content", err);
		if (!rc)
			rc = set_value(&e, fi(PL_ENT_EVIDENCE, "file_hash"), hex, err);
	}
	if (!rc)
		rc = record_insert_audited(db, actor, &e, "person.evidence", ref, id_out, err);
	return child_end(db, rc, &p, &e, err);
}

/* Evidence in the open transaction (an accepted row of a match run, review.c). */
int person_evidence_insert(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                           const struct pl_kv *kv, size_t n, const char *action, long long *id_out,
                           struct pl_error *err)
{
	struct pl_record p = {0}, e;
	uint64_t set;
	int rc;
	if (pl_record_init(&e, pl_entity(PL_ENT_EVIDENCE)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = record_from_kv(&e, kv, n, &set, err)))
		goto out;
	for (size_t i = 0; i < e.ent->nfields; i++)
		if ((e.ent->fields[i].flags & PL_F_REQUIRED) && !e.v[i]) {
			rc = pl_error_set(err, PL_EDATA, "evidence: %s: required",
			                  e.ent->fields[i].name);
			goto out;
		}
	if ((rc = load_person(db, ref, &p, err)) ||
	    (rc = person_merged_refuse(db, p.id, ref, err)) ||
	    (rc = check_own(db, &e, "corrects", PL_ENT_EVIDENCE, p.id, err)))
		goto out;
	if (set_id(&e, "person_id", p.id, err) || set_id(&e, "author_id", actor->account_id, err) ||
	    set_value(&e, fi(PL_ENT_EVIDENCE, "recorded"), db->tx_time, err)) {
		rc = PL_EDATA;
		goto out;
	}
	rc = record_insert_audited(db, actor, &e, action, ref, id_out, err);
out:
	if (p.v)
		pl_record_release(&p);
	pl_record_release(&e);
	return rc;
}

struct hist_ctx {
	const struct pl_actor *actor;
	const char *status; /* the person's current status */
	pl_record_cb cb;
	void *ctx;
	/* the hotline's view of a captive's statuses: every row gathered first */
	int hotline;
	/* a captive handed over whose arrival is not recorded: the release is no news yet */
	int embargo;
	struct pl_record *rows;
	size_t n, cap;
};

static int history_one(void *ctx, const struct pl_record *r)
{
	struct hist_ctx *h = ctx;
	struct pl_record *w = (struct pl_record *)r;
	if (w->ent->id == PL_ENT_STATUS && h->hotline) {
		if (h->n == h->cap) {
			size_t cap = h->cap ? 2 * h->cap : 16;
			struct pl_record *v = pl_realloc(h->rows, cap * sizeof(*v));
			if (!v)
				return PL_EDATA;
			h->rows = v;
			h->cap = cap;
		}
		h->rows[h->n++] = *w; /* the callee's record is taken over: it is not released */
		w->v = NULL;
		w->nextra = 0;
		w->extra = NULL;
		w->extra_names = NULL;
		return 0;
	}
	if (w->ent->id == PL_ENT_EVENT && h->embargo && pl_record_get(w, "kind") &&
	    !strcmp(pl_record_get(w, "kind"), "release"))
		return 0;
	if (w->ent->id == PL_ENT_CHANGE) {
		const char *f = pl_record_get(w, "field");
		/* a change of a value the actor may not see is no part of its history: that
		 * there was one would say the value exists */
		if (f && !strcmp(f, "medical_notes") &&
		    !pl_roles_may_see(h->actor->roles, PL_R_MEDICAL_NOTES, h->status))
			return 0;
	}
	return h->cb(h->ctx, w);
}

/*
 * The statuses as the hotline answers (rows oldest first): a listing is no status of its
 * own but captivity confirmed, an entry correcting a hidden one is hidden with it, and an
 * entry that says what the one before it said (confirmed again after a listing ended) is
 * no news. keep[i] says whether row i is shown; returns the index of the row whose date
 * is the current status's, or -1.
 */
static long hotline_statuses(const struct pl_record *rows, size_t n, unsigned char *keep)
{
	const char *prev = NULL;
	long start = -1;
	for (size_t i = 0; i < n; i++) {
		const char *s = pl_record_get(&rows[i], "status");
		const char *corrects = pl_record_get(&rows[i], "corrects");
		int hidden = s && !strcmp(s, "listed");
		if (corrects)
			for (size_t k = 0; k < i; k++)
				if (rows[k].id == strtoll(corrects, NULL, 10) && !keep[k] &&
				    pl_record_get(&rows[k], "status") &&
				    !strcmp(pl_record_get(&rows[k], "status"), "listed"))
					hidden = 1;
		if (hidden && s && !strcmp(s, "listed"))
			s = "confirmed";
		/* a correction shown is news of its own (a date put right), whatever it says */
		keep[i] = !hidden && (!(prev && s && !strcmp(prev, s)) || corrects);
		if (!prev || !s || strcmp(prev, s) || keep[i])
			start = (long)i; /* a new answer begins here */
		prev = s;
	}
	return start;
}

/* Emits the gathered status rows of h as the hotline answers, and frees them. */
static int history_hotline_flush(struct hist_ctx *h, int rc)
{
	unsigned char *keep = h->n ? pl_calloc(h->n, 1) : NULL;
	if (h->n && !keep && !rc)
		rc = PL_EDATA;
	if (keep)
		hotline_statuses(h->rows, h->n, keep);
	for (size_t i = 0; i < h->n; i++) {
		if (!rc && keep[i])
			rc = h->cb(h->ctx, &h->rows[i]);
		pl_record_release(&h->rows[i]);
	}
	pl_free(keep);
	pl_free(h->rows);
	h->rows = NULL;
	h->n = h->cap = 0;
	return rc;
}

/* The date of the hotline's answer for a listed captive: when its captivity was last
 * confirmed before the listing (the start of the answer's run); "" when unknown. */
static int hotline_status_date(struct pl_db *db, long long person_id, char *out, size_t cap,
                               struct pl_error *err)
{
	struct hist_ctx h = {0};
	long start;
	int rc;
	out[0] = '\0';
	h.hotline = 1;
	rc = store_children(db->st, pl_entity(PL_ENT_STATUS), person_id, history_one, &h, err);
	if (!rc && !h.n)
		rc = store_initial_status(db->st, person_id, history_one, &h, err);
	if (!rc && h.n) {
		unsigned char *keep = pl_calloc(h.n, 1);
		if (!keep) {
			rc = pl_error_set(err, PL_EDATA, "out of memory");
		} else {
			start = hotline_statuses(h.rows, h.n, keep);
			if (start >= 0 && pl_record_get(&h.rows[start], "date"))
				snprintf(out, cap, "%s", pl_record_get(&h.rows[start], "date"));
			pl_free(keep);
		}
	}
	for (size_t i = 0; i < h.n; i++)
		pl_record_release(&h.rows[i]);
	pl_free(h.rows);
	return rc == PL_EDATA && err && !err->msg[0] ? pl_error_set(err, rc, "out of memory") : rc;
}

int pl_person_history(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                      enum pl_entity_id what, pl_record_cb cb, void *ctx, struct pl_error *err)
{
	struct pl_record p;
	struct hist_ctx h = {.actor = actor, .cb = cb, .ctx = ctx};
	int rc;
	if (what != PL_ENT_STATUS && what != PL_ENT_EVENT && what != PL_ENT_EVIDENCE &&
	    what != PL_ENT_CHANGE)
		return pl_error_set(err, PL_EUSAGE, "no history of that kind");
	if ((rc = pl_authorize(db, actor, PL_OP_PERSON_SHOW, err)) ||
	    (rc = person_side_gate(db, actor, ref, "person.show", err)))
		return rc;
	if ((rc = store_person_by_ref(db->st, ref, &p, err)))
		return rc;
	h.status = pl_record_get(&p, "status");
	h.hotline = what == PL_ENT_STATUS && !strcmp(pl_record_get(&p, "side"), "captive") &&
	            !pl_roles_may_see(actor->roles, PL_R_EXCHANGE_LISTING, NULL);
	/* the embargo (docs/permissions.md): a captive's release at an exchange is told once
	 * reception records the arrival, and not before, to whom may not see the listing */
	h.embargo = !strcmp(pl_record_get(&p, "side"), "captive") &&
	            !pl_roles_may_see(actor->roles, PL_R_EXCHANGE_LISTING, NULL) &&
	            strcmp(h.status, "returned") && strcmp(h.status, "third_country");
	rc = store_children(db->st, pl_entity(what), p.id, history_one, &h, err);
	if (!rc && what == PL_ENT_STATUS) {
		long long first, into;
		char into_ref[PL_REF_MAX];
		/* a person merged away has its whole status history under the person kept */
		if (!(rc = store_first_child(db->st, pl_entity(what), p.id, &first, err)) &&
		    !first &&
		    !(rc = store_person_merged_into(db->st, p.id, &into, into_ref, err)) && !into)
			rc = store_initial_status(db->st, p.id, history_one, &h, err);
	}
	if (h.hotline)
		rc = history_hotline_flush(&h, rc);
	pl_record_release(&p);
	return rc;
}

/* --- relatives and inquiries --- */

int pl_relative_add(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                    const struct pl_kv *kv, size_t n, long long *id_out, struct pl_error *err)
{
	struct pl_record p, r;
	int rc = child_begin(db, actor, PL_OP_RELATIVE_ADD, person_ref, PL_ENT_RELATIVE, kv, n, &p,
	                     &r, err);
	if (rc)
		return rc;
	if (!pl_record_get(&r, "safety"))
		rc = set_value(&r, fi(PL_ENT_RELATIVE, "safety"), "no", err);
	if (!rc && !strcmp(pl_record_get(&r, "safety"), "yes") &&
	    !pl_record_get(&r, "safety_channel"))
		rc = pl_error_set(err, PL_EDATA,
		                  "relative: safety_channel: required when safety is yes (the "
		                  "only channel to contact them through)");
	if (!rc)
		rc = record_insert_audited(db, actor, &r, "relative.add", person_ref, id_out, err);
	return child_end(db, rc, &p, &r, err);
}

struct rel_ctx {
	struct pl_db *db;
	const struct pl_actor *actor;
	pl_record_cb cb;
	void *ctx;
	struct pl_error *err;
};

static int relative_one(void *ctx, const struct pl_record *r)
{
	struct rel_ctx *c = ctx;
	struct pl_record *w = (struct pl_record *)r;
	int i = fi(PL_ENT_RELATIVE, "contacts"), rc;
	if (!pl_roles_may_see(c->actor->roles, PL_R_RELATIVE_CONTACTS, NULL)) {
		pl_free(w->v[i]);
		w->v[i] = NULL;
		w->restricted |= BIT(i);
	} else if (w->v[i] &&
	           (rc = audit_note(c->db, c->actor, "read", "relatives", w->id,
	                            pl_record_get(w, "person_ref"), "contacts", c->err))) {
		return rc;
	}
	return c->cb(c->ctx, w);
}

/* Runs a listing in one write transaction, so reads of restricted values are audited with it. */
static int list_children(struct pl_db *db, const struct pl_actor *actor, enum pl_op op,
                         const char *person_ref, enum pl_entity_id what, pl_record_cb inner,
                         void *inner_ctx, struct pl_error *err)
{
	struct pl_record p;
	long long pid = 0;
	int rc;
	if ((rc = pl_authorize(db, actor, op, err)) ||
	    (rc = person_side_gate(db, actor, person_ref, pl_op_name(op), err)))
		return rc;
	if (person_ref) {
		if ((rc = store_person_by_ref(db->st, person_ref, &p, err)))
			return rc;
		pid = p.id;
		pl_record_release(&p);
	}
	if ((rc = store_begin(db, err)))
		return rc;
	rc = store_children(db->st, pl_entity(what), pid, inner, inner_ctx, err);
	if (rc) {
		store_rollback(db);
		return rc;
	}
	return store_commit(db, err);
}

int pl_relative_list(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                     pl_record_cb cb, void *ctx, struct pl_error *err)
{
	struct rel_ctx c = {db, actor, cb, ctx, err};
	return list_children(db, actor, PL_OP_RELATIVE_LIST, person_ref, PL_ENT_RELATIVE,
	                     relative_one, &c, err);
}

int pl_inquiry_add(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                   const struct pl_kv *kv, size_t n, long long *id_out, struct pl_error *err)
{
	struct pl_kv *all = pl_calloc(n + 1, sizeof(*all));
	struct pl_record p, q;
	char today[21];
	int has_date = 0, rc;
	if (!all)
		return pl_error_set(err, PL_EDATA, "out of memory");
	for (size_t i = 0; i < n; i++) {
		all[i] = kv[i];
		has_date |= !strcmp(kv[i].key, "date");
	}
	pl_now_utc(today);
	today[10] = '\0';
	if (!has_date)
		all[n++] = (struct pl_kv){"date", today};
	rc = child_begin(db, actor, PL_OP_INQUIRY_ADD, person_ref, PL_ENT_INQUIRY, all, n, &p, &q,
	                 err);
	pl_free(all);
	if (rc)
		return rc;
	rc = check_own(db, &q, "relative_id", PL_ENT_RELATIVE, p.id, err);
	if (!rc)
		rc = record_insert_audited(db, actor, &q, "inquiry.add", person_ref, id_out, err);
	return child_end(db, rc, &p, &q, err);
}

struct plain_ctx {
	pl_record_cb cb;
	void *ctx;
};

static int plain_one(void *ctx, const struct pl_record *r)
{
	struct plain_ctx *c = ctx;
	return c->cb(c->ctx, r);
}

int pl_inquiry_list(struct pl_db *db, const struct pl_actor *actor, const char *person_ref,
                    pl_record_cb cb, void *ctx, struct pl_error *err)
{
	struct plain_ctx c = {cb, ctx};
	return list_children(db, actor, PL_OP_INQUIRY_LIST, person_ref, PL_ENT_INQUIRY, plain_one,
	                     &c, err);
}

struct stats_rows {
	struct pl_stats_row *v;
	char **keys, **groups;
	size_t n, cap;
};

static int stats_gather(void *ctx, const struct pl_stats_row *r)
{
	struct stats_rows *s = ctx;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		struct pl_stats_row *v = pl_realloc(s->v, cap * sizeof(*v));
		char **k, **g;
		if (!v)
			return PL_EDATA;
		s->v = v;
		if (!(k = pl_realloc(s->keys, cap * sizeof(*k))))
			return PL_EDATA;
		s->keys = k;
		if (!(g = pl_realloc(s->groups, cap * sizeof(*g))))
			return PL_EDATA;
		s->groups = g;
		s->cap = cap;
	}
	s->keys[s->n] = r->key ? pl_strdup(r->key) : NULL;
	s->groups[s->n] = pl_strdup(r->group);
	if ((r->key && !s->keys[s->n]) || !s->groups[s->n]) {
		pl_free(s->keys[s->n]);
		pl_free(s->groups[s->n]);
		return PL_EDATA;
	}
	s->v[s->n] = *r;
	s->v[s->n].key = s->keys[s->n];
	s->v[s->n].group = s->groups[s->n];
	s->n++;
	return 0;
}

/* The values each group of store_stats counts by, in the order counts-only roles see. */
static const struct {
	const char *group;
	const char *const *tokens;
} stats_domains[] = {
        {"side", pl_sides},          {"captive.status", pl_captive_statuses},
        {"captive.kind", pl_kinds},  {"captive.health", pl_health},
        {"captive.sex", pl_sexes},   {"detainee.status", pl_detainee_statuses},
        {"detainee.kind", pl_kinds}, {"detainee.consent", pl_yes_no_unknown},
};

static int key_cmp(const char *a, const char *b)
{
	return !a ? (b ? 1 : 0) : !b ? -1 : strcmp(a, b);
}

/*
 * For a role that sees counts only: every value of every group, in the values' own order
 * (none left out for having no person, none placed by its size), so that which cells
 * exist and where they stand tell nothing of the small ones.
 */
static int stats_every_value(struct stats_rows *s)
{
	struct stats_rows out = {0};
	int rc = 0;
	for (size_t a = 0, b; a < s->n && !rc; a = b) {
		const char *const *tokens = NULL;
		for (b = a; b < s->n && !strcmp(s->v[b].group, s->v[a].group); b++)
			;
		for (size_t d = 0; d < sizeof(stats_domains) / sizeof(stats_domains[0]); d++)
			if (!strcmp(stats_domains[d].group, s->v[a].group))
				tokens = stats_domains[d].tokens;
		if (!tokens) { /* no fixed values: as they came */
			for (size_t k = a; k < b && !rc; k++)
				rc = stats_gather(&out, &s->v[k]);
			continue;
		}
		for (size_t t = 0; tokens[t] && !rc; t++) {
			struct pl_stats_row r = {.group = s->v[a].group, .key = tokens[t]};
			for (size_t k = a; k < b; k++)
				if (!key_cmp(s->v[k].key, tokens[t]))
					r.count = s->v[k].count;
			rc = stats_gather(&out, &r);
		}
		/* and what the values do not name (a value not recorded) */
		for (size_t k = a; k < b && !rc; k++)
			if (!s->v[k].key || !pl_token_in(s->v[k].key, tokens))
				rc = stats_gather(&out, &s->v[k]);
	}
	for (size_t i = 0; i < s->n; i++) {
		pl_free(s->keys[i]);
		pl_free(s->groups[i]);
	}
	pl_free(s->v);
	pl_free(s->keys);
	pl_free(s->groups);
	*s = out;
	return rc;
}

void stats_suppress(struct stats_cell *c, size_t n, const struct stats_line *lines, size_t nlines)
{
	int changed = 1;
	for (size_t k = 0; k < n; k++)
		/* none is a small number too: that a cell exists tells nothing; a grand total
		 * of none tells no one apart */
		if (c[k].count < PL_STATS_MIN_CELL && !(c[k].grand && c[k].count == 0))
			c[k].suppressed = 1;
	/* one cell alone hidden in a line is its total less the others: hide the next
	 * smallest too, until no line has one alone */
	while (changed) {
		changed = 0;
		for (size_t l = 0; l < nlines; l++) {
			const struct stats_line *li = &lines[l];
			size_t hidden = 0, pick = n;
			for (size_t k = 0; k < li->n; k++)
				hidden += c[li->cell[k]].suppressed != 0;
			if (hidden != 1)
				continue;
			for (size_t k = 0; k < li->n; k++) {
				size_t i = li->cell[k];
				if (!c[i].suppressed && k != li->total &&
				    (pick == n || c[i].count < c[pick].count))
					pick = i;
			}
			if (pick < n) {
				c[pick].suppressed = 2;
				changed = 1;
			}
		}
	}
}

/* Small cells of rows [a, b) (one group) suppressed, as pl_stats_row says: one line, the
 * rows and their total. */
static int suppress_group(struct pl_stats_row *v, size_t a, size_t b)
{
	struct stats_cell *c = pl_calloc(b - a + 1, sizeof(*c));
	size_t *idx = pl_calloc(b - a + 1, sizeof(*idx));
	struct stats_line line = {.cell = idx, .n = b - a + 1, .total = b - a};
	long long total = 0;
	if (!c || !idx) {
		pl_free(c);
		pl_free(idx);
		return PL_EDATA;
	}
	for (size_t k = a; k < b; k++) {
		c[k - a].count = v[k].count;
		total += v[k].count;
	}
	c[b - a].count = total;
	c[b - a].grand = 1;
	for (size_t k = 0; k <= b - a; k++)
		idx[k] = k;
	stats_suppress(c, b - a + 1, &line, 1);
	for (size_t k = a; k < b; k++) {
		v[k].suppressed = c[k - a].suppressed;
		if (v[k].suppressed)
			v[k].count = 0;
	}
	v[a].total = c[b - a].suppressed ? -1 : total;
	pl_free(c);
	pl_free(idx);
	return 0;
}

int pl_stats(struct pl_db *db, const struct pl_actor *actor, pl_stats_cb cb, void *ctx,
             struct pl_error *err)
{
	struct stats_rows s = {0};
	/* counts only: may see statistics, may not list the persons behind them */
	int counts_only = !pl_roles_may(actor->roles, PL_OP_PERSON_LIST);
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_STATS, err)))
		return rc;
	if ((rc = store_stats(db->st, stats_gather, &s, err)))
		goto out;
	if (counts_only && (rc = stats_every_value(&s)))
		goto out;
	for (size_t a = 0, b; a < s.n; a = b) {
		for (b = a; b < s.n && !strcmp(s.v[b].group, s.v[a].group); b++)
			;
		if (counts_only) {
			if ((rc = suppress_group(s.v, a, b)))
				goto out;
		} else {
			long long total = 0;
			for (size_t k = a; k < b; k++)
				total += s.v[k].count;
			s.v[a].total = total;
		}
	}
	for (size_t i = 0; i < s.n && !rc; i++)
		rc = cb(ctx, &s.v[i]);
out:
	if (rc == PL_EDATA && err && !err->msg[0])
		pl_error_set(err, PL_EDATA, "out of memory");
	for (size_t i = 0; i < s.n; i++) {
		pl_free(s.keys[i]);
		pl_free(s.groups[i]);
	}
	pl_free(s.v);
	pl_free(s.keys);
	pl_free(s.groups);
	return rc;
}
