/* briefing.c - what a negotiator takes into a session: gathered as records (pl_briefing)
 * and put in words of the office's language (pl_briefing_lines), for the text and the PDF */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/alloc.h"
#include "parley/strbuf.h"
#include "negotiation-int.h"
#include "banned.h"

/* --- gathering --------------------------------------------------------------------------- */

struct gather {
	pl_briefing_cb cb;
	void *ctx;
	enum pl_briefing_section section;
	const char *change; /* PL_BRIEF_CHANGE: the change the rows are */
	const char *since;  /* the previous round */
	char today[11];
	struct pl_error *err;
};

static int gather_one(void *ctx, const struct pl_record *r)
{
	struct gather *g = ctx;
	struct pl_record *w = (struct pl_record *)r;
	if (g->section == PL_BRIEF_PROMISE || g->change) {
		const char *due = pl_record_get(r, "due");
		const char *state = pl_record_get(r, "promise");
		if (pl_record_add_extra(w, "overdue",
		                        state && !strcmp(state, "open") && due &&
		                                        strcmp(due, g->today) < 0
		                                ? "yes"
		                                : "no"))
			return pl_error_set(g->err, PL_EDATA, "out of memory");
	}
	if (g->change && (pl_record_add_extra(w, "change", g->change) ||
	                  pl_record_add_extra(w, "since", g->since)))
		return pl_error_set(g->err, PL_EDATA, "out of memory");
	return g->cb(g->ctx, g->section, r);
}

static int gather_rows(struct pl_db *db, struct gather *g, enum pl_entity_id ent, const char *sql,
                       const struct store_bind *b, size_t nb)
{
	return store_query(db->st, pl_entity(ent), sql, b, nb, gather_one, g, g->err);
}

#define STATEMENT_SELECT                                                                           \
	"SELECT st.*, s.ref AS session, n.ref AS negotiation, c.ref AS counterpart, a.login AS "   \
	"author FROM statements st JOIN negotiation_sessions s ON s.id = st.session_id JOIN "      \
	"negotiations n ON n.id = s.negotiation_id LEFT JOIN counterparts c ON c.id = "            \
	"st.counterpart_id LEFT JOIN accounts a ON a.id = st.author_id "

/* The latest profile of each counterpart expected in session s, or the counterpart; the
 * reading of the profiles is recorded first. */
static int gather_profiles(struct pl_db *db, const struct pl_actor *actor,
                           const struct pl_record *s, struct gather *g)
{
	const char *cps = pl_record_get(s, "counterparts");
	struct pl_record *rows = NULL;
	size_t n = 0;
	struct strbuf ids = STRBUF_INIT;
	int rc = 0;
	for (const char *p = cps; p && *p && !rc;) {
		size_t len = strcspn(p, ";");
		char ref[PL_NEG_REF_MAX];
		const struct store_bind b[] = {SB_S(ref)};
		struct pl_record *v = pl_realloc(rows, (n + 1) * sizeof(*rows));
		snprintf(ref, sizeof(ref), "%.*s", (int)(len < sizeof(ref) ? len : 0), p);
		p += len + (p[len] == ';');
		if (!v) {
			rc = pl_error_set(g->err, PL_EDATA, "out of memory");
			break;
		}
		rows = v;
		rc = store_query_one(
		        db->st, pl_entity(PL_ENT_PROFILE),
		        "SELECT p.*, c.ref AS counterpart, a.login AS author FROM profiles "
		        "p JOIN counterparts c ON c.id = p.counterpart_id LEFT JOIN "
		        "accounts a ON a.id = p.author_id WHERE c.ref = ? ORDER BY "
		        "p.assessed DESC, p.id DESC LIMIT 1",
		        b, 1, &rows[n], ref, g->err);
		if (!rc) {
			strbuf_addf(&ids, "%s%lld", ids.len ? "," : "", rows[n].id);
		} else if (rc == PL_ENOTFOUND) {
			/* not profiled yet: the counterpart itself */
			rc = store_query_one(db->st, pl_entity(PL_ENT_COUNTERPART),
			                     "SELECT * FROM counterparts WHERE ref = ?", b, 1,
			                     &rows[n], ref, g->err);
			if (rc == PL_ENOTFOUND) /* gone from the file: nothing to show */
				rc = 0;
			else if (!rc)
				n++;
			continue;
		}
		if (!rc)
			n++;
	}
	if (!rc && ids.failed)
		rc = pl_error_set(g->err, PL_EDATA, "out of memory");
	if (!rc && ids.len)
		rc = audit_note(db, actor, "profile.read", "profiles", strtoll(ids.buf, NULL, 10),
		                pl_record_get(s, "ref"), ids.buf, g->err);
	for (size_t i = 0; i < n; i++) {
		if (!rc)
			rc = g->cb(g->ctx, PL_BRIEF_PROFILE, &rows[i]);
		pl_record_release(&rows[i]);
	}
	pl_free(rows);
	strbuf_release(&ids);
	return rc;
}

