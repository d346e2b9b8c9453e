/* ledger.c - the statement ledger: what each side said across the table, the structured
 * facts claims state and the contradictions between them, untruths of ours kept until
 * resolved, promises kept or broken; and the desk's counts for analysts
 * (docs/negotiations.md, "The statement ledger" and "Promises") */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "parley/alloc.h"
#include "negotiation-int.h"
#include "banned.h"

/* --- the facts a claim may state (docs/values.md) --- */

static const struct pl_fact facts[] = {
        {"held_by_us", pl_yes_no, "the subject is held by our side"},
        {"held_by_them", pl_yes_no, "the subject is held by the other side"},
        {"alive", pl_yes_no, "the subject is alive"},
        {"health", pl_health, "the subject's health"},
        {"sentenced", pl_yes_no, "the subject was sentenced by a court of the side holding them"},
        {"consents", pl_yes_no, "the subject agrees to be exchanged"},
        {"on_list", pl_yes_no, "the subject is on a list of an exchange under discussion"},
        {"location", NULL, "where the subject is held (compared without regard to case)"},
};
#define NFACTS (sizeof(facts) / sizeof(facts[0]))

const struct pl_fact *pl_fact_by_name(const char *name)
{
	for (size_t i = 0; name && i < NFACTS; i++)
		if (!strcmp(facts[i].name, name))
			return &facts[i];
	return NULL;
}

const struct pl_fact *pl_fact_at(size_t i)
{
	return i < NFACTS ? &facts[i] : NULL;
}

/* --- what the functions share --- */

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

/* 1 when a and b are the same text but for case; -1 out of memory. */
static int same_folded(const char *a, const char *b)
{
	char *fa = fold(a), *fb = fold(b);
	int same = fa && fb ? !strcmp(fa, fb) : -1;
	free(fa);
	free(fb);
	return same;
}