/* A version of position p's item recorded by the time ?2: p is a change of it, not new. */
#define EARLIER                                                                                    \
	"SELECT 1 FROM positions q WHERE q.negotiation_id = p.negotiation_id AND q.session_id IS " \
	"p.session_id AND q.item_kind = p.item_kind AND q.item = p.item AND q.recorded <= ?2"

/* What changed from the time the previous round of s began to the time s begins (a
 * briefing printed again later tells what it told then): positions in force set since (new when
 * their item had none before, changed otherwise) and withdrawn since, contradictions,
 * promises and untruths said from that round on, promises closed and untruths resolved
 * since, new profiles of the counterparts expected. */
static int gather_changes(struct pl_db *db, const struct pl_record *s, const struct pl_record *prev,
                          struct gather *g)
{
	const char *t = pl_record_get(prev, "started");
	const char *now = pl_record_get(s, "started");
	long long nid = neg_get_id(s, "negotiation_id");
	char day[11], today[11];
	int rc;
	snprintf(day, sizeof(day), "%.10s", t);
	snprintf(today, sizeof(today), "%.10s", now);
	g->section = PL_BRIEF_CHANGE;
	g->since = pl_record_get(prev, "ref");
	{
		/* the negotiation's positions and this round's own */
		const struct store_bind b[] = {SB_I(nid), SB_S(t), SB_I(s->id), SB_S(now)};
		g->change = "position.new";
		if ((rc = gather_rows(
		             db, g, PL_ENT_POSITION,
		             "SELECT p.*, coalesce(s.ref, '') AS session FROM positions p "
		             "LEFT JOIN negotiation_sessions s ON s.id = p.session_id WHERE "
		             "p.negotiation_id = ?1 AND coalesce(p.session_id, ?3) = ?3 AND "
		             "p.recorded > ?2 AND p.recorded < ?4 AND p.replaced IS NULL AND "
		             "NOT EXISTS (" EARLIER ") ORDER BY p.id",
		             b, 4)))
			return rc;
		g->change = "position.changed";
		if ((rc = gather_rows(
		             db, g, PL_ENT_POSITION,
		             "SELECT p.*, coalesce(s.ref, '') AS session FROM positions p "
		             "LEFT JOIN negotiation_sessions s ON s.id = p.session_id WHERE "
		             "p.negotiation_id = ?1 AND coalesce(p.session_id, ?3) = ?3 AND "
		             "p.recorded > ?2 AND p.recorded < ?4 AND p.replaced IS NULL AND "
		             "EXISTS (" EARLIER ") ORDER BY p.id",
		             b, 4)))
			return rc;
		g->change = "position.dropped";
		if ((rc = gather_rows(
		             db, g, PL_ENT_POSITION,
		             "SELECT p.*, coalesce(s.ref, '') AS session FROM positions p "
		             "LEFT JOIN negotiation_sessions s ON s.id = p.session_id WHERE "
		             "p.negotiation_id = ?1 AND coalesce(p.session_id, ?3) = ?3 AND "
		             "p.replaced > ?2 AND p.replaced < ?4 AND NOT EXISTS "
		             "(SELECT 1 FROM positions q WHERE q.replaces = p.id) ORDER BY p.id",
		             b, 4)))
			return rc;
	}
	{
		/* what was said from the previous round on, before this one */
		const struct store_bind b[] = {SB_I(nid), SB_S(t), SB_S(now)};
		g->change = "contradiction";
		if ((rc = gather_rows(db, g, PL_ENT_STATEMENT,
		                      STATEMENT_SELECT
		                      "WHERE s.negotiation_id = ?1 AND st.said >= ?2 "
		                      "AND st.said < ?3 AND st.contradicts IS NOT NULL "
		                      "ORDER BY st.said, st.id",
		                      b, 3)))
			return rc;
		g->change = "promise.new";
		if ((rc = gather_rows(db, g, PL_ENT_STATEMENT,
		                      STATEMENT_SELECT
		                      "WHERE s.negotiation_id = ?1 AND st.said >= ?2 "
		                      "AND st.said < ?3 AND st.kind = 'promise' ORDER "
		                      "BY st.said, st.id",
		                      b, 3)))
			return rc;
		g->change = "untruth.new";
		if ((rc = gather_rows(db, g, PL_ENT_STATEMENT,
		                      STATEMENT_SELECT
		                      "WHERE s.negotiation_id = ?1 AND st.said >= ?2 "
		                      "AND st.said < ?3 AND st.truthful = 'no' ORDER "
		                      "BY st.said, st.id",
		                      b, 3)))
			return rc;
	}
	{
		const struct store_bind b[] = {SB_I(nid), SB_S(t), SB_S(day), SB_S(now),
		                               SB_S(today)};
		g->change = "promise.kept";
		if ((rc = gather_rows(db, g, PL_ENT_STATEMENT,
		                      STATEMENT_SELECT
		                      "WHERE s.negotiation_id = ?1 AND st.promise = "
		                      "'kept' AND st.promise_closed >= ?3 AND st.promise_closed <= "
		                      "?5 ORDER BY "
		                      "st.promise_closed, st.id",
		                      b, 5)))
			return rc;
		g->change = "promise.broken";
		if ((rc = gather_rows(db, g, PL_ENT_STATEMENT,
		                      STATEMENT_SELECT
		                      "WHERE s.negotiation_id = ?1 AND st.promise = "
		                      "'broken' AND st.promise_closed >= ?3 AND st.promise_closed "
		                      "<= ?5 ORDER BY "
		                      "st.promise_closed, st.id",
		                      b, 5)))
			return rc;
		g->change = "untruth.resolved";
		if ((rc = gather_rows(
		             db, g, PL_ENT_STATEMENT,
		             STATEMENT_SELECT
		             "WHERE st.truthful = 'no' AND st.resolved > ?2 AND st.resolved < ?4 "
		             "ORDER BY st.resolved, st.id",
		             b, 5)))
			return rc;
	}
	{
		/* new profiles of the counterparts expected */
		const struct store_bind b[] = {SB_S(day), SB_S(pl_record_get(s, "counterparts")),
		                               SB_S(today)};
		g->change = "profile.new";
		if ((rc = gather_rows(
		             db, g, PL_ENT_PROFILE,
		             "SELECT p.*, c.ref AS counterpart FROM profiles p JOIN "
		             "counterparts c ON c.id = p.counterpart_id WHERE p.assessed >= ?1 AND "
		             "p.assessed <= ?3 "
		             "AND instr(';' || coalesce(?2, '') || ';', ';' || c.ref || ';') > "
		             "0 ORDER BY p.assessed, p.id",
		             b, 3)))
			return rc;
	}
	g->change = NULL;
	return 0;
}