/* U-000045, r-12: the shape of a person's reference (the letter of either side). */
static int looks_like_person_ref(const char *s)
{
	if (!s || !strchr("UuRr", s[0]) || !s[0] || s[1] != '-' || !s[2])
		return 0;
	for (s += 2; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* The statement's row with what it names, for show and list: the session's and the
 * negotiation's references, the counterpart's, the author's and resolver's logins, and
 * whether an open promise is past due on ?1 (today). */
#define STATEMENT_SELECT                                                                           \
	"SELECT st.*, s.ref AS session, n.ref AS negotiation, c.ref AS counterpart, "              \
	"a.login AS author, r.login AS resolved_by_login, CASE WHEN st.promise = 'open' AND "      \
	"st.due IS "                                                                               \
	"NOT NULL AND substr(?1, 1, length(st.due)) > st.due THEN 'yes' END AS overdue "           \
	"FROM statements st JOIN negotiation_sessions s ON s.id = st.session_id "                  \
	"JOIN negotiations n ON n.id = s.negotiation_id "                                          \
	"LEFT JOIN counterparts c ON c.id = st.counterpart_id "                                    \
	"LEFT JOIN accounts a ON a.id = st.author_id "                                             \
	"LEFT JOIN accounts r ON r.id = st.resolved_by "

/* The statement id as stored, with its session's reference (extra "session"). */
static int statement_load(struct pl_db *db, long long id, struct pl_record *out,
                          struct pl_error *err)
{
	char what[32];
	const struct store_bind b[] = {SB_I(id)};
	snprintf(what, sizeof(what), "#%lld", id);
	return store_query_one(db->st, pl_entity(PL_ENT_STATEMENT),
	                       "SELECT st.*, s.ref AS session FROM statements st JOIN "
	                       "negotiation_sessions s ON s.id = st.session_id WHERE st.id = ?",
	                       b, 1, out, what, err);
}

static const char *extra_of(const struct pl_record *r, const char *name)
{
	for (size_t i = 0; i < r->nextra; i++)
		if (!strcmp(r->extra_names[i], name))
			return r->extra[i];
	return NULL;
}

/* --- recording a statement --- */

/* Checks the rules between fields of s (validated one by one already). */
static int statement_check(struct pl_record *s, struct pl_error *err)
{
	static const char *const required[] = {"said", "side", "speaker", "kind", "text"};
	const char *side, *kind, *subject, *fact, *value, *truthful;
	const struct pl_fact *f;
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!pl_record_get(s, required[i]))
			return pl_error_set(err, PL_EDATA, "statement: %s: required", required[i]);
	side = pl_record_get(s, "side");
	kind = pl_record_get(s, "kind");
	subject = pl_record_get(s, "subject");
	fact = pl_record_get(s, "fact");
	value = pl_record_get(s, "value");
	truthful = pl_record_get(s, "truthful");

	if (subject || fact || value) {
		if (!subject || !fact || !value)
			return pl_error_set(err, PL_EDATA,
			                    "statement: a structured fact needs subject, fact and "
			                    "value together (%s missing)",
			                    !subject ? "subject"
			                    : !fact  ? "fact"
			                             : "value");
		if (strcmp(kind, "claim"))
			return pl_error_set(err, PL_EDATA,
			                    "statement: a structured fact is stated by a claim "
			                    "only (kind is %s)",
			                    kind);
		f = pl_fact_by_name(fact);
		if (!f)
			return pl_error_set(err, PL_EDATA, "statement: fact: '%s' is no fact",
			                    fact);
		if (f->values) {
			char low[64], list[256];
			size_t n = strlen(value);
			if (n < sizeof(low)) {
				for (size_t i = 0; i <= n; i++)
					low[i] = (char)tolower((unsigned char)value[i]);
				if (pl_token_in(low, f->values))
					return neg_set(s, "value", low, err);
			}
			pl_tokens_join(f->values, list, sizeof(list));
			return pl_error_set(
			        err, PL_EDATA,
			        "statement: value: '%s' is not a value of the fact %s (%s)", value,
			        fact, list);
		}
	}
	if (truthful && (strcmp(side, "ours") || strcmp(kind, "claim")))
		return pl_error_set(err, PL_EDATA,
		                    "statement: truthful is said of a claim of ours only (kind "
		                    "is %s, side %s)",
		                    kind, side);
	if (truthful && !strcmp(truthful, "no") && !pl_record_get(s, "truth"))
		return pl_error_set(err, PL_EDATA,
		                    "statement: an untrue claim (truthful no) needs the truth "
		                    "beside it (truth)");
	if (pl_record_get(s, "truth") && !(truthful && !strcmp(truthful, "no")))
		return pl_error_set(err, PL_EDATA,
		                    "statement: truth goes with an untrue claim of ours "
		                    "(truthful no)");
	if (pl_record_get(s, "due") && strcmp(kind, "promise"))
		return pl_error_set(err, PL_EDATA,
		                    "statement: due is for a promise only (kind is %s)", kind);
	return 0;
}

/* The earlier statements a new one contradicts, as read in the transaction. */
struct contra_vec {
	struct pl_record *v;
	size_t n, cap;
	const char *subject, *value;
	int folded; /* the fact's value is free text: compared without regard to case */
	struct pl_error *err;
};

static int contra_one(void *ctx, const struct pl_record *r)
{
	struct contra_vec *c = ctx;
	struct pl_record *w = (struct pl_record *)r;
	const char *subject = pl_record_get(r, "subject"), *value = pl_record_get(r, "value");
	int same;
	if (!subject || !value)
		return 0;
	if ((same = same_folded(subject, c->subject)) < 0)
		return pl_error_set(c->err, PL_EDATA, "out of memory");
	if (!same)
		return 0;
	same = c->folded ? same_folded(value, c->value) : !strcmp(value, c->value);
	if (same < 0)
		return pl_error_set(c->err, PL_EDATA, "out of memory");
	if (same)
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 8;
		struct pl_record *v = pl_realloc(c->v, cap * sizeof(*v));
		if (!v)
			return pl_error_set(c->err, PL_EDATA, "out of memory");
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = *r;
	w->v = NULL; /* taken over: store_query releases an emptied record */
	w->nextra = 0;
	w->extra = NULL;
	w->extra_names = NULL;
	return 0;
}

static void contra_release(struct contra_vec *c)
{
	for (size_t i = 0; i < c->n; i++)
		pl_record_release(&c->v[i]);
	pl_free(c->v);
}

/* Every earlier statement on s's subject and fact with another value, oldest first. */
static int contradictions_find(struct pl_db *db, const struct pl_record *s, struct contra_vec *c,
                               struct pl_error *err)
{
	const char *fact = pl_record_get(s, "fact");
	const struct store_bind b[] = {SB_S(fact)};
	c->subject = pl_record_get(s, "subject");
	c->value = pl_record_get(s, "value");
	c->folded = !pl_fact_by_name(fact)->values;
	c->err = err;
	return store_query(db->st, pl_entity(PL_ENT_STATEMENT),
	                   "SELECT st.*, s.ref AS session FROM statements st JOIN "
	                   "negotiation_sessions s ON s.id = st.session_id WHERE st.fact = ? "
	                   "ORDER BY st.said, st.id",
	                   b, 1, contra_one, c, err);
}

int pl_statement_add(struct pl_db *db, const struct pl_actor *actor, const char *session_ref,
                     const char *counterpart_ref, const struct pl_kv *kv, size_t n,
                     long long *id_out, pl_contradiction_cb cb, void *ctx, struct pl_error *err)
{
	struct pl_record s, sess = {0}, cp = {0};
	struct contra_vec c = {0};
	uint64_t set;
	long long id = 0;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_EDIT, err)))
		return rc;
	if (!session_ref || !*session_ref)
		return pl_error_set(err, PL_EUSAGE, "statement: which session (S-0001)?");
	if (pl_record_init(&s, pl_entity(PL_ENT_STATEMENT)))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = neg_from_kv(&s, kv, n, &set, "its own operation", err)) ||
	    (rc = statement_check(&s, err)))
		goto out;
	if (counterpart_ref && strcmp(pl_record_get(&s, "side"), "theirs")) {
		rc = pl_error_set(err, PL_EDATA,
		                  "statement: a counterpart speaks for their side, not ours");
		goto out;
	}
	if (looks_like_person_ref(pl_record_get(&s, "subject"))) {
		char ref[64];
		snprintf(ref, sizeof(ref), "%s", pl_record_get(&s, "subject"));
		ref[0] = (char)toupper((unsigned char)ref[0]);
		if ((rc = neg_set(&s, "subject", ref, err)))
			goto out;
	}
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = session_load(db, session_ref, &sess, err)))
		goto fail;
	if (counterpart_ref && (rc = counterpart_load(db, counterpart_ref, &cp, err)))
		goto fail;
	if (looks_like_person_ref(pl_record_get(&s, "subject"))) {
		const char *ref = pl_record_get(&s, "subject");
		const struct store_bind b[] = {SB_S(ref)};
		long long pid;
		if ((rc = store_query_int(db->st, "SELECT id FROM persons WHERE ref = ?", b, 1,
		                          &pid, err)))
			goto fail;
		if (!pid) {
			rc = pl_error_set(err, PL_ENOTFOUND, "statement: subject: no person %s",
			                  ref);
			goto fail;
		}
		if ((rc = person_merged_refuse(db, pid, ref, err)))
			goto fail;
	}
	if (pl_record_get(&s, "fact") && (rc = contradictions_find(db, &s, &c, err)))
		goto fail;
	if ((rc = neg_set_id(&s, "session_id", sess.id, err)) ||
	    (counterpart_ref && (rc = neg_set_id(&s, "counterpart_id", cp.id, err))) ||
	    (c.n && (rc = neg_set_id(&s, "contradicts", c.v[c.n - 1].id, err))) ||
	    (!strcmp(pl_record_get(&s, "kind"), "promise") &&
	     (rc = neg_set(&s, "promise", "open", err))) ||
	    (rc = neg_set_id(&s, "author_id", actor->account_id, err)) ||
	    (rc = neg_set(&s, "recorded", db->tx_time, err)) ||
	    (rc = record_insert_audited(db, actor, &s, "statement.add", session_ref, &id, err)))
		goto fail;
	if ((rc = store_commit(db, err)))
		goto out;
	if (id_out)
		*id_out = id;
	/* recorded: now each contradiction is said, oldest first */
	for (size_t i = 0; cb && !rc && i < c.n; i++) {
		const struct pl_record *e = &c.v[i];
		struct pl_contradiction k = {e->id,
		                             extra_of(e, "session"),
		                             pl_record_get(e, "said"),
		                             pl_record_get(e, "side"),
		                             pl_record_get(e, "speaker"),
		                             pl_record_get(e, "value"),
		                             pl_record_get(e, "text")};
		rc = cb(ctx, &k);
	}
	goto out;
fail:
	store_rollback(db);
out:
	contra_release(&c);
	if (sess.v)
		pl_record_release(&sess);
	if (cp.v)
		pl_record_release(&cp);
	pl_record_release(&s);
	return rc;
}

/* --- reading the ledger --- */

int pl_statement_get(struct pl_db *db, const struct pl_actor *actor, long long id,
                     struct pl_record *out, struct pl_error *err)
{
	char today[11], what[32];
	const char *day = today;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_SHOW, err)))
		return rc;
	neg_today(db, today);
	snprintf(what, sizeof(what), "#%lld", id);
	{
		const struct store_bind b[] = {SB_S(day), SB_I(id)};
		return store_query_one(db->st, pl_entity(PL_ENT_STATEMENT),
		                       STATEMENT_SELECT "WHERE st.id = ?2", b, 2, out, what, err);
	}
}

/* The subject filter, compared without regard to case (a reference in any case). */
struct subject_filter {
	const char *subject;
	pl_record_cb cb;
	void *ctx;
	struct pl_error *err;
};

static int subject_one(void *ctx, const struct pl_record *r)
{
	struct subject_filter *f = ctx;
	const char *subject = pl_record_get(r, "subject");
	int same;
	if (!subject)
		return 0;
	if ((same = same_folded(subject, f->subject)) < 0)
		return pl_error_set(f->err, PL_EDATA, "out of memory");
	return same ? f->cb(f->ctx, r) : 0;
}