int pl_briefing(struct pl_db *db, const struct pl_actor *actor, const char *session_ref,
                pl_briefing_cb cb, void *ctx, struct pl_error *err)
{
	struct pl_record s = {0}, neg = {0}, prev = {0};
	struct gather g = {cb, ctx, PL_BRIEF_SESSION, NULL, NULL, "", err};
	const char *nref;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_NEGOTIATION_SHOW, err)) ||
	    (rc = pl_session_get(db, actor, session_ref, &s, err)))
		return rc;
	neg_today(db, g.today);
	nref = pl_record_get(&s, "negotiation");
	if ((rc = pl_negotiation_get(db, actor, nref, &neg, err)))
		goto out;
	{
		const struct store_bind b[] = {SB_I(neg_get_id(&s, "negotiation_id")),
		                               SB_I(neg_get_id(&s, "number"))};
		rc = store_query_one(
		        db->st, pl_entity(PL_ENT_SESSION),
		        "SELECT * FROM negotiation_sessions WHERE negotiation_id = ?1 AND "
		        "number < ?2 ORDER BY number DESC LIMIT 1",
		        b, 2, &prev, session_ref, err);
		if (rc == PL_ENOTFOUND) {
			rc = 0;
			prev.v = NULL;
		}
		if (rc)
			goto out;
	}
	if ((rc = cb(ctx, PL_BRIEF_SESSION, &s)) || (rc = cb(ctx, PL_BRIEF_NEGOTIATION, &neg)))
		goto out;
	g.section = PL_BRIEF_OPENING;
	if ((rc = pl_opening_list(db, actor, nref, session_ref, gather_one, &g, err)))
		goto out;
	g.section = PL_BRIEF_POSITION;
	if ((rc = pl_position_list(db, actor, nref, session_ref, gather_one, &g, err)))
		goto out;
	g.section = PL_BRIEF_UNTRUTH;
	if ((rc = gather_rows(db, &g, PL_ENT_STATEMENT,
	                      STATEMENT_SELECT
	                      "WHERE st.side = 'ours' AND st.kind = 'claim' AND "
	                      "st.truthful = 'no' AND st.resolved IS NULL ORDER BY "
	                      "st.said, st.id",
	                      NULL, 0)))
		goto out;
	g.section = PL_BRIEF_PROMISE;
	{
		const struct store_bind b[] = {SB_I(neg.id), SB_S(g.today)};
		if ((rc = gather_rows(db, &g, PL_ENT_STATEMENT,
		                      STATEMENT_SELECT "WHERE s.negotiation_id = ?1 AND st.kind = "
		                                       "'promise' AND st.promise = 'open' ORDER BY "
		                                       "(st.due IS NOT NULL AND st.due < ?2) DESC, "
		                                       "st.due IS NULL, st.due, st.said, st.id",
		                      b, 2)))
			goto out;
	}
	if ((rc = gather_profiles(db, actor, &s, &g)))
		goto out;
	if (prev.v)
		rc = gather_changes(db, &s, &prev, &g);
out:
	if (prev.v)
		pl_record_release(&prev);
	if (neg.v)
		pl_record_release(&neg);
	pl_record_release(&s);
	return rc;
}

/* --- in words ------------------------------------------------------------------------------ */

struct words {
	struct pl_db *db;
	enum pl_ui_lang lang;
	pl_brief_line_cb cb;
	void *ctx;
	int last; /* the section of the last heading; -1 before the first */
	long n[PL_BRIEF__MAX];
	struct strbuf sb;
	struct pl_error *err;
};

#define TR(msgid) pl_tr(w->lang, msgid)

static const char *const headings[PL_BRIEF__MAX] = {
        [PL_BRIEF_OPENING] = N_("Opening lines"),
        [PL_BRIEF_POSITION] = N_("Our positions"),
        [PL_BRIEF_UNTRUTH] = N_("Our untruths still standing: do not contradict them"),
        [PL_BRIEF_PROMISE] = N_("Open promises, ours and theirs"),
        [PL_BRIEF_PROFILE] = N_("Their negotiators expected"),
        [PL_BRIEF_CHANGE] = N_("Since the last round"),
};
static const char *const empties[PL_BRIEF__MAX] = {
        [PL_BRIEF_OPENING] = N_("No opening lines prepared."),
        [PL_BRIEF_POSITION] = N_("No positions set."),
        [PL_BRIEF_UNTRUTH] = N_("None."),
        [PL_BRIEF_PROMISE] = N_("None open."),
        [PL_BRIEF_PROFILE] = N_("No counterparts named for this round."),
        [PL_BRIEF_CHANGE] = N_("Nothing recorded."),
};