/* PL_EUSAGE naming what when v is not one of tokens. */
static int token_check(const char *what, const char *v, const char *const *tokens,
                       struct pl_error *err)
{
	char list[256];
	if (!v || pl_token_in(v, tokens))
		return 0;
	pl_tokens_join(tokens, list, sizeof(list));
	return pl_error_set(err, PL_EUSAGE, "%s: '%s' is not one of %s", what, v, list);
}

/* The negotiation and session filters name what exists. */
static int refs_check(struct pl_db *db, const char *negotiation, const char *session,
                      struct pl_error *err)
{
	struct pl_record r;
	int rc;
	if (negotiation) {
		if ((rc = neg_load(db, negotiation, &r, err)))
			return rc;
		pl_record_release(&r);
	}
	if (session) {
		if ((rc = session_load(db, session, &r, err)))
			return rc;
		pl_record_release(&r);
	}
	return 0;
}

int pl_statement_list(struct pl_db *db, const struct pl_actor *actor,
                      const struct pl_statement_filter *f, pl_record_cb cb, void *ctx,
                      struct pl_error *err)
{
	static const struct pl_statement_filter none = {0};
	struct subject_filter sf = {NULL, cb, ctx, err};
	char today[11];
	const char *day = today;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_SHOW, err)))
		return rc;
	if (!f)
		f = &none;
	if ((rc = token_check("statement side", f->side, pl_statement_sides, err)) ||
	    (rc = token_check("statement kind", f->kind, pl_statement_kinds, err)) ||
	    (rc = refs_check(db, f->negotiation, f->session, err)))
		return rc;
	neg_today(db, today);
	sf.subject = f->subject && *f->subject ? f->subject : NULL;
	{
		const struct store_bind b[] = {SB_S(day),
		                               SB_S(f->negotiation),
		                               SB_S(f->session),
		                               SB_S(f->side),
		                               SB_S(f->kind),
		                               SB_I(f->untruths ? 1 : 0),
		                               SB_I(f->contradictions ? 1 : 0)};
		return store_query(
		        db->st, pl_entity(PL_ENT_STATEMENT),
		        STATEMENT_SELECT
		        "WHERE (?2 IS NULL OR n.ref = ?2) AND (?3 IS NULL OR s.ref = ?3) "
		        "AND (?4 IS NULL OR st.side = ?4) AND (?5 IS NULL OR st.kind = ?5) "
		        "AND (?6 = 0 OR (st.side = 'ours' AND st.kind = 'claim' AND st.truthful = "
		        "'no' AND st.resolved IS NULL)) AND (?7 = 0 OR st.contradicts IS NOT NULL) "
		        "ORDER BY st.said, st.id",
		        b, sizeof(b) / sizeof(b[0]), sf.subject ? subject_one : cb,
		        sf.subject ? (void *)&sf : ctx, err);
	}
}