/* The words of value v of field of ent in the language. */
static const char *vw(struct words *w, enum pl_entity_id ent, const char *field, const char *v)
{
	const struct pl_entity *e = pl_entity(ent);
	if (!v)
		return "";
	return TR(pl_value_label(&e->fields[pl_field_index(e, field)], v));
}

static int emit(struct words *w, enum pl_brief_line kind, enum pl_briefing_section s)
{
	int rc;
	if (w->sb.failed)
		return pl_error_set(w->err, PL_EDATA, "out of memory");
	rc = w->cb(w->ctx, kind, s, w->sb.buf ? w->sb.buf : "");
	strbuf_reset(&w->sb);
	return rc;
}

/* Headings, and the words of empty sections, up to section s. */
static int reach(struct words *w, int s)
{
	int rc;
	while (w->last < s) {
		if (w->last >= PL_BRIEF_OPENING && !w->n[w->last] && empties[w->last]) {
			strbuf_adds(&w->sb, TR(empties[w->last]));
			if ((rc = emit(w, PL_BL_EMPTY, (enum pl_briefing_section)w->last)))
				return rc;
		}
		w->last++;
		if (w->last < PL_BRIEF__MAX && headings[w->last]) {
			strbuf_adds(&w->sb, TR(headings[w->last]));
			if ((rc = emit(w, PL_BL_HEADING, (enum pl_briefing_section)w->last)))
				return rc;
		}
	}
	return 0;
}

/* "S-0001, 17.05.2024 09:00, Олена (ours): «...»" */
static void statement_words(struct words *w, const struct pl_record *r)
{
	char when[40];
	lang_date(w->lang, pl_record_get(r, "said"), when, sizeof(when));
	strbuf_addf(&w->sb, "#%lld %s, %s, %s (%s): «%s»", r->id, pl_record_get(r, "session"), when,
	            pl_record_get(r, "speaker"),
	            vw(w, PL_ENT_STATEMENT, "side", pl_record_get(r, "side")),
	            pl_record_get(r, "text"));
}

static int detail(struct words *w, enum pl_briefing_section s, const char *label, const char *v)
{
	if (!v || !*v)
		return 0;
	strbuf_addf(&w->sb, "%s: %s", TR(label), v);
	return emit(w, PL_BL_DETAIL, s);
}

static int words_session(struct words *w, const struct pl_record *r)
{
	char when[40];
	int rc;
	strbuf_addf(&w->sb, TR(N_("Briefing for %s, round %s of %s")), pl_record_get(r, "ref"),
	            pl_record_get(r, "number"), pl_record_get(r, "negotiation"));
	if ((rc = emit(w, PL_BL_TITLE, PL_BRIEF_SESSION)))
		return rc;
	lang_date(w->lang, pl_record_get(r, "started"), when, sizeof(when));
	strbuf_addf(&w->sb, "%s: %s", TR(N_("begins")), when);
	if (pl_record_get(r, "place"))
		strbuf_addf(&w->sb, " · %s", pl_record_get(r, "place"));
	if ((rc = emit(w, PL_BL_SUB, PL_BRIEF_SESSION)) ||
	    (rc = detail(w, PL_BRIEF_SESSION, N_("ours"), pl_record_get(r, "ours"))) ||
	    (rc = detail(w, PL_BRIEF_SESSION, N_("psychologist on standby"),
	                 pl_record_get(r, "psychologist"))) ||
	    (rc = detail(w, PL_BRIEF_SESSION, N_("theirs"), pl_record_get(r, "theirs"))) ||
	    (rc = detail(w, PL_BRIEF_SESSION, N_("this round's objectives"),
	                 pl_record_get(r, "objectives"))) ||
	    (rc = detail(w, PL_BRIEF_SESSION, N_("this round's walk-away point"),
	                 pl_record_get(r, "walk_away"))) ||
	    (rc = detail(w, PL_BRIEF_SESSION, N_("this round: our alternative"),
	                 pl_record_get(r, "batna"))) ||
	    (rc = detail(w, PL_BRIEF_SESSION, N_("this round: their alternative, as we judge it"),
	                 pl_record_get(r, "their_batna"))))
		return rc;
	return 0;
}