/* --- resolving an untruth, closing a promise --- */

/* v checked as field name of type t (max bytes max) into *out (NULL: empty). */
static int value_check(const char *name, enum pl_vtype t, unsigned max, const char *v, char **out,
                       struct pl_error *err)
{
	const struct pl_field f = {name, t, 0, NULL, max, NULL, name};
	*out = NULL;
	return v ? pl_field_normalize(&f, v, out, err) : 0;
}

/* 1 when s is a claim of ours said to be untrue. */
static int untrue_claim_of_ours(const struct pl_record *s)
{
	const char *t = pl_record_get(s, "truthful");
	return !strcmp(pl_record_get(s, "side"), "ours") &&
	       !strcmp(pl_record_get(s, "kind"), "claim") && t && !strcmp(t, "no");
}

int pl_statement_resolve(struct pl_db *db, const struct pl_actor *actor, long long id,
                         const char *reason, struct pl_error *err)
{
	struct pl_record cur = {0}, upd = {0};
	char *why = NULL;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_EDIT, err)))
		return rc;
	if ((rc = value_check("resolution", PL_V_TEXT, 4000, reason, &why, err)))
		return rc;
	if (!why)
		return pl_error_set(err, PL_EDATA,
		                    "statement #%lld: resolution: why it is resolved is required",
		                    id);
	if (pl_record_init(&upd, pl_entity(PL_ENT_STATEMENT))) {
		pl_free(why);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = statement_load(db, id, &cur, err)))
		goto fail;
	if (!untrue_claim_of_ours(&cur)) {
		rc = pl_error_set(err, PL_EDATA,
		                  "statement #%lld is no untrue claim of ours: only those are "
		                  "resolved",
		                  id);
		goto fail;
	}
	if (pl_record_get(&cur, "resolved")) {
		rc = pl_error_set(err, PL_EDATA, "statement #%lld was resolved already, at %s", id,
		                  pl_record_get(&cur, "resolved"));
		goto fail;
	}
	if ((rc = neg_set(&upd, "resolved", db->tx_time, err)) ||
	    (rc = neg_set_id(&upd, "resolved_by", actor->account_id, err)) ||
	    (rc = neg_set(&upd, "resolution", why, err)) ||
	    (rc = record_update_audited(db, actor, &cur, &upd,
	                                BIT(pl_field_index(upd.ent, "resolved")) |
	                                        BIT(pl_field_index(upd.ent, "resolved_by")) |
	                                        BIT(pl_field_index(upd.ent, "resolution")),
	                                "statement.resolve", extra_of(&cur, "session"), NULL, err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (cur.v)
		pl_record_release(&cur);
	pl_record_release(&upd);
	pl_free(why);
	return rc;
}

int pl_promise_close(struct pl_db *db, const struct pl_actor *actor, long long id,
                     const char *state, const char *date, const char *note, struct pl_error *err)
{
	struct pl_record cur = {0}, upd = {0};
	char *day = NULL, *words = NULL, today[11];
	const char *said;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_EDIT, err)))
		return rc;
	if (!state || (strcmp(state, "kept") && strcmp(state, "broken")))
		return pl_error_set(err, PL_EUSAGE, "promise: '%s' is not kept or broken",
		                    state ? state : "");
	if ((rc = value_check("promise_closed", PL_V_DATE, 0, date, &day, err)) ||
	    (rc = value_check("promise_note", PL_V_TEXT, 4000, note, &words, err)))
		goto out;
	if (pl_record_init(&upd, pl_entity(PL_ENT_STATEMENT))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	if ((rc = store_begin(db, err)))
		goto out;
	neg_today(db, today);
	if (day && strncmp(day, today, strlen(day)) > 0) {
		rc = pl_error_set(err, PL_EDATA,
		                  "promise #%lld: promise_closed: %s is after today (%s)", id, day,
		                  today);
		goto fail;
	}
	if ((rc = statement_load(db, id, &cur, err)))
		goto fail;
	if (strcmp(pl_record_get(&cur, "kind"), "promise")) {
		rc = pl_error_set(err, PL_EDATA, "statement #%lld is a %s, not a promise", id,
		                  pl_record_get(&cur, "kind"));
		goto fail;
	}
	if (!pl_record_get(&cur, "promise") || strcmp(pl_record_get(&cur, "promise"), "open")) {
		rc = pl_error_set(err, PL_EDATA, "promise #%lld was %s already, on %s", id,
		                  pl_record_get(&cur, "promise") ? pl_record_get(&cur, "promise")
		                                                 : "closed",
		                  pl_record_get(&cur, "promise_closed")
		                          ? pl_record_get(&cur, "promise_closed")
		                          : "an unknown day");
		goto fail;
	}
	said = pl_record_get(&cur, "said");
	if (day && strncmp(day, said, strlen(day)) < 0) {
		rc = pl_error_set(err, PL_EDATA,
		                  "promise #%lld: promise_closed: %s is before it was made (%.10s)",
		                  id, day, said);
		goto fail;
	}
	if ((rc = neg_set(&upd, "promise", state, err)) ||
	    (rc = neg_set(&upd, "promise_closed", day ? day : today, err)) ||
	    (rc = neg_set(&upd, "promise_note", words, err)) ||
	    (rc = record_update_audited(db, actor, &cur, &upd,
	                                BIT(pl_field_index(upd.ent, "promise")) |
	                                        BIT(pl_field_index(upd.ent, "promise_closed")) |
	                                        BIT(pl_field_index(upd.ent, "promise_note")),
	                                "promise.close", extra_of(&cur, "session"), NULL, err)))
		goto fail;
	rc = store_commit(db, err);
	goto out;
fail:
	store_rollback(db);
out:
	if (cur.v)
		pl_record_release(&cur);
	if (upd.v)
		pl_record_release(&upd);
	pl_free(day);
	pl_free(words);
	return rc;
}

int pl_promise_list(struct pl_db *db, const struct pl_actor *actor, const char *negotiation_ref,
                    const char *state, pl_record_cb cb, void *ctx, struct pl_error *err)
{
	static const char *const states[] = {"open", "kept", "broken", "overdue", NULL};
	char today[11];
	const char *day = today;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_SHOW, err)))
		return rc;
	if ((rc = token_check("promise state", state, states, err)) ||
	    (rc = refs_check(db, negotiation_ref, NULL, err)))
		return rc;
	neg_today(db, today);
	{
		int overdue = state && !strcmp(state, "overdue");
		const struct store_bind b[] = {SB_S(day), SB_S(negotiation_ref),
		                               SB_S(overdue ? NULL : state), SB_I(overdue)};
		return store_query(db->st, pl_entity(PL_ENT_STATEMENT),
		                   STATEMENT_SELECT
		                   "WHERE st.kind = 'promise' AND (?2 IS NULL OR n.ref = ?2) "
		                   "AND (?3 IS NULL OR st.promise = ?3) AND (?4 = 0 OR (st.promise "
		                   "= 'open' AND st.due IS NOT NULL AND substr(?1, 1, "
		                   "length(st.due)) > st.due)) "
		                   "ORDER BY st.due IS NULL, st.due, st.said, st.id",
		                   b, sizeof(b) / sizeof(b[0]), cb, ctx, err);
	}
}