static int words_negotiation(struct words *w, const struct pl_record *r)
{
	int rc;
	strbuf_addf(&w->sb, "%s «%s» (%s, %s)", pl_record_get(r, "ref"), pl_record_get(r, "title"),
	            vw(w, PL_ENT_NEGOTIATION, "status", pl_record_get(r, "status")),
	            vw(w, PL_ENT_NEGOTIATION, "format", pl_record_get(r, "format")));
	if ((rc = emit(w, PL_BL_SUB, PL_BRIEF_NEGOTIATION)) ||
	    (rc = detail(w, PL_BRIEF_NEGOTIATION, N_("their delegation"),
	                 pl_record_get(r, "delegation"))) ||
	    (rc = detail(w, PL_BRIEF_NEGOTIATION, N_("mediators"),
	                 pl_record_get(r, "mediators"))) ||
	    (rc = detail(w, PL_BRIEF_NEGOTIATION, N_("objectives"),
	                 pl_record_get(r, "objectives"))) ||
	    (rc = detail(w, PL_BRIEF_NEGOTIATION, N_("walk-away point"),
	                 pl_record_get(r, "walk_away"))) ||
	    (rc = detail(w, PL_BRIEF_NEGOTIATION, N_("our alternative to no agreement"),
	                 pl_record_get(r, "batna"))) ||
	    (rc = detail(w, PL_BRIEF_NEGOTIATION, N_("their alternative, as we judge it"),
	                 pl_record_get(r, "their_batna"))))
		return rc;
	return 0;
}

static void position_words(struct words *w, const struct pl_record *r)
{
	strbuf_addf(&w->sb, "[%s] %s: %s",
	            vw(w, PL_ENT_POSITION, "stance", pl_record_get(r, "stance")),
	            vw(w, PL_ENT_POSITION, "item_kind", pl_record_get(r, "item_kind")),
	            pl_record_get(r, "item"));
	if (pl_record_get(r, "priority"))
		strbuf_addf(&w->sb, TR(N_(" (priority %s)")), pl_record_get(r, "priority"));
	if (pl_record_get(r, "session") && *pl_record_get(r, "session"))
		strbuf_addf(&w->sb, TR(N_(" (this round)")));
}

static const char *const mice[] = {"money", "ideology", "compromise", "ego", NULL};

static int profile_words(struct words *w, enum pl_briefing_section s, const struct pl_record *r)
{
	char when[24];
	int rc;
	lang_date(w->lang, pl_record_get(r, "assessed"), when, sizeof(when));
	for (const char *const *d = mice; *d; d++) {
		char f[32];
		const char *grounds;
		snprintf(f, sizeof(f), "%s_confidence", *d);
		strbuf_addf(&w->sb, "%s: %s (%s)",
		            TR(pl_entity(PL_ENT_PROFILE)
		                       ->fields[pl_field_index(pl_entity(PL_ENT_PROFILE), *d)]
		                       .label),
		            vw(w, PL_ENT_PROFILE, *d, pl_record_get(r, *d)),
		            vw(w, PL_ENT_PROFILE, f, pl_record_get(r, f)));
		snprintf(f, sizeof(f), "%s_grounds", *d);
		if ((grounds = pl_record_get(r, f)))
			strbuf_addf(&w->sb, " — %s", grounds);
		if ((rc = emit(w, PL_BL_DETAIL, s)))
			return rc;
	}
	return detail(w, s, N_("summary"), pl_record_get(r, "summary"));
}

static int words_row(struct words *w, enum pl_briefing_section s, const struct pl_record *r)
{
	char buf[40];
	int rc;
	switch (s) {
	case PL_BRIEF_OPENING:
		strbuf_addf(&w->sb, "%s. %s", pl_record_get(r, "ordinal"),
		            pl_record_get(r, "text"));
		return emit(w, PL_BL_ITEM, s);
	case PL_BRIEF_POSITION:
		position_words(w, r);
		if ((rc = emit(w, PL_BL_ITEM, s)) ||
		    (rc = detail(w, s, N_("condition"), pl_record_get(r, "condition"))) ||
		    (rc = detail(w, s, N_("planned concessions"), pl_record_get(r, "concessions"))))
			return rc;
		return 0;
	case PL_BRIEF_UNTRUTH:
		statement_words(w, r);
		if ((rc = emit(w, PL_BL_ITEM, s)))
			return rc;
		return detail(w, s, N_("the truth"), pl_record_get(r, "truth"));
	case PL_BRIEF_PROMISE:
		statement_words(w, r);
		if ((rc = emit(w, PL_BL_ITEM, s)))
			return rc;
		lang_date(w->lang, pl_record_get(r, "due"), buf, sizeof(buf));
		if (pl_record_get(r, "due") && !strcmp(pl_record_get(r, "overdue"), "yes"))
			return detail(w, s, N_("overdue since"), buf);
		return detail(w, s, N_("due"), pl_record_get(r, "due") ? buf : NULL);
	case PL_BRIEF_PROFILE:
		if (r->ent->id == PL_ENT_COUNTERPART) {
			strbuf_addf(&w->sb, "%s %s: %s", pl_record_get(r, "ref"),
			            pl_record_get(r, "name"), TR(N_("not profiled yet")));
			return emit(w, PL_BL_ITEM, s);
		}
		{
			struct pl_record c;
			if ((rc = counterpart_load(w->db, pl_record_get(r, "counterpart"), &c,
			                           w->err)))
				return rc;
			lang_date(w->lang, pl_record_get(r, "assessed"), buf, sizeof(buf));
			strbuf_addf(&w->sb, "%s %s", pl_record_get(&c, "ref"),
			            pl_record_get(&c, "name"));
			if (pl_record_get(&c, "alias"))
				strbuf_addf(&w->sb, " (%s)", pl_record_get(&c, "alias"));
			if (pl_record_get(&c, "organisation") || pl_record_get(&c, "role"))
				strbuf_addf(&w->sb, ", %s%s%s",
				            pl_record_get(&c, "organisation")
				                    ? pl_record_get(&c, "organisation")
				                    : "",
				            pl_record_get(&c, "organisation") &&
				                            pl_record_get(&c, "role")
				                    ? ", "
				                    : "",
				            pl_record_get(&c, "role") ? pl_record_get(&c, "role")
				                                      : "");
			strbuf_addf(&w->sb, TR(N_(": profile of %s")), buf);
			pl_record_release(&c);
		}
		if ((rc = emit(w, PL_BL_ITEM, s)))
			return rc;
		return profile_words(w, s, r);
	case PL_BRIEF_CHANGE:
		return 1; /* words_change */
	default:
		return 0;
	}
}