/* --- counts for analysts --- */

int pl_negotiation_counts(struct pl_db *db, const struct pl_actor *actor,
                          struct pl_negotiation_counts *out, struct pl_error *err)
{
	/* the promises of a side in a state: "ours open", ... */
#define PROMISES(side, state)                                                                      \
	"SELECT count(*) FROM statements WHERE kind = 'promise' AND side = '" side                 \
	"' AND promise = '" state "'"
	static const struct {
		size_t off;
		const char *sql;
	} q[] = {
	        {offsetof(struct pl_negotiation_counts, negotiations),
	         "SELECT count(*) FROM negotiations"},
	        {offsetof(struct pl_negotiation_counts, active),
	         "SELECT count(*) FROM negotiations WHERE status = 'active'"},
	        {offsetof(struct pl_negotiation_counts, sessions),
	         "SELECT count(*) FROM negotiation_sessions"},
	        {offsetof(struct pl_negotiation_counts, long_sessions),
	         "SELECT count(*) FROM negotiation_sessions s JOIN negotiations n ON n.id = "
	         "s.negotiation_id WHERE s.ended IS NOT NULL AND CAST(round((julianday(s.ended) - "
	         "julianday(s.started)) * 1440) AS INTEGER) > 60 * coalesce(n.session_hours, 10)"},
	        {offsetof(struct pl_negotiation_counts, statements),
	         "SELECT count(*) FROM statements"},
	        {offsetof(struct pl_negotiation_counts, contradictions),
	         "SELECT count(*) FROM statements WHERE contradicts IS NOT NULL"},
	        {offsetof(struct pl_negotiation_counts, untruths_standing),
	         "SELECT count(*) FROM statements WHERE side = 'ours' AND kind = 'claim' AND "
	         "truthful = 'no' AND resolved IS NULL"},
	        {offsetof(struct pl_negotiation_counts, untruths_resolved),
	         "SELECT count(*) FROM statements WHERE side = 'ours' AND kind = 'claim' AND "
	         "truthful = 'no' AND resolved IS NOT NULL"},
	        {offsetof(struct pl_negotiation_counts, promises_ours_open),
	         PROMISES("ours", "open")},
	        {offsetof(struct pl_negotiation_counts, promises_ours_kept),
	         PROMISES("ours", "kept")},
	        {offsetof(struct pl_negotiation_counts, promises_ours_broken),
	         PROMISES("ours", "broken")},
	        {offsetof(struct pl_negotiation_counts, promises_theirs_open),
	         PROMISES("theirs", "open")},
	        {offsetof(struct pl_negotiation_counts, promises_theirs_kept),
	         PROMISES("theirs", "kept")},
	        {offsetof(struct pl_negotiation_counts, promises_theirs_broken),
	         PROMISES("theirs", "broken")},
	        {offsetof(struct pl_negotiation_counts, pressure_incidents),
	         "SELECT count(*) FROM pressure_incidents"},
	};
#undef PROMISES
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_COUNTS, err)))
		return rc;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		long long v;
		if ((rc = store_query_int(db->st, q[i].sql, NULL, 0, &v, err)))
			return rc;
		*(long *)((char *)out + q[i].off) = (long)v;
	}
	return 0;
}