static int words_change(struct words *w, const struct pl_record *r)
{
	const char *ch = pl_record_get(r, "change");
	char buf[40];
	static const struct {
		const char *change, *words;
	} labels[] = {
	        {"position.new", N_("new position")},
	        {"position.changed", N_("position changed")},
	        {"position.dropped", N_("position withdrawn")},
	        {"contradiction", N_("contradiction flagged")},
	        {"untruth.new", N_("untruth of ours")},
	        {"untruth.resolved", N_("untruth resolved")},
	        {"promise.new", N_("promise made")},
	        {"promise.kept", N_("promise kept")},
	        {"promise.broken", N_("promise broken")},
	        {"profile.new", N_("new profile")},
	};
	const char *label = ch;
	int rc;
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i].change, ch))
			label = TR(labels[i].words);
	strbuf_addf(&w->sb, "%s: ", label);
	if (r->ent->id == PL_ENT_POSITION) {
		position_words(w, r);
		if ((rc = emit(w, PL_BL_ITEM, PL_BRIEF_CHANGE)))
			return rc;
		return detail(w, PL_BRIEF_CHANGE, N_("condition"), pl_record_get(r, "condition"));
	}
	if (r->ent->id == PL_ENT_PROFILE) {
		lang_date(w->lang, pl_record_get(r, "assessed"), buf, sizeof(buf));
		strbuf_addf(&w->sb, "%s, %s", pl_record_get(r, "counterpart"), buf);
		return emit(w, PL_BL_ITEM, PL_BRIEF_CHANGE);
	}
	statement_words(w, r);
	if ((rc = emit(w, PL_BL_ITEM, PL_BRIEF_CHANGE)))
		return rc;
	if (!strcmp(ch, "contradiction")) {
		char ref[24];
		snprintf(ref, sizeof(ref), "#%s", pl_record_get(r, "contradicts"));
		return detail(w, PL_BRIEF_CHANGE, N_("contradicts"), ref);
	}
	if (!strcmp(ch, "untruth.resolved"))
		return detail(w, PL_BRIEF_CHANGE, N_("resolution"), pl_record_get(r, "resolution"));
	if (!strcmp(ch, "promise.kept") || !strcmp(ch, "promise.broken"))
		return detail(w, PL_BRIEF_CHANGE, N_("how"), pl_record_get(r, "promise_note"));
	return 0;
}

static int words_one(void *ctx, enum pl_briefing_section s, const struct pl_record *r)
{
	struct words *w = ctx;
	int rc;
	if (s == PL_BRIEF_SESSION)
		return words_session(w, r);
	if (s == PL_BRIEF_NEGOTIATION)
		return words_negotiation(w, r);
	if ((rc = reach(w, (int)s)))
		return rc;
	w->n[s]++;
	if (s == PL_BRIEF_CHANGE)
		return words_change(w, r);
	return words_row(w, s, r);
}

int pl_briefing_lines(struct pl_db *db, const struct pl_actor *actor, const char *session_ref,
                      enum pl_ui_lang lang, pl_brief_line_cb cb, void *ctx, struct pl_error *err)
{
	struct words w = {db, lang, cb, ctx, PL_BRIEF_NEGOTIATION, {0}, STRBUF_INIT, err};
	int rc = pl_briefing(db, actor, session_ref, words_one, &w, err);
	/* the sections left, to the last: the changes only after a previous round */
	if (!rc) {
		int first = 1;
		if (w.n[PL_BRIEF_CHANGE] == 0) {
			/* a first round has no "since": stop before it */
			struct pl_record s;
			if (!(rc = pl_session_get(db, actor, session_ref, &s, err))) {
				first = !strcmp(pl_record_get(&s, "number"), "1");
				pl_record_release(&s);
			}
		} else {
			first = 0;
		}
		if (!rc)
			rc = reach(&w, first ? PL_BRIEF_PROFILE : PL_BRIEF_CHANGE);
		if (!rc && !w.n[w.last] && empties[w.last]) {
			strbuf_adds(&w.sb, pl_tr(lang, empties[w.last]));
			rc = emit(&w, PL_BL_EMPTY, (enum pl_briefing_section)w.last);
		}
	}
	strbuf_release(&w.sb);
	return rc;
}
